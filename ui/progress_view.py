"""``ProgressView``: each candidate's year on one line, for one group at a time.

A group chooser, then one sortable row per enrolled candidate (name, school, days attended of
days held, share of face-to-face hours, status, and at risk with its reason in words), and
how the figures are counted under the table. Every read runs on the runner; the page hears
the hub and re-reads on marks and catalogue changes (while hidden, when next shown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal, Slot
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
from ui.progress_model import NAME, RISK, SORT_ROLE, ProgressModel
from ui.reports.event_panel import text_label
from ui.runner import Runner
from ui.text_room import fit_rows_to_text

# What the page shows: marks (attendance) and the roster (groups, events, enrolments).
SHOWS = Changes(marks=True, catalogue=True)
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
        self.model = ProgressModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("progress-table")
        self.table.setAccessibleName(self.tr("Progress of each candidate"))
        self.table.setModel(self.proxy)
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
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RISK, QHeaderView.ResizeMode.Stretch)
        fit_rows_to_text(table, 28)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel(self.tr("Group:")))
        top.addWidget(self.groups)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.rules)
        self.empty.hide()
        self.rules.setText(self.tr(
            "An event is held once its date has come and its register has marks. Days "
            "attended: present, late or left early. Share of hours: time in the room, from "
            "arrival and departure times, of the hours held. At risk: below the "
            "participation threshold, or two events missed running."))

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
        self.current = progress
        self.empty.setVisible(progress is None)
        self.table.setVisible(progress is not None)
        self.model.set_rows(progress.rows if progress is not None else ())
        if progress is None:
            self.heading.setText(self.tr("Progress"))
            self.summary.setText("")
        else:
            self.heading.setText(self.tr("Progress — {group}").format(group=progress.code))
            self.summary.setText(self._summary(progress))
        self.table.resizeColumnToContents(NAME)
        self.shown.emit()

    def _summary(self, progress: GroupProgress) -> str:
        day = progress.as_at.strftime("%d %B %Y").lstrip("0")
        risky = len(progress.at_risk)
        text = (self.tr("{held} of {total} events held · {risky} at risk · as at {day} · "
                        "participation threshold {threshold} %") if risky != 1 else
                self.tr("{held} of {total} events held · 1 at risk · as at {day} · "
                        "participation threshold {threshold} %"))
        return text.format(held=progress.events_held, total=progress.events_total,
                           risky=risky, day=day, threshold=f"{progress.threshold:g}")
