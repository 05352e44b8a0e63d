"""The colours of a Qt chart from theme roles: background, axes, grid, legend.

Qt's chart themes (``QChart.ChartTheme``) would also reset each series' colours and the
axes' fonts, so the charts are coloured from roles instead and re-coloured (through
``ui.theme.on_change``) when the desktop switches between light and dark.
"""

from __future__ import annotations

from PySide6.QtCharts import QChartView

from ui import theme


def colour_chart(view: QChartView) -> None:
    chart = view.chart()
    view.setBackgroundBrush(theme.brush("chart_bg"))
    chart.setBackgroundBrush(theme.brush("chart_bg"))
    chart.setPlotAreaBackgroundVisible(False)
    chart.legend().setLabelColor(theme.colour("chart_text"))
    chart.setTitleBrush(theme.brush("chart_text"))
    for axis in chart.axes():
        axis.setLabelsColor(theme.colour("chart_text"))
        axis.setTitleBrush(theme.brush("chart_text"))
        axis.setGridLineColor(theme.colour("chart_grid"))
        axis.setLinePenColor(theme.colour("chart_grid"))
