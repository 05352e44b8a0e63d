"""The progress view on laptops synced from the real server: one line per candidate with the
service's figures, at risk in words, sortable, a group chooser, readable at 1366x768, and
a mark announced on the hub shows without a manual refresh. And, quietly, at risk beside
the name on the facilitator's register, read once when the register is shown."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.changes import Changes
from app.clock import shared_clock
from app.domain import MarkStatus
from app.names import paper_sort_key
from app.progress import DEFAULT_THRESHOLD, ProgressService, Risk
from app.store.apply import PulledChange, apply_page
from desk.session import Session
from tests.conftest import TEST_TODAY
from tests.ui.live import signed_in_session
from tests.ui.register_store import TODAY, venue
from ui.changes_hub import ChangesHub
from ui.progress_model import COLUMNS
from ui.progress_view import ProgressView
from ui.register_model import RISK_ROLE, Column
from ui.register_risks import RegisterRisks
from ui.register_view import RegisterView
from ui.risk_words import RISK_MARK
from ui.role_pages import RolePages
from ui.runner import Runner


def make_view(qtbot: Any, runner: Runner, session: Session,
              hub: ChangesHub | None = None) -> ProgressView:
    widget = ProgressView(runner, session.progress, lambda: TEST_TODAY, hub=hub)
    qtbot.addWidget(widget)
    widget.resize(1340, 640)  # a 1366x768 screen, less the window's frame, tabs and bars
    widget.show()
    with qtbot.waitSignal(widget.shown, timeout=10_000):
        widget.refresh()
    return widget


def cell(view: ProgressView, row: int, column: str,
         role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return view.proxy.index(row, COLUMNS.index(column)).data(role)


def shown_names(view: ProgressView) -> list[str]:
    return [cell(view, r, "Name") for r in range(view.proxy.rowCount())]


@pytest.fixture
def view(qtbot: Any, runner: Runner, partner_session: Session) -> ProgressView:
    return make_view(qtbot, runner, partner_session)


def test_every_candidate_of_the_group_with_the_services_figures(
        view: ProgressView, partner_session: Session) -> None:
    groups = partner_session.progress.groups(TEST_TODAY)
    assert [view.groups.itemText(i) for i in range(view.groups.count())] == [
        g.code for g in groups]
    latest = max((g for g in groups if g.last_held), key=lambda g: g.last_held or TEST_TODAY)
    assert view.group_id == latest.group_id  # it opens on the group held most recently
    expected = partner_session.progress.group(latest.group_id, TEST_TODAY)
    assert expected.rows and expected.events_held > 0
    assert view.proxy.rowCount() == len(expected.rows)
    for row, line in enumerate(expected.rows):  # unsorted: the register's order
        assert cell(view, row, "Name") == line.name
        assert line.school in cell(view, row, "Name", Qt.ItemDataRole.ToolTipRole)
        assert cell(view, row, "Days") == f"{line.days_attended} / {line.days_held}"
        assert cell(view, row, "Hours") == f"{line.share} %"
        assert cell(view, row, "Status") == line.status_label
        assert cell(view, row, "At risk") == (line.risk.short_text if line.risk else "")
    assert f"{expected.events_held} of {expected.events_total} events held" in (
        view.summary.text())
    assert view.heading.text() == f"Progress — {expected.code}"


def test_another_group_is_chosen_and_stays_chosen_after_a_refresh(
        qtbot: Any, view: ProgressView, partner_session: Session) -> None:
    groups = partner_session.progress.groups(TEST_TODAY)
    assert len(groups) > 1
    other = next(g for g in groups if g.group_id != view.group_id)
    with qtbot.waitSignal(view.shown, timeout=10_000):
        assert view.select_group(other.group_id)
    assert view.current is not None and view.current.group_id == other.group_id
    assert view.proxy.rowCount() == len(
        partner_session.progress.group(other.group_id, TEST_TODAY).rows)
    with qtbot.waitSignal(view.shown, timeout=10_000):
        view.refresh()
    assert view.group_id == other.group_id


def test_sorting_by_share_and_by_name(view: ProgressView) -> None:
    assert view.current is not None
    view.table.sortByColumn(COLUMNS.index("Hours"), Qt.SortOrder.AscendingOrder)
    shares = [int(cell(view, r, "Hours").rstrip(" %"))
              for r in range(view.proxy.rowCount())]
    assert shares == sorted(shares)
    view.table.sortByColumn(COLUMNS.index("Name"), Qt.SortOrder.AscendingOrder)
    by_family = sorted(view.current.rows, key=lambda r: paper_sort_key(
        r.family_name, r.given_name, r.candidate_id))  # the paper's order
    assert shown_names(view) == [r.name for r in by_family]


def test_it_fits_a_1366_by_768_screen(view: ProgressView) -> None:
    table = view.table
    assert not table.horizontalScrollBar().isVisible()
    width = sum(table.columnWidth(c) for c in range(len(COLUMNS)))
    assert width <= table.viewport().width()
    assert table.columnWidth(COLUMNS.index("Name")) >= table.fontMetrics().horizontalAdvance(
        max(shown_names(view), key=len))


def test_at_risk_in_words_and_a_mark_shows_without_a_refresh(
        qtbot: Any, runner: Runner, live_server: Any, tmp_path: Path) -> None:
    session = signed_in_session(live_server, tmp_path / "f" / "desk.sqlite3", "facilitator")
    try:
        event = next(e for e in session.catalogue.events(TEST_TODAY) if e.is_on(TEST_TODAY))
        hub = ChangesHub()
        view = make_view(qtbot, runner, session, hub)
        if view.group_id != event.group_id:
            with qtbot.waitSignal(view.shown, timeout=10_000):
                assert view.select_group(event.group_id)
        people = [r for r in session.registers.load(event.id).rows if not r.withdrawn]
        # Everyone absent today: today's event is held, and whoever also missed the
        # previous one has missed two running
        for person in people:
            session.registers.mark(event.id, person.candidate_id, MarkStatus.ABSENT)
        with qtbot.waitSignal(view.shown, timeout=10_000):
            hub.announce(Changes(marks=True, local=True))
        progress = session.progress.group(event.group_id, TEST_TODAY)
        assert view.current == progress
        at_risk = [r for r, line in enumerate(progress.rows) if line.risk is not None]
        assert at_risk  # nobody attended today: everyone is below 90 %
        for row in at_risk:
            line = progress.rows[row]
            assert line.risk is not None
            assert cell(view, row, "At risk") == line.risk.short_text
            assert cell(view, row, "At risk").startswith("Hours ")
            assert "Below 90 % of face-to-face hours" in line.risk.text
            assert cell(view, row, "At risk", Qt.ItemDataRole.AccessibleTextRole) == (
                f"At risk: {line.risk.text}")
            assert cell(view, row, "At risk", Qt.ItemDataRole.ToolTipRole) == (
                f"At risk: {line.risk.text}")
            assert cell(view, row, "Name", Qt.ItemDataRole.ToolTipRole).endswith(
                f"At risk: {line.risk.text}")
        calm = [r for r, line in enumerate(progress.rows) if line.risk is None]
        for row in calm:
            assert cell(view, row, "At risk", Qt.ItemDataRole.AccessibleTextRole) == (
                "Not at risk")
        # A change that is not about marks or the roster reads nothing
        with qtbot.assertNotEmitted(view.shown, wait=300):
            hub.announce(Changes(forms=True))
    finally:
        runner.wait_for_done()
        session.close()


class CountingProgress(ProgressService):
    """The real service, counting how often the register asks it."""

    calls = 0

    def before_event(self, event_id: str, today: dt.date,
                     threshold: float = DEFAULT_THRESHOLD) -> dict[str, Risk]:
        CountingProgress.calls += 1
        return super().before_event(event_id, today, threshold)


def test_at_risk_beside_the_name_on_the_facilitators_register(
        qtbot: Any, runner: Runner, tmp_path: Path) -> None:
    place = venue(tmp_path / "desk.sqlite3", size=4)  # Abbott, Bello, Chowdhury, Davies
    past = {"P1": TODAY - dt.timedelta(days=14), "P2": TODAY - dt.timedelta(days=7)}
    ids = {label: str(uuid.uuid4()) for label in past}
    apply_page(place.store, [PulledChange(
        type="event", id=ids[label], deleted=False, data={
            "group_id": place.group_id, "number": n, "title": label, "venue_name": "Leeds Hub",
            "window_start": day.isoformat(), "window_end": day.isoformat(),
            "chosen_date": day.isoformat()})
        for n, (label, day) in enumerate(past.items())], "c2", shared_clock(place.store))
    registers = place.registers()
    absent = {("P1", "Abbott"), ("P2", "Abbott"), ("P2", "Chowdhury")}
    for label in past:
        for family, candidate_id in place.ids.items():
            registers.mark(ids[label], candidate_id, MarkStatus.ABSENT
                           if (label, family) in absent else MarkStatus.PRESENT)
    CountingProgress.calls = 0
    view = RegisterView(runner, registers, clock=lambda: dt.datetime(2026, 11, 23, 9, 5))
    RegisterRisks(runner, CountingProgress(place.store), view.model, lambda: TODAY)
    place.open_on_screen(qtbot, view, view, rows=4)
    row_of = {family: view.model.row_of(cid) for family, cid in place.ids.items()}

    def name(family: str, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return view.model.index(row_of[family], Column.NAME).data(role)

    qtbot.waitUntil(lambda: bool(name("Abbott", RISK_ROLE)))
    assert name("Abbott").endswith(f"  {RISK_MARK}") and name("Chowdhury").endswith(RISK_MARK)
    assert RISK_MARK not in name("Bello") and RISK_MARK not in name("Davies")
    both = ("Below 90 % of face-to-face hours (0 %); Missed the last 2 events running")
    assert name("Abbott", Qt.ItemDataRole.ToolTipRole) == f"At risk: {both}"
    assert name("Chowdhury", Qt.ItemDataRole.ToolTipRole) == (
        "At risk: Below 90 % of face-to-face hours (50 %)")
    assert name("Bello", Qt.ItemDataRole.ToolTipRole) is None
    assert name("Abbott", Qt.ItemDataRole.AccessibleTextRole).endswith(f", at risk: {both}")
    assert f"At risk: {both}" in name("Abbott", Qt.ItemDataRole.AccessibleDescriptionRole)
    assert CountingProgress.calls == 1
    # Marks today do not recompute the group, nor move the verdict coming into the day
    for family in ("Abbott", "Chowdhury", "Bello"):
        view.table.setCurrentIndex(view.proxy.mapFromSource(
            view.model.index(row_of[family], 0)))
        view.mark_current(MarkStatus.PRESENT)
    qtbot.waitUntil(lambda: view.model.counts().by_status.get(MarkStatus.PRESENT) == 3)
    runner.wait_for_done()
    assert CountingProgress.calls == 1
    assert name("Abbott").endswith(RISK_MARK)
    view.close()
    runner.wait_for_done()
    place.store.close()


def test_a_progress_tab_for_partner_leads_and_facilitators_not_qa_leads(
        qtbot: Any, runner: Runner, live_server: Any, partner_session: Session,
        tmp_path: Path) -> None:
    hub = ChangesHub()
    partner = RolePages(runner, partner_session, lambda: TEST_TODAY, hub=hub)
    assert [title for _page, title in partner.pages()] == [
        "Recruitment and attendance", "Progress", "Evaluations", "Fees"]
    assert partner.progress is not None and partner.progress.page is None  # built when shown
    qtbot.addWidget(partner.progress)
    page = partner.progress.ensure()
    assert isinstance(page, ProgressView)
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    qa = signed_in_session(live_server, tmp_path / "qa" / "desk.sqlite3", "qa")
    try:
        assert RolePages(runner, qa, lambda: TEST_TODAY, hub=hub).progress is None
    finally:
        runner.wait_for_done()
        qa.close()
