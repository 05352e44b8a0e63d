"""Pushed event date choices (issue 6, "Event dates"): the partner lead picks the date.

Only a partner lead whose partner runs the event's group may choose; a facilitator of the
group, or a QA lead whose facilitator runs it, can see the event and gets
``forbidden_role``; anyone else ``not_found``. The date is checked with the very rules the
app shows (``protocol.event_dates.check_date``), against what the service holds under the push's
lock: the other events at the same venue on that day and the group's previous and next
dated events. A blocking problem rejects the choice (``date_not_allowed``, with the rule's
own words as the reason); warnings are kept on the choice record. School holidays are
judged by the term dates the service holds for the venue's local authority (the event's
``local_authority``; ``server.services.term_dates``), the same records every laptop pulls,
so the app and the service warn about the same days.

An accepted choice writes two records: the choice (group content, so the group's
facilitators and partner lead see who chose and the warnings) and the event itself, whose
``chosen_date`` (and the facilitator briefing, 16:00 on the working day before) change with
a new sequence number, so every laptop gets the new date from the pull feed. An event has
one choice record (``event_date_choice_id``); of two choices the later stamp wins, and an
earlier one arriving late is applied as a no-op. An event that has taken place (or is
today) keeps its date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from protocol.event_dates import (
    BookedEvent,
    EventWindow,
    TermDates,
    bank_holiday,
    check_date,
    long_date,
)
from protocol.records import EventDateChoiceData, event_date_choice_id
from protocol.wire import Mutation
from server.models import Record
from server.services.term_dates import term_dates_of
from server.services.writes import (
    Context,
    Rejected,
    Row,
    clamped_stamp,
    load_rows,
    stored_stamp,
)
from server.store import Placement

LONDON = ZoneInfo("Europe/London")
BRIEFING_TIME = dt.time(16, 0)


def briefing_instant(day: dt.date) -> str:
    """The facilitator briefing before an event on ``day``: 16:00 UK time on the working
    day before (not a weekend, not a bank holiday in England), as an ISO UTC instant."""
    before = day - dt.timedelta(days=1)
    while before.weekday() >= 5 or bank_holiday(before) is not None:
        before -= dt.timedelta(days=1)
    local = dt.datetime.combine(before, BRIEFING_TIME, tzinfo=LONDON)
    return local.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class DateContext:
    """What a choice of date for one event is checked against."""

    window: EventWindow
    other_events_at_venue: tuple[BookedEvent, ...]
    previous_event_date: dt.date | None
    next_event_date: dt.date | None
    term_dates: TermDates  # of the venue's local authority (perhaps none held)


def _day(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def date_context(session: Session, event_id: str, data: dict[str, Any],
                 group_id: str | None, day: dt.date | None = None) -> DateContext:
    """The window, the group's neighbouring dated events, the events at the same venue
    (on ``day`` only, when given: all a check of that day needs) and the term dates of the
    venue's local authority."""
    window = EventWindow(dt.date.fromisoformat(data["window_start"]),
                         dt.date.fromisoformat(data["window_end"]))
    number = int(data.get("number") or 0)
    before: list[dt.date] = []
    after: list[dt.date] = []
    for other in session.scalars(select(Record.data).where(
            Record.type == "event", Record.group_id == group_id, Record.deleted == false(),
            Record.id != event_id)):
        held = _day((other or {}).get("chosen_date"))
        if held is None:
            continue
        (before if int(other.get("number") or 0) < number else after).append(held)
    query = select(Record.id, Record.group_id, Record.data).where(
        Record.type == "event", Record.deleted == false(), Record.id != event_id,
        Record.data["venue_name"].as_string() == str(data.get("venue_name") or ""))
    if day is not None:
        query = query.where(Record.data["chosen_date"].as_string() == day.isoformat())
    booked = [(row.id, row.group_id, row.data) for row in session.execute(query)
              if _day((row.data or {}).get("chosen_date")) is not None]
    groups = sorted({g for _, g, _ in booked if g})
    codes: dict[str, str | None] = dict(session.execute(
        select(Record.id, Record.data["code"].as_string()).where(
            Record.type == "group", Record.id.in_(groups))).all())
    venue = tuple(BookedEvent(id_, f"{codes.get(group, 'Another group')}, event "
                                   f"{(other or {}).get('number')}",
                              dt.date.fromisoformat(other["chosen_date"]))
                  for id_, group, other in booked)
    return DateContext(window, venue, max(before, default=None), min(after, default=None),
                       term_dates_of(session, str(data.get("local_authority") or "")))


def _today(ctx: Context) -> dt.date:
    return dt.datetime.fromtimestamp(ctx.now_ms / 1000, LONDON).date()


def _event(ctx: Context, event_id: str) -> Row | None:
    """The event with its data (a push's checks loaded only where it sits)."""
    event = ctx.live("event", event_id)
    if event is not None and event.data is None:
        ctx.flush()
        ctx.known |= load_rows(ctx.session, "event", {event_id})
        event = ctx.live("event", event_id)
    return event


def _runs_group(ctx: Context, group_id: str | None) -> bool:
    """Whether a facilitator in the caller's care as QA lead runs this group (then the
    caller sees its events)."""
    if group_id is None or not ctx.scope.qa_facilitators:
        return False
    ctx.flush()
    rows = ctx.session.execute(select(Record.ref_id, Record.data["role"].as_string()).where(
        Record.type == "assignment", Record.deleted == false(), Record.group_id == group_id))
    return any(user in ctx.scope.qa_facilitators and role == "facilitator"
               for user, role in rows)


def _check_chooser(ctx: Context, event: Row | None) -> Row:
    scope = ctx.scope
    if event is not None and event.group_id in scope.lead_groups \
            and "partner_lead" in scope.roles:
        return event
    if event is not None and (event.group_id in scope.content_groups
                              or _runs_group(ctx, event.group_id)):
        raise Rejected("forbidden_role", "Only the partner lead chooses an event's date.")
    raise Rejected("not_found", "No such event, or it is not one of your groups.")


def _check_not_held(event: Row, today: dt.date) -> None:
    held = _day((event.data or {}).get("chosen_date"))
    if held is not None and held <= today:
        when = "is today" if held == today else f"took place on {long_date(held)}"
        raise Rejected("date_not_allowed", f"This event {when}: its date can no longer "
                                           "change.")


def admit_chooser(ctx: Context, m: Mutation, data: EventDateChoiceData) -> Row:
    return _check_chooser(ctx, _event(ctx, data.event_id))


def apply_date_choice(ctx: Context, m: Mutation, data: EventDateChoiceData, event: Row) -> int:
    if m.op == "delete":
        raise Rejected("invalid", "A date choice cannot be withdrawn: choose another date.")
    if m.id != event_date_choice_id(data.event_id):
        raise Rejected("bad_id", "The id of a date choice must be "
                                 "event_date_choice_id(event_id).")
    day = _day(data.date)
    if day is None:
        raise Rejected("invalid", "date must be a date (YYYY-MM-DD).")
    stamp = clamped_stamp(ctx, m)
    existing = ctx.record("event_date_choice", m.id)
    if (existing is not None and not existing.deleted and existing.data is not None
            and stored_stamp(existing) > stamp):
        return existing.seq  # a later choice is already in force
    today = _today(ctx)
    _check_not_held(event, today)
    ctx.flush()
    assert event.data is not None
    context = date_context(ctx.session, event.id, event.data, event.group_id, day)
    problems = check_date(day, context.window,
                          other_events_at_venue=context.other_events_at_venue,
                          previous_event_date=context.previous_event_date,
                          next_event_date=context.next_event_date, today=today,
                          event_id=event.id, term_dates=context.term_dates)
    blocking = [p.message for p in problems if p.blocking]
    if blocking:
        raise Rejected("date_not_allowed", " ".join(blocking))
    caller = ctx.scope.user_id
    body = data.model_dump() | {"date": day.isoformat(), "chosen_by": caller,
                                "hlc": str(stamp),
                                "warnings": [p.message for p in problems]}
    record = ctx.put("event_date_choice", m.id, body,
                     Placement(group_id=event.group_id, event_id=event.id, owner_id=caller))
    if event.data.get("chosen_date") != day.isoformat():
        dated = event.data | {"chosen_date": day.isoformat(),
                              "briefing_at": briefing_instant(day)}
        ctx.put("event", event.id, dated, Placement(
            group_id=event.group_id, event_id=event.event_id, owner_id=event.owner_id,
            ref_id=event.ref_id, private=event.private))
    return record.seq

