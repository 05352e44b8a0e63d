"""What the signed-in user can open: their groups and events."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import EventSummary, GroupSummary
from app.marks import MARKED
from app.store import Store
from app.store.models import (
    Attendance,
    Colleague,
    Enrolment,
    Event,
    Group,
    IdentityRow,
    Intake,
    Partner,
    Qualification,
    RegisterSubmission,
)
from protocol.text import _


class CatalogueService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def groups(self) -> list[GroupSummary]:
        with self.store.read() as session:
            enrolled = _active_counts(session)
            groups = session.scalars(select(Group).order_by(Group.code)).all()
            return [_group_summary(session, g, enrolled.get(g.id, 0)) for g in groups]

    def events(self, today: dt.date) -> list[EventSummary]:
        """Today's events first, then upcoming ones by date, then past ones, most recent
        first. An event whose date is not chosen yet counts from its window's start."""
        with self.store.read() as session:
            summaries = _all_event_summaries(session)
        return sorted(summaries, key=lambda s: _order_key(s, today))

    def event(self, event_id: str) -> EventSummary | None:
        with self.store.read() as session:
            row = session.get(Event, event_id)
            return event_summary(session, row) if row else None


def _order_key(s: EventSummary, today: dt.date) -> tuple[int, int, str, int]:
    day = s.date or s.window_start
    if s.date == today:
        bucket, offset = 0, 0
    elif day >= today or (s.date is None and s.window_end >= today):
        bucket, offset = 1, day.toordinal()
    else:
        bucket, offset = 2, -day.toordinal()
    return bucket, offset, s.group_code, s.number


def event_summary(session: Session, event: Event) -> EventSummary:
    group = session.get(Group, event.group_id)
    roster = _active_candidate_ids(session, event.group_id)
    marked_ids = set(session.scalars(select(Attendance.candidate_id).where(
        Attendance.event_id == event.id, MARKED)))
    submitted = session.scalar(
        select(func.count()).select_from(RegisterSubmission)
        .where(RegisterSubmission.event_id == event.id)
    )
    title = _qualification_title(session, group.qualification_code) if group else ""
    return _summary(event, group, roster, marked_ids, bool(submitted), title or "")


def _summary(event: Event, group: Group | None, roster: set[str], marked_ids: Iterable[str],
             submitted: bool, qualification_title: str) -> EventSummary:
    """One event as the events list shows it, from what was read about it."""
    return EventSummary(
        id=event.id,
        group_id=event.group_id,
        group_code=group.code if group else "",
        qualification_code=group.qualification_code if group else "",
        number=event.number,
        title=event.title,
        date=dt.date.fromisoformat(event.chosen_date) if event.chosen_date else None,
        window_start=dt.date.fromisoformat(event.window_start),
        window_end=dt.date.fromisoformat(event.window_end),
        venue_name=event.venue_name,
        arrival_time=event.arrival_time,
        start_time=event.start_time,
        end_time=event.end_time,
        roster_size=len(roster),
        marked=len(roster.intersection(marked_ids)),
        submitted=submitted,
        qualification_title=qualification_title,
    )


def _all_event_summaries(session: Session) -> list[EventSummary]:
    """``event_summary`` for every event in five queries, not five per event: a partner
    lead's year holds hundreds of events and this list is what the window opens on."""
    groups = {g.id: g for g in session.scalars(select(Group))}
    titles = dict(session.execute(select(Qualification.code, Qualification.title)).all())
    rosters: dict[str, set[str]] = {}
    for group_id, candidate_id in session.execute(
            select(Enrolment.group_id, Enrolment.candidate_id)
            .where(Enrolment.status == "active")):
        rosters.setdefault(group_id, set()).add(candidate_id)
    marked: dict[str, set[str]] = {}
    for event_id, candidate_id in session.execute(
            select(Attendance.event_id, Attendance.candidate_id)
            .where(MARKED)):
        marked.setdefault(event_id, set()).add(candidate_id)
    submitted = set(session.scalars(select(RegisterSubmission.event_id).distinct()))
    summaries = []
    for event in session.scalars(select(Event)):
        group = groups.get(event.group_id)
        roster = rosters.get(event.group_id, set())
        title = (titles.get(group.qualification_code) or "") if group else ""
        summaries.append(_summary(event, group, roster, marked.get(event.id, ()),
                                  event.id in submitted, title))
    return summaries


def _qualification_title(session: Session, code: str) -> str:
    qualification = session.scalar(select(Qualification).where(Qualification.code == code))
    return qualification.title if qualification else ""


def _active_candidate_ids(session: Session, group_id: str) -> set[str]:
    return set(session.scalars(
        select(Enrolment.candidate_id)
        .where(Enrolment.group_id == group_id, Enrolment.status == "active")
    ))


def _active_counts(session: Session) -> Counter[str]:
    rows = session.execute(
        select(Enrolment.group_id, func.count())
        .where(Enrolment.status == "active").group_by(Enrolment.group_id)
    )
    return Counter({group_id: n for group_id, n in rows})


def _group_summary(session: Session, group: Group, enrolled: int) -> GroupSummary:
    partner = session.get(Partner, group.partner_id)
    intake = session.get(Intake, group.intake_id)
    return GroupSummary(
        id=group.id,
        code=group.code,
        qualification_code=group.qualification_code,
        qualification_title=_qualification_title(session, group.qualification_code)
        or group.qualification_code,
        partner_name=partner.name if partner else "",
        intake_label=intake.label if intake else "",
        venue_name=group.venue_name,
        enrolled=enrolled,
        min_size=group.min_size,
        facilitator_names=tuple(display_name(session, uid) for uid in group.facilitator_ids or ()),
        facilitator_ids=tuple(group.facilitator_ids or ()),
    )


def display_name(session: Session, user_id: str, unknown: str | None = None) -> str:
    """A colleague's (or the signed-in user's) name, for "by whom" lines; ``unknown`` (by
    default "Unknown colleague", translated) when this laptop does not hold that person."""
    colleague = session.get(Colleague, user_id)
    if colleague is not None:
        return colleague.name
    me = session.get(IdentityRow, 1)
    if me is not None and me.user_id == user_id:
        return me.name
    return unknown if unknown is not None else _("Unknown colleague")
