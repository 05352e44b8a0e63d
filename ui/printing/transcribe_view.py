"""Transcribe from paper: type in a signed paper register after the event.

Open the sheet by its code (scanned from the QR code, or typed from under it) or pick the
event; the rows come in the printed order with their numbers and codes. One key per row:
P present, L late (then the arrival time as digits, Enter), A absent, O apologies, E left
early (then the time); Enter or Down moves on. Each mark is an ordinary mark, saved and
synced like one taken in the room. Walk-ins written at the bottom of the sheet (name,
school, email, as the paper asks) are added below the table.

On a submitted register every mark and walk-in typed in is an amendment: the reason is
asked in place, once for the whole transcription, and what was typed waits for it ("Late
(waiting)") instead of being lost (``ui.printing.transcribe_reason``).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import MarkStatus, RegisterRow
from app.names import listed_name, typed_name
from app.registers import RegisterService
from app.store import Store
from ui.errors import show_error
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.printing.transcribe_model import Column, Sheet, TranscribeModel, open_for_transcribing
from ui.printing.transcribe_reason import Change, TranscriptionReason
from ui.reason_editor import ReasonEditor
from ui.runner import Runner
from ui.time_editor import TimeEditor

KEYS: dict[Qt.Key, MarkStatus] = {
    Qt.Key.Key_P: MarkStatus.PRESENT, Qt.Key.Key_L: MarkStatus.LATE,
    Qt.Key.Key_A: MarkStatus.ABSENT, Qt.Key.Key_O: MarkStatus.APOLOGIES,
    Qt.Key.Key_E: MarkStatus.LEFT_EARLY,
}
# Marked only: shown through translate("TranscribeView", …).
HELP = QT_TRANSLATE_NOOP(
    "TranscribeView", "<b>P</b> present · <b>L</b> late, then the time (0920 Enter) · "
                      "<b>A</b> absent · <b>O</b> apologies · <b>E</b> left early, then the "
                      "time · <b>Enter</b> or <b>↓</b> next row · <b>↑</b> back")
ROSTER_CHANGED = QT_TRANSLATE_NOOP(
    "TranscribeView", "The roster changed since this sheet was printed: check the names "
                      "(the numbers on the paper may not match these rows).")


class TranscribeView(QDialog):
    marked = Signal(object)  # the committed RegisterRow
    opened = Signal(object)  # the Sheet shown
    walk_in_added = Signal(str)  # the walk-in's id

    def __init__(self, runner: Runner, store: Store, registers: RegisterService, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcribeView")
        self.setWindowTitle(self.tr("Transcribe from paper"))
        self._runner, self._store, self._registers = runner, store, registers
        self.sheet: Sheet | None = None
        self._awaiting: tuple[str, MarkStatus] | None = None
        self._default_time = "09:00"
        self.code = QLineEdit()
        self.code.setObjectName("sheetCode")
        self.code.setPlaceholderText(self.tr("Scan the QR code, or type the code under it "
                                     "(like C18ED6BA-5855f8)"))
        self.code.returnPressed.connect(self.open_code)
        open_button = QPushButton(self.tr("Open sheet"))
        open_button.clicked.connect(self.open_code)
        self._open_button = open_button
        self.title = QLabel(self.tr("Open the sheet you are typing in."))
        self.title.setObjectName("eventTitle")
        self.title.setWordWrap(True)
        self.warning = QLabel(translate("TranscribeView", ROSTER_CHANGED))
        self.warning.setObjectName("rosterWarning")
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.keys_help = QLabel(translate("TranscribeView", HELP))
        self.keys_help.setObjectName("keysHelp")
        self.progress = QLabel("")
        self.progress.setObjectName("registerCounts")
        self.model = TranscribeModel(self)
        self.table = self._build_table()
        self.time_editor = TimeEditor(self._time_guess)
        self.time_editor.accepted.connect(self._time_given)
        self.time_editor.cancelled.connect(self._time_cancelled)
        self.reason_editor = ReasonEditor()
        self.reason_editor.accepted.connect(lambda _reason: self.table.setFocus())
        self.reason = TranscriptionReason(self.reason_editor, self.tr("this transcription"),
                                          self._not_saved)
        self.walk_in_name = QLineEdit()
        self.walk_in_name.setObjectName("walkInName")
        self.walk_in_name.setPlaceholderText(self.tr("Name of someone written in at the bottom"))
        self.walk_in_school = QLineEdit()
        self.walk_in_school.setObjectName("walkInSchool")
        self.walk_in_school.setPlaceholderText(self.tr("School"))
        self.walk_in_email = QLineEdit()
        self.walk_in_email.setObjectName("walkInEmail")
        self.walk_in_email.setPlaceholderText(self.tr("Email"))
        for edit in (self.walk_in_name, self.walk_in_school, self.walk_in_email):
            edit.returnPressed.connect(self.add_walk_in)
        self.add_walk_in_button = QPushButton(self.tr("Add walk-in"))
        self.add_walk_in_button.clicked.connect(self.add_walk_in)
        self.walk_ins = QLabel("")
        self.walk_ins.setObjectName("walkInList")
        self.walk_ins.setWordWrap(True)
        self._walk_in_names: list[str] = []
        self._layout()
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter belongs to the table and the time box
        self._set_open(False)
        self.resize(980, 720)

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("transcribeTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(34)
        header = table.horizontalHeader()
        for column, width in ((Column.NUMBER, 56), (Column.CODE, 70), (Column.MARK, 190),
                              (Column.TIME, 110)):  # room for "Left early (waiting)", 09:25–14:30
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.SCHOOL, QHeaderView.ResizeMode.Stretch)
        table.installEventFilter(self)
        return table

    def _layout(self) -> None:
        find = QHBoxLayout()
        find.addWidget(QLabel(self.tr("Sheet code:")))
        find.addWidget(self.code, 1)
        find.addWidget(self._open_button)
        status = QHBoxLayout()
        status.addWidget(self.progress, 1)
        walk_in = QHBoxLayout()
        walk_in.addWidget(QLabel(self.tr("Walk-in:")))
        walk_in.addWidget(self.walk_in_name, 2)
        walk_in.addWidget(self.walk_in_school, 2)
        walk_in.addWidget(self.walk_in_email, 2)
        walk_in.addWidget(self.add_walk_in_button)
        close = QPushButton(self.tr("Done"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.walk_ins, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(find)
        layout.addWidget(self.title)
        layout.addWidget(self.warning)
        layout.addWidget(self.keys_help)
        layout.addLayout(status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.time_editor)
        layout.addWidget(self.reason_editor)
        layout.addLayout(walk_in)
        layout.addLayout(bottom)

    # --- opening ------------------------------------------------------------------------
    def open_code(self, code: str | None = None) -> None:
        """Open the sheet a scanned QR payload or typed sheet code is for."""
        text = (code if isinstance(code, str) else self.code.text()).strip()
        if text:
            self._open(partial(open_for_transcribing, self._store, self._registers, code=text))

    def open_event(self, event_id: str) -> None:
        """Open an event's sheet without its code (the rows are in today's paper order)."""
        self._open(partial(open_for_transcribing, self._store, self._registers,
                           event_id=event_id))

    def _open(self, job: partial[Sheet]) -> None:
        self.title.setText(self.tr("Opening…"))
        (self._runner.read(job).success(self.show_sheet)
         .failure(self._open_failed).run())

    def _open_failed(self, exc: BaseException) -> None:
        self.title.setText(self.tr("Open the sheet you are typing in."))
        show_error(self, exc)

    def show_sheet(self, sheet: Sheet) -> None:
        if self.sheet is None or self.sheet.event_id != sheet.event_id:
            self.reason.start(sheet.submitted)  # another register: its own reason
        self.sheet = sheet
        self.model.set_sheet(sheet)
        self.title.setText(sheet.title)
        self.warning.setVisible(not sheet.roster_matches)
        if sheet.scanned:
            self.code.setText(sheet.sheet_code)
        self._show_walk_ins(list(sheet.walk_ins))
        self._set_open(True)
        self._update_progress()
        self._select(0)
        self.table.setFocus()
        self.opened.emit(sheet)

    def _set_open(self, is_open: bool) -> None:
        for widget in (self.table, self.walk_in_name, self.walk_in_school,
                       self.walk_in_email, self.add_walk_in_button):
            widget.setEnabled(is_open)

    # --- marking ------------------------------------------------------------------------
    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def mark_current(self, status: MarkStatus) -> None:
        row = self.current_row()
        if self.sheet is None or row < 0:
            return
        line = self.model.line(row)
        if status in (MarkStatus.LATE, MarkStatus.LEFT_EARLY):
            self._awaiting = (line.candidate_id, status)
            late = status == MarkStatus.LATE
            self._default_time = self.sheet.start_time if late else self.sheet.end_time
            question = (self.tr("{number}. {name}: what time did they arrive?") if late
                        else self.tr("{number}. {name}: what time did they leave?"))
            self.time_editor.ask(question.format(number=line.number, name=line.name))
            return
        self._mark(line.candidate_id, status)

    def _time_guess(self) -> dt.datetime:
        hours, minutes = (int(part) for part in self._default_time.split(":"))
        return dt.datetime.combine(dt.date.today(), dt.time(hours, minutes))

    def _time_given(self, time: str) -> None:
        if self._awaiting is None:
            return
        candidate_id, status = self._awaiting
        self._awaiting = None
        late = status == MarkStatus.LATE
        self._mark(candidate_id, status, arrival=time if late else None,
                   departure=None if late else time)

    def _time_cancelled(self) -> None:
        self._awaiting = None
        self.table.setFocus()

    def _mark(self, candidate_id: str, status: MarkStatus, *, arrival: str | None = None,
              departure: str | None = None) -> None:
        assert self.sheet is not None
        event_id = self.sheet.event_id
        before = self.model.line(self.model.row_of(candidate_id))
        self.model.update(candidate_id, status=status, arrival=arrival, departure=departure,
                          pending=True)

        def undone() -> None:
            self.model.update(candidate_id, status=before.status, arrival=before.arrival,
                              departure=before.departure, pending=False,
                              awaiting_reason=False)
            self._update_progress()

        def save(reason: str | None) -> None:
            self.model.update(candidate_id, awaiting_reason=False)
            (self._runner.write(partial(self._registers.mark, event_id, candidate_id, status,
                                        arrival, departure, amendment_reason=reason))
             .success(self._committed).failure(partial(self._failed, change)).run())

        change = Change(save, undone, partial(self.model.update, candidate_id,
                                              awaiting_reason=True))
        self.reason.save(change)
        self._select(self.model.row_of(candidate_id) + 1)
        if not self.reason_editor.isVisible():
            self.table.setFocus()

    def _failed(self, change: Change, exc: BaseException) -> None:
        """Refused for want of a reason (the register was submitted meanwhile), the change
        waits for it; any other problem undoes it and says why."""
        if not self.reason.failed(change, exc):
            change.undone()
            show_error(self, exc)

    def _not_saved(self, dropped: int) -> None:
        if dropped:
            self.progress.setText(self.tr("Not saved: a submitted register changes only "
                                          "with a reason. Type the mark again to give one."))
        self.table.setFocus()

    def _committed(self, row: RegisterRow) -> None:
        self.model.update(row.candidate_id, status=row.status, arrival=row.arrival_time,
                          departure=row.departure_time, pending=False)
        self._update_progress()
        self.marked.emit(row)

    def _update_progress(self) -> None:
        total = self.model.rowCount()
        done = self.model.marked()
        left = total - done
        self.progress.setText(self.tr("{done} of {total} rows typed in").format(
            done=done, total=total) + (self.tr(" · {left} to go").format(left=left) if left
                                       else self.tr(" · all done")))

    # --- walk-ins -----------------------------------------------------------------------
    def add_walk_in(self) -> None:
        if self.sheet is None or not self.walk_in_name.text().strip():
            self.walk_in_name.setFocus()
            return
        # Kept as every walk-in is, "Family, Given" (the register's walk-in form does too).
        name = listed_name(*typed_name(self.walk_in_name.text().strip()))
        event_id, qualification = self.sheet.event_id, self.sheet.qualification_code
        typed = (self.walk_in_name.text(), self.walk_in_school.text(), self.walk_in_email.text())

        def added(walk_in_id: str) -> None:
            self._show_walk_ins([*self._walk_in_names, name])
            self.walk_in_added.emit(walk_in_id)

        def retype() -> None:  # not saved: what was typed goes back in the boxes
            for edit, text in zip((self.walk_in_name, self.walk_in_school,
                                   self.walk_in_email), typed, strict=True):
                if not edit.text():
                    edit.setText(text)

        def save(reason: str | None) -> None:
            (self._runner.write(partial(self._registers.add_walk_in, event_id, name,
                                        typed[1], typed[2], qualification,
                                        amendment_reason=reason))
             .success(added).failure(partial(self._failed, change)).run())

        change = Change(save, retype)
        for edit in (self.walk_in_name, self.walk_in_school, self.walk_in_email):
            edit.clear()
        self.walk_in_name.setFocus()
        self.reason.save(change)

    def _show_walk_ins(self, names: list[str]) -> None:
        self._walk_in_names = names
        self.walk_ins.setText(self.tr("Walk-ins on this register: {names}").format(
            names=", ".join(names)) if names else "")

    # --- keys ---------------------------------------------------------------------------
    def _select(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and self._table_key(event)):
            return True
        return super().eventFilter(watched, event)

    def _table_key(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._select(self.current_row() + 1)
            return True
        status = KEYS.get(key)
        if status is None:
            return False
        self.mark_current(status)
        return True
