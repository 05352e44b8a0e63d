"""Event dates in the seeded demo, as the central service judges them (shared by the event
date tests and the authorisation walk)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import false, select

from protocol.event_dates import DateOption, bank_holiday, date_options
from protocol.hlc import Stamp
from protocol.records import event_date_choice_id
from server.db import Database
from server.models import Record
from server.services.event_dates import date_context
from tests.server.api import mutation

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class EventRow:
    id: str
    group_id: str
    data: dict[str, Any]
    seq: int


def server_today() -> dt.date:
    """The day the service checks against (its own clock, in the UK)."""
    return dt.datetime.now(LONDON).date()


def events_of(database: Database, group_ids: set[str]) -> list[EventRow]:
    with database.read() as session:
        rows = session.scalars(select(Record).where(
            Record.type == "event", Record.deleted == false(),
            Record.group_id.in_(sorted(group_ids))).order_by(Record.id))
        return [EventRow(r.id, str(r.group_id), dict(r.data or {}), r.seq) for r in rows]


def event(database: Database, event_id: str) -> EventRow:
    with database.read() as session:
        r = session.get(Record, ("event", event_id))
        assert r is not None
        return EventRow(r.id, str(r.group_id), dict(r.data or {}), r.seq)


def future_events(database: Database, group_ids: set[str], *, undated: bool | None = None
                  ) -> list[EventRow]:
    """Events whose window starts after today, earliest window first (``undated``: only
    those with (False: without) no date chosen yet)."""
    today = server_today().isoformat()
    found = [e for e in events_of(database, group_ids) if e.data["window_start"] > today
             and (undated is None or (e.data["chosen_date"] is None) == undated)]
    return sorted(found, key=lambda e: e.data["window_start"])


def options(database: Database, event_id: str) -> list[DateOption]:
    row = event(database, event_id)
    with database.read() as session:
        context = date_context(session, row.id, row.data, row.group_id)
    return date_options(context.window, other_events_at_venue=context.other_events_at_venue,
                        previous_event_date=context.previous_event_date,
                        next_event_date=context.next_event_date, today=server_today(),
                        event_id=row.id, term_dates=context.term_dates)


def clear_day(database: Database, event_id: str) -> dt.date:
    """A day of the event's window with no problem at all."""
    return next(o.date for o in options(database, event_id) if o.clear)


def undated_with_clear_day(database: Database, group_ids: set[str]) -> tuple[EventRow, dt.date]:
    """The first undated future event (by window) with a day of no problem at all, and that
    day (a window wholly in the school holidays has none)."""
    for event in future_events(database, group_ids, undated=True):
        day = next((o.date for o in options(database, event.id) if o.clear), None)
        if day is not None:
            return event, day
    raise LookupError("no undated future event has a clear day")


def weekday_bank_holiday(database: Database, event_id: str) -> dt.date | None:
    return next((o.date for o in options(database, event_id)
                 if o.date.weekday() < 5 and bank_holiday(o.date) is not None), None)


# one fixed point for the whole run, so that only ``step`` orders two stamps
BASE_MS = (int(time.time()) - 3600) * 1000


def stamp(step: int = 0, device: str = "laptopP") -> str:
    """A stamp ``step`` seconds after a fixed point an hour before the run (never clamped)."""
    return str(Stamp(BASE_MS + step * 1000, 0, device))


def choice(event_id: str, day: dt.date | str, hlc: str, chosen_by: str = "x",
           op: str = "upsert") -> dict[str, Any]:
    """A date choice mutation, as the app pushes it."""
    return mutation("event_date_choice", event_date_choice_id(event_id), {
        "event_id": event_id, "date": str(day), "chosen_by": chosen_by,
        "chosen_at": "2026-11-23T10:00:00Z"}, hlc, op)
