"""``PipelineView``: a partner lead's recruitment pipeline (read only).

At the top, what registration is open now and next, and whether the partner runs a group of
each required qualification this academic year and next. Then one line per open group
(its own recruits and those the central team allocated, applications by status, enrolled
of the minimum, the deadline and the forecast), the intakes' totals, and the closed groups
apart. Below, for the group chosen: its trend week by week as a chart, the forecast in
words, and who applied (name, school, role, how they came, status: nothing more).

Every read runs on the runner; the page hears the hub and re-reads on ``recruitment`` and
``catalogue`` (while hidden, when next shown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.recruitment import Applicant, GroupPipeline, Pipeline, RecruitmentService
from ui import theme
from ui.changes_hub import ChangesHub, RefreshWhenShown, subscribe
from ui.keyboard_focus import leave_on_tab
from ui.pipeline_chart import PipelineChart
from ui.pipeline_model import (
    APPLICANT_COLUMNS,
    GROUP_COLUMNS,
    INTAKE_COLUMNS,
    KEY_ROLE,
    SORT_ROLE,
    ColumnsModel,
    needs_partner,
)
from ui.reports.event_panel import text_label
from ui.runner import Runner
from ui.text_room import fit_rows_to_text

SHOWS = Changes(recruitment=True, catalogue=True)  # applications, and the groups they fill
Today = Callable[[], dt.date]


def _table(name: str, accessible: str, model: ColumnsModel[Any],
           parent: QWidget) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setModel(proxy)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    leave_on_tab(table)  # Tab moves on; arrows move between rows
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # tips say all
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    fit_rows_to_text(table, 26)
    return table, proxy


def fit_height(table: QTableView, rows: int) -> None:
    """Room for the header and ``rows`` rows, no more (an intake or two)."""
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
                         + rows * table.verticalHeader().defaultSectionSize() + 2)


class PipelineView(QWidget):
    shown = Signal()  # a read of the pipeline is on screen
    group_shown = Signal(str)  # a group's applicants are on screen

    def __init__(self, runner: Runner, recruitment: RecruitmentService, today: Today | dt.date,
                 parent: QWidget | None = None, *, hub: ChangesHub | None = None) -> None:
        super().__init__(parent)
        self.runner, self.recruitment = runner, recruitment
        self._today: Today = today if callable(today) else (lambda: today)
        self._refresher = RefreshWhenShown(self, self.refresh)
        self._current: str | None = None
        self.pipeline: Pipeline | None = None
        self.windows = text_label(name="pipeline-windows")
        self.expectations = text_label(name="pipeline-expectations")
        self.empty = text_label(self.tr(
            "No groups of yours are on this laptop yet. Their applications will show here "
            "after a sync."), name="pipeline-empty")
        self.note = text_label(self.tr(
            "The central service has not sent any applications for your groups yet."),
            name="pipeline-note")
        theme.set_text_role(self.note, "text_secondary")
        self.groups_model: ColumnsModel[GroupPipeline] = ColumnsModel(
            GROUP_COLUMNS, lambda p: p.group_id, self, strong=needs_partner)
        self.intakes_model: ColumnsModel[Any] = ColumnsModel(
            INTAKE_COLUMNS, lambda i: i.intake_id, self)
        self.applicants_model: ColumnsModel[Applicant] = ColumnsModel(
            APPLICANT_COLUMNS, lambda a: a.application_id, self)
        self.groups_table, self.groups_proxy = _table(
            "pipeline-groups", self.tr("Recruitment of each group"), self.groups_model, self)
        self.intakes_table, _ = _table("pipeline-intakes", self.tr(
            "Recruitment of each intake, its groups together"), self.intakes_model, self)
        self.applicants_table, _ = _table("pipeline-applicants", self.tr("Applicants"),
                                          self.applicants_model, self)
        header = self.applicants_table.horizontalHeader()
        # the school and the role share what the name, source, status and date leave
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.closed = text_label(name="pipeline-closed")
        self.chart = PipelineChart()
        self.forecast = text_label(bold=True, name="pipeline-forecast")
        self.rules = text_label(self.tr(
            "Own: used your allocation code or chose you as preferred partner. Forecast: "
            "applications of the last 4 weeks still in play, a week, until the deadline, "
            "with those waiting for a decision, at this group's share accepted."),
            name="pipeline-rules")
        theme.set_text_role(self.rules, "text_secondary")
        self.content = QSplitter(Qt.Orientation.Vertical)
        self._build()
        self.groups_table.selectionModel().selectionChanged.connect(self._chosen)
        subscribe(hub, self)

    def _build(self) -> None:
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.groups_table, 1)
        column.addWidget(self.intakes_table)
        column.addWidget(self.closed)
        below = QWidget()
        row = QHBoxLayout(below)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chart, 2)
        side = QVBoxLayout()
        side.addWidget(self.forecast)
        side.addWidget(self.applicants_table, 1)
        side.addWidget(self.rules)
        row.addLayout(side, 3)
        self.content.setChildrenCollapsible(False)
        self.content.addWidget(top)
        self.content.addWidget(below)
        self.content.setStretchFactor(0, 1)
        self.content.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        for widget in (self.windows, self.expectations, self.empty, self.note):
            layout.addWidget(widget)
        layout.addWidget(self.content, 1)
        self.setTabOrder(self.groups_table, self.intakes_table)
        self.setTabOrder(self.intakes_table, self.applicants_table)

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        if changes.touches(SHOWS):
            self._refresher.request()

    @Slot()
    def refresh(self) -> None:
        self.runner.read(self.recruitment.pipeline, self._today()).success(self._show).run()

    def _show(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.windows.setText(pipeline.window_words)
        self.expectations.setText(pipeline.expectation_words)
        self.expectations.setAccessibleName(" · ".join(e.spoken for e in pipeline.expectations))
        self.expectations.setVisible(bool(pipeline.expectation_words))
        self.empty.setVisible(pipeline.empty)
        self.content.setVisible(not pipeline.empty)
        none = not any(p.counts.total for p in pipeline.groups) and not any(
            i.unplaced for i in pipeline.intakes)
        self.note.setVisible(none and not pipeline.empty)
        keep = self._current
        self.groups_model.set_rows(pipeline.groups)
        self.intakes_model.set_rows(pipeline.intakes)
        fit_height(self.intakes_table, max(1, len(pipeline.intakes)))
        self.closed.setText(self.tr("Closed, not running: {groups}").format(groups="; ".join(
            f"{c.code} ({c.intake_label}): {c.words}" for c in pipeline.closed)))
        self.closed.setVisible(bool(pipeline.closed))
        ids = [p.group_id for p in pipeline.groups]
        self.shown.emit()
        self.select(keep if keep in ids else (ids[0] if ids else None))

    def select(self, group_id: str | None) -> bool:
        """Choose a group (its chart, forecast and applicants); whether it is listed."""
        row = self.groups_model.row_of(group_id) if group_id else None
        if row is None:
            self._current = None
            self.forecast.clear()
            self.applicants_model.set_rows([])
            return False
        index = self.groups_proxy.mapFromSource(self.groups_model.index(row, 0))
        if self.groups_table.selectionModel().isRowSelected(index.row()):
            self._load(self.groups_model.rows[row])
        else:
            self.groups_table.selectRow(index.row())
        return True

    def _chosen(self) -> None:
        rows = self.groups_table.selectionModel().selectedRows()
        if rows:
            key = self.groups_proxy.data(rows[0], KEY_ROLE)
            row = self.groups_model.row_of(str(key))
            if row is not None:
                self._load(self.groups_model.rows[row])

    def _load(self, group: GroupPipeline) -> None:
        self._current = group.group_id
        self.chart.show_group(group)
        self.forecast.setText(group.forecast.words)
        self.applicants_table.setAccessibleName(self.tr("Applicants to {code}").format(
            code=group.code))

        def show(people: tuple[Applicant, ...]) -> None:
            if group.group_id == self._current:
                self.applicants_model.set_rows(people)
                self.group_shown.emit(group.group_id)

        self.runner.read(self.recruitment.applicants, group.group_id).success(show).run()

    @property
    def current_group_id(self) -> str | None:
        return self._current

    def today(self) -> dt.date:
        """The day the page reads the pipeline as at (the demo's day in demo mode)."""
        return self._today()
