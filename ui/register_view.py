"""Taking the register: the table, the big status buttons, the keys, the live counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import MarkStatus, Register, RegisterRow
from ui.conflict_panel import ConflictPanel
from ui.errors import show_error
from ui.event_header import EventHeader
from ui.register_model import (
    FILTER_ROLE,
    SORT_ROLE,
    Column,
    RegisterModel,
    counts_lines,
    counts_text,
)
from ui.runner import Runner
from ui.time_editor import TimeEditor

# One key per status, shown on its button; digits work too.
STATUS_KEYS: dict[MarkStatus, tuple[str, Qt.Key, Qt.Key]] = {
    MarkStatus.PRESENT: ("P", Qt.Key.Key_P, Qt.Key.Key_1),
    MarkStatus.LATE: ("L", Qt.Key.Key_L, Qt.Key.Key_2),
    MarkStatus.ABSENT: ("A", Qt.Key.Key_A, Qt.Key.Key_3),
    MarkStatus.APOLOGIES: ("O", Qt.Key.Key_O, Qt.Key.Key_4),
    MarkStatus.LEFT_EARLY: ("E", Qt.Key.Key_E, Qt.Key.Key_5),
}
_BY_KEY = {key: s for s, (_l, k1, k2) in STATUS_KEYS.items() for key in (k1, k2)}


class RegisterService(Protocol):
    def load(self, event_id: str) -> Register: ...
    def mark(self, event_id: str, candidate_id: str, status: MarkStatus,
             arrival_time: str | None = None, departure_time: str | None = None,
             note: str | None = None) -> RegisterRow: ...
    def settle(self, event_id: str, candidate_id: str, keep_hlc: str) -> RegisterRow: ...


def conflicts_text(n: int) -> str:
    """'2 marks differ between laptops — review' (empty when none)."""
    if not n:
        return ""
    return f"{n} mark{'s' if n != 1 else ''} differ{'s' if n == 1 else ''} between laptops — review"


class RegisterView(QWidget):
    marked = Signal(object)  # the committed RegisterRow

    def __init__(self, runner: Runner, registers: RegisterService,
                 clock: Callable[[], dt.datetime] = dt.datetime.now, *,
                 can_mark: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerView")
        self._runner, self._registers, self.can_mark = runner, registers, can_mark
        self._event_id: str | None = None
        self._marks_issued = 0
        self._awaiting_time: tuple[str, MarkStatus] | None = None
        self.model = RegisterModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterRole(FILTER_ROLE)
        self.proxy.setFilterKeyColumn(Column.NAME)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.header = EventHeader()
        self.counts = QLabel("")  # the headline: "10 of 18 here (9 present, 1 late)"
        self.counts.setObjectName("registerCounts")
        self.counts.setWordWrap(True)
        self.counts_detail = QLabel("")  # the rest: "1 absent · 6 to mark"
        self.counts_detail.setObjectName("registerCountsDetail")
        self.counts_detail.setWordWrap(True)
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("conflictsButton")
        self.conflicts_button.setToolTip("Go to the next person two laptops marked "
                                         "differently — Ctrl+D")
        self.conflicts_button.clicked.connect(self.next_conflict)
        self.conflicts_button.hide()
        QShortcut(QKeySequence("Ctrl+D"), self, activated=self.next_conflict)
        self.conflict_panel = ConflictPanel()
        self.conflict_panel.keep_requested.connect(self.settle)
        for n in range(1, 4):
            QShortcut(QKeySequence(f"Alt+{n}"), self,
                      activated=lambda n=n: self.conflict_panel.keep(n))
        self.filter = self._build_filter()
        self.table = self._build_table()
        self.time_editor = TimeEditor(clock)
        self.time_editor.accepted.connect(self._time_given)
        self.time_editor.cancelled.connect(self._time_cancelled)
        self.buttons = self._build_buttons()
        self._layout()
        self.model.modelReset.connect(self._update_counts)
        self.model.dataChanged.connect(self._update_counts)
        self.setEnabled(False)

    # --- building ---------------------------------------------------------------------------
    def _build_filter(self) -> QLineEdit:
        box = QLineEdit()
        box.setObjectName("nameFilter")
        box.setPlaceholderText("Find a name…  (Ctrl+F)")
        box.setClearButtonEnabled(True)
        box.textChanged.connect(lambda text: self.proxy.setFilterFixedString(text.casefold()))
        box.returnPressed.connect(self._focus_table)
        box.installEventFilter(self)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=box.setFocus)
        return box

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("registerTable")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(38)
        header = table.horizontalHeader()
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.SCHOOL, QHeaderView.ResizeMode.Stretch)
        for column, width in ((Column.STATUS, 130), (Column.ARRIVAL, 90), (Column.SYNC, 64)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        table.installEventFilter(self)
        table.doubleClicked.connect(lambda _index: self.mark_current(MarkStatus.PRESENT))
        table.selectionModel().currentRowChanged.connect(self._current_changed)
        return table

    def _build_buttons(self) -> dict[MarkStatus, QPushButton]:
        buttons = {}
        for status, (letter, _k1, _k2) in STATUS_KEYS.items():
            button = QPushButton(f"{status.label}   ({letter})")
            button.setObjectName(f"mark_{status.value}")
            button.setProperty("status", status.value)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(52)
            button.setToolTip(f"Mark the selected person {status.label.lower()} — key {letter}")
            button.clicked.connect(lambda _checked=False, s=status: self.mark_current(s))
            buttons[status] = button
        return buttons

    def _layout(self) -> None:
        counts = QVBoxLayout()
        counts.setSpacing(0)
        counts.addWidget(self.counts)
        counts.addWidget(self.counts_detail)
        counts.addWidget(self.conflicts_button, 0, Qt.AlignmentFlag.AlignLeft)
        top = QHBoxLayout()
        top.addLayout(counts, 1)
        top.addWidget(self.filter, 0, Qt.AlignmentFlag.AlignTop)
        self.filter.setMinimumWidth(220)
        row = QHBoxLayout()
        row.setSpacing(10)
        for button in self.buttons.values():
            row.addWidget(button)
            button.setVisible(self.can_mark)
        if not self.can_mark:
            note = QLabel("View only: facilitators take the register; you can see it here.")
            note.setObjectName("viewOnlyNote")
            row.addWidget(note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.setSpacing(10)
        layout.addWidget(self.header)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.conflict_panel)
        layout.addWidget(self.time_editor)
        layout.addLayout(row)

    # --- loading ----------------------------------------------------------------------------
    def show_event(self, event_id: str) -> None:
        if event_id != self._event_id:
            self.filter.clear()
            self.time_editor.hide()
        self._event_id = event_id
        self.refresh()

    def refresh(self) -> None:
        """Reload the open register (after a sync); a mark made meanwhile wins."""
        if self._event_id is None:
            return
        issued = self._marks_issued
        event_id = self._event_id

        def loaded(register: Register) -> None:
            if event_id != self._event_id:
                return
            if issued != self._marks_issued:  # a mark committed after this read began
                self.refresh()
                return
            self._set_register(register)

        self._runner.read(self._registers.load, event_id).success(loaded).run()

    def _set_register(self, register: Register) -> None:
        current = self.current_row()
        self.model.set_register(register)
        self.header.show_event(register.event)
        self.setEnabled(True)
        index = self.model.row_of(current.candidate_id) if current else -1
        self._select_source_row(index if index >= 0 else None)
        if not self.filter.hasFocus() and not self.time_editor.isVisible():
            self.table.setFocus()

    # --- marking ----------------------------------------------------------------------------
    def current_row(self) -> RegisterRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def mark_current(self, status: MarkStatus) -> None:
        row = self.current_row()
        if not self.can_mark or row is None or row.withdrawn or self._event_id is None:
            return
        if status in (MarkStatus.LATE, MarkStatus.LEFT_EARLY):
            self._awaiting_time = (row.candidate_id, status)
            verb = "arrive" if status == MarkStatus.LATE else "leave"
            self.time_editor.ask(f"What time did {row.display_name} {verb}?")
            return
        self._mark(row.candidate_id, status)

    def _time_given(self, time: str) -> None:
        if self._awaiting_time is None:
            return
        candidate_id, status = self._awaiting_time
        self._awaiting_time = None
        if status == MarkStatus.LATE:
            self._mark(candidate_id, status, arrival=time)
        else:
            self._mark(candidate_id, status, departure=time)

    def _time_cancelled(self) -> None:
        self._awaiting_time = None
        self._focus_table()

    def _mark(self, candidate_id: str, status: MarkStatus, *, arrival: str | None = None,
              departure: str | None = None) -> None:
        assert self._event_id is not None
        self._marks_issued += 1
        self.model.set_pending(candidate_id, status)

        def failed(exc: BaseException) -> None:
            self.model.clear_pending(candidate_id)
            show_error(self, exc)

        (self._runner.write(self._registers.mark, self._event_id, candidate_id, status,
                            arrival, departure)
         .success(self._committed).failure(failed).run())
        self._move_after(candidate_id)

    def _committed(self, row: RegisterRow) -> None:
        self.model.apply_row(row)
        self.marked.emit(row)
        if row.candidate_id == self.conflict_panel.candidate_id or row.in_conflict:
            self._show_conflict()

    # --- disagreements between laptops ----------------------------------------------------
    def settle(self, candidate_id: str, keep_hlc: str) -> None:
        """Keep one of the disagreeing marks: a new mark, synced like any other."""
        if not self.can_mark or self._event_id is None:
            return
        self._marks_issued += 1
        (self._runner.write(self._registers.settle, self._event_id, candidate_id, keep_hlc)
         .success(self._committed).failure(lambda exc: self._settle_failed(exc)).run())

    def _settle_failed(self, exc: BaseException) -> None:
        show_error(self, exc)
        self.refresh()

    def next_conflict(self) -> None:
        """Select the next row (after the current one, wrapping) whose marks differ."""
        count = self.proxy.rowCount()
        start = self.table.currentIndex().row() if self.table.currentIndex().isValid() else -1
        for step in range(1, count + 1):
            proxy_row = (start + step) % count
            source = self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()
            if self.model.row_at(source).in_conflict:
                self._select_proxy_row(proxy_row)
                self.table.setFocus()
                return

    def _current_changed(self, *_indexes: object) -> None:
        self._show_conflict()

    def _show_conflict(self) -> None:
        self.conflict_panel.show_row(self.current_row(), can_settle=self.can_mark)

    # --- selection and keys -----------------------------------------------------------------
    def _move_after(self, candidate_id: str) -> None:
        source = self.model.row_of(candidate_id)
        proxy_row = self.proxy.mapFromSource(self.model.index(source, 0)).row()
        if 0 <= proxy_row < self.proxy.rowCount() - 1:
            self._select_proxy_row(proxy_row + 1)
        self._focus_table()

    def _select_source_row(self, source_row: int | None) -> None:
        if source_row is None:
            self._select_proxy_row(0)
        else:
            self._select_proxy_row(self.proxy.mapFromSource(self.model.index(source_row, 0)).row())

    def _select_proxy_row(self, row: int) -> None:
        if not 0 <= row < self.proxy.rowCount():
            return
        index = self.proxy.index(row, 0)
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _focus_table(self) -> None:
        if self.table.currentIndex().isValid() or self.proxy.rowCount() == 0:
            self.table.setFocus()
            return
        self._select_proxy_row(0)
        self.table.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.table and self._table_key(event):
                return True
            if watched is self.filter and event.key() == Qt.Key.Key_Down:
                self._focus_table()
                return True
        return super().eventFilter(watched, event)

    def _table_key(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        status = _BY_KEY.get(Qt.Key(event.key()))
        if status is None:
            return False
        self.mark_current(status)
        return True

    def _update_counts(self, *_args: object) -> None:
        counts = self.model.counts()
        headline, detail = counts_lines(counts) if self.model.register else ("", "")
        self.counts.setText(headline)
        self.counts_detail.setText(detail)
        self.counts.setAccessibleName(counts_text(counts) if self.model.register else "")
        register = self.model.register
        self.conflicts_button.setText(conflicts_text(register.conflicts if register else 0))
        self.conflicts_button.setVisible(bool(register and register.conflicts))
        if self.conflict_panel.isVisible() or (register and register.conflicts):
            self._show_conflict()
