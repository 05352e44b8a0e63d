"""The colours of a Qt chart from theme roles: background, axes, grid, legend.

Qt's chart themes (``QChart.ChartTheme``) would also reset each series' colours and the
axes' fonts, so the charts are coloured from roles instead and re-coloured (through
``ui.theme.on_change``) when the desktop switches between light and dark.
"""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QMargins, Qt

from ui import theme
from ui.i18n import translate


def plain_chart(*, legend_on_top: bool = False) -> QChart:
    """A chart with no rounded frame, thin margins and no animation; its legend hidden, or
    along the top."""
    chart = QChart()
    if legend_on_top:
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
    else:
        chart.legend().hide()
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def quiet_viewport(view: QChartView) -> None:
    """The view takes the focus (or not) and says the figures; its drawing surface (the
    viewport, a separate object to assistive technology) is neither a stop nor a nameless
    object. The viewport's focus proxy is the view, so a policy set on it passes to the
    view: the view's own is put back."""
    policy = view.focusPolicy()
    view.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setFocusPolicy(policy)
    view.viewport().setAccessibleName(translate("Charts", "Chart drawing"))


def figures_elsewhere(view: QChartView) -> None:
    """A chart whose figures a table or words beside it give: not a Tab stop at all."""
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    quiet_viewport(view)


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
