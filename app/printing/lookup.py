"""From a paper sheet back to its event: for the "transcribe from paper" screen.

The screen scans the QR code (or the user types the sheet code printed under it and in the
footer), calls ``open_sheet``, and walks ``match.register.rows`` in order: the same order,
numbers and row codes as the printed sheet, as long as ``match.roster_matches``. When the
roster has changed since the sheet was printed (someone joined or withdrew), the screen
should say so and let the user check names rather than trust row numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.errors import NotFoundError
from app.printing.codes import SheetReference, parse_sheet_reference
from app.printing.model import PaperRegister, load_paper_register
from app.store import Store
from app.store.models import Event
from protocol.text import _


@dataclass(frozen=True)
class SheetMatch:
    reference: SheetReference
    register: PaperRegister  # the register as it would be printed now

    @property
    def roster_matches(self) -> bool:
        """The printed sheet and today's roster have the same rows in the same order."""
        return self.register.roster_version == self.reference.roster_version


def open_sheet(store: Store, text: str, *, now: dt.datetime | None = None) -> SheetMatch:
    """The event a scanned QR payload or a typed sheet code ('C18ED6BA-5855f8') is for.
    Raises ``NotFoundError`` with a message for the user if it is not a sheet code or its
    event is not on this laptop."""
    reference = parse_sheet_reference(text)
    if reference is None:
        raise NotFoundError(_("That is not a sheet code. It is printed under the QR code and "
                            "in the footer of the register, like C18ED6BA-5855f8."))
    with store.read() as session:
        if reference.event_id is not None:
            candidates = [reference.event_id] if session.get(Event, reference.event_id) else []
        else:
            candidates = [e for e in session.scalars(select(Event.id))
                          if reference.matches(e)]
    if len(candidates) != 1:
        raise NotFoundError("No event on this laptop matches that sheet. Sync, then try "
                            "again." if not candidates else
                            "More than one event matches that sheet code; scan its QR code.")
    register = load_paper_register(store, candidates[0], printed_at=now or dt.datetime.now())
    return SheetMatch(reference=reference, register=register)
