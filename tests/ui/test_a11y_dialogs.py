"""Every dialog a tab opens, other than the register's own, names each control a keyboard
can reach in it: the date picker, "Defer or withdraw…", the not-viable decision, the
partner profile proposal, a QA visit form and Settings. Each is opened as a user opens it
(on a real store, synced from the real server where the flow needs one) and walked with
everything it shows; hidden widgets are skipped, so the flow must put them on screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from sqlalchemy import select

from app import settings
from app.clock import shared_clock
from app.partner_page import PartnerPageService
from app.partner_profile import PartnerProfileService
from app.store import Store
from app.store.models import Event
from app.viability_decisions import ViabilityDecisionService
from desk.session import Session
from tests.app.partner_records import LEAD, TODAY, Laptop, lead_laptop
from tests.conftest import TEST_TODAY
from tests.ui.forms_live import (
    current_editor,
    cycle_button,
    open_forms_window,
    select_facilitator,
    workspace_ready,
)
from tests.ui.live import signed_in_session
from tests.ui.test_a11y_tab_leaves import views_that_keep_tab
from tests.ui.test_accessibility import unnamed_in
from ui.changes_hub import ChangesHub
from ui.date_picker_dialog import DatePickerDialog
from ui.decision_panel import DecisionPanel
from ui.partner_view import PartnerView
from ui.register_model import Column
from ui.register_status_menu import StatusMenu
from ui.register_view import RegisterView
from ui.runner import Runner
from ui.settings_dialog import SettingsDialog


def spoken_everywhere(qtbot: Any, dialog: QWidget) -> list[str]:
    """What ``dialog`` fails: unnamed controls, and tables or lists that keep Tab."""
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return unnamed_in(dialog) + views_that_keep_tab(qtbot, dialog, type(dialog).__name__)


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Laptop]:
    store = Store.open(tmp_path / "data" / "desk.sqlite3")
    laptop = lead_laptop(store)
    laptop.group("NPQSL-SPR27-LEEDS-1", "NPQSL", "spring27", 7)
    laptop.group("NPQSL-SPR27-LEEDS-2", "NPQSL", "spring27", 8)
    yield laptop
    store.close()


def test_settings_names_every_control(qtbot: Any, tmp_path: Path) -> None:
    dialog = SettingsDialog(settings.Settings(), "https://npq.example.org", tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert spoken_everywhere(qtbot, dialog) == []


def test_the_date_picker_names_every_control_and_tab_leaves_its_days(
        qtbot: Any, runner: Runner, partner_session: Session) -> None:
    dates = partner_session.event_dates(lambda: TEST_TODAY)
    with partner_session.store.read() as read:
        undated = sorted(read.scalars(select(Event).where(Event.chosen_date.is_(None))),
                         key=lambda e: e.window_start)
        event_id = next(e.id for e in undated if dates.options(e.id).suggested)
    dialog = DatePickerDialog(runner, dates, event_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load()
    qtbot.waitUntil(lambda: dialog.days.count() == 14, timeout=10_000)
    assert spoken_everywhere(qtbot, dialog) == []


def test_defer_or_withdraw_names_every_control(qtbot: Any, runner: Runner, live_server: Any,
                                                tmp_path: Path) -> None:
    session = signed_in_session(live_server, tmp_path / "f" / "desk.sqlite3", "facilitator")
    try:
        event = next(e for e in session.catalogue.events(TEST_TODAY) if e.is_on(TEST_TODAY))
        view = RegisterView(runner, session.registers)
        menu = StatusMenu(view, runner, session.training_status, None)
        qtbot.addWidget(view)
        view.show()
        view.show_event(event.id)
        qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=10_000)
        menu.open_menu(view.table.visualRect(view.proxy.index(0, Column.NAME)).center())
        assert menu.row_menu is not None
        menu.row_menu.close()
        menu.row_menu.actions()[0].trigger()
        dialog = menu.dialog
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.reason.count() > 0, timeout=5_000)
        missing = spoken_everywhere(qtbot, dialog)
        dialog.kind.setCurrentIndex(1)  # withdrawn: its own reasons
        missing += spoken_everywhere(qtbot, dialog)
        dialog.reject()
    finally:
        session.close()
    assert missing == []


def test_the_not_viable_decision_names_every_control(qtbot: Any, runner: Runner,
                                                      laptop: Laptop) -> None:
    decisions = ViabilityDecisionService(laptop.store, shared_clock(laptop.store), LEAD,
                                         today=lambda: TODAY)
    panel = DecisionPanel(runner, decisions)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.shown, timeout=10_000):
        panel.show_group(laptop.groups["NPQSL-SPR27-LEEDS-1"])
    qtbot.mouseClick(panel.decide, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible(),
                    timeout=10_000)
    assert panel.dialog is not None
    dialog = panel.dialog
    missing = spoken_everywhere(qtbot, dialog)
    dialog.options["merge"].setChecked(True)  # the group to merge into comes alive
    missing += spoken_everywhere(qtbot, dialog)
    dialog.reject()
    assert missing == []


def test_the_partner_profile_proposal_names_every_control(qtbot: Any, runner: Runner,
                                                           laptop: Laptop) -> None:
    store = laptop.store
    view = PartnerView(runner, PartnerPageService(store, today=lambda: TODAY),
                       PartnerProfileService(store, shared_clock(store), LEAD,
                                             today=lambda: TODAY),
                       ask_path=lambda _parent, _suggested: None, hub=ChangesHub())
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignals([view.shown, view.profile.shown], timeout=10_000):
        view.refresh()
    qtbot.mouseClick(view.profile.propose, Qt.MouseButton.LeftButton)
    dialog = view.profile.dialog
    assert isinstance(dialog, QDialog)
    qtbot.addWidget(dialog)
    assert spoken_everywhere(qtbot, dialog) == []
    dialog.reject()


def test_a_qa_visit_form_names_every_field(qtbot: Any, runner: Runner, live_server: Any,
                                           tmp_path: Path) -> None:
    session = signed_in_session(live_server, tmp_path / "qa" / "desk.sqlite3", "qa")
    try:
        with open_forms_window(qtbot, runner, session) as win:
            workspace_ready(qtbot, win)
            select_facilitator(qtbot, win, "Oluwaseun Adeyemi")  # no forms yet
            qtbot.waitUntil(lambda: win.forms.workspace.detail.cycle.buttons.get("QA visit")
                            is not None, timeout=5_000)
            qtbot.mouseClick(cycle_button(win, "QA visit"), Qt.MouseButton.LeftButton)
            editor = current_editor(qtbot, win)
            win.activateWindow()
            qtbot.waitActive(win)
            missing = unnamed_in(editor) + views_that_keep_tab(qtbot, editor, "QA visit")
    finally:
        session.close()
    assert missing == []
