"""A group's trend: per question, the mean at each of its reported events in date order,
with a note for events whose results are still hidden."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.reports import MIN_EVALUATION_RESPONSES, GroupTrend
from ui.reports.charts import TrendChart
from ui.reports.event_panel import text_label, two_equal_columns


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
            layout.addWidget(text_label(self.tr("Choose an event to see its group's trend.")))
        else:
            layout.addWidget(self._heading(trend))
            hidden = [e for e in trend.events if e.hidden]
            if hidden:
                names = ", ".join(self.tr("{event}: {n} so far").format(
                    event=e.short_label, n=e.responses) for e in hidden)
                layout.addWidget(text_label(
                    self.tr("Gaps are events with fewer than {n} responses ({events}).").format(
                        n=MIN_EVALUATION_RESPONSES, events=names)))
            grid = two_equal_columns()
            labels = [e.short_label for e in trend.events]
            for index, line in enumerate(trend.lines):
                frame = QFrame()
                frame.setFrameShape(QFrame.Shape.StyledPanel)
                box = QVBoxLayout(frame)
                box.addWidget(text_label(line.label, bold=True))
                box.addStretch(1)  # charts side by side level, however their titles wrap
                chart = TrendChart(labels, line.means, frame)
                chart.setAccessibleName(self.tr("Mean rating per event: {question}").format(
                    question=line.label))
                box.addWidget(chart)
                self.charts.append(chart)
                grid.addWidget(frame, index // 2, index % 2)
            layout.addLayout(grid)
        layout.addStretch(1)
        self.setWidget(body)  # the previous body is deleted by the scroll area
        self._body = body

    def _heading(self, trend: GroupTrend) -> QLabel:
        label = text_label(self.tr("{group}: mean rating per question across {n} events").format(
            group=trend.group_code, n=len(trend.events)), bold=True, name="trend-title")
        return label
