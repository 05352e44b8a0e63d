"""``ImpactView``: the impact of a partner's groups as the central service reports it (read
only): one line per group, one per intake summing its groups, and the breakdown of the
line chosen (each 360° domain start → end, destinations and school-improvement outcomes by
label).

A part answered by too few says so instead of a figure; an intake's sum that leaves such
a group out says how many it leaves out. "Simulated for the demo" shows when the service
made the figures up. Before any report has arrived the page says so kindly. Every read runs
on the runner; the page hears the hub and re-reads on ``reports`` (while hidden, when next
shown).
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.impact import ImpactLine, ImpactOverview, ImpactService
from ui import theme
from ui.changes_hub import ChangesHub, RefreshWhenShown, subscribe
from ui.impact_model import (
    GROUP_COLUMNS,
    INTAKE_COLUMNS,
    KEY_ROLE,
    SORT_ROLE,
    BreakdownModel,
    ImpactLinesModel,
)
from ui.keyboard_focus import leave_on_tab
from ui.reports.event_panel import text_label
from ui.runner import Runner
from ui.text_room import fit_rows_to_text

SHOWS = Changes(reports=True, catalogue=True)  # the reports, and the groups they name


def _table(name: str, accessible: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    leave_on_tab(table)  # Tab moves on to the next table; arrows move rows
    fit_rows_to_text(table, 26)
    return table


class ImpactView(QWidget):
    shown = Signal()  # a read is on screen

    def __init__(self, runner: Runner, impact: ImpactService,
                 parent: QWidget | None = None, *, hub: ChangesHub | None = None) -> None:
        super().__init__(parent)
        self.runner, self.impact = runner, impact
        self._refresher = RefreshWhenShown(self, self.refresh)
        self.overview: ImpactOverview | None = None
        self.heading = text_label(self.tr("Impact of your groups"), bold=True,
                                  name="impact-heading")
        self.simulated = text_label(self.tr(
            "Simulated for the demo: the reference service made these figures up."),
            name="impact-simulated")
        theme.set_text_role(self.simulated, "accent_text")
        self.empty = text_label(self.tr(
            "The central service has not reported impact for your groups yet. Its reports "
            "of the 360° diagnostic, destinations and school improvement will show here "
            "after a sync once it has."), name="impact-empty")
        self.groups_model = ImpactLinesModel(GROUP_COLUMNS, self)
        self.intakes_model = ImpactLinesModel(INTAKE_COLUMNS, self)
        self.groups_proxy = self._proxy(self.groups_model)
        self.intakes_proxy = self._proxy(self.intakes_model)
        self.groups_table = _table("impact-groups", self.tr("Impact of each group"))
        self.intakes_table = _table("impact-intakes",
                                    self.tr("Impact of each intake, its groups together"))
        self.breakdown_model = BreakdownModel(self)
        self.breakdown_table = _table("impact-breakdown", self.tr("Breakdown"))
        self.breakdown_box = QGroupBox(self.tr("Breakdown"))
        self.rules = text_label(name="impact-rules")
        theme.set_text_role(self.rules, "text_secondary")
        self.content = QSplitter(Qt.Orientation.Vertical)
        self._build()
        subscribe(hub, self)

    def _proxy(self, model: ImpactLinesModel) -> QSortFilterProxyModel:
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        return proxy

    def _build(self) -> None:
        for table, proxy in ((self.groups_table, self.groups_proxy),
                             (self.intakes_table, self.intakes_proxy)):
            table.setModel(proxy)
            table.setSortingEnabled(True)
            table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # by intake, then code
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(True)
            table.selectionModel().selectionChanged.connect(
                lambda _new, _old, t=table: self._chosen(t))
        self.breakdown_table.setModel(self.breakdown_model)
        self.breakdown_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.breakdown_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the figures whole
        header.setStretchLastSection(False)
        self.breakdown_table.setWordWrap(True)
        box = QVBoxLayout(self.breakdown_box)
        box.addWidget(self.breakdown_table)
        by_group = QLabel(self.tr("By group"))
        by_group.setBuddy(self.groups_table)
        by_intake = QLabel(self.tr("By intake (the groups of each intake together)"))
        by_intake.setBuddy(self.intakes_table)
        top = QWidget()
        upper = QVBoxLayout(top)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addWidget(by_group)
        upper.addWidget(self.groups_table, 1)
        intakes = QWidget()
        lower = QVBoxLayout(intakes)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(by_intake)
        lower.addWidget(self.intakes_table, 1)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(intakes)
        bottom.addWidget(self.breakdown_box)
        bottom.setStretchFactor(0, 1)
        bottom.setStretchFactor(1, 1)
        bottom.setSizes([680, 680])  # the intakes' first columns, the breakdown's figures
        bottom.setChildrenCollapsible(False)
        self.content.addWidget(top)
        self.content.addWidget(bottom)
        self.content.setStretchFactor(0, 1)
        self.content.setStretchFactor(1, 1)
        self.content.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.simulated)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.content, 1)
        layout.addWidget(self.rules)
        self.rules.setText(self.tr(
            "As the central service reports them. A part answered by fewer than 3 people is "
            "hidden and its figures never shown; an intake's figures add up the groups shown "
            "and say how many they leave out."))
        self.simulated.hide()
        self.content.hide()
        self.empty.hide()
        self.setTabOrder(self.groups_table, self.intakes_table)
        self.setTabOrder(self.intakes_table, self.breakdown_table)

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        if changes.touches(SHOWS):
            self._refresher.request()

    @Slot()
    def refresh(self) -> None:
        self.runner.read(self.impact.overview).success(self._take).run()

    def _take(self, overview: ImpactOverview) -> None:
        chosen = self._chosen_key()
        self.overview = overview
        self.empty.setVisible(overview.empty)
        self.content.setVisible(not overview.empty)
        self.rules.setVisible(not overview.empty)
        self.simulated.setVisible(overview.simulated)
        self.groups_model.set_rows(overview.groups)
        self.intakes_model.set_rows(overview.intakes)
        for table in (self.groups_table, self.intakes_table):
            table.resizeColumnsToContents()
        if not self._select(chosen) and overview.groups:
            self._select((self.groups_table, overview.groups[0].key))
        if overview.empty:
            self.breakdown_model.show_line(None)
        self.shown.emit()

    def _chosen_key(self) -> tuple[QTableView, str] | None:
        for table in (self.groups_table, self.intakes_table):
            rows = table.selectionModel().selectedRows()
            if rows:
                return table, str(rows[0].data(KEY_ROLE))
        return None

    def _select(self, chosen: tuple[QTableView, str] | None) -> bool:
        if chosen is None:
            return False
        table, key = chosen
        proxy = table.model()
        for row in range(proxy.rowCount()):
            if proxy.index(row, 0).data(KEY_ROLE) == key:
                table.selectRow(row)
                return True
        return False

    def select(self, key: str) -> bool:
        """Show the breakdown of the group or intake with this id."""
        return (self._select((self.groups_table, key))
                or self._select((self.intakes_table, key)))

    def _chosen(self, table: QTableView) -> None:
        rows = table.selectionModel().selectedRows()
        if not rows:
            return
        other = self.intakes_table if table is self.groups_table else self.groups_table
        other.selectionModel().blockSignals(True)
        other.clearSelection()
        other.selectionModel().blockSignals(False)
        line = self._line(table, str(rows[0].data(KEY_ROLE)))
        self.breakdown_model.show_line(line)
        if line is not None:
            self.breakdown_box.setTitle(self.tr("Breakdown — {line}").format(line=line.label))
        self.breakdown_table.resizeRowsToContents()

    def _line(self, table: QTableView, key: str) -> ImpactLine | None:
        model = self.groups_model if table is self.groups_table else self.intakes_model
        return next((line for line in model.rows if line.key == key), None)

