"""Enrolled against attended at each of a group's events, on Qt's chart module, so that a
partner sees at a glance where candidates drop off.

Enrolment is a pale bar per event; attendance a dark line with labelled points over it,
drawn only through events whose register is submitted, so an event still to come is never
read as nobody came (its label says "not yet").

By ear and keyboard: the chart is no Tab stop, since the sessions table beside it holds the
same figures and is one; it is named, and its description says the figures in words for a
screen reader that meets it while reading the page.
"""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChartView,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.dashboard import EventRow
from ui import theme
from ui.chart_look import colour_chart, figures_elsewhere, plain_chart
from ui.i18n import translate

ENROLLED_COLOUR = "chart_bar_pale"  # theme roles (ui/theme_colours.py)
ATTENDED_COLOUR = "chart_line"


def category_label(event: EventRow) -> str:
    """'S2 · 3 Nov' or 'S4 · not yet'."""
    if event.submitted and event.date is not None:
        return f"S{event.number} · {event.date.day} {event.date.strftime('%b')}"
    return translate("AttendanceChart", "S{number} · not yet").format(number=event.number)


def figures_in_words(events: tuple[EventRow, ...]) -> str:
    """'S1 · 3 Nov: 12 enrolled, 10 attended; S4 · not yet: 12 enrolled'."""
    return "; ".join(
        translate("AttendanceChart", "{event}: {enrolled} enrolled").format(
            event=category_label(e), enrolled=e.enrolled) if e.attended is None else
        translate("AttendanceChart", "{event}: {enrolled} enrolled, {attended} attended").format(
            event=category_label(e), enrolled=e.enrolled, attended=e.attended)
        for e in events)


class AttendanceChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        chart = plain_chart(legend_on_top=True)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        figures_elsewhere(self)  # the table and the words beside it have the figures
        self.setAccessibleName(self.tr("Enrolled and attended at each session"))
        self.enrolled = QBarSet(self.tr("Enrolled"))
        self.series = QBarSeries()
        self.series.append(self.enrolled)
        self.series.setBarWidth(0.6)
        self.series.setLabelsVisible(True)
        self.series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsInsideBase)
        self.series.setLabelsFormat("@value")
        chart.addSeries(self.series)
        self.attended = QLineSeries()
        self.attended.setName(self.tr("Attended"))
        bold = QFont()
        bold.setBold(True)
        self.points = QScatterSeries()
        self.points.setMarkerSize(10)
        # the figures ride on the markers, which lift them clear of the dot and the line
        self.points.setPointLabelsVisible(True)
        self.points.setPointLabelsFormat("@yPoint")
        self.points.setPointLabelsFont(bold)
        chart.addSeries(self.attended)
        chart.addSeries(self.points)
        chart.legend().markers(self.points)[0].setVisible(False)
        self.events_axis = QBarCategoryAxis()
        self.events_axis.setTruncateLabels(False)
        self.count_axis = QValueAxis()
        self.count_axis.setLabelFormat("%d")
        self.count_axis.setTitleText(self.tr("Candidates"))
        small = QFont()
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        for axis in (self.events_axis, self.count_axis):
            axis.setLabelsFont(small)
            axis.setTitleFont(small)
        chart.addAxis(self.events_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.count_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (self.series, self.attended, self.points):
            series.attachAxis(self.events_axis)
            series.attachAxis(self.count_axis)
        theme.on_change(self, AttendanceChart.recolour)

    def recolour(self) -> None:
        """Colours from the current theme (again after the desktop turns light or dark)."""
        colour_chart(self)
        self.enrolled.setColor(theme.colour(ENROLLED_COLOUR))
        self.enrolled.setBorderColor(theme.colour(ENROLLED_COLOUR))
        self.enrolled.setLabelColor(theme.colour("chart_bar_label"))
        self.attended.setPen(QPen(theme.colour(ATTENDED_COLOUR), 3))
        self.points.setPointLabelsColor(theme.colour("chart_point_label"))
        self.points.setColor(theme.colour(ATTENDED_COLOUR))
        self.points.setBorderColor(theme.colour("chart_bg"))

    def show_events(self, events: tuple[EventRow, ...]) -> None:
        """Replace the bars with these events' figures (in place: no new chart)."""
        self.enrolled.remove(0, self.enrolled.count())
        self.enrolled.append([float(e.enrolled) for e in events])
        held = [QPointF(i, e.attended) for i, e in enumerate(events) if e.attended is not None]
        self.attended.replace(held)
        self.points.replace(held)
        self.events_axis.clear()
        self.events_axis.append([category_label(e) for e in events])
        top = max((e.enrolled for e in events), default=0)
        step = 2 if top <= 12 else 5 if top <= 40 else 10
        upper = max(step, math.ceil(top * 1.15 / step) * step)
        self.count_axis.setRange(0, upper)
        self.count_axis.setTickCount(upper // step + 1)
        self.setAccessibleDescription(figures_in_words(events))

    def figures(self) -> list[tuple[int, int | None]]:
        """(enrolled, attended or None) per event as drawn; for tests."""
        attended = {round(p.x()): round(p.y()) for p in self.attended.points()}
        return [(int(self.enrolled.at(i)), attended.get(i))
                for i in range(self.enrolled.count())]
