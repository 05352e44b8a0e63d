"""The Partner tab on a real store: the copy buttons put the exact code and paragraph on the
clipboard, "Save flyer…" writes the PDF, "Propose a change…" refuses a bad entry in the
dialog with everything typed kept, and a saved proposal shows as waiting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTableWidgetItem

from app.clock import shared_clock
from app.outbox import pending_count
from app.partner_page import PartnerPageService
from app.partner_profile import PartnerProfileService
from app.store import Store
from tests.app.partner_records import LEAD, TODAY, Laptop, lead_laptop
from tests.printing.conftest import pages_text
from ui.changes_hub import ChangesHub
from ui.partner_profile_dialog import ProfileDialog
from ui.partner_view import PartnerView
from ui.runner import Runner


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Laptop]:
    store = Store.open(tmp_path / "data" / "desk.sqlite3")
    laptop = lead_laptop(store)
    laptop.group("NPQSL-SPR27-LEEDS-1", "NPQSL", "spring27", 9)
    yield laptop
    store.close()


@pytest.fixture
def hub() -> ChangesHub:
    """The page re-reads what it hears, as in the window."""
    return ChangesHub()


def make_view(qtbot: Any, runner: Runner, laptop: Laptop, hub: ChangesHub,
              chosen: Path | None = None) -> PartnerView:
    store = laptop.store
    view = PartnerView(runner, PartnerPageService(store, today=lambda: TODAY),
                       PartnerProfileService(store, shared_clock(store), LEAD,
                                             today=lambda: TODAY),
                       ask_path=lambda _parent, _suggested: str(chosen) if chosen else None,
                       hub=hub)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignals([view.shown, view.profile.shown], timeout=10_000):
        view.refresh()
    return view


def test_the_copy_buttons_put_the_exact_code_and_paragraph_on_the_clipboard(
        qtbot: Any, runner: Runner, laptop: Laptop, hub: ChangesHub) -> None:
    view = make_view(qtbot, runner, laptop, hub)
    code = PartnerPageService(laptop.store, today=lambda: TODAY).allocation_code()
    assert view.code_label.text() == "OLP-YH-0142"
    assert view.code_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    qtbot.mouseClick(view.copy_code, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "OLP-YH-0142"
    qtbot.mouseClick(view.copy_paragraph, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == code.paragraph()
    assert "OLP-YH-0142" in QGuiApplication.clipboard().text()
    assert view.paragraph.text() == code.paragraph()


def test_save_flyer_writes_the_pdf_where_chosen(qtbot: Any, runner: Runner, laptop: Laptop,
                                                hub: ChangesHub, tmp_path: Path) -> None:
    chosen = tmp_path / "out" / "flyer"  # no suffix: .pdf is added
    chosen.parent.mkdir()
    view = make_view(qtbot, runner, laptop, hub, chosen)
    with qtbot.waitSignal(view.flyer_saved, timeout=20_000) as saved:
        qtbot.mouseClick(view.save_flyer, Qt.MouseButton.LeftButton)
    assert saved.args == [str(chosen.with_name("flyer.pdf"))]
    assert "OLP-YH-0142" in pages_text(chosen.with_name("flyer.pdf"))[0]
    assert "Flyer saved to" in view.message.text()


def test_the_profile_and_mou_show_as_published(qtbot: Any, runner: Runner,
                                               laptop: Laptop, hub: ChangesHub) -> None:
    view = make_view(qtbot, runner, laptop, hub)
    box = view.profile
    assert box.overview.text() == "We are a trust of 14 schools."
    assert box.contacts.text() == ("Priya Shah, NPQ lead · priya@oakfield.example · "
                                   "0113 496 0000")
    assert box.venues.text() == "Leeds Hub — 1 Park Row, Leeds"
    assert "renewal due in 41 days" in box.mou.text()
    assert box.pending.isHidden()


def _dialog(qtbot: Any, view: PartnerView) -> ProfileDialog:
    qtbot.mouseClick(view.profile.propose, Qt.MouseButton.LeftButton)
    dialog = view.profile.dialog
    assert isinstance(dialog, ProfileDialog)
    return dialog


def test_a_bad_entry_is_refused_in_the_dialog_and_nothing_typed_is_lost(
        qtbot: Any, runner: Runner, laptop: Laptop, hub: ChangesHub) -> None:
    view = make_view(qtbot, runner, laptop, hub)
    dialog = _dialog(qtbot, view)
    dialog.overview.setPlainText("We are a trust of 15 schools.")
    qtbot.mouseClick(dialog.findChild(type(view.copy_code), "profileContactsAdd"),
                     Qt.MouseButton.LeftButton)
    for column, text in enumerate(["Tom Ellis", "Administrator", "tom at oakfield", ""]):
        dialog.contacts.setItem(1, column, QTableWidgetItem(text))
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert dialog.error.text() == ("Contact 2: the email address does not look like an "
                                   "email address (name@school.org).")
    assert dialog.isVisible() and dialog.ok.isEnabled()
    assert dialog.overview.toPlainText() == "We are a trust of 15 schools."
    assert dialog.contacts.item(1, 2).text() == "tom at oakfield"
    assert pending_count(laptop.store) == 0
    # put right: saved, and the page says it waits for the central service
    dialog.contacts.item(1, 2).setText("tom@oakfield.example")
    with qtbot.waitSignal(view.profile.shown, timeout=10_000):
        dialog.ok.click()
    assert pending_count(laptop.store) == 1
    assert view.profile.pending.isVisible()
    words = view.profile.pending.text()
    assert words.startswith("Change proposed on ")
    assert words.endswith(", waiting for the central service.")
    assert view.profile.overview.text() == "We are a trust of 14 schools."  # not yet


def test_an_untouched_address_keeps_its_line_breaks(qtbot: Any, runner: Runner,
                                                    laptop: Laptop, hub: ChangesHub) -> None:
    view = make_view(qtbot, runner, laptop, hub)
    dialog = _dialog(qtbot, view)
    _overview, _contacts, venues = dialog.entered()
    assert venues[0].address == "1 Park Row\nLeeds"
    dialog.reject()


def test_the_partner_tab_is_the_partner_leads_and_opens_on_their_code(
        qtbot: Any, runner: Runner, partner_session: Any) -> None:
    from tests.ui.live import open_main_window

    with open_main_window(qtbot, runner, partner_session) as win:
        titles = [win.tabs.tabText(i) for i in range(win.tabs.count())]
        assert "Partner" in titles
        win.tabs.setCurrentIndex(titles.index("Partner"))
        qtbot.waitUntil(lambda: bool(win.findChildren(PartnerView))
                        and bool(win.findChildren(PartnerView)[0].code_label.text()),
                        timeout=15_000)
        view = win.findChildren(PartnerView)[0]
        assert view.code_label.text() == "OLP-YH-0142"
        qtbot.waitUntil(lambda: view.profile.state is not None, timeout=15_000)


def test_a_facilitator_has_no_partner_tab(qtbot: Any, runner: Runner,
                                          live_server: Any, tmp_path: Path) -> None:
    from tests.ui.live import open_main_window, signed_in_session

    session = signed_in_session(live_server, tmp_path / "f" / "desk.sqlite3", "facilitator")
    try:
        with open_main_window(qtbot, runner, session) as win:
            assert "Partner" not in [win.tabs.tabText(i) for i in range(win.tabs.count())]
            assert win.partner is None
    finally:
        session.close()
