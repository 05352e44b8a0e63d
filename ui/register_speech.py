"""A change to the register confirmed by speech: once a mark (a key, a digit or a button),
the rest present, an undo or a walk-in is saved, a screen reader hears what was recorded,
for whom, and the new count — "Catrin Hall: present. 2 of 18 here." — through
``ui.announce.say``. Nothing is said for a change that failed or is waiting for its reason.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.domain import MarkStatus, RegisterCounts, RegisterRow
from ui.announce import say
from ui.i18n import translate
from ui.register_commands import Intent, IntentFlow, RegisterCommands
from ui.register_model import RegisterModel


def here_words(counts: RegisterCounts) -> str:
    """'2 of 18 here.'"""
    return translate("RegisterSpeech", "{attended} of {total} here.").format(
        attended=counts.attended, total=counts.total)


def mark_words(row: RegisterRow) -> str:
    """'Catrin Hall: present.', 'Zoë Adams: late, arrived 09:20.', 'Not marked' after an
    undo of a first mark."""
    status = row.status
    if status is None or status is MarkStatus.UNMARKED:
        what = translate("RegisterSpeech", "not marked")
    elif status is MarkStatus.LATE and row.arrival_time:
        what = translate("RegisterSpeech", "late, arrived {time}").format(time=row.arrival_time)
    elif status is MarkStatus.LEFT_EARLY and row.departure_time:
        what = translate("RegisterSpeech", "left early at {time}").format(
            time=row.departure_time)
    else:
        what = status.label.lower()
    return translate("RegisterSpeech", "{name}: {what}.").format(name=row.display_name,
                                                                   what=what)


def saved_words(intent: Intent) -> str:
    """What a change other than one mark did: 'The rest marked present.', 'Undone: Late
    for Zoë Adams.', 'Walk-in Ffion Jones added.'"""
    if intent.kind == "rest":
        return translate("RegisterSpeech", "The rest marked present.")
    if intent.kind == "undo":
        return translate("RegisterSpeech", "Undone: {what}.").format(what=intent.subject)
    return translate("RegisterSpeech", "Walk-in {name} added.").format(name=intent.subject)


class RegisterSpeech(QObject):
    """Follows ``flow`` and ``commands``: a mark is said when its row comes back saved; any
    other change once saved and the register has been read again (its count is then
    the new one). Said from ``source`` (the table, where the keyboard goes back to)."""

    def __init__(self, flow: IntentFlow, commands: RegisterCommands, model: RegisterModel,
                 source: QWidget) -> None:
        super().__init__(source)
        self._model, self._source = model, source
        self._intent: Intent | None = None
        self._saved = False  # the change (not a mark) was saved: say it after the reload
        flow.ready.connect(self._saving)
        commands.committed.connect(self._committed)
        commands.changed.connect(self._changed)
        for failed in (commands.failed, commands.needs_reason, commands.walk_in_failed):
            failed.connect(self._forget)
        model.modelReset.connect(self._reloaded)

    def _saving(self, intent: Intent) -> None:
        self._intent, self._saved = intent, False

    def _committed(self, row: RegisterRow) -> None:
        intent = self._intent
        if intent is not None and intent.kind == "mark" and row.candidate_id == \
                intent.candidate_id:
            self._forget()
            say(self._source, f"{mark_words(row)} {here_words(self._model.counts())}")

    def _changed(self) -> None:
        self._saved = self._intent is not None and self._intent.kind != "mark"

    def _reloaded(self) -> None:
        intent = self._intent
        if intent is not None and self._saved:
            self._forget()
            say(self._source, f"{saved_words(intent)} {here_words(self._model.counts())}")

    def _forget(self, *_why: object) -> None:
        self._intent, self._saved = None, False
