"""A group's recruitment week by week before its registration deadline, on Qt's chart module:
applications still in play and enrolled (solid lines), the minimum (a dotted line across)
and, while the deadline is to come, the forecast (a dashed line from today's enrolled to
where the group will be at the deadline).

The same figures are in the table and the forecast's words beside the chart; the chart's
accessible description says them week by week for a screen reader.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, QPointF, Qt, QTime, QTimeZone
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.recruitment import GroupPipeline
from ui import theme
from ui.chart_look import colour_chart, figures_elsewhere, plain_chart
from ui.i18n import translate

CONTEXT = "PipelineChart"


def day_label(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def x(day: dt.date) -> float:
    """A day on the time axis (noon UTC, so no time zone moves it to the day before)."""
    when = QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0), QTimeZone.utc())
    return float(when.toMSecsSinceEpoch())


class PipelineChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        chart = plain_chart(legend_on_top=True)
        super().__init__(chart, parent)
        self.setObjectName("pipelineChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(180)
        figures_elsewhere(self)  # the table and the words beside it have the figures
        self.in_play = QLineSeries()
        self.in_play.setName(translate(CONTEXT, "Applications in play"))
        self.enrolled = QLineSeries()
        self.enrolled.setName(translate(CONTEXT, "Enrolled"))
        self.minimum = QLineSeries()
        self.forecast = QLineSeries()
        self.forecast.setName(translate(CONTEXT, "Forecast"))
        self.weeks = QDateTimeAxis()
        self.weeks.setFormat("d MMM")
        self.weeks.setTickCount(7)
        self.counts = QValueAxis()
        self.counts.setLabelFormat("%d")
        self.counts.setTitleText(translate(CONTEXT, "Candidates"))
        small = QFont()
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        for axis in (self.weeks, self.counts):
            axis.setLabelsFont(small)
            axis.setTitleFont(small)
        chart.addAxis(self.weeks, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.counts, Qt.AlignmentFlag.AlignLeft)
        for series in (self.in_play, self.enrolled, self.minimum, self.forecast):
            chart.addSeries(series)
            series.attachAxis(self.weeks)
            series.attachAxis(self.counts)
        theme.on_change(self, PipelineChart.recolour)

    def recolour(self) -> None:
        colour_chart(self)
        self.in_play.setPen(QPen(theme.colour("chart_point_label"), 2))
        self.enrolled.setPen(QPen(theme.colour("chart_line"), 4))
        self.minimum.setPen(QPen(theme.colour("chart_text"), 1, Qt.PenStyle.DotLine))
        self.forecast.setPen(QPen(theme.colour("chart_line"), 2, Qt.PenStyle.DashLine))

    def show_group(self, p: GroupPipeline) -> None:
        """Replace the lines with this group's (in place: no new chart), from twelve weeks
        before the deadline to the deadline."""
        first = p.trend[0].day if p.trend else p.deadline - dt.timedelta(weeks=12)
        self.in_play.replace([QPointF(x(w.day), w.in_play) for w in p.trend])
        self.enrolled.replace([QPointF(x(w.day), w.enrolled) for w in p.trend])
        self.minimum.setName(translate(CONTEXT, "Minimum {n}").format(n=p.minimum))
        self.minimum.replace([QPointF(x(first), p.minimum), QPointF(x(p.deadline), p.minimum)])
        ahead = bool(p.trend) and p.forecast.expected is not None and p.deadline > p.trend[-1].day
        self.forecast.replace([QPointF(x(p.trend[-1].day), p.enrolled),
                               QPointF(x(p.deadline), p.forecast.expected or 0)]
                              if ahead else [])
        self.forecast.setVisible(ahead)
        self.weeks.setRange(QDateTime.fromMSecsSinceEpoch(int(x(first)), QTimeZone.utc()),
                            QDateTime.fromMSecsSinceEpoch(int(x(p.deadline)), QTimeZone.utc()))
        top = max([p.minimum, p.forecast.expected or 0]
                  + [max(w.in_play, w.enrolled) for w in p.trend])
        step = 2 if top <= 14 else 5 if top <= 40 else 10
        upper = max(step, -(-int(top * 1.1) // step) * step)
        self.counts.setRange(0, upper)
        self.counts.setTickCount(upper // step + 1)
        self.setAccessibleName(translate(CONTEXT, "Recruitment of {code} by week").format(
            code=p.code))
        self.setAccessibleDescription(self.spoken(p))

    @staticmethod
    def spoken(p: GroupPipeline) -> str:
        weeks = "; ".join(translate(CONTEXT, "{day}: {n} applications in play, {e} enrolled"
                                    ).format(day=day_label(w.day), n=w.in_play, e=w.enrolled)
                          for w in p.trend)
        return f"{weeks}. {p.forecast.words}" if weeks else p.forecast.words

    def figures(self) -> list[tuple[int, int]]:
        """(in play, enrolled) per week as drawn; for tests."""
        return [(round(a.y()), round(b.y()))
                for a, b in zip(self.in_play.points(), self.enrolled.points(), strict=True)]
