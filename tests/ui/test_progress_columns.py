"""The progress view's columns from the central service (online sessions, online course,
360°, coaching where included, the next milestone) on a laptop synced from the real
server, the service's reports landed as a pull lands them: their cells, the coaching column
hidden where the course has none, sorting numbers as numbers, the detail panel for the
selected candidate, the keyboard, and every column whole at 1366x768."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyle
from sqlalchemy import select

from app.changes import of_record_types
from app.clock import shared_clock
from app.progress import CandidateProgress
from app.store.apply import PulledChange, apply_page
from app.store.models import Group, Qualification
from app.sync_state import saved_cursor
from desk.session import Session
from protocol.records import participant_progress_id
from tests.app.test_progress_seeded import land_reports
from tests.conftest import TEST_TODAY
from tests.ui.forms_live import open_forms_window
from tests.ui.test_progress_view import cell, make_view
from ui.changes_hub import ChangesHub
from ui.progress_model import CANDIDATE_ID_ROLE, COLUMNS
from ui.progress_view import ProgressView
from ui.runner import Runner


def latest_group(session: Session) -> str:
    held = [g for g in session.progress.groups(TEST_TODAY) if g.last_held is not None]
    return max(held, key=lambda g: (g.last_held or TEST_TODAY, g.code)).group_id


@pytest.fixture
def reported(partner_session: Session) -> Session:
    """The partner lead's laptop with the service's reports for the group held last."""
    land_reports(partner_session.store, latest_group(partner_session))
    return partner_session


@pytest.fixture
def view(qtbot: Any, runner: Runner, reported: Session) -> ProgressView:
    return make_view(qtbot, runner, reported)


def rows_of(view: ProgressView) -> list[CandidateProgress]:
    assert view.current is not None
    return list(view.current.rows)


def test_the_services_figures_in_their_columns(view: ProgressView) -> None:
    lines = rows_of(view)
    assert any(line.reported is None for line in lines)  # some not reported yet
    for row, line in enumerate(lines):  # unsorted: the register's order
        figures = line.reported
        if figures is None:
            for column in ("Online", "Course", "360°", "Coaching"):
                assert cell(view, row, column) == "–"
                assert "not reported" in cell(
                    view, row, column, Qt.ItemDataRole.AccessibleTextRole).casefold()
        else:
            assert cell(view, row, "Online") == (
                f"{figures.online_attended} / {figures.online_held}")
            assert cell(view, row, "Online", Qt.ItemDataRole.AccessibleTextRole) == (
                f"{figures.online_attended} of {figures.online_held} online sessions attended")
            assert cell(view, row, "Course") == f"{figures.online_course_percent} %"
            assert cell(view, row, "360°") == figures.diagnostic_words
            assert cell(view, row, "Coaching") == (
                f"{figures.coaching_attended} / {figures.coaching_planned}")
        upcoming = line.next_milestone
        assert upcoming is not None
        assert cell(view, row, "Next milestone") == upcoming.text
        if upcoming.will_miss:
            assert cell(view, row, "Next milestone").endswith(" · will miss")
            assert upcoming.why in cell(view, row, "Next milestone",
                                        Qt.ItemDataRole.ToolTipRole)
    assert any(line.will_miss for line in lines) and not all(line.will_miss for line in lines)
    assert view.current is not None
    missing = len(view.current.will_miss_next)
    assert f"{missing} will miss their next milestone" in view.summary.text()
    assert view.schedule.text().startswith(
        f"npq-test · Schedule {view.current.schedule_identifier} · ")
    assert "final assessment window" in view.schedule.text()


def test_the_coaching_column_shows_only_where_the_course_includes_coaching(
        qtbot: Any, view: ProgressView, reported: Session) -> None:
    coaching = COLUMNS.index("Coaching")
    assert view.current is not None and view.current.coaching_included
    assert not view.table.isColumnHidden(coaching)
    with reported.store.read() as session:  # the service changes the course: no coaching
        group = session.get(Group, view.group_id)
        assert group is not None
        q = session.scalars(select(Qualification).where(
            Qualification.code == group.qualification_code)).one()
        change = PulledChange(type="qualification", id=q.id, deleted=False, data={
            "code": q.code, "title": q.title, "course_fee_pence": q.course_fee_pence,
            "coaching_included": False, "schedules": q.schedules})
    apply_page(reported.store, [change], saved_cursor(reported.store) or "",
               shared_clock(reported.store))
    with qtbot.waitSignal(view.shown, timeout=10_000):
        view.refresh()
    assert view.current is not None and not view.current.coaching_included
    assert view.table.isColumnHidden(coaching)
    assert all(line.reported is None or line.reported.coaching_attended is None
               for line in view.current.rows)


def test_sorting_online_course_and_next_milestone(view: ProgressView) -> None:
    def column(name: str) -> list[CandidateProgress]:
        view.table.sortByColumn(COLUMNS.index(name), Qt.SortOrder.AscendingOrder)
        by_id = {line.candidate_id: line for line in rows_of(view)}
        return [by_id[view.proxy.index(r, 0).data(CANDIDATE_ID_ROLE)]
                for r in range(view.proxy.rowCount())]

    course = [line.reported.online_course_percent if line.reported else -1
              for line in column("Course")]
    assert course == sorted(course) and course[0] == -1  # numbers, not "100 %" < "17 %"
    online = [(line.reported.online_attended, line.reported.online_held)
              if line.reported else (-1, -1) for line in column("Online")]
    assert online == sorted(online)
    verdicts = [line.will_miss for line in column("Next milestone")]
    assert verdicts == sorted(verdicts, reverse=True)  # will miss first


def test_the_detail_panel_shows_the_selected_candidate(qtbot: Any, view: ProgressView) -> None:
    lines = rows_of(view)
    missing = next(n for n, line in enumerate(lines) if line.will_miss)
    line = lines[missing]
    view.table.selectRow(missing)
    assert view.detail.title.text() == line.name
    assert line.school in view.detail.facts.text()
    assert "Funding: " in view.detail.funding.text()
    upcoming = line.next_milestone
    assert upcoming is not None
    assert f"Will miss {upcoming.line.name}" in view.detail.why.text()
    assert upcoming.why in view.detail.why.text()
    table = view.detail.milestones
    assert table.rowCount() == len(line.milestones) == 4
    for r, milestone in enumerate(line.milestones):
        assert table.item(r, 0).text() == milestone.name
        assert table.item(r, 1).text().startswith(milestone.state_words)
        assert table.item(r, 2).text() == milestone.date_words
    # the selection is kept across a refresh
    with qtbot.waitSignal(view.shown, timeout=10_000):
        view.refresh()
    assert view.candidate_id == line.candidate_id
    assert view.detail.title.text() == line.name


def test_the_keyboard_moves_through_the_lines_and_into_the_milestones(
        qtbot: Any, view: ProgressView) -> None:
    lines = rows_of(view)
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    view.select_candidate(lines[0].candidate_id)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.candidate_id == lines[1].candidate_id
    assert view.detail.title.text() == lines[1].name
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    qtbot.waitUntil(view.detail.milestones.hasFocus)


@pytest.fixture
def window(qtbot: Any, runner: Runner, reported: Session) -> Iterator[Any]:
    with open_forms_window(qtbot, runner, reported) as win:
        yield win


def test_every_column_is_whole_at_1366_by_768(qtbot: Any, window: Any,
                                              reported: Session) -> None:
    window.resize(1366, 768)
    for index in range(window.tabs.count()):
        if window.tabs.tabText(index).replace("&", "") == "Progress":
            window.tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: bool(window.findChildren(ProgressView)), timeout=10_000)
    [view] = window.findChildren(ProgressView)
    qtbot.waitUntil(lambda: view.current is not None, timeout=10_000)
    group_id = latest_group(reported)  # the group with the service's reports
    if view.group_id != group_id:
        with qtbot.waitSignal(view.shown, timeout=10_000):
            assert view.select_group(group_id)
    assert view.current is not None and view.current.coaching_included
    qtbot.wait(100)
    table = view.table
    assert not table.horizontalScrollBar().isVisible()
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin,
                                            None, table) + 1)
    header = table.horizontalHeader()
    header_metrics = QFontMetrics(header.font())
    for column, name in enumerate(COLUMNS):
        if table.isColumnHidden(column):
            continue
        width = table.columnWidth(column)
        assert header_metrics.horizontalAdvance(name) <= width, name
        for row in range(view.proxy.rowCount()):
            index = view.proxy.index(row, column)
            font = index.data(Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font if isinstance(font, QFont) else table.font())
            text = index.data()
            assert metrics.horizontalAdvance(text) + margin <= width, (name, text, width)
    assert view.detail.isVisible(), view.detail.title.text()
    assert view.detail.milestones.isVisible()
    assert view.detail.geometry().bottom() <= view.height()


def test_a_report_pulled_shows_without_a_manual_refresh(
        qtbot: Any, runner: Runner, reported: Session) -> None:
    hub = ChangesHub()
    view = make_view(qtbot, runner, reported, hub)
    if view.group_id != latest_group(reported):
        with qtbot.waitSignal(view.shown, timeout=10_000):
            assert view.select_group(latest_group(reported))
    line = rows_of(view)[0]
    apply_page(reported.store, [PulledChange(
        type="participant_progress", id=participant_progress_id(view.group_id or "",
                                                                line.candidate_id),
        deleted=False, data={"candidate_id": line.candidate_id, "group_id": view.group_id,
                             "online_sessions_attended": 7, "online_sessions_held": 9,
                             "online_course_percent": 64, "diagnostic_360": "completed"})],
        saved_cursor(reported.store) or "", shared_clock(reported.store))
    with qtbot.waitSignal(view.shown, timeout=10_000):
        hub.announce(of_record_types(["participant_progress"]))
    assert cell(view, 0, "Online") == "7 / 9" and cell(view, 0, "Course") == "64 %"
