"""The signed-in user's events (and, for facilitators, their briefings) as an .ics file.

Reads what this laptop holds: the events the user sees (``CatalogueService``) with their
venue's address and briefing time from the event records. A briefing goes in only for an
event of a group the user facilitates: the briefing is for the facilitators, a partner lead
has none. Events whose date is not chosen yet are left out (``app.calendar_export``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from app.atomic_file import write_atomically
from app.calendar_export import CalendarEvent, events_calendar
from app.catalogue import CatalogueService
from app.event_date_views import LONDON, parse_instant
from app.store import Store
from app.store.models import Event, Group


def write_calendar(store: Store, user_id: str, path: Path,
                   now: dt.datetime | None = None) -> Path:
    """Build the user's calendar and write it to ``path`` (whole, or not at all)."""
    data = calendar_for(store, user_id, now or dt.datetime.now(dt.UTC))
    write_atomically(path, lambda out: out.write(data))
    return path


def calendar_for(store: Store, user_id: str, now: dt.datetime) -> bytes:
    """The .ics file (UTF-8) of every dated event this laptop holds for ``user_id``."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
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
    return events_calendar(entries, now=now)


def suggested_file_name(now: dt.datetime) -> str:
    return f"npq-events-{now.astimezone(LONDON):%Y-%m-%d}.ics"
