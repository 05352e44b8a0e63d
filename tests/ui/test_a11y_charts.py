"""Charts, headings and panels by ear: every chart is named and says its figures in words
(a report's charts as Tab stops, the dashboard's not one, its sessions table holding the
same figures); the events list's day headings are said as headings; the Groups tree is
named with no blank column header; the QA cycle the table's Enter moves to is named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.dashboard import EventRow
from app.reports import GroupTrend, QuestionResult, TrendEvent, TrendLine
from tests.ui.forms_live import open_forms_window, select_facilitator, workspace_ready
from tests.ui.live import signed_in_session
from tests.ui.test_accessibility import spoken_name
from tests.ui.test_events_panel import TODAY, Catalogue
from ui.dashboard_chart import AttendanceChart
from ui.events_panel import EVENT_ID_ROLE, EventsPanel
from ui.reports.event_panel import QuestionPanel
from ui.reports.trend_panel import GroupTrendPanel
from ui.runner import Runner

TEXT = Qt.ItemDataRole.AccessibleTextRole


def description(widget: Any) -> str:
    return widget.accessibleDescription()


def test_a_ratings_chart_is_a_named_tab_stop_that_says_its_counts(qtbot: Any) -> None:
    question = QuestionResult(id="overall", label="How useful was the session overall?",
                              distribution=(0, 1, 0, 2, 3), mean=4.2)
    panel = QuestionPanel(question)
    qtbot.addWidget(panel)
    chart = panel.chart
    assert chart.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert spoken_name(chart) == "Ratings: How useful was the session overall?"
    assert description(chart) == ("Rating 5: 3 responses; Rating 4: 2 responses; "
                                  "Rating 3: 0 responses; Rating 2: 1 response; "
                                  "Rating 1: 0 responses")
    panel.show_question(QuestionResult(id="overall", label=question.label,
                                       distribution=(0, 1, 0, 2, 4), mean=4.3))
    assert description(chart).startswith("Rating 5: 4 responses;")  # follows the figures


def test_a_trend_chart_says_each_events_mean_and_its_gaps(qtbot: Any) -> None:
    events = (TrendEvent("e1", 1, "Session 1", dt.date(2026, 11, 3), 5, False),
              TrendEvent("e2", 2, "Session 2", dt.date(2026, 11, 10), 2, True),
              TrendEvent("e3", 3, "Session 3", None, 4, False))
    trend = GroupTrend("g", "NPQSL-LEEDS-1", events,
                       (TrendLine("overall", "Overall", (4.25, None, 3.0)),))
    panel = GroupTrendPanel()
    qtbot.addWidget(panel)
    panel.show_trend(trend)
    [chart] = panel.charts
    labels = [e.short_label for e in events]
    assert spoken_name(chart) == "Mean rating per event: Overall"
    assert description(chart) == (f"{labels[0]}: mean 4.2 of 5; "
                                  f"{labels[1]}: hidden, too few responses; "
                                  f"{labels[2]}: mean 3.0 of 5")


def test_the_attendance_chart_is_named_and_no_tab_stop(qtbot: Any) -> None:
    chart = AttendanceChart()
    qtbot.addWidget(chart)
    chart.show_events((
        EventRow("e1", 1, "Launch", dt.date(2026, 11, 3), dt.date(2026, 11, 1), 12, 10, 0,
                 True, None),
        EventRow("e2", 2, "Second", None, dt.date(2027, 1, 4), 12, None, 0, False, None)))
    assert not chart.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert spoken_name(chart) == "Enrolled and attended at each session"
    assert description(chart) == ("S1 · 3 Nov: 12 enrolled, 10 attended; "
                                  "S2 · not yet: 12 enrolled")


def test_day_headings_are_said_as_headings_and_the_groups_tree_is_named(
        qtbot: Any, runner: Runner) -> None:
    panel = EventsPanel(runner, Catalogue(), today=lambda: TODAY)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.event_chosen):
        panel.refresh()
    items = [panel.events.item(i) for i in range(panel.events.count())]
    said = [item.data(TEXT) for item in items if not item.data(EVENT_ID_ROLE)
            and not item.flags() & Qt.ItemFlag.ItemIsSelectable]
    assert said == ["Heading: Today", "Heading: Coming up", "Heading: Past"]
    assert panel.events.accessibleDescription()
    assert spoken_name(panel.groups) == "Groups"
    header = panel.groups.headerItem()
    assert all(header.text(c).strip() for c in range(panel.groups.columnCount()))


def test_enter_on_a_facilitator_takes_the_keyboard_to_a_named_place(
        qtbot: Any, runner: Runner, live_server: Any, tmp_path: Path) -> None:
    session = signed_in_session(live_server, tmp_path / "qa" / "desk.sqlite3", "qa")
    try:
        with open_forms_window(qtbot, runner, session) as win:
            workspace_ready(qtbot, win)
            name = win.forms.workspace.model.rows[0].name
            select_facilitator(qtbot, win, name)
            win.activateWindow()
            qtbot.waitActive(win)
            table = win.forms.workspace.table
            table.setFocus()
            qtbot.keyClick(table, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: QApplication.focusWidget() is not table, timeout=5_000)
            focused = QApplication.focusWidget()
            spoken = spoken_name(focused) if focused is not None else ""
            detail = win.forms.workspace.detail
            cycle = detail.cycle
            in_detail = focused is not None and detail.isAncestorOf(focused)
    finally:
        session.close()
    assert in_detail and spoken, (type(focused).__name__, spoken)
    assert name in spoken or name in spoken_name(cycle)
