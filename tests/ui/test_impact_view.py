"""The Impact page on a partner lead's laptop synced from the real server: before the
service has reported anything it says so kindly; once reports land (as a pull lands them)
each group and each intake shows, hidden parts say so and never show a figure, an intake
that leaves a group out says it, "Simulated for the demo" shows, and a pull announced on
the hub shows without a manual refresh. Readable at 1366x768, tables named and reachable
with Tab; a tab of the main window for partner leads and facilitators, not QA leads."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView, QWidget
from sqlalchemy import select

from app.changes import Changes
from app.clock import shared_clock
from app.impact import hidden_short, hidden_words
from app.store.apply import PulledChange, apply_page
from app.store.models import Group, OtherRecord
from app.sync_state import saved_cursor
from desk.session import Session
from protocol.records import impact_report_id
from tests.ui.live import open_main_window
from ui.changes_hub import ChangesHub
from ui.impact_model import (
    CHANGE,
    DESTINATIONS,
    GROUP,
    GROUP_COLUMNS,
    IMPROVEMENTS,
    INTAKE_COLUMNS,
)
from ui.impact_view import ImpactView
from ui.runner import Runner

SHOWN = {
    "candidates": 18, "diagnostic_invited": 18, "diagnostic_completed": 9,
    "diagnostic_domains": [{"label": "Vision and strategy", "start_mean": 2.8,
                            "end_mean": 3.9},
                           {"label": "Culture", "start_mean": 3.0, "end_mean": 3.5}],
    "destination_responses": 7,
    "destinations": [{"label": "Promoted within their school", "count": 2},
                     {"label": "Same role", "count": 5}],
    "improvement_responses": 6,
    "improvements": [{"label": "Attainment improved", "count": 4}],
    "simulated": True, "updated_at": "2026-12-01T10:00:00Z",
}
# Answered by two: the figures must not show (and a careless service sent some)
FEW = {**SHOWN, "diagnostic_completed": 2, "destination_responses": 2,
       "destinations": [{"label": "Promoted within their school", "count": 987}]}


def make_view(qtbot: Any, runner: Runner, session: Session,
              hub: ChangesHub | None = None) -> ImpactView:
    view = ImpactView(runner, session.impact, hub=hub)
    qtbot.addWidget(view)
    view.resize(1340, 640)  # a 1366x768 screen, less the window's frame, tabs and bars
    view.show()
    with qtbot.waitSignal(view.shown, timeout=10_000):
        view.refresh()
    return view


def forget_reports(session: Session) -> None:
    """Whatever impact the demo service has reported goes, as the service's tombstones
    would take it (the demo may simulate some): the laptop holds none."""
    with session.store.read() as db:
        ids = list(db.scalars(select(OtherRecord.id).where(OtherRecord.type == "impact_report")))
    apply_page(session.store, [PulledChange(type="impact_report", id=i, deleted=True, data=None)
                               for i in ids], saved_cursor(session.store) or "",
               shared_clock(session.store))
    assert session.impact.overview().empty


def land_reports(session: Session, reports: dict[str, dict[str, Any]]) -> None:
    """Reports for the partner's groups, by group id, as a pull lands them (and no other)."""
    forget_reports(session)
    with session.store.read() as db:
        intakes = {g.id: g.intake_id for g in db.scalars(select(Group))}
    apply_page(session.store, [PulledChange(
        type="impact_report", id=impact_report_id(group_id), deleted=False,
        data={"group_id": group_id, "intake_id": intakes[group_id], **body})
        for group_id, body in reports.items()], saved_cursor(session.store) or "",
        shared_clock(session.store))  # the cursor kept: the next sync goes on from it


def next_tab_stop(widget: QWidget) -> QWidget:
    """Where Tab goes from ``widget``: the next visible widget in the focus chain that
    takes focus by Tab."""
    found = widget.nextInFocusChain()
    while found is not widget and not (found.focusPolicy() & Qt.FocusPolicy.TabFocus
                                       and found.isVisible() and found.isEnabled()):
        found = found.nextInFocusChain()
    return found


def texts(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def all_texts(table: QTableView) -> str:
    model = table.model()
    return "\n".join(str(model.index(r, c).data()) for r in range(model.rowCount())
                     for c in range(model.columnCount()))


def test_before_any_report_the_page_says_so_kindly(qtbot: Any, runner: Runner,
                                                  partner_session: Session) -> None:
    forget_reports(partner_session)
    view = make_view(qtbot, runner, partner_session)
    assert view.empty.isVisible()
    assert "has not reported impact for your groups yet" in view.empty.text()
    assert not view.content.isVisible() and not view.simulated.isVisible()
    assert view.groups_model.rowCount() == 0


def test_reports_show_per_group_and_intake_and_hidden_parts_never_show_a_figure(
        qtbot: Any, runner: Runner, partner_session: Session) -> None:
    groups = partner_session.catalogue.groups()
    assert len(groups) >= 2
    first, second = groups[0], groups[1]
    land_reports(partner_session, {first.id: SHOWN, second.id: FEW})
    view = make_view(qtbot, runner, partner_session)
    assert view.content.isVisible() and not view.empty.isVisible()
    assert view.simulated.isVisible() and "Simulated for the demo" in view.simulated.text()
    assert sorted(texts(view.groups_table, GROUP_COLUMNS.index(GROUP))) == sorted(
        [first.code, second.code])
    row = texts(view.groups_table, GROUP_COLUMNS.index(GROUP)).index(second.code)
    model = view.groups_table.model()
    for column in (CHANGE, DESTINATIONS):
        cell = model.index(row, GROUP_COLUMNS.index(column))
        assert cell.data() == hidden_short()  # short in the cell, in full words aloud
        assert cell.data(Qt.ItemDataRole.ToolTipRole) == hidden_words()
        assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == hidden_words()
    assert model.index(row, GROUP_COLUMNS.index(IMPROVEMENTS)).data() == "6 responses"
    assert "987" not in all_texts(view.groups_table)
    # the breakdown of the hidden group: no figure of its destinations or domains
    assert view.select(second.id)
    breakdown = all_texts(view.breakdown_table)
    assert hidden_words() in breakdown and "987" not in breakdown
    assert "Vision and strategy" not in breakdown
    assert view.select(first.id)
    breakdown = all_texts(view.breakdown_table)
    assert "2.8 → 3.9 (+1.1)" in breakdown and "Promoted within their school" in breakdown
    # each part is written once, at the head of its rows, and heard on every row
    parts = view.breakdown_table.model()
    shown = [parts.index(r, 0).data() for r in range(parts.rowCount())]
    heard = [parts.index(r, 0).data(Qt.ItemDataRole.AccessibleTextRole)
             for r in range(parts.rowCount())]
    assert [p for p in shown if p] == list(dict.fromkeys(heard))
    assert all(heard) and "" in shown
    # the intakes: a sum that leaves the hidden group out says so, in words
    if first.intake_label == second.intake_label:
        intake = view.intakes_table.model()
        row = texts(view.intakes_table, 0).index(first.intake_label)
        cell = intake.index(row, INTAKE_COLUMNS.index(DESTINATIONS))
        assert cell.data() == "7 responses (1 group left out)"
        assert "Leaves out 1 group with fewer than 3 responses" in cell.data(
            Qt.ItemDataRole.AccessibleTextRole)
        assert "987" not in all_texts(view.intakes_table)


def test_a_pull_announced_on_the_hub_shows_without_a_refresh(
        qtbot: Any, runner: Runner, partner_session: Session) -> None:
    hub = ChangesHub()
    forget_reports(partner_session)
    view = make_view(qtbot, runner, partner_session, hub)
    assert view.empty.isVisible()
    group = partner_session.catalogue.groups()[0]
    land_reports(partner_session, {group.id: SHOWN})
    with qtbot.waitSignal(view.shown, timeout=10_000):
        hub.announce(Changes(reports=True))
    assert view.content.isVisible()
    assert texts(view.groups_table, GROUP_COLUMNS.index(GROUP)) == [group.code]


def test_tables_are_named_reachable_with_tab_and_fit_a_laptop_screen(
        qtbot: Any, runner: Runner, partner_session: Session) -> None:
    group = partner_session.catalogue.groups()[0]
    land_reports(partner_session, {group.id: SHOWN})
    view = make_view(qtbot, runner, partner_session)
    for table in (view.groups_table, view.intakes_table, view.breakdown_table):
        assert table.accessibleName()
        assert table.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert table.isVisible() and table.height() >= 3 * table.verticalHeader(
        ).defaultSectionSize()
    assert next_tab_stop(view.groups_table) is view.intakes_table  # Tab goes on
    assert next_tab_stop(view.intakes_table) is view.breakdown_table
    header = view.groups_table.horizontalHeader()
    assert header.length() <= view.groups_table.viewport().width() + 1, \
        "the groups' columns fit without scrolling sideways at 1366x768"


@pytest.mark.parametrize(("username", "has_tab"),
                         [("partner", True), ("facilitator", True), ("qa", False)])
def test_the_impact_tab_is_for_partner_leads_and_facilitators(
        qtbot: Any, runner: Runner, live_server: object, tmp_path: Any, username: str,
        has_tab: bool) -> None:
    from tests.ui.live import signed_in_session

    session = signed_in_session(live_server, tmp_path / username / "desk.sqlite3", username)
    try:
        if username == "qa":
            from ui.main_window import MainWindow

            window = MainWindow(session, runner)
            qtbot.addWidget(window)
            titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
            assert ("Impact" in titles) is has_tab
            window.close_now()
            runner.wait_for_done()
            return
        with open_main_window(qtbot, runner, session) as window:
            titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
            assert "Impact" in titles
            assert window.impact is not None and window.impact.page is None  # lazy
            window.tabs.setCurrentIndex(titles.index("Impact"))
            qtbot.waitUntil(lambda: window.impact is not None
                            and window.impact.page is not None, timeout=5_000)
            view = window.impact.page
            assert isinstance(view, ImpactView)
            # the kind word, or the reports the demo service simulates, as the laptop holds
            reported = not session.impact.overview().empty
            qtbot.waitUntil(lambda: view.content.isVisible() is reported
                            and view.empty.isVisible() is not reported, timeout=10_000)
    finally:
        session.close()
