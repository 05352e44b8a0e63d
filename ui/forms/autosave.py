"""Saving a form as it is typed: every change reaches the write lane within 250 ms.

A throttle, not a debounce: the first change starts the timer and later ones ride along,
so someone typing without a pause is still saved at least every 250 ms. Leaving a field and
closing the editor save at once. Each flush is one job on the runner's single write
thread, so saves land in the order they were made; the service commits each answer with
its outbox entry before returning, so a killed app loses at most the last 250 ms.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from protocol.records import Answer
from ui.errors import describe_error
from ui.forms.service import FormService
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.runner import Runner

log = logging.getLogger(__name__)

SAVE_EVERY_MS = 250

SYNC_TEXTS = {  # marked only: saved_text() shows them in the user's language
    "sent": QT_TRANSLATE_NOOP("FormSaver", "Sent"),
    "confirmed": QT_TRANSLATE_NOOP("FormSaver", "Confirmed by the central service"),
    "needs_attention": QT_TRANSLATE_NOOP("FormSaver", "Needs attention"),
}


def saved_text(sync_state: str, when: dt.datetime | None = None) -> str:
    """The quiet line under the form's title: how far its last change has travelled."""
    if sync_state in SYNC_TEXTS:
        return translate("FormSaver", SYNC_TEXTS[sync_state])
    at = (when or dt.datetime.now(dt.UTC)).astimezone()
    return translate("FormSaver", "Saved on this laptop {time}").format(time=f"{at:%H:%M}")


class FormSaver(QObject):
    state_changed = Signal(str)  # the indicator's text
    saved = Signal()  # a flush reached the database
    failed = Signal(str)  # a human message: the change was not saved

    def __init__(self, runner: Runner, forms: FormService, form_id: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner, self._forms, self.form_id = runner, forms, form_id
        self._answers: dict[str, Answer] = {}
        self._header: dict[str, Any] = {}
        self._in_flight = 0
        self._timer = QTimer(self, singleShot=True, interval=SAVE_EVERY_MS)
        self._timer.timeout.connect(self.flush)

    def answer(self, question_id: str, value: Answer) -> None:
        self._answers[question_id] = None if value == "" else value
        self._queued()

    def header(self, field: str, value: Any) -> None:
        self._header[field] = value
        self._queued()

    def _queued(self) -> None:
        self.state_changed.emit(self.tr("Saving…"))
        if not self._timer.isActive():
            self._timer.start()

    def pending(self) -> bool:
        return bool(self._answers or self._header or self._in_flight)

    def flush(self) -> None:
        """Send what is queued to the write lane now (nothing when nothing changed)."""
        self._timer.stop()
        if not self._answers and not self._header:
            return
        answers, header = self._answers, self._header
        self._answers, self._header = {}, {}
        self._in_flight += 1
        (self._runner.write(self._write, self.form_id, answers, header)
         .success(lambda _r: self._done(None)).failure(self._done).run())

    def _write(self, form_id: str, answers: dict[str, Answer], header: dict[str, Any]) -> None:
        if header:
            self._forms.save_header(form_id, **header)
        for question_id, value in answers.items():
            self._forms.save_answer(form_id, question_id, value)

    def _done(self, exc: BaseException | None) -> None:
        self._in_flight -= 1
        if exc is not None:
            log.warning("form save failed: %s", type(exc).__name__)
            self.failed.emit(self.tr("Not saved: {reason}").format(reason=describe_error(exc)))
            return
        if not self.pending():
            self.state_changed.emit(saved_text("saved"))
            self.saved.emit()
