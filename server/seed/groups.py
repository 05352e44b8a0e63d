"""Demo groups with their events, candidates, enrolments and facilitator assignments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from protocol.event_dates import bank_holiday
from protocol.records import (
    AssignmentData,
    CandidateData,
    EnrolmentData,
    EventData,
    GroupData,
)
from server.models import User
from server.seed.catalogue import CatalogueName, group_codes
from server.seed.identifiers import with_identifiers
from server.seed.names import (
    FAMILY_NAMES,
    GIVEN_NAMES,
    SCHOOL_KINDS,
    SCHOOL_STEMS,
    SPECIAL_REQUIREMENTS,
    roles_for,
)
from server.seed.reference import PARTNERS, PartnerSeed, event_title
from server.seed.staff import Staff
from server.seed.writer import SeedWriter, ascii_slug
from server.services.event_dates import briefing_instant
from server.store import Placement

SMALL_GROUPS = {3, 10, 17}  # indexes of groups below the viable size of 12
SINGLE_FACILITATOR_GROUPS = {5, 13, 20}


@dataclass
class EventPlan:
    id: str
    date: dt.date | None


@dataclass
class GroupPlan:
    id: str
    qualification: str
    facilitators: list[User]
    events: list[EventPlan] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    is_demo: bool = False


def weekday_on_or_near(day: dt.date) -> dt.date:
    """The working day nearest ``day`` by the seed's habit: a Saturday becomes the Friday
    before, a Sunday the Monday after, and a bank holiday in England the next working day
    (events, briefings and QA visits never fall on one)."""
    if day.weekday() == 5:
        day -= dt.timedelta(days=1)
    elif day.weekday() == 6:
        day += dt.timedelta(days=1)
    while day.weekday() >= 5 or bank_holiday(day) is not None:
        day += dt.timedelta(days=1)
    return day


def _unchosen(plan: GroupPlan, number: int, count: int, day: dt.date, today: dt.date,
              autumn: bool, demo_partner: bool) -> bool:
    """Whether the partner has not picked this event's date yet: the last event of a
    Spring group; for the demo partner also the one before it, and an Autumn group's last
    event still more than two weeks away, so the demo partner lead has dates to choose.
    The demo group (Siân's) keeps all its dates."""
    if plan.is_demo:
        return False
    if not autumn:
        return number == count or (demo_partner and number == count - 1)
    return demo_partner and number == count and day > today + dt.timedelta(days=14)


def _event_dates(w: SeedWriter, today: dt.date, autumn: bool, demo: bool,
                 count: int) -> list[dt.date]:
    if demo:
        first, gap = today - dt.timedelta(days=42), 42
    elif autumn:
        first, gap = today - dt.timedelta(days=w.rng.randint(49, 84)), w.rng.randint(35, 42)
    else:
        first, gap = today + dt.timedelta(days=w.rng.randint(50, 80)), w.rng.randint(35, 49)
    dates = [first + dt.timedelta(days=gap * n) for n in range(count)]
    return [d if demo and d == today else weekday_on_or_near(d) for d in dates]


def write_events(w: SeedWriter, plan: GroupPlan, partner: PartnerSeed, today: dt.date,
                 autumn: bool, demo_partner: bool) -> None:
    count = 5 if plan.is_demo else w.rng.choice((4, 5, 6))
    for number, day in enumerate(_event_dates(w, today, autumn, plan.is_demo, count), 1):
        start = day - dt.timedelta(days=w.rng.randint(0, 9))
        unchosen = _unchosen(plan, number, count, day, today, autumn, demo_partner)
        data = EventData(
            group_id=plan.id, number=number,
            title=event_title(plan.qualification, number),
            window_start=start.isoformat(), window_end=(start + dt.timedelta(13)).isoformat(),
            chosen_date=None if unchosen else day.isoformat(),
            venue_name=partner.venue_name, venue_address=partner.venue_address,
            briefing_at=None if unchosen else briefing_instant(day),
            local_authority=partner.local_authority)
        event_id = w.add("event", w.uid(), data, Placement(group_id=plan.id))
        plan.events.append(EventPlan(event_id, None if unchosen else day))


def write_candidates(w: SeedWriter, plan: GroupPlan, size: int,
                     enrolled_on: dt.date) -> None:
    people = []
    for _ in range(size):
        given, family = w.rng.choice(GIVEN_NAMES), w.rng.choice(FAMILY_NAMES)
        school = f"{w.rng.choice(SCHOOL_STEMS)} {w.rng.choice(SCHOOL_KINDS)}"
        domain = ascii_slug(school.replace("School", "").replace("Academy", ""))[:24]
        needs = w.rng.choice(SPECIAL_REQUIREMENTS) if w.rng.random() < 0.12 else None
        people.append(CandidateData(
            given_name=given, family_name=family, school=school,
            role=w.rng.choice(roles_for(plan.qualification)),
            email=f"{ascii_slug(given)[:1]}.{ascii_slug(family)}@{domain}.sch.uk",
            special_requirements=needs, scholarship=w.rng.random() < 0.15))
    people.sort(key=lambda c: (c.family_name, c.given_name))
    for order, person in enumerate(people, 1):
        candidate_id = w.uid()
        w.add("candidate", candidate_id, with_identifiers(candidate_id, person),
              Placement(group_id=plan.id))
        w.add("enrolment", w.uid(), EnrolmentData(
            group_id=plan.id, candidate_id=candidate_id, enrolled_on=enrolled_on.isoformat(),
            register_order=order), Placement(group_id=plan.id))
        plan.candidates.append(candidate_id)


def write_group(w: SeedWriter, plan: GroupPlan, partner: PartnerSeed, *, code: str,
                partner_id: str, intake_id: str) -> None:
    """The group record, at the partner's venue, and its facilitators' assignments."""
    w.add("group", plan.id, GroupData(
        code=code, qualification_code=plan.qualification, partner_id=partner_id,
        intake_id=intake_id, venue_name=partner.venue_name,
        venue_address=partner.venue_address,
        facilitator_ids=[u.id for u in plan.facilitators]),
        Placement(group_id=plan.id, ref_id=partner_id))
    for user in plan.facilitators:
        w.add("assignment", w.uid(), AssignmentData(
            user_id=user.id, group_id=plan.id, role="facilitator"),
            Placement(group_id=plan.id, ref_id=user.id))


def _facilitators(index: int, slot: int, pool: list[User]) -> list[User]:
    pairs = [(1, 2), (0, 1), (0, 2)] if index < 3 else [(0, 1), (1, 2), (2, 0)]
    first, second = pairs[slot]
    if index in SINGLE_FACILITATOR_GROUPS:
        return [pool[first]]
    return [pool[first], pool[second]]


def make_groups(w: SeedWriter, staff: Staff, today: dt.date, partner_ids: dict[str, str],
                intake_ids: dict[str, str], year: int,
                catalogue: CatalogueName = "pack") -> list[GroupPlan]:
    plans: list[GroupPlan] = []
    for p_index, partner in enumerate(PARTNERS):
        pool = staff.facilitators_by_partner[partner.slug]
        quals = group_codes(catalogue, p_index)
        for slot, qual in enumerate(quals):
            autumn = slot < 2
            index = len(plans)
            plan = GroupPlan(id=w.uid(), qualification=qual,
                             facilitators=_facilitators(index, slot, pool),
                             is_demo=p_index == 0 and slot == 1)
            term = "AUT" if autumn else "SPR"
            yy = (year if autumn else year + 1) % 100
            code = f"{qual}-{term}{yy:02d}-{partner.town}-{slot + 1}"
            write_group(w, plan, partner, code=code, partner_id=partner_ids[partner.slug],
                        intake_id=intake_ids["autumn" if autumn else "spring"])
            write_events(w, plan, partner, today, autumn, demo_partner=p_index == 0)
            size = 18 if plan.is_demo else (
                w.rng.randint(8, 11) if index in SMALL_GROUPS else w.rng.randint(12, 26))
            first_day = min(e.date for e in plan.events if e.date is not None)
            write_candidates(w, plan, size,
                             first_day - dt.timedelta(days=w.rng.randint(20, 60)))
            plans.append(plan)
    return plans
