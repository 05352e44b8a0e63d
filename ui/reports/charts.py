"""The two chart widgets of a report, on Qt's chart module.

``DistributionChart``: how many candidates gave each rating 1-5, as horizontal bars; its
bars are updated in place when new responses arrive, so an open report does not flicker.
``TrendChart``: one question's mean at each of a group's events, with a gap where an
event's results are hidden.

Room for the text: the axes' type is a point smaller than the window's, and a chart is
tall enough for every label it has (a row per rating, the axis labels and title under
it) at that size, measured from the font and measured again when the font changes
(``FontWatch``): at 16 pt a fixed 170 px left room for two of the five ratings and the
counts axis came out as "…". The report gives all its distributions one counts axis
(``show_counts(counts, top)``), so bars of different questions compare by length.

By ear: each chart is a Tab stop (it is where its figures are) whose accessible
description says them in words ("Rating 5: 3 responses; …", "S1 · 3 Nov: mean 4.2 of 5;
S2 · 10 Nov: hidden, too few responses"); its panel names it after its question.
"""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ui import theme
from ui.chart_look import colour_chart, plain_chart, quiet_viewport
from ui.font_watch import FontWatch
from ui.i18n import translate

BAR_COLOUR = "chart_line"  # theme roles (ui/theme_colours.py)
LINE_COLOUR = "chart_line"
RATING_LABELS = ["1", "2", "3", "4", "5"]
TREND_ROWS = 6  # the 1-5 scale's labels, with room between them for the line


ROW_LINES = 1.4  # a rating's bar row, in lines of the axis type
FRAME_LINES = 4.5  # under and around the plot: tick labels, the axis title, margins


def axis_font(widget: QWidget) -> QFont:
    """The axes' type: a point smaller than the widget's, never under 7 pt."""
    small = QFont(widget.font())
    small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
    return small


def fit_text(view: QChartView, rows: float) -> None:
    """Put the axis type on ``view``'s axes and make it as tall as ``rows`` rows of it
    plus the axis labels and title under the plot: a fixed height, so charts side by side
    have plot areas of one size however their titles wrap."""
    small = axis_font(view)
    for axis in view.chart().axes():
        axis.setLabelsFont(small)
        axis.setTitleFont(small)
        axis.setTruncateLabels(False)
    line = QFontMetrics(small).lineSpacing()
    view.setFixedHeight(math.ceil(line * (rows * ROW_LINES + FRAME_LINES)))


def _count_axis_range(top: int) -> tuple[int, int]:
    """A whole-number axis end and tick count that fit ``top`` (ticks on whole numbers)."""
    top = max(1, top)
    step = 1 if top <= 6 else 2 if top <= 12 else 5 if top <= 30 else 10
    upper = math.ceil(top / step) * step
    return upper, upper // step + 1


def counts_in_words(counts: tuple[int, ...]) -> str:
    """'Rating 5: 3 responses; Rating 4: 1 response; …', highest rating first."""
    said = []
    for rating, count in reversed(list(enumerate(counts, start=1))):
        words = (translate("DistributionChart", "Rating {rating}: 1 response") if count == 1
                 else translate("DistributionChart", "Rating {rating}: {n} responses"))
        said.append(words.format(rating=rating, n=count))
    return "; ".join(said)


def means_in_words(event_labels: list[str], means: tuple[float | None, ...]) -> str:
    """'S1 · 3 Nov: mean 4.2 of 5; S2 · 10 Nov: hidden, too few responses'."""
    return "; ".join(
        translate("TrendChart", "{event}: hidden, too few responses").format(event=label)
        if mean is None else
        translate("TrendChart", "{event}: mean {mean} of 5").format(event=label,
                                                                     mean=f"{mean:.1f}")
        for label, mean in zip(event_labels, means, strict=False))


class DistributionChart(QChartView):
    """Counts of ratings 1 (bottom) to 5 (top) for one question."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = plain_chart()
        super().__init__(chart, parent)
        quiet_viewport(self)
        self.bars = QBarSet(self.tr("Responses"))
        self.bars.append([0.0] * len(RATING_LABELS))
        series = QHorizontalBarSeries()
        series.append(self.bars)
        series.setBarWidth(0.7)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        ratings = QBarCategoryAxis()
        ratings.append(RATING_LABELS)
        ratings.setTitleText(self.tr("Rating"))
        self.counts_axis = QValueAxis()
        self.counts_axis.setLabelFormat("%d")
        self.counts_axis.setTitleText(self.tr("Responses"))
        chart.addAxis(ratings, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.counts_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(ratings)
        series.attachAxis(self.counts_axis)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        fit_text(self, len(RATING_LABELS))  # "1".."5" were elided to "…" in narrow charts
        FontWatch(self, lambda chart: fit_text(chart, len(RATING_LABELS)))
        self.show_counts((0, 0, 0, 0, 0))
        theme.on_change(self, DistributionChart.recolour)

    def recolour(self) -> None:
        colour_chart(self)
        self.bars.setColor(theme.colour(BAR_COLOUR))
        self.bars.setBorderColor(theme.colour(BAR_COLOUR))
        self.bars.setLabelColor(theme.colour("chart_text"))

    def show_counts(self, counts: tuple[int, ...], top: int | None = None) -> None:
        """The bars, on a counts axis that reaches ``top`` (the report's largest count,
        so that every question is drawn to one scale), or this question's own."""
        for index, count in enumerate(counts):
            self.bars.replace(index, float(count))
        largest = max(top or 0, *counts, 0)
        # Room to the right of the longest bar for its label.
        upper, ticks = _count_axis_range(math.ceil(largest * 1.12))
        self.counts_axis.setRange(0, upper)
        self.counts_axis.setTickCount(ticks)
        self.setAccessibleDescription(counts_in_words(counts))

    def counts(self) -> tuple[int, ...]:
        return tuple(int(self.bars.at(i)) for i in range(self.bars.count()))


class TrendChart(QChartView):
    """One question's mean (1-5) at each event of a group, in date order."""

    def __init__(self, event_labels: list[str], means: tuple[float | None, ...],
                 parent: QWidget | None = None) -> None:
        chart = plain_chart()
        super().__init__(chart, parent)
        quiet_viewport(self)
        self.segments: list[QLineSeries] = []
        points = QScatterSeries()
        points.setMarkerSize(8)
        segment: QLineSeries | None = None
        for index, mean in enumerate(means):
            if mean is None:
                segment = None  # a gap: the next point starts a new line
                continue
            if segment is None:
                segment = QLineSeries()
                self.segments.append(segment)
            segment.append(QPointF(index, mean))
            points.append(QPointF(index, mean))
        events = QBarCategoryAxis()
        events.append(event_labels)
        events.setTruncateLabels(False)
        scale = QValueAxis()
        scale.setRange(1, 5)
        scale.setTickCount(5)
        scale.setLabelFormat("%d")
        scale.setTitleText(self.tr("Mean rating"))
        chart.addAxis(events, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(scale, Qt.AlignmentFlag.AlignLeft)
        for series in [*self.segments, points]:
            chart.addSeries(series)
            series.attachAxis(events)
            series.attachAxis(scale)
        self.points = points
        self.setAccessibleDescription(means_in_words(event_labels, means))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        fit_text(self, TREND_ROWS)
        FontWatch(self, lambda chart: fit_text(chart, TREND_ROWS))
        theme.on_change(self, TrendChart.recolour)

    def recolour(self) -> None:
        colour_chart(self)
        self.points.setColor(theme.colour(LINE_COLOUR))
        self.points.setBorderColor(theme.colour(LINE_COLOUR))
        for segment in self.segments:
            segment.setPen(QPen(theme.colour(LINE_COLOUR), 2))
