"""``DashboardView``: the partner lead's groups and how recruitment stands.

A filter bar (intake, qualification, partner, "only groups that need attention"), a
sortable table of groups with those that need the partner now first and marked in words,
icon and a tinted bold row, and below it the selected group's attendance against enrolment
(table and chart) and its candidates' course fees.

Every read goes through the runner's read lane and comes back as plain data. ``refresh()``
re-reads the filter choices, the table and the open group, keeping the filters and the
selection; with a hub the page does so itself when a change concerns it (``on_changes``).

With an event date service (a partner lead's), every date still to choose is one click
from the date picker: the group's "To choose" cell ("Event 6"; Enter on a
selected group does the same), and each "Choose date…" button in the group's sessions.
``date_chosen`` says a choice was saved here; the hub hears it too (sync, events list).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.dashboard import DashboardService, FilterChoices, GroupDetail, GroupFilter, GroupRow
from app.errors import NotFoundError
from app.event_date_views import DateState, group_dates
from ui.changes_hub import ChangesHub, RefreshWhenShown, announce, subscribe
from ui.dashboard_detail import GroupDetailPanel
from ui.dashboard_model import (
    DATES_COLUMN,
    FACILITATORS_COLUMN,
    GROUP_ID_ROLE,
    PARTNER_COLUMN,
    SORT_ROLE,
    VENUE_COLUMN,
    GroupTableModel,
    count_text,
)
from ui.date_picker_dialog import DatePickerDialog, EventDates, open_date_picker
from ui.flow_layout import FlowLayout
from ui.keyboard_focus import leave_on_tab
from ui.runner import Runner
from ui.text_room import fit_rows_to_text

log = logging.getLogger(__name__)
Today = Callable[[], dt.date]
ANY = "__any__"
ROWS_IN_VIEW = 6  # groups above the divider at first (a partner lead may have a dozen)


Loaded = tuple[FilterChoices, list[GroupRow], dict[str, DateState], str]


def load_dashboard(service: DashboardService, today: dt.date, group_filter: GroupFilter,
                   dates: EventDates | None = None) -> Loaded:
    """The filter choices, the filtered groups, every event's date state and what
    registration is open now and next, in one job (on a worker thread)."""
    states = dates.states() if dates is not None else {}
    return (service.filters(), service.groups(today, group_filter), states,
            service.registration_line(today))


def _combo(name: str, everything: str, spoken: str) -> QComboBox:
    """A filter: ``spoken`` names it (a combo box's own name on Linux is its choice)."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(spoken)
    combo.addItem(everything, ANY)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


SHOWS = Changes(catalogue=True, marks=True, dates=True, outbox=True)  # what the page shows


class DashboardView(QWidget):
    groups_shown = Signal()  # the table shows the result of the latest read
    detail_shown = Signal(str)  # group id, after its detail is on screen
    date_chosen = Signal(str)  # an event's date was chosen here (saved, not yet synced)

    def __init__(self, runner: Runner, dashboard: DashboardService,
                 today: Today | dt.date, parent: QWidget | None = None, *,
                 dates: EventDates | None = None, hub: ChangesHub | None = None) -> None:
        super().__init__(parent)
        self.runner, self.dashboard, self.dates, self._hub = runner, dashboard, dates, hub
        self._refresher = RefreshWhenShown(self, self.refresh)
        self._states: dict[str, DateState] = {}
        self.picker: DatePickerDialog | None = None
        self._today: Today = today if callable(today) else (lambda: today)
        self._current: str | None = None
        self._generation = 0
        self.intake = _combo("dashboardIntake", self.tr("All intakes"), self.tr("Intake"))
        self.qualification = _combo("dashboardQualification", self.tr("All qualifications"),
                                    self.tr("Qualification"))
        self.partner = _combo("dashboardPartner", self.tr("All partners"), self.tr("Partner"))
        self.attention_only = QCheckBox(self.tr("Only groups that need attention"))
        self.attention_only.setObjectName("dashboardAttentionOnly")
        self.counts, self.windows = QLabel(), QLabel()  # the windows: open now and next
        self.counts.setObjectName("dashboardCounts")
        self.windows.setObjectName("dashboardWindows")
        self.windows.setWordWrap(True)
        self.model = GroupTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("dashboardGroups")
        self.table.setAccessibleName(self.tr("Groups"))
        self.table.setModel(self.proxy)
        leave_on_tab(self.table)  # Tab goes on to the group's detail
        self.empty = QLabel(self.tr("No groups match these filters."))
        self.empty.setObjectName("dashboardEmpty")
        self.detail = GroupDetailPanel()
        self._build()
        for combo in (self.intake, self.qualification, self.partner):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.attention_only.toggled.connect(self._filters_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.clicked.connect(self._cell_clicked)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self.choose_for_current_group,
                      context=Qt.ShortcutContext.WidgetShortcut)
        self.detail.choose_date.connect(self.open_date_picker)
        self.table.setColumnHidden(DATES_COLUMN, dates is None)
        subscribe(hub, self)

    def _build(self) -> None:
        bar = self._bar = FlowLayout(spacing=6)  # a second row at a large font
        bar.addWidget(QLabel(self.tr("Show:")))
        for widget in (self.intake, self.qualification, self.partner, self.attention_only):
            bar.addWidget(widget)
        bar.addStretch()
        bar.addWidget(self.counts)
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FACILITATORS_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PARTNER_COLUMN, QHeaderView.ResizeMode.Interactive)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        fit_rows_to_text(table, 28)
        table.setAlternatingRowColors(False)  # the tint of a group that stands out must show
        top = self._top = QWidget()
        top_layout = self._top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.windows)
        self.windows.setVisible(False)  # until the first read says what is open
        top_layout.addLayout(bar)
        top_layout.addWidget(table, 1)
        top_layout.addWidget(self.empty)
        self.empty.setVisible(False)
        # The detail scrolls rather than take the groups' room (its chart and tables need
        # more than a 768-pixel screen leaves); the user can move the divider.
        detail = QScrollArea()
        detail.setObjectName("dashboardDetailScroll")
        detail.setAccessibleName(self.tr("Selected group"))
        detail.setFrameShape(QFrame.Shape.NoFrame)
        detail.setWidgetResizable(True)
        detail.setWidget(self.detail)
        splitter = self.splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("dashboardSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.splitterMoved.connect(self._divider_moved)
        self._divider_set_by_user = False
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # ---- the divider -----------------------------------------------------------------

    def groups_height(self, rows: int) -> int:
        """The height above the divider that shows the filters and ``rows`` whole rows."""
        table = self.table
        width = self._top.width() or self.width()
        spacing = max(0, self._top_layout.spacing())
        line = self.windows.heightForWidth(width) + spacing if self.windows.text() else 0
        return (line + self._bar.heightForWidth(width) + spacing
                + table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
                + rows * table.verticalHeader().defaultSectionSize())

    def fit_divider(self) -> None:
        """Room for ROWS_IN_VIEW groups (all of them, if fewer) above the divider, until
        the user moves it."""
        if self._divider_set_by_user or not self.table.isVisibleTo(self):
            return
        wanted = self.groups_height(min(ROWS_IN_VIEW, max(1, self.proxy.rowCount())))
        total = sum(self.splitter.sizes()) or self.splitter.height()
        self.splitter.setSizes([wanted, max(1, total - wanted)])

    @Slot()
    def _divider_moved(self) -> None:
        self._divider_set_by_user = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_divider()

    # ---- reading ---------------------------------------------------------------------

    @property
    def current_group_id(self) -> str | None:
        return self._current

    def group_filter(self) -> GroupFilter:
        def chosen(combo: QComboBox) -> str | None:
            value = combo.currentData()
            return None if value in (None, ANY) else str(value)

        return GroupFilter(intake=chosen(self.intake),
                           qualification=chosen(self.qualification),
                           partner=chosen(self.partner),
                           attention_only=self.attention_only.isChecked())

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """What it shows changed: re-read now on screen, else when shown (it takes seconds)."""
        if initiator is not self and changes.touches(SHOWS):
            self._refresher.request()

    @Slot()
    def refresh(self) -> None:
        """Re-read everything (after a sync), keeping the filters and the selection."""
        generation = self._next_generation()
        self.runner.read(load_dashboard, self.dashboard, self._today(), self.group_filter(),
                         self.dates
                         ).success(lambda result: self._show_all(generation, result)).run()

    @Slot()
    def _filters_changed(self) -> None:
        generation = self._next_generation()
        self.runner.read(self.dashboard.groups, self._today(), self.group_filter()
                         ).success(lambda rows: self._show_rows(generation, rows)).run()

    def _next_generation(self) -> int:
        self._generation += 1
        return self._generation

    def _show_all(self, generation: int, result: Loaded) -> None:
        choices, rows, states, windows = result
        self.windows.setText(windows)
        self.windows.setVisible(bool(windows))
        if generation == self._generation:
            self._states = states
            self.model.set_dates(group_dates(states.values()))
        for combo, values in ((self.intake, choices.intakes),
                              (self.qualification, choices.qualifications),
                              (self.partner, choices.partners)):
            self._set_choices(combo, values)
        several = len(choices.partners) > 1  # a partner lead has one: no need to say it
        self.partner.setVisible(several)
        self.table.setColumnHidden(PARTNER_COLUMN, not several)
        # One venue for every group: the detail names it; the room goes to facilitators.
        self.table.setColumnHidden(VENUE_COLUMN, len({r.venue_name for r in rows}) <= 1)
        self._show_rows(generation, rows)

    def _set_choices(self, combo: QComboBox, values: tuple[str, ...]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for value in values:
            combo.addItem(value, value)
        index = combo.findData(keep)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _show_rows(self, generation: int, rows: list[GroupRow]) -> None:
        if generation != self._generation:
            return  # a newer read is on its way
        keep = self._current
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.model.set_rows(rows)
        selection.blockSignals(False)
        self.counts.setText(count_text(rows))
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.fit_divider()
        ids = [r.group_id for r in rows]
        chosen = keep if keep in ids else (ids[0] if ids else None)
        self.groups_shown.emit()
        self._select(chosen)

    def _select(self, group_id: str | None) -> None:
        if group_id is None:
            self._current = None
            self.detail.clear()
            return
        row = self.model.row_of(group_id)
        assert row is not None
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        selection = self.table.selectionModel()
        if selection.currentIndex().row() == index.row() and selection.isRowSelected(
                index.row()):
            self._current = group_id
            self._load(group_id)  # already selected: the signal will not fire
            return
        self.table.selectRow(index.row())

    def select_group(self, group_id: str) -> bool:
        """Select the group if it is in the table; returns whether it is."""
        if self.model.row_of(group_id) is None:
            return False
        self._select(group_id)
        return True

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        group_id = self.proxy.data(indexes[0], GROUP_ID_ROLE)
        self._current = str(group_id)
        self._load(self._current)

    def _load(self, group_id: str) -> None:
        def show(detail: GroupDetail) -> None:
            if group_id != self._current:
                return  # the user has moved on meanwhile
            self.detail.show_detail(detail, self._states)
            self.detail_shown.emit(group_id)

        def failed(exc: BaseException) -> None:
            if group_id != self._current:
                return
            self.detail.clear()
            if not isinstance(exc, NotFoundError):  # not just gone in a sync meanwhile
                log.warning("group detail failed: %s", type(exc).__name__)
                self.counts.setText(self.tr("Could not read this group: {error}").format(error=exc))

        (self.runner.read(self.dashboard.group_detail, group_id, self._today())
         .success(show).failure(failed).run())

    # ---- choosing a date (partner leads) ----------------------------------------------

    def _cell_clicked(self, index: QModelIndex) -> None:
        if index.column() == DATES_COLUMN:
            self._choose_first(self.proxy.data(index, GROUP_ID_ROLE))

    @Slot()
    def choose_for_current_group(self) -> None:
        """Enter on a group: the picker for its first event whose date is to choose."""
        index = self.table.currentIndex()
        if index.isValid():
            self._choose_first(self.proxy.data(index, GROUP_ID_ROLE))

    def _choose_first(self, group_id: object) -> None:
        event_id = self.model.first_to_choose(str(group_id)) if group_id else None
        if event_id is not None:
            self.open_date_picker(event_id)

    @Slot(str)
    def open_date_picker(self, event_id: str) -> DatePickerDialog | None:
        """The date picker for this event (non-blocking); the view re-reads once a date is
        chosen. None without a date service or when the user may not choose this one."""
        state = self._states.get(event_id)
        if self.dates is None or state is None or not state.can_choose:
            return None
        self.picker = open_date_picker(self.runner, self.dates, event_id, self,
                                       self._date_chosen)
        return self.picker

    def _date_chosen(self, event_id: str, _day: object) -> None:
        self.picker = None
        self.date_chosen.emit(event_id)
        announce(self._hub, Changes.saved_here(dates=True), self)
        self.refresh()
