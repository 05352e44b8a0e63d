"""Facilitator notes on an event or on one candidate at it: private or shared.

A note is saved as it is typed: each save commits the note and its outbox entry in one
transaction, updating the same note (same id) every time, so nothing typed is lost if the
laptop dies. Shared notes from a co-facilitator arrive by sync and are read-only here (the
central service also refuses a change to someone else's note).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.catalogue import display_name
from app.domain import NoteView
from app.errors import NotFoundError, ValidationError
from app.marks import utc_now_iso
from app.outbox import enqueue
from app.store import Store
from app.store.models import Event, Note
from app.validation import check_text
from protocol import fields
from protocol.hlc import HybridClock
from protocol.records import NoteData
from protocol.text import _

log = logging.getLogger(__name__)


class NoteService:
    def __init__(self, store: Store, clock: HybridClock, user_id: str) -> None:
        self.store = store
        self.clock = clock
        self.user_id = user_id

    def notes(self, event_id: str, candidate_id: str | None = None) -> list[NoteView]:
        """The notes on the event (``candidate_id`` None) or on one candidate at it: mine
        and those shared with me, mine first, then newest first."""
        with self.store.read() as session:
            query = select(Note).where(Note.event_id == event_id,
                                       Note.candidate_id.is_(None) if candidate_id is None
                                       else Note.candidate_id == candidate_id,
                                       or_(Note.author_id == self.user_id,
                                           Note.visibility == "shared"))
            notes = [self._view(session, n) for n in session.scalars(query)]
        notes.sort(key=lambda n: n.updated_at, reverse=True)
        notes.sort(key=lambda n: not n.mine)
        return notes

    def noted(self, event_id: str) -> dict[str, str]:
        """Who has a note at this event that I can read (mine, or shared with me): each
        candidate's id with the first line of their note, mine first, then the newest. A
        note emptied of its text is no note."""
        with self.store.read() as session:
            rows = session.execute(
                select(Note.candidate_id, Note.body, Note.author_id, Note.updated_at)
                .where(Note.event_id == event_id, Note.candidate_id.is_not(None),
                       or_(Note.author_id == self.user_id, Note.visibility == "shared"))).all()
        ordered = sorted(rows, key=lambda r: _instant(r.updated_at), reverse=True)
        ordered.sort(key=lambda r: r.author_id != self.user_id)
        noted: dict[str, str] = {}
        for row in ordered:
            line = first_line(row.body)
            if line and row.candidate_id not in noted:
                noted[row.candidate_id] = line
        return noted

    def save(self, event_id: str, body: str, *, note_id: str | None = None,
             candidate_id: str | None = None, shared: bool = False) -> NoteView:
        """Create (no ``note_id``) or update my note; commits note and outbox together."""
        body = check_text(fields.NOTE, body, _("The note"))
        with self.store.write() as session:
            if session.get(Event, event_id) is None:
                raise NotFoundError(_("This event is not on this laptop. Sync, then try again."))
            note = session.get(Note, note_id) if note_id else None
            if note is not None and note.author_id != self.user_id:
                raise ValidationError(_("Only the author of a note can change it."))
            record_id = note_id or str(uuid.uuid4())
            data = NoteData(event_id=event_id, candidate_id=candidate_id, body=body,
                            visibility="shared" if shared else "private",
                            author_id=self.user_id, updated_at=utc_now_iso()).model_dump()
            if note is None:
                note = Note(id=record_id)
                session.add(note)
            for field, value in data.items():
                setattr(note, field, value)
            enqueue(session, type_="note", record_id=record_id, data=data,
                    hlc=str(self.clock.now()))
            session.flush()
            view = self._view(session, note)
        log.info("note saved: %s", record_id)
        return view

    def _view(self, session: Session, note: Note) -> NoteView:
        return NoteView(id=note.id, event_id=note.event_id, candidate_id=note.candidate_id,
                        body=note.body, shared=note.visibility == "shared",
                        author_id=note.author_id,
                        author_name=display_name(session, note.author_id),
                        updated_at=_instant(note.updated_at),
                        mine=note.author_id == self.user_id)


def first_line(body: str) -> str:
    """A note's first line with text, as a row's tooltip shows it."""
    return next((line.strip() for line in body.splitlines() if line.strip()), "")


def _instant(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime.now(dt.UTC)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
