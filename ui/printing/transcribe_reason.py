"""One amendment reason for a whole transcription onto a submitted register.

Every mark and walk-in typed in from paper is an amendment once the register is submitted.
The reason is asked in place (``ui.reason_editor``) when the first change needs it; what
is typed meanwhile waits for it, and all of it is saved with it. A register submitted
while the sheet is open (a colleague's submission arriving with a sync) is learnt from the
first change refused for want of a reason, which then waits like the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.errors import RegisterSubmittedError
from ui.reason_editor import ReasonEditor


@dataclass(frozen=True)
class Change:
    """One typed change on its way: ``save(reason)`` writes it (with the amendment reason,
    on a submitted register), ``undone()`` takes it off the screen when it is not saved,
    ``waits()`` shows that it waits for the reason."""

    save: Callable[[str | None], None]
    undone: Callable[[], None]
    waits: Callable[[], None] = lambda: None


class TranscriptionReason:
    """Holds the reason once given and the changes waiting for it; ``refused(n)`` is
    called when the reason is cancelled with ``n`` changes waiting (they are undone)."""

    def __init__(self, editor: ReasonEditor, what: str,
                 refused: Callable[[int], None]) -> None:
        self.editor, self._what, self._refused = editor, what, refused
        self.submitted = False
        self.reason: str | None = None
        self._waiting: list[Change] = []
        editor.accepted.connect(self._given)
        editor.cancelled.connect(self._cancelled)

    def start(self, submitted: bool) -> None:
        """A new sheet: its own reason, nothing waiting."""
        self.submitted, self.reason = submitted, None
        self._drop()

    def save(self, change: Change) -> None:
        """Save now, or once the reason has been given (asked in place, once)."""
        if self.submitted and self.reason is None:
            self._waiting.append(change)
            change.waits()
            if not self.editor.isVisible():
                self.editor.ask(self._what)
            return
        change.save(self.reason)

    def failed(self, change: Change, exc: BaseException) -> bool:
        """True when ``exc`` means the register was submitted meanwhile: the change then
        waits for the reason instead of being lost."""
        if not isinstance(exc, RegisterSubmittedError) or self.reason is not None:
            return False
        self.submitted = True
        self.save(change)
        return True

    def _given(self, reason: str) -> None:
        self.reason = reason
        waiting, self._waiting = self._waiting, []
        for change in waiting:
            change.save(reason)

    def _cancelled(self) -> None:
        dropped = len(self._waiting)
        self._drop()
        self._refused(dropped)

    def _drop(self) -> None:
        waiting, self._waiting = self._waiting, []
        for change in waiting:
            change.undone()
