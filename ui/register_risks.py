"""At risk, quietly, beside the names on the facilitator's register.

Who was at risk coming into the event shown (``app.progress.ProgressService.before_event``:
as at the day before it) is read once when a register is shown, and again only when the
roster changes; never per mark, so a mark costs what it did. The name gets a small marker
(``RISK_MARK``), and its tooltip and what a screen reader says give the reason in words.

``RegisterRisks`` attaches to a register's model (a child of it) and follows which event
it shows, so the register view itself needs no wiring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from app.changes import Changes
from app.progress import ProgressService, Risk
from ui.changes_hub import ChangesHub, subscribe
from ui.runner import Runner

if TYPE_CHECKING:
    from ui.register_model import RegisterModel

class RegisterRisks(QObject):
    """Shows on ``model`` who is at risk on the register it holds: read when it starts
    showing another event, and when the roster changes (``hub``'s catalogue flag)."""

    def __init__(self, runner: Runner, progress: ProgressService, model: RegisterModel,
                 today: Callable[[], dt.date], hub: ChangesHub | None = None) -> None:
        super().__init__(model)
        self._runner, self._progress, self._model, self._today = runner, progress, model, today
        self.event_id: str | None = None
        model.modelReset.connect(self._register_shown)
        subscribe(hub, self)

    @Slot()
    def _register_shown(self) -> None:
        register = self._model.register
        event_id = register.event.id if register is not None else None
        if event_id != self.event_id:  # another register: not a reload of this one
            self.event_id = event_id
            self._model.set_risks({})
            self.read()

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        if changes.catalogue:
            self.read()

    def read(self) -> None:
        if self.event_id is None:
            return
        wanted = self.event_id

        def loaded(risks: dict[str, Risk]) -> None:
            if wanted == self.event_id:
                self._model.set_risks({c: r.text for c, r in risks.items()})

        (self._runner.read(self._progress.before_event, wanted, self._today())
         .success(loaded).run())
