"""The QA lead's workspace: the facilitators assigned to me, what is due for each, and the
first sessions coming up; the selected facilitator's cycle and forms beside the table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.forms.views import (
    CycleItem,
    FacilitatorQa,
    FirstSession,
    FormSummary,
    FormView,
    QaWorkspace,
)
from ui.forms.service import FormService
from ui.i18n import translate
from ui.keyboard_focus import leave_on_tab
from ui.qa_cycle import day_text, find_item
from ui.qa_detail import FacilitatorDetail
from ui.qa_workspace_model import FACILITATOR_ID_ROLE, QaWorkspaceModel
from ui.runner import Runner

WorkspaceLoader = Callable[[dt.date], QaWorkspace]


def upcoming_text(session: FirstSession) -> str:
    when = day_text(session.date) if session.date_chosen else translate(
        "QaWorkspaceView", "{day} (date to choose)").format(day=day_text(session.date))
    return f"{when} · {session.venue_name} · {session.group_code} · {session.title}"


class QaWorkspaceView(QWidget):
    open_form = Signal(str)  # a form id to show in an editor
    form_started = Signal(object)  # FormView of a new draft
    loaded = Signal(object)  # QaWorkspace, after each refresh

    def __init__(self, runner: Runner, forms: FormService, workspace: WorkspaceLoader,
                 today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qaWorkspace")
        self._runner, self._forms, self._workspace, self._today = (
            runner, forms, workspace, today)
        self._selected: str | None = None
        self.title = QLabel(self.tr("Facilitators assigned to me"))
        self.title.setObjectName("workspaceTitle")
        self.model = QaWorkspaceModel(today())
        self.table = QTableView()
        self.table.setObjectName("qaTable")
        self.table.setAccessibleName(self.tr("Facilitators assigned to me, most urgent first"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 150)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.detail.cycle.focus_first())
        self.upcoming = QListWidget()
        self.upcoming.setObjectName("upcomingFirstSessions")
        self.upcoming.setAccessibleName(self.tr("Upcoming first sessions"))
        self.upcoming.setMaximumHeight(96)
        leave_on_tab(self.table, self.upcoming)  # Tab goes on to the detail panel
        self.no_upcoming = QLabel(self.tr("No first sessions coming up."))
        self.no_upcoming.setObjectName("upcomingHint")
        self.no_upcoming.hide()
        self.detail: FacilitatorDetail = FacilitatorDetail(can_start=frozenset({"qa_visit",
                                                             "coaching_conversation"}))
        self.detail.item_action.connect(self.start_item)
        self.detail.open_form.connect(self.open_form)
        self._assemble()

    def _assemble(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(12, 8, 4, 8)
        column.addWidget(self.title)
        column.addWidget(self.table, 1)
        heading = QLabel(self.tr("Upcoming first sessions"))
        heading.setObjectName("sectionTitle")
        column.addWidget(heading)
        column.addWidget(self.upcoming)
        column.addWidget(self.no_upcoming)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        self.detail.setMinimumWidth(340)
        splitter.setSizes([960, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def refresh(self) -> None:
        today = self._today()
        self._runner.read(self._workspace, today).success(
            lambda ws: self._show(ws, today)).run()

    def _show(self, workspace: QaWorkspace, today: dt.date) -> None:
        self.title.setText(self.tr("Facilitators assigned to me · {year}").format(
            year=workspace.academic_year))
        self.model.set_rows(list(workspace.facilitators), today)
        self.table.resizeRowsToContents()
        self.upcoming.clear()
        self.upcoming.addItems([upcoming_text(s) for s in workspace.upcoming_first_sessions])
        self.upcoming.setVisible(bool(workspace.upcoming_first_sessions))
        self.no_upcoming.setVisible(not workspace.upcoming_first_sessions)
        wanted = self._selected or (workspace.facilitators[0].facilitator_id
                                    if workspace.facilitators else None)
        row = self.model.row_of(wanted) if wanted else -1
        if row >= 0:
            self.table.selectRow(row)
            self._show_detail(self.model.rows[row])
        self.loaded.emit(workspace)

    def _selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        facilitator_id = indexes[0].data(FACILITATOR_ID_ROLE)
        row = self.model.row_of(facilitator_id)
        if row >= 0 and facilitator_id != self._selected:
            self._show_detail(self.model.rows[row])

    def _show_detail(self, row: FacilitatorQa) -> None:
        self._selected = row.facilitator_id
        self.detail.show_facilitator(row)
        (self._runner.read(partial(self._forms.forms, facilitator_id=row.facilitator_id))
         .success(lambda forms: self._forms_loaded(row.facilitator_id, forms)).run())

    def _forms_loaded(self, facilitator_id: str, forms: list[FormSummary]) -> None:
        if facilitator_id == self._selected:
            self.detail.show_forms(forms)

    def select(self, facilitator_id: str) -> None:
        row = self.model.row_of(facilitator_id)
        if row >= 0:
            self.table.selectRow(row)

    def start_item(self, row: FacilitatorQa, item: CycleItem) -> None:
        """Start the form for ``item`` (a visit on the first session; a conversation
        linked to the visit, when there is one)."""
        visit = find_item(row, "qa_visit", None)
        visit_id = visit.form_id if visit else None
        if item.kind == "qa_visit":
            event_id = row.first_session.event_id if row.first_session else None
            start = partial(self._forms.start_visit, row.facilitator_id, event_id)
        elif item.kind == "coaching_conversation":
            start = partial(self._forms.start_conversation, row.facilitator_id,
                            item.stage or "pre_visit", visit_id)
        else:
            return
        self._runner.write(start).success(self._started).run()

    def _started(self, view: FormView) -> None:
        self.form_started.emit(view)
        self.refresh()
