"""Taking the register: the table, the big status buttons, the keys, the live counts.

What a whole-register action does (the rest present, undo, walk-ins, submitting) lives in
``ui.register_commands``; the buttons in ``ui.register_actions``; what a key typed in the
table means (a mark, or the start of a name) in ``ui.register_keys``; the search and its
"nobody matches" in ``ui.register_search``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from app.changes import Changes
from app.domain import MarkStatus, PriorMark, Register, RegisterRow
from ui.changes_hub import ChangesHub, announce, subscribe
from ui.conflict_panel import ConflictPanel
from ui.errors import explain, show_error
from ui.event_header import EventHeader
from ui.keyboard_focus import may_take_focus
from ui.notes_panel import NoteService, NotesPanel
from ui.reason_editor import ReasonEditor
from ui.register_actions import (
    NOTES_SHORTCUT,
    REST_PRESENT_SHORTCUT,
    SUBMIT_SHORTCUT,
    UNDO_SHORTCUT,
    RegisterActions,
)
from ui.register_commands import (
    Confirm,
    Intent,
    IntentFlow,
    RegisterCommands,
    RegisterService,
    ask_yes_no,
)
from ui.register_counts import CountsBox, submit_question
from ui.register_keys import RegisterKeys
from ui.register_model import RegisterModel
from ui.register_search import RegisterFilter, RegisterSearch
from ui.register_sort import SortChoice
from ui.register_speech import RegisterSpeech
from ui.register_widgets import build_table, lay_out
from ui.runner import Runner
from ui.submission_label import SubmissionLabel
from ui.time_editor import TimeEditor
from ui.walk_in_form import WalkInForm

# What the open register shows: its people (enrolments, walk-ins), their marks and notes,
# the event's date and whether it was submitted.
SHOWS = Changes(marks=True, notes=True, catalogue=True, dates=True)


class RegisterView(QWidget):
    """Every save made here (a mark, the rest present, undo, a walk-in, submitting, a note)
    is announced on ``hub`` as what it changed."""

    def __init__(self, runner: Runner, registers: RegisterService,
                 clock: Callable[[], dt.datetime] = dt.datetime.now, *,
                 can_mark: bool = True, notes: NoteService | None = None,
                 confirm: Confirm = ask_yes_no, hub: ChangesHub | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerView")
        self._runner, self._registers, self.can_mark = runner, registers, can_mark
        self._hub = hub
        self._notes, self._confirm = notes, confirm
        self._event_id: str | None = None
        self._marks_issued = 0
        self.commands = RegisterCommands(runner, registers, self)
        self.commands.committed.connect(self._committed)
        self.commands.changed.connect(self._changed)
        self.commands.failed.connect(lambda exc: show_error(self, exc))
        self.commands.walk_in_failed.connect(lambda e: self.walk_in_form.show_error(explain(e)))
        self.model = RegisterModel(self)
        self.proxy = RegisterFilter(self)
        self.proxy.setSourceModel(self.model)
        self.header = EventHeader()
        self.count_box = CountsBox()
        self.counts, self.counts_detail = self.count_box.counts, self.count_box.counts_detail
        self.conflicts_button = self.count_box.conflicts_button
        self.conflicts_button.clicked.connect(self.next_conflict)
        self.submission = SubmissionLabel()
        self.conflict_panel = ConflictPanel()
        self.conflict_panel.keep_requested.connect(self.settle)
        self.table = build_table(self.proxy, lambda: self.mark_current(MarkStatus.PRESENT),
                                 self._current_changed)
        self.sort = SortChoice(self.table)
        self.search = RegisterSearch(self.proxy, self.table, can_mark, self)
        self.filter, self.no_match = self.search.box, self.search.no_match
        self.search.first_match.connect(self._first_match)
        self.search.add_walk_in.connect(self.add_walk_in)
        self.search.back.connect(self._focus_table)
        self.keys = RegisterKeys(self.table, can_mark, self)
        self.keys.mark.connect(self.mark_current)
        self.keys.walk_in.connect(self.add_walk_in)
        self.keys.search.connect(self.search.type)
        self.search.left.connect(self.keys.end_search)
        self.time_editor = TimeEditor(clock)
        self.reason_editor = ReasonEditor()
        self.flow = IntentFlow(self.commands, self.time_editor, self.reason_editor,
                               lambda: bool((r := self.model.register) and r.submission), self)
        self.flow.ready.connect(self._saving)
        self.flow.cancelled.connect(self._given_up)
        RegisterSpeech(self.flow, self.commands, self.model, self.table)  # after _committed
        self.walk_in_form: WalkInForm = WalkInForm()
        self.walk_in_form.saved.connect(self._save_walk_in)
        self.walk_in_form.cancelled.connect(self._focus_table)
        self.actions: RegisterActions = self._build_actions()  # type: ignore[assignment]  # hides QWidget.actions(), unused on a view
        self.buttons = self.actions.buttons
        self.notes_panel = NotesPanel(runner, notes) if notes is not None else None
        if self.notes_panel is not None:
            self.notes_panel.noted.connect(self._noted)
        self._shortcuts()
        self._order_tabs = lay_out(
                self, header=self.header, submission=self.submission, counts=self.count_box,
                search_box=self.filter, search_hint=self.search.hint, sort=self.sort,
                table=self.table, no_match=self.no_match,
                panels=(self.conflict_panel, self.time_editor, self.reason_editor,
                        self.walk_in_form, self.actions),
                notes=self.notes_panel)
        self.model.modelReset.connect(self._update_counts)
        self.model.dataChanged.connect(self._update_counts)
        self.setEnabled(False)
        subscribe(hub, self)

    # --- building ---------------------------------------------------------------------------
    def _build_actions(self) -> RegisterActions:
        actions = RegisterActions(self.can_mark)
        actions.mark_requested.connect(lambda status: self._in_turn(self.mark_current, status))
        for signal, slot in ((actions.rest_present_requested, self.mark_rest_present),
                             (actions.undo_requested, self.undo),
                             (actions.walk_in_requested, self.add_walk_in),
                             (actions.notes_requested, self.toggle_notes),
                             (actions.submit_requested, self.submit)):
            signal.connect(lambda _=None, slot=slot: self._in_turn(slot))
        self.commands.undo_changed.connect(actions.set_undo)
        return actions

    def _in_turn(self, slot: Callable[..., None], *args: object) -> None:
        """A button or a shortcut: a command key typed just before acts first, as typed."""
        self.keys.act()
        slot(*args)

    def _shortcuts(self) -> None:
        keys: list[tuple[str | QKeySequence.StandardKey, Callable[[], None]]] = [
            ("Ctrl+D", self.next_conflict), (QKeySequence.StandardKey.Find, self.find),
            (NOTES_SHORTCUT, self.toggle_notes)]
        if self.can_mark:
            keys += [(REST_PRESENT_SHORTCUT, self.mark_rest_present),
                     (UNDO_SHORTCUT, self.undo), (SUBMIT_SHORTCUT, self.submit)]
        keys += [(f"Alt+{n}", partial(self.conflict_panel.keep, n)) for n in range(1, 4)]
        for key, slot in keys:
            QShortcut(QKeySequence(key), self, partial(self._in_turn, slot))

    # --- loading ----------------------------------------------------------------------------
    def show_event(self, event_id: str) -> None:
        if event_id != self._event_id:
            self.keys.drop()
            self.filter.clear()
            self.walk_in_form.hide()
            self.flow.reset()
        self._event_id = event_id
        self.commands.reset(event_id)
        self.refresh()

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Reload the open register when what it shows changed elsewhere (a sync, a paper
        register typed in, a change retried or discarded); its own saves are shown as made."""
        if initiator is not self and changes.touches(SHOWS):
            self.refresh()

    def refresh(self) -> None:
        """Reload the open register (after a sync); a mark made meanwhile wins."""
        if self._event_id is None:
            return
        issued = self._marks_issued
        event_id = self._event_id

        def loaded(read: tuple[Register, dict[str, str]]) -> None:
            if event_id != self._event_id:
                return
            if issued != self._marks_issued:  # a mark committed after this read began
                self.refresh()
                return
            self._set_register(*read)

        self._runner.read(self._read, event_id).success(loaded).run()

    def _read(self, event_id: str) -> tuple[Register, dict[str, str]]:
        """On the runner's worker: the register, and who has a note I can read."""
        return (self._registers.load(event_id),
                self._notes.noted(event_id) if self._notes is not None else {})

    def _noted(self) -> None:
        announce(self._hub, Changes.saved_here(notes=True), self)
        self._reload_notes()

    def _reload_notes(self) -> None:
        if self._notes is None or self._event_id is None:
            return
        event_id = self._event_id

        def loaded(noted: dict[str, str]) -> None:
            if event_id == self._event_id:
                self.model.set_notes(noted)

        self._runner.read(self._notes.noted, event_id).success(loaded).run()

    def _set_register(self, register: Register, notes: dict[str, str] | None = None) -> None:
        current = self.current_row()
        self.model.set_register(register, notes)
        self.header.show_event(register.event)
        self.submission.show_submission(register.submission)
        self.actions.set_submitted(register.submission is not None)
        self.setEnabled(True)
        index = self.model.row_of(current.candidate_id) if current else -1
        self._select_source_row(index if index >= 0 else None)
        self.search.update()
        busy = (self.filter, self.time_editor, self.reason_editor, self.walk_in_form,
                self.notes_panel)  # typing there (or elsewhere) keeps the keyboard
        if may_take_focus(self, self.table, busy):
            self.table.setFocus()
        self._notes_follow()

    # --- marking ----------------------------------------------------------------------------
    def current_row(self) -> RegisterRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def mark_current(self, status: MarkStatus) -> None:
        row = self.current_row()
        if not self.can_mark or row is None or not row.markable or self._event_id is None:
            return
        timed = status in (MarkStatus.LATE, MarkStatus.LEFT_EARLY)
        self.flow.start(Intent("mark", self.tr("{status} for {name}").format(
                                   status=status.label, name=row.display_name),
                               candidate_id=row.candidate_id, status=status,
                               prior=PriorMark.of(row)),
                        time_of=row.display_name if timed else None)

    def mark_rest_present(self) -> None:
        """Everyone not marked yet is present: one action, one undo step."""
        if not self.can_mark or self._event_id is None or not self.model.counts().unmarked:
            return
        self.flow.start(Intent("rest", self.tr("Mark the rest present")))

    def undo(self) -> None:
        """Ctrl+Z: take the last action back (on a submitted register, with a reason)."""
        label = self.commands.undo_label
        if self.can_mark and label is not None:
            self.flow.start(Intent("undo", self.tr("undoing “{what}”").format(what=label),
                                   subject=label))

    def _saving(self, intent: Intent) -> None:
        self._marks_issued += 1
        if intent.kind == "mark":
            self.model.set_pending(intent.candidate_id, intent.status)
            self._move_after(intent.candidate_id)
        self._focus_table()

    def _given_up(self, intent: Intent) -> None:
        if intent.kind == "walk_in":  # what was typed is still in the form
            self.walk_in_form.show_error(self.tr("Not saved: adding someone to a submitted "
                                                 "register needs a reason."))
            return
        self._focus_table()

    def _committed(self, row: RegisterRow) -> None:
        self._marks_issued += 1  # a read begun before this commit is stale: read again
        self.model.apply_row(row)
        announce(self._hub, Changes.saved_here(marks=True), self)
        if row.candidate_id == self.conflict_panel.candidate_id or row.in_conflict:
            self._show_conflict()

    def _changed(self) -> None:
        self._marks_issued += 1
        announce(self._hub, Changes.saved_here(marks=True), self)
        self.refresh()

    # --- walk-ins, submitting, notes ----------------------------------------------------------
    def add_walk_in(self, typed: str = "") -> None:
        """Open the walk-in form: empty (W), or with the name a search found nobody for."""
        register = self.model.register
        if self.can_mark and register is not None:
            self.walk_in_form.open_for(register.event.qualification_code, typed)

    def _save_walk_in(self, name: str, school: str, email: str, qualification: str) -> None:
        self.flow.start(Intent.for_walk_in(self.tr("walk-in {name}").format(name=name.strip()),
                                           name, school, email, qualification))

    def submit(self) -> None:
        register = self.model.register
        if not self.can_mark or register is None or register.submission is not None:
            return
        if self._confirm(self, self.tr("Submit the register"),
                         submit_question(self.model.counts())):
            self.commands.submit(register.event)
        self._focus_table()

    def toggle_notes(self) -> None:
        """Ctrl+N: open the notes beside the register (typing goes to the selected person's
        note), or, from inside them, save, close and go back to the register."""
        panel = self.notes_panel
        if panel is None or self._event_id is None:
            return
        if panel.toggle(self._event_id, self.current_row(), self.focusWidget()):
            self._focus_table()
        self.actions.notes_button.setChecked(panel.isVisible())

    def _notes_follow(self) -> None:
        if self.notes_panel is not None and self._event_id is not None:
            self.notes_panel.follow(self._event_id, self.current_row())

    # --- finding someone ------------------------------------------------------------------
    def find(self) -> None:  # type: ignore[override]  # hides the static QWidget.find(id), unused here
        self.search.find()

    def _first_match(self) -> None:
        """Enter in the search box: the first match, ready for its key."""
        self._select_proxy_row(0)
        self.table.setFocus()

    # --- disagreements between laptops ----------------------------------------------------
    def settle(self, candidate_id: str, keep_hlc: str) -> None:
        """Keep one of the disagreeing marks: a new mark, synced like any other."""
        if not self.can_mark or self._event_id is None:
            return
        self._marks_issued += 1
        (self._runner.write(self._registers.settle, self._event_id, candidate_id, keep_hlc)
         .success(self._committed).failure(self._settle_failed).run())

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
        self._notes_follow()

    def _show_conflict(self) -> None:
        self.conflict_panel.show_row(self.current_row(), can_settle=self.can_mark)
        self._order_tabs()  # its "Keep this one" buttons are new: Tab reaches them next

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
        if self.no_match.isVisible():  # nobody matched: back to what was typed
            self.filter.setFocus()
            return
        if not self.table.currentIndex().isValid():
            self._select_proxy_row(0)  # none when nobody is shown
        self.table.setFocus()

    def _update_counts(self, *_args: object) -> None:
        register = self.model.register
        self.count_box.show_counts(register, self.model.counts(), self.can_mark)
        if self.conflict_panel.isVisible() or (register and register.conflicts):
            self._show_conflict()
