"""What the register's actions do, through the runner: a mark, the rest present, undo, a
walk-in, submitting. Keeps the undo history (one step per user action).

Every change is an ``Intent`` first, so that on a submitted register each one (an undo and
a walk-in included) carries the amendment reason the view asks for in place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain import EventSummary, MarkStatus, PriorMark, Register, RegisterRow, UndoStep
from app.errors import RegisterSubmittedError
from ui.reason_editor import ReasonEditor
from ui.runner import Runner
from ui.time_editor import TimeEditor

Confirm = Callable[[QWidget, str, str], bool]  # parent, title, question -> yes?
UNDO_DEPTH = 50


class RegisterService(Protocol):
    def load(self, event_id: str) -> Register: ...
    def mark(self, event_id: str, candidate_id: str, status: MarkStatus,
             arrival_time: str | None = None, departure_time: str | None = None,
             note: str | None = None) -> RegisterRow: ...
    def settle(self, event_id: str, candidate_id: str, keep_hlc: str) -> RegisterRow: ...


def ask_yes_no(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes
                                  | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


@dataclass(frozen=True)
class WalkInFields:
    """A walk-in as typed into the form."""

    name: str
    school: str
    email: str
    qualification: str


@dataclass(frozen=True)
class Intent:
    """A change the user asked for, gathering its time and reason before it is saved."""

    kind: str  # "mark", "rest", "undo" or "walk_in"
    label: str  # "Late for Zoë Adams" (what Undo will say, and the reason prompt)
    candidate_id: str = ""
    status: MarkStatus = MarkStatus.PRESENT
    arrival: str | None = None
    departure: str | None = None
    reason: str | None = None
    prior: PriorMark | None = None
    walk_in: WalkInFields | None = None
    subject: str = ""  # what an undo takes back, or the walk-in's name (said once saved)

    @classmethod
    def for_walk_in(cls, label: str, name: str, school: str, email: str,
                    qualification: str) -> Intent:
        return cls("walk_in", label, walk_in=WalkInFields(name, school, email, qualification),
                   subject=name.strip())

    def with_time(self, time: str) -> Intent:
        if self.status == MarkStatus.LATE:
            return replace(self, arrival=time)
        return replace(self, departure=time)

    @property
    def what(self) -> str:
        """The label as the reason prompt continues it ("late for Zoë Adams")."""
        return self.label[:1].lower() + self.label[1:]


class RegisterCommands(QObject):
    committed = Signal(object)  # a RegisterRow saved by a mark
    changed = Signal()  # saved: something else changed; reload the register
    undo_changed = Signal(object)  # the label of the step Undo would undo, or None
    failed = Signal(object)  # the exception, for show_error
    walk_in_failed = Signal(object)  # the exception, shown in the walk-in form
    # An Intent refused because the register was submitted meanwhile (a colleague's
    # submission arrived with a sync): the view asks the reason and runs it again.
    needs_reason = Signal(object)

    def __init__(self, runner: Runner, registers: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner, self._registers = runner, registers
        self.event_id: str | None = None
        self._undo: list[UndoStep] = []

    def reset(self, event_id: str) -> None:
        if event_id != self.event_id:
            self._undo.clear()
            self.undo_changed.emit(None)
        self.event_id = event_id

    @property
    def undo_label(self) -> str | None:
        """What Undo would take back ("Late for Zoë Adams"), or None."""
        return self._undo[-1].label if self._undo else None

    def run(self, intent: Intent) -> None:
        assert self.event_id is not None
        event_id = self.event_id
        reason = {"amendment_reason": intent.reason} if intent.reason else {}
        if intent.kind == "undo":
            self._run_undo(intent)
            return
        if intent.kind == "walk_in" and intent.walk_in is not None:
            self._add_walk_in(intent, intent.walk_in, reason)
            return
        if intent.kind == "rest":
            call = partial(self._registers.mark_rest_present, event_id, **reason)
            self._runner.write(call).success(self._rest_done).failure(
                partial(self._refused, intent, self._fail)).run()
            return
        call = partial(self._registers.mark, event_id, intent.candidate_id, intent.status,
                       intent.arrival, intent.departure, **reason)

        def done(row: RegisterRow) -> None:
            if intent.prior is not None:
                self._push(UndoStep(event_id, intent.label, marks=(intent.prior,)))
            self.committed.emit(row)

        self._runner.write(call).success(done).failure(
            partial(self._refused, intent, self._fail)).run()

    def _refused(self, intent: Intent, otherwise: Callable[[BaseException], None],
                 exc: BaseException) -> None:
        """A change refused for want of a reason goes back to the view to ask for one;
        anything else to ``otherwise``."""
        if isinstance(exc, RegisterSubmittedError) and intent.reason is None:
            self.needs_reason.emit(intent)
            self.changed.emit()  # the register now shows that it was submitted
            return
        otherwise(exc)

    def _rest_done(self, result: tuple[tuple[RegisterRow, ...], UndoStep]) -> None:
        rows, step = result
        if rows:
            self._push(step)
        for row in rows:
            self.committed.emit(row)
        self.changed.emit()

    def undo(self, reason: str | None = None) -> None:
        """Take the last step back (with the amendment ``reason`` on a submitted
        register)."""
        self._run_undo(Intent("undo", self.undo_label or "", reason=reason))

    def _run_undo(self, intent: Intent) -> None:
        """A step that could not be undone goes back on the stack."""
        if not self._undo or self.event_id is None:
            return
        step = self._undo.pop()
        self.undo_changed.emit(self.undo_label)
        why = {"amendment_reason": intent.reason} if intent.reason else {}

        def failed(exc: BaseException) -> None:
            if step.event_id == self.event_id:
                self._push(step)
            self._refused(intent, self._fail, exc)

        self._runner.write(partial(self._registers.undo, step, **why)).success(
            lambda _r: self.changed.emit()).failure(failed).run()

    def _add_walk_in(self, intent: Intent, typed: WalkInFields, reason: dict[str, str]
                     ) -> None:
        assert self.event_id is not None
        event_id = self.event_id

        def done(walk_in_id: str) -> None:
            self._push(UndoStep(event_id, self.tr("walk-in {name}").format(
                name=typed.name.strip()), walk_in_id=walk_in_id))
            self.changed.emit()

        (self._runner.write(partial(self._registers.add_walk_in, event_id, typed.name,
                                    typed.school, typed.email, typed.qualification, **reason))
         .success(done).failure(partial(self._refused, intent, self._walk_in_failed)).run())

    def _walk_in_failed(self, exc: BaseException) -> None:
        self.walk_in_failed.emit(exc)

    def submit(self, event: EventSummary) -> None:
        self._runner.write(self._registers.submit, event.id).success(
            lambda _s: self.changed.emit()).failure(self._fail).run()

    def _push(self, step: UndoStep) -> None:
        self._undo = [*self._undo[-(UNDO_DEPTH - 1):], step]
        self.undo_changed.emit(step.label)

    def _fail(self, exc: BaseException) -> None:
        self.failed.emit(exc)
        self.changed.emit()


class IntentFlow(QObject):
    """Gathers what a change needs before it is saved, then hands it to the commands: the
    time of a late arrival or an early departure, and on a submitted register the amendment
    reason, asked in place (also when the register was submitted while the change was on
    its way: the commands send it back with ``needs_reason``)."""

    ready = Signal(object)  # the Intent about to be saved (the view shows it as saving)
    cancelled = Signal(object)  # the Intent given up at its time or its reason

    def __init__(self, commands: RegisterCommands, time_editor: TimeEditor,
                 reason_editor: ReasonEditor, submitted: Callable[[], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._commands, self._submitted = commands, submitted
        self._time_editor, self._reason_editor = time_editor, reason_editor
        self.intent: Intent | None = None
        time_editor.accepted.connect(lambda time: self._go(lambda i: i.with_time(time)))
        time_editor.cancelled.connect(self._cancel)
        reason_editor.accepted.connect(
            lambda reason: self._go(lambda i: replace(i, reason=reason)))
        reason_editor.cancelled.connect(self._cancel)
        commands.needs_reason.connect(self._ask_reason)

    def start(self, intent: Intent, *, time_of: str | None = None) -> None:
        """Save ``intent`` once it has what it needs; ``time_of``: ask first when that
        person arrived (a late mark) or left (left early)."""
        self.intent = intent
        if time_of is not None:
            self._time_editor.ask_time(time_of, arrived=intent.status == MarkStatus.LATE)
            return
        self._proceed()

    def reset(self) -> None:
        self.intent = None
        for editor in (self._time_editor, self._reason_editor):
            editor.hide()

    def _go(self, complete: Callable[[Intent], Intent]) -> None:
        if self.intent is not None:
            self.intent = complete(self.intent)
            self._proceed()

    def _proceed(self) -> None:
        intent = self.intent
        if intent is None:
            return
        if self._submitted() and intent.reason is None:
            self._ask_reason(intent)
            return
        self.intent = None
        self.ready.emit(intent)
        self._commands.run(intent)

    def _ask_reason(self, intent: Intent) -> None:
        self.intent = intent
        self._reason_editor.ask(intent.what)

    def _cancel(self) -> None:
        intent, self.intent = self.intent, None
        if intent is not None:
            self.cancelled.emit(intent)
