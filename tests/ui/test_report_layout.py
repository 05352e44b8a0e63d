"""The evaluation report laid out on a 1366×768 laptop, at the desktop's usual text size and
at 16 pt: its charts side by side are the same size and drawn to one scale, each has room
for every rating's label, and the list of reports wraps its items instead of cutting them
("Mon 12 Oct 2026 · 12 of 18 …"), also when the list is made narrower."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QListWidget, QSplitter

from app.reports import ReportService
from desk.session import Session
from server.simulate import simulate_evaluations
from tests.app.evaluation_live import submit_today
from tests.ui.large_text import desktop_font
from tests.ui.live import signed_in_session
from ui.card_delegate import CardDelegate
from ui.reports import ReportsView
from ui.reports.charts import RATING_LABELS, DistributionChart, TrendChart, axis_font
from ui.runner import Runner

SAME = 0.02  # charts side by side: plot areas within 2 % of each other


@pytest.fixture
def session(live_server: Any, tmp_path: Path) -> Iterator[Session]:
    """A facilitator's laptop with today's register submitted and 13 answers synced."""
    signed_in = signed_in_session(live_server, tmp_path / "desk.sqlite3", "facilitator")
    event_id = submit_today(signed_in.store, signed_in.sync, signed_in.identity.user_id)
    simulate_evaluations(live_server.database, event_id=event_id, count=13, seed=6)
    signed_in.sync.sync_once()
    yield signed_in
    signed_in.close()


def shown_report(qtbot: Any, runner: Runner, session: Session) -> ReportsView:
    view = ReportsView(runner, ReportService(session.store))
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    with qtbot.waitSignal(view.report_shown, timeout=10_000):
        view.refresh()
    qtbot.wait(50)  # the posted layout requests
    return view


def assert_balanced(charts: list[Any]) -> None:
    """Plot areas of one width and one height (within SAME), each with a row of the axis
    type for every label on its left axis."""
    assert len(charts) >= 4
    for measure in ("width", "height"):
        sizes = [getattr(c.chart().plotArea(), measure)() for c in charts]
        assert max(sizes) - min(sizes) <= SAME * max(sizes), (measure, sizes)
    for chart in charts:
        line = QFontMetrics(axis_font(chart)).lineSpacing()
        rows = len(RATING_LABELS)
        assert chart.chart().plotArea().height() >= rows * line, (
            chart.chart().plotArea().height(), rows, line)


def assert_items_whole(items: QListWidget) -> None:
    """Every item as tall as its text wrapped to the item's own width."""
    assert items.count() >= 2
    for row in range(items.count()):
        item = items.item(row)
        rect = items.visualItemRect(item)
        font = item.font() if item.font() != QApplication.font() else items.font()
        needed = QFontMetrics(font).boundingRect(
            QRect(0, 0, rect.width() - CardDelegate.PADDING, 10_000),
            Qt.TextFlag.TextWordWrap, item.text()).height()
        assert rect.height() >= needed, (item.text(), rect.height(), needed)


@pytest.mark.parametrize("points", [None, 16.0])
def test_report_charts_are_balanced_and_the_list_never_cuts_an_item(
        qtbot: Any, qapp: QApplication, runner: Runner, session: Session,
        points: float | None) -> None:
    with desktop_font(qapp, points or qapp.font().pointSizeF()):
        view = shown_report(qtbot, runner, session)
        panel = view.report_panel
        charts = [p.chart for p in panel.panels.values()]
        assert all(isinstance(c, DistributionChart) for c in charts)
        assert_balanced(charts)
        assert len({c.counts_axis.max() for c in charts}) == 1  # one scale for the report
        widths = [p.width() for p in panel.panels.values()]
        assert max(widths) - min(widths) <= SAME * max(widths), widths

        view.tabs.setCurrentWidget(view.trend_panel)
        qtbot.waitUntil(lambda: bool(view.trend_panel.charts), timeout=5_000)
        qtbot.wait(50)
        trends: list[TrendChart] = view.trend_panel.charts
        assert_balanced(trends)

        assert_items_whole(view.events)
        splitter = view.findChild(QSplitter)
        assert splitter is not None
        splitter.setSizes([200, 1166])  # the list made narrower: its items wrap again
        qtbot.wait(50)
        assert_items_whole(view.events)
