"""A group's trend: per question, the mean at each of its reported events in date order,
with a note for events whose results are still hidden."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.reports import MIN_EVALUATION_RESPONSES, GroupTrend
from ui.reports.charts import TrendChart
from ui.reports.event_panel import text_label


class GroupTrendPanel(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.charts: list[TrendChart] = []
        self._body: QWidget | None = None
        self.trend: GroupTrend | None = None
        self.show_trend(None)

    def show_trend(self, trend: GroupTrend | None) -> None:
        """Rebuild the charts (cheap: a handful of small charts)."""
        self.trend = trend
        body = QWidget()
        layout = QVBoxLayout(body)
        self.charts = []
        if trend is None or not trend.events:
            layout.addWidget(text_label("Choose an event to see its group's trend."))
        else:
            layout.addWidget(self._heading(trend))
            hidden = [e for e in trend.events if e.hidden]
            if hidden:
                names = ", ".join(f"{e.short_label}: {e.responses} so far" for e in hidden)
                layout.addWidget(text_label(
                    f"Gaps are events with fewer than {MIN_EVALUATION_RESPONSES} responses "
                    f"({names})."))
            grid = QGridLayout()
            labels = [e.short_label for e in trend.events]
            for index, line in enumerate(trend.lines):
                frame = QFrame()
                frame.setFrameShape(QFrame.Shape.StyledPanel)
                box = QVBoxLayout(frame)
                box.addWidget(text_label(line.label, bold=True))
                chart = TrendChart(labels, line.means, frame)
                box.addWidget(chart)
                self.charts.append(chart)
                grid.addWidget(frame, index // 2, index % 2)
            layout.addLayout(grid)
        layout.addStretch(1)
        self.setWidget(body)  # the previous body is deleted by the scroll area
        self._body = body

    @staticmethod
    def _heading(trend: GroupTrend) -> QLabel:
        label = text_label(f"{trend.group_code}: mean rating per question across "
                       f"{len(trend.events)} events", bold=True, name="trend-title")
        return label
