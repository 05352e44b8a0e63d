"""Choosing an event's date on this laptop (issue 6, "Event dates").

The partner lead picks a day in the event's two-week window. The days are judged with the
same rules the central service applies (``protocol.event_dates``), against what this laptop
holds: the other events at the venue, the group's previous and next events (a date chosen
here and not yet confirmed counts as that event's date), the school term dates of the
venue's local authority (pulled reference data), and today. A blocking problem is
refused here with the very message the service would give; otherwise the choice and its
outbox entry are committed in one transaction. The event keeps its confirmed date and shows
the choice as proposed, "waiting for the central service", until the pulled event carries
it; a refused choice waits in Needs attention with the service's reason.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, ValidationError
from app.event_date_views import LONDON, DatePlan, DateState, holidays_note, parse_instant
from app.marks import utc_now_iso
from app.outbox import NEEDS_ATTENTION, PENDING, enqueue_latest
from app.store import Store
from app.store.models import Event, Group, IdentityRow, OtherRecord, OutboxEntry
from app.store.models import TermDates as TermDatesRow
from protocol.event_dates import (
    BookedEvent,
    DateOption,
    EventWindow,
    TermDates,
    check_date,
    date_options,
)
from protocol.hlc import HybridClock
from protocol.records import EventDateChoiceData, event_date_choice_id
from protocol.text import _

log = logging.getLogger(__name__)

CHOICE = "event_date_choice"


class DateNotAllowedError(ValidationError):
    """The day breaks a rule the central service would refuse it for."""


def uk_today() -> dt.date:
    return dt.datetime.now(LONDON).date()


class EventDateService:
    def __init__(self, store: Store, clock: HybridClock, user_id: str,
                 today: Callable[[], dt.date] = uk_today) -> None:
        self.store, self.clock, self.user_id, self.today = store, clock, user_id, today

    def options(self, event_id: str) -> DatePlan:
        """The window's days with their problems, for the date picker."""
        today = self.today()
        with self.store.read() as session:
            event = _event(session, event_id)
            c = _context(session, event)
            options = date_options(c.window, other_events_at_venue=c.booked,
                                   previous_event_date=c.previous, next_event_date=c.next,
                                   today=today, event_id=event.id, term_dates=c.term_dates)
            group = session.get(Group, event.group_id)
            heading = _("{group} · Event {number}: {title}").format(
                group=group.code if group else _("Group"), number=event.number,
                title=event.title)
            return DatePlan(event.id, heading, event.venue_name, c.window, tuple(options),
                            tuple(o.date for o in options if o.clear), _day(event.chosen_date),
                            _proposed(session, event.id),
                            _can_choose(session, event, today),
                            holidays_note(c.term_dates, c.window),
                            any(c.term_dates.covers(d) for d in c.window.days()))

    def choose(self, event_id: str, day: dt.date) -> DateState:
        """Commit the choice of ``day`` and its outbox entry, or raise
        ``DateNotAllowedError`` with the rule's message (nothing is saved)."""
        today = self.today()
        with self.store.write() as session:
            event = _event(session, event_id)
            if not _is_partner_lead(session):
                raise DateNotAllowedError(_("Only the partner lead chooses an event's date."))
            if not _can_choose(session, event, today):
                raise DateNotAllowedError(_("This event has taken place (or is today): its date "
                                          "can no longer change."))
            c = _context(session, event)
            problems = check_date(day, c.window, other_events_at_venue=c.booked,
                                  previous_event_date=c.previous, next_event_date=c.next,
                                  today=today, event_id=event.id, term_dates=c.term_dates)
            blocking = [p.message for p in problems if p.blocking]
            if blocking:
                raise DateNotAllowedError(" ".join(blocking))
            if day != (_proposed(session, event.id) or _day(event.chosen_date)):
                _write_choice(session, event.id, day, self.user_id, str(self.clock.now()),
                              tuple(p.message for p in problems))
                log.info("date chosen for event %s", event.id)
            return _state(session, event, today)

    def pending(self, event_id: str) -> dt.date | None:
        """The date chosen here and not yet confirmed by the central service, if any."""
        with self.store.read() as session:
            return _proposed(session, event_id)

    def state(self, event_id: str) -> DateState:
        with self.store.read() as session:
            return _state(session, _event(session, event_id), self.today())

    def states(self) -> dict[str, DateState]:
        """Every event's date state, by event id (for the events list)."""
        today = self.today()
        with self.store.read() as session:  # a few queries for all events, not 5 per event
            held = {r.id: r.data for r in session.scalars(
                select(OtherRecord).where(OtherRecord.type == CHOICE))}
            latest: dict[tuple[str, str], OutboxEntry] = {}
            for entry in session.scalars(select(OutboxEntry).where(
                    OutboxEntry.type == CHOICE,
                    OutboxEntry.state.in_((PENDING, NEEDS_ATTENTION)))
                    .order_by(OutboxEntry.seq)):
                latest[(entry.record_id, entry.state)] = entry
            lead = _is_partner_lead(session)
            states = {}
            for event in session.scalars(select(Event)):
                choice_id = event_date_choice_id(event.id)
                states[event.id] = _state_of(
                    event, today, held.get(choice_id), latest.get((choice_id, PENDING)),
                    latest.get((choice_id, NEEDS_ATTENTION)), lead)
            return states


def _event(session: Session, event_id: str) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFoundError(_("This event is not on this laptop (sync, then try again)."))
    return event


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _is_partner_lead(session: Session) -> bool:
    me = session.get(IdentityRow, 1)
    return me is not None and "partner_lead" in (me.roles or [])


def _can_choose(session: Session, event: Event, today: dt.date) -> bool:
    held = _day(event.chosen_date)
    return _is_partner_lead(session) and (held is None or held > today)


def _entries(session: Session, event_id: str, state: str) -> list[OutboxEntry]:
    return list(session.scalars(select(OutboxEntry).where(
        OutboxEntry.type == CHOICE, OutboxEntry.record_id == event_date_choice_id(event_id),
        OutboxEntry.state == state).order_by(OutboxEntry.seq)))


def _proposed(session: Session, event_id: str) -> dt.date | None:
    entries = _entries(session, event_id, PENDING)
    return _day(entries[-1].data.get("date")) if entries else None


def _refused(session: Session, event_id: str) -> str | None:
    entries = _entries(session, event_id, NEEDS_ATTENTION)
    return (entries[-1].error_message or "The central service refused this date.") \
        if entries else None


def _effective_dates(session: Session, events: list[Event]) -> dict[str, dt.date]:
    """Each event's date as this laptop expects it: proposed here, else confirmed."""
    dates = {}
    for event in events:
        day = _proposed(session, event.id) or _day(event.chosen_date)
        if day is not None:
            dates[event.id] = day
    return dates


@dataclass(frozen=True)
class _Context:
    """What the rules check a day against."""

    window: EventWindow
    booked: tuple[BookedEvent, ...]  # the other events at the venue, with their dates
    previous: dt.date | None  # the group's previous event's date
    next: dt.date | None  # the group's next event's date
    term_dates: TermDates  # of the venue's local authority (perhaps none held here)


def _context(session: Session, event: Event) -> _Context:
    window = EventWindow(dt.date.fromisoformat(event.window_start),
                         dt.date.fromisoformat(event.window_end))
    group_events = list(session.scalars(select(Event).where(
        Event.group_id == event.group_id, Event.id != event.id)))
    at_venue = list(session.scalars(select(Event).where(
        Event.venue_name == event.venue_name, Event.id != event.id)))
    dates = _effective_dates(session, group_events + at_venue)
    before = [dates[e.id] for e in group_events if e.number < event.number and e.id in dates]
    after = [dates[e.id] for e in group_events if e.number > event.number and e.id in dates]
    codes = {g.id: g.code for g in session.scalars(select(Group))}
    booked = tuple(BookedEvent(e.id, _("{group}, event {number}").format(
                       group=codes.get(e.group_id) or _("Another group"), number=e.number),
                               dates[e.id])
                   for e in at_venue if e.id in dates)
    return _Context(window, booked, max(before, default=None), min(after, default=None),
                    term_dates(session, event.local_authority or ""))


def term_dates(session: Session, authority: str) -> TermDates:
    """The term dates this laptop holds for ``authority`` (pulled from the central
    service, which judges a choice by the same records)."""
    rows = session.scalars(select(TermDatesRow)) if authority.strip() else ()
    return TermDates.from_payloads(authority, (
        {"authority": r.authority, "academic_year": r.academic_year,
         "first_day": r.first_day, "last_day": r.last_day, "holidays": r.holidays}
        for r in rows))


def _write_choice(session: Session, event_id: str, day: dt.date, user_id: str, hlc: str,
                  warnings: tuple[str, ...]) -> None:
    record_id = event_date_choice_id(event_id)
    data = EventDateChoiceData(event_id=event_id, date=day.isoformat(), chosen_by=user_id,
                               chosen_at=utc_now_iso(), hlc=hlc,
                               warnings=list(warnings)).model_dump()
    session.merge(OtherRecord(type=CHOICE, id=record_id, data=data))
    enqueue_latest(session, type_=CHOICE, record_id=record_id, data=data, hlc=hlc)


def _state(session: Session, event: Event, today: dt.date) -> DateState:
    record = session.get(OtherRecord, (CHOICE, event_date_choice_id(event.id)))
    pending = _entries(session, event.id, PENDING)
    refused = _entries(session, event.id, NEEDS_ATTENTION)
    return _state_of(event, today, record.data if record is not None else None,
                     pending[-1] if pending else None, refused[-1] if refused else None,
                     _is_partner_lead(session))


def _state_of(event: Event, today: dt.date, held: dict[str, Any] | None,
              pending: OutboxEntry | None, refused: OutboxEntry | None,
              partner_lead: bool) -> DateState:
    """An event's date state from what was read for it: the choice record held here, the
    newest pending and refused choice in the outbox, whether the user is a partner lead."""
    chosen = _day(event.chosen_date)
    held = held or {}
    warnings = tuple(held.get("warnings") or ()) if held.get("date") == event.chosen_date \
        else ()
    return DateState(
        event_id=event.id,
        window=EventWindow(dt.date.fromisoformat(event.window_start),
                           dt.date.fromisoformat(event.window_end)),
        chosen=chosen, proposed=_day(pending.data.get("date")) if pending else None,
        refused=(refused.error_message or "The central service refused this date.")
        if refused else None,
        briefing_at=parse_instant(event.briefing_at),
        can_choose=partner_lead and (chosen is None or chosen > today), warnings=warnings,
        group_id=event.group_id, number=event.number)


__all__ = ["DateNotAllowedError", "DateOption", "DatePlan", "DateState", "EventDateService"]
