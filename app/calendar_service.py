"""The signed-in user's events (and, for facilitators, their briefings) as an .ics file.

Reads what this laptop holds: the events the user sees (``CatalogueService``) with their
venue's address and briefing time from the event records. A briefing goes in only for an
event of a group the user facilitates: the briefing is for the facilitators, a partner lead
has none. Events whose date is not chosen yet are left out (``app.calendar_export``).

Each entry's SEQUENCE is the number of times this laptop has seen it change between one
export and the next: the laptop keeps, per entry, what it last wrote (a digest of the
summary, times, place and description; ``app.calendar_export.fingerprints``) and the
SEQUENCE it wrote it with, in ``local_meta`` (``calendar-sequence:UID`` = "N DIGEST"). An
export that finds an entry changed (the event's date, time, venue or title; its briefing's
time) writes it with N + 1 and keeps that; an unchanged entry keeps its N. So for one UID
the SEQUENCE never falls from one export to the next, on this laptop, and a calendar program
takes the new copy as an update rather than a duplicate or an older copy. Writing the
calendar is therefore one small write transaction (the bookkeeping), then the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.atomic_file import write_atomically
from app.calendar_export import CalendarEvent, events_calendar, fingerprints
from app.catalogue import CatalogueService
from app.event_date_views import LONDON, parse_instant
from app.store import Store
from app.store.models import Event, Group, LocalMeta

SEQUENCE_KEY = "calendar-sequence:"  # + the entry's UID, in local_meta


def write_calendar(store: Store, user_id: str, path: Path,
                   now: dt.datetime | None = None) -> Path:
    """Build the user's calendar and write it to ``path`` (whole, or not at all)."""
    data = calendar_for(store, user_id, now or dt.datetime.now(dt.UTC))
    write_atomically(path, lambda out: out.write(data))
    return path


def calendar_for(store: Store, user_id: str, now: dt.datetime) -> bytes:
    """The .ics file (UTF-8) of every dated event this laptop holds for ``user_id``, each
    entry with its SEQUENCE (counted, and kept, as the module says)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    entries = calendar_events(store, user_id, now)
    with store.write() as session:
        sequences = advance_sequences(session, fingerprints(entries))
    return events_calendar(entries, now=now, sequences=sequences)


def calendar_events(store: Store, user_id: str, now: dt.datetime) -> list[CalendarEvent]:
    """What the calendar shows, read from the store (no briefing for a group the user does
    not facilitate)."""
    summaries = CatalogueService(store).events(now.astimezone(LONDON).date())
    with store.read() as session:
        rows = {e.id: e for e in session.scalars(select(Event))}
        facilitated = {g.id for g in session.scalars(select(Group))
                       if user_id in (g.facilitator_ids or [])}
    entries = []
    for summary in summaries:
        row = rows.get(summary.id)
        briefing = parse_instant(row.briefing_at) if row is not None else None
        entries.append(CalendarEvent.of(
            summary, venue_address=row.venue_address if row is not None else "",
            briefing_at=briefing if summary.group_id in facilitated else None))
    return entries


def advance_sequences(session: Session, found: Mapping[str, str]) -> dict[str, int]:
    """The SEQUENCE of each entry (UID → digest in ``found``): the one kept when its digest
    is the one kept, one more when it changed, 0 for an entry never exported; what is
    returned is kept. Entries not in ``found`` keep theirs (an event whose date is taken
    back and chosen again goes on from where it was)."""
    keys = [SEQUENCE_KEY + uid for uid in found]
    kept = {row.key[len(SEQUENCE_KEY):]: row for row in session.scalars(
        select(LocalMeta).where(LocalMeta.key.in_(keys)))} if keys else {}
    sequences = {}
    for uid, digest in found.items():
        row = kept.get(uid)
        if row is None:
            sequences[uid] = 0
            session.add(LocalMeta(key=SEQUENCE_KEY + uid, value=f"0 {digest}"))
            continue
        number, _space, last = row.value.partition(" ")
        sequences[uid] = int(number) if last == digest else int(number) + 1
        row.value = f"{sequences[uid]} {digest}"
    return sequences


def suggested_file_name(now: dt.datetime) -> str:
    return f"npq-events-{now.astimezone(LONDON):%Y-%m-%d}.ics"
