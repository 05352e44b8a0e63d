"""``ProgressView``: each candidate's year on one line, for one group at a time.

A group chooser, a summary (events held, how many at risk and how many will miss their
next milestone, the schedule and its assessment window), then one sortable row per enrolled
candidate (``ui.progress_model``: days attended of days held, share of face-to-face hours,
online sessions, online course, 360° diagnostic, coaching where the qualification includes
it (the column is hidden otherwise), the next milestone, status, and at risk in words).
Under it, the selected candidate in full (``ui.progress_detail``: identifiers, funding,
why, each milestone with its state), and how the figures are counted. Every read runs on
the runner; the page hears the hub and re-reads on marks, catalogue and report changes
(while hidden, when next shown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.progress import GroupChoice, GroupProgress, ProgressService, latest_held
from ui import theme
from ui.changes_hub import ChangesHub, RefreshWhenShown, subscribe
from ui.keyboard_focus import leave_on_tab
from ui.progress_detail import ProgressDetail
from ui.progress_model import CANDIDATE_ID_ROLE, COACHING, NAME, SORT_ROLE, ProgressModel
from ui.reports.event_panel import text_label
from ui.runner import Runner
from ui.text_room import fit_rows_to_text

# What the page shows: marks (attendance), the roster (groups, events, enrolments) and the
# central service's reports (progress beyond the registers, declarations).
SHOWS = Changes(marks=True, catalogue=True, reports=True)
Read = tuple[list[GroupChoice], GroupProgress | None]


def read_progress(progress: ProgressService, group_id: str | None, today: dt.date) -> Read:
    """The groups, and the chosen one's progress (when none is chosen or the chosen one is
    gone, the group whose latest event was held last); on the runner."""
    groups = progress.groups(today)
    if group_id not in {g.group_id for g in groups}:
        first = latest_held(groups)
        group_id = first.group_id if first else None
    return groups, progress.group(group_id, today) if group_id else None


class ProgressView(QWidget):
    shown = Signal()  # a group's progress is on screen (after a refresh or a choice)

    def __init__(self, runner: Runner, progress: ProgressService,
                 today: Callable[[], dt.date] | dt.date = dt.date.today,
                 parent: QWidget | None = None, *, hub: ChangesHub | None = None) -> None:
        super().__init__(parent)
        self.runner, self.progress = runner, progress
        self._today = today if callable(today) else (lambda: today)
        self._refresher = RefreshWhenShown(self, self.refresh)
        self.current: GroupProgress | None = None
        self.heading = text_label(bold=True, name="progress-heading")
        self.groups = QComboBox()
        self.groups.setObjectName("progress-groups")
        self.groups.setAccessibleName(self.tr("Group"))
        self.groups.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.groups.currentIndexChanged.connect(self._group_chosen)
        self.summary = text_label(name="progress-summary")
        self.schedule = text_label(name="progress-schedule")
        theme.set_text_role(self.schedule, "text_secondary")
        self.model = ProgressModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("progress-table")
        self.table.setAccessibleName(self.tr("Progress of each candidate"))
        self.table.setModel(self.proxy)
        self.detail = ProgressDetail()
        self.empty = QLabel(self.tr("No groups on this laptop yet."))
        self.empty.setObjectName("progress-empty")
        self.rules = text_label(name="progress-rules")
        theme.set_text_role(self.rules, "text_secondary")
        self._build()
        subscribe(hub, self)

    def _build(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the register's order first
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        leave_on_tab(table)  # Tab goes on to the detail panel
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().selectionChanged.connect(self._selected)
        fit_rows_to_text(table, 28)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel(self.tr("Group:")))
        top.addWidget(self.groups)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.schedule)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.empty)
        layout.addWidget(self.rules)
        self.empty.hide()
        self.rules.setText(self.tr(
            "An event is held once its date has come and its register has marks. Days "
            "attended: present, late or left early. Share of hours: time in the room, from "
            "arrival and departure times, of the hours held. At risk: below the "
            "participation threshold, or two events missed running. Will miss: on current "
            "attendance (face to face and online), the next milestone's engagement is not "
            "met."))

    @property
    def group_id(self) -> str | None:
        return self.groups.currentData() or None

    def select_group(self, group_id: str) -> bool:
        index = self.groups.findData(group_id)
        if index >= 0:
            self.groups.setCurrentIndex(index)
        return index >= 0

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        if changes.touches(SHOWS):
            self._refresher.request()

    @Slot()
    def refresh(self) -> None:
        """Re-read the groups and the chosen group's progress."""
        (self.runner.read(read_progress, self.progress, self.group_id, self._today())
         .success(self._take).run())

    @Slot()
    def _group_chosen(self) -> None:
        if self.group_id is not None and (self.current is None
                                          or self.current.group_id != self.group_id):
            self.refresh()

    def _take(self, read: Read) -> None:
        groups, progress = read
        self.groups.blockSignals(True)
        self.groups.clear()
        for group in groups:
            self.groups.addItem(group.code, group.group_id)
        if progress is not None:
            self.groups.setCurrentIndex(max(0, self.groups.findData(progress.group_id)))
        self.groups.blockSignals(False)
        chosen = self.candidate_id
        self.current = progress
        self.empty.setVisible(progress is None)
        self.table.setVisible(progress is not None)
        self.detail.setVisible(progress is not None)
        self.model.set_rows(progress.rows if progress is not None else ())
        self.table.setColumnHidden(COACHING, progress is None or not progress.coaching_included)
        if progress is None:
            self.heading.setText(self.tr("Progress"))
            self.summary.setText("")
            self.schedule.setText("")
        else:
            self.heading.setText(self.tr("Progress — {group}").format(group=progress.code))
            self.summary.setText(self._summary(progress))
            self.schedule.setText(self._schedule(progress))
        self.select_candidate(chosen)
        self.shown.emit()

    @property
    def candidate_id(self) -> str | None:
        """The candidate whose line is selected (and shown in the detail panel)."""
        index = self.table.currentIndex()
        return index.siblingAtColumn(NAME).data(CANDIDATE_ID_ROLE) if index.isValid() else None

    def select_candidate(self, candidate_id: str | None) -> None:
        """Select the candidate's line (the first line when they are not in the group)."""
        rows = self.proxy.rowCount()
        found = next((r for r in range(rows) if self.proxy.index(r, NAME).data(
            CANDIDATE_ID_ROLE) == candidate_id), 0 if rows else None)
        if found is None:
            self.detail.show_row(None)
            return
        self.table.setCurrentIndex(self.proxy.index(found, NAME))
        self._selected()

    @Slot()
    def _selected(self, *_args: QItemSelection) -> None:
        index = self.table.currentIndex()
        row = (self.model.row_at(self.proxy.mapToSource(index.siblingAtColumn(NAME)))
               if index.isValid() else None)
        self.detail.show_row(row)

    def _summary(self, progress: GroupProgress) -> str:
        day = progress.as_at.strftime("%d %B %Y").lstrip("0")
        missing = len(progress.will_miss_next)
        return " · ".join((
            self.tr("{held} of {total} events held").format(held=progress.events_held,
                                                            total=progress.events_total),
            self.tr("{risky} at risk").format(risky=len(progress.at_risk)),
            (self.tr("{n} will miss their next milestone") if missing != 1 else
             self.tr("1 will miss their next milestone")).format(n=missing),
            self.tr("as at {day}").format(day=day),
            self.tr("participation threshold {threshold} %").format(
                threshold=f"{progress.threshold:g}")))

    def _schedule(self, progress: GroupProgress) -> str:
        if not progress.schedule_identifier:
            return self.tr("No course schedule from the central service yet: milestones "
                           "show once it arrives.")
        text = self.tr("Schedule {schedule}").format(schedule=progress.schedule_identifier)
        course = progress.course
        if course is not None and course.course_identifier:
            text = f"{course.course_identifier} · {text}"
        if course is not None and course.duration_months:
            text += " · " + self.tr("{months} months").format(months=course.duration_months)
        if progress.assessment_window is not None:
            first, last = progress.assessment_window
            text += " · " + self.tr("final assessment window {first} – {last}").format(
                first=f"{first.day} {first:%b %Y}", last=f"{last.day} {last:%b %Y}")
        return text
