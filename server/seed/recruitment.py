"""The demo's recruitment (issue 16): the recruitment rules, each intake's registration
window, each partner's published profile, and the applications behind the groups.

- ``recruitment_rules``: the minimum of 12, the qualifications each partner runs every
  year (NPQML and NPQSL, those of them the catalogue has) and where candidates apply.
- ``registration_window`` per intake: the first opens sixteen weeks before its
  registration deadline, each later one the day after the previous one's deadline.
- The partner's profile (``with_profile``): an overview, its lead and sometimes an
  administrator as contacts, its venues, and its memorandum of understanding: the demo
  partner's renewal is due within 60 days, the Tamar Coast partner's is overdue.
- An ``accepted`` application for every enrolled candidate, mostly the partner's own
  recruits (its allocation code or chosen as preferred partner), some allocated by the
  central team, applied for over the window's weeks with more as the deadline nears (so a
  weekly trend shows), never after today, the deadline or the enrolment; a few withdrawn
  or rejected applicants who never became candidates; and, for an intake whose window is
  open today, the simulation's arrivals of the last four weeks
  (``server.services.applications``: ``simulate-applications`` over them adds nothing).

Everything here draws from randoms of its own, never the seed's shared one, and is
written after the rest, so the rest of the demo stays as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy.orm import Session

from protocol.records import (
    ApplicationData,
    ApplicationSource,
    ApplicationStatus,
    PartnerContact,
    PartnerData,
    PartnerVenue,
    RecruitmentRulesData,
    RegistrationWindowData,
    recruitment_rules_id,
    registration_window_id,
)
from server.models import Record
from server.seed.arrivals import (
    FIRST_WINDOW_WEEKS,
    Window,
    applicant,
    group_needs,
    intake_window,
    live_records,
    write_arrivals,
)
from server.seed.names import FAMILY_NAMES, GIVEN_NAMES
from server.seed.reference import PartnerSeed
from server.seed.writer import SeedWriter, ascii_slug
from server.store import Placement

RECRUITMENT_SEED = 20261216
APPLICATION_URL = "https://apply.npq.example/apply"
REQUIRED_EACH_YEAR = ("NPQML", "NPQSL")
PENDING_WEEKS = 4
MOU_YEARS = 3
RENEWAL_SOON_DAYS, RENEWAL_OVERDUE_DAYS = 41, 19  # the demo partner's; Tamar Coast's
SOURCE_WEIGHTS: tuple[tuple[ApplicationSource, int], ...] = (
    ("allocation_code", 45), ("preferred_partner", 35), ("allocated", 20))

_OVERVIEW = {
    "teaching_school": "{name} is a teaching school hub serving schools across {area}. "
                       "It runs the National Professional Qualifications with local "
                       "facilitators who are serving school leaders, at {venue} and in "
                       "schools across the area.",
    "trust": "{name} is a multi-academy trust in {area} that delivers the National "
             "Professional Qualifications for its own schools and their neighbours, "
             "at {venue}.",
    "diocese": "{name} supports church and community schools across {area}. Its NPQ "
               "groups meet at {venue} and are open to every school, whatever its "
               "character.",
    "school": "{name} delivers the National Professional Qualifications at {venue}.",
}


def _contact(rng: random.Random, name: str, role: str, slug: str) -> PartnerContact:
    given, family = name.split(" ", 1)
    return PartnerContact(
        name=name, role=role,
        email=f"{ascii_slug(given)[:1]}.{ascii_slug(family)}@{slug}.npq.example",
        phone=f"01632 960{rng.randint(0, 999):03d}")  # a range kept for drama


def with_profile(seed: PartnerSeed, data: PartnerData, index: int,
                 today: dt.date) -> PartnerData:
    """The partner's record with its published profile: overview, contacts, venues and
    memorandum of understanding (from a random of the partner's own)."""
    rng = random.Random(f"profile:{seed.slug}")
    contacts = [_contact(rng, seed.lead_name, "Partner lead", seed.slug)]
    if rng.random() < 0.6:
        name = f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
        contacts.append(_contact(rng, name, "NPQ programme administrator", seed.slug))
    venues = [PartnerVenue(name=seed.venue_name, address=seed.venue_address)]
    venues += [PartnerVenue(name=name, address=address) for name, address in seed.more_venues]
    if index == 0:
        due = today + dt.timedelta(days=RENEWAL_SOON_DAYS)
    elif seed.slug == "tamar":
        due = today - dt.timedelta(days=RENEWAL_OVERDUE_DAYS)
    else:
        due = today + dt.timedelta(days=rng.randint(150, 900))
    signed = due - dt.timedelta(days=365 * MOU_YEARS)
    overview = _OVERVIEW[data.kind].format(name=data.name, area=seed.local_authority,
                                           venue=seed.venue_name)
    return data.model_copy(update={
        "overview": overview, "contacts": contacts, "venues": venues,
        "mou_signed_on": signed.isoformat(), "mou_renewal_due": due.isoformat()})


def write_windows(w: SeedWriter, session: Session) -> None:
    """One registration window per intake, chained in deadline order."""
    intakes = sorted((str(r.data["registration_deadline"]), r.id)
                     for r in live_records(session, "intake") if r.data)
    previous: dt.date | None = None
    for deadline, intake_id in intakes:
        closes = dt.date.fromisoformat(deadline)
        opens = (closes - dt.timedelta(weeks=FIRST_WINDOW_WEEKS) if previous is None
                 else previous + dt.timedelta(days=1))
        w.add("registration_window", registration_window_id(intake_id),
              RegistrationWindowData(intake_id=intake_id, opens_on=opens.isoformat(),
                                     closes_on=closes.isoformat()))
        previous = closes


def _applied_on(rng: random.Random, window: Window, last: dt.date) -> dt.date:
    """A day from the window's opening to ``last``, more of them near ``last`` (the
    applications quicken as the deadline nears); in the six weeks before ``last`` when the
    window opens after it (a group that enrolled before its window opened)."""
    first = window.opens_on if window.opens_on <= last else last - dt.timedelta(weeks=6)
    span = (last - first).days
    return first + dt.timedelta(days=round(span * rng.triangular(0.0, 1.0, 1.0)))


def _decided(rng: random.Random, applied: dt.date, last: dt.date) -> dt.date:
    return min(applied + dt.timedelta(days=rng.randint(1, 10)), max(applied, last))


def _group_applications(w: SeedWriter, group: Record, enrolments: list[dict[str, Any]],
                        people: dict[str, dict[str, Any]], window: Window,
                        today: dt.date) -> None:
    g = group.data or {}
    closing = min(window.closes_on, today)
    sources = [s for s, _ in SOURCE_WEIGHTS]
    weights = [n for _, n in SOURCE_WEIGHTS]

    def add(status: ApplicationStatus, applied: dt.date, decided: dt.date, given: str, family: str,
            school: str, role: str, candidate_id: str | None = None) -> None:
        w.add("application", w.uid(), ApplicationData(
            given_name=given, family_name=family, school=school, role=role,
            qualification_code=g["qualification_code"], intake_id=g["intake_id"],
            partner_id=g["partner_id"], group_id=group.id,
            source=w.rng.choices(sources, weights)[0], status=status,
            applied_on=applied.isoformat(), decided_on=decided.isoformat(),
            candidate_id=candidate_id), Placement(ref_id=str(g["partner_id"])))

    for enrolment in sorted(enrolments, key=lambda e: e["register_order"]):
        person = people[enrolment["candidate_id"]]
        enrolled_on = dt.date.fromisoformat(enrolment["enrolled_on"])
        applied = _applied_on(w.rng, window, min(closing, enrolled_on))
        add("accepted", applied, _decided(w.rng, applied, min(today, enrolled_on)),
            person["given_name"], person["family_name"], person["school"],
            person.get("role", ""), enrolment["candidate_id"])
    settled: list[ApplicationStatus] = ["withdrawn"] * w.rng.randint(0, 2)
    # the group took applications until it was filled (its enrolment day) at the latest
    last = min([closing] + [dt.date.fromisoformat(e["enrolled_on"]) for e in enrolments])
    for status in settled + ["rejected"] * w.rng.randint(0, 1):
        applied = _applied_on(w.rng, window, last)
        add(status, applied, _decided(w.rng, applied, today),
            *applicant(w.rng, g["qualification_code"]))


def write_applications(w: SeedWriter, session: Session, today: dt.date,
                       group_ids: Collection[str] | None = None) -> None:
    """An accepted application for each active enrolment of the groups (all when None),
    and a few withdrawn or rejected applicants to each."""
    people = {r.id: r.data for r in live_records(session, "candidate") if r.data}
    enrolments = defaultdict(list)
    for record in live_records(session, "enrolment"):
        data = record.data or {}
        if data.get("status", "active") == "active":
            enrolments[str(data["group_id"])].append(data)
    windows = {r.id: intake_window(session, r) for r in live_records(session, "intake")}
    for group in live_records(session, "group"):
        if group.data and (group_ids is None or group.id in group_ids):
            _group_applications(w, group, enrolments[group.id], people,
                                windows[str(group.data["intake_id"])], today)


def seed_recruitment(session: Session, today: dt.date, qualifications: Collection[str]) -> None:
    """The rules, the windows and the applications (after every other record is flushed);
    then the last four weeks' arrivals at the groups of an intake whose window is open."""
    w = SeedWriter(session, random.Random(RECRUITMENT_SEED))
    w.add("recruitment_rules", recruitment_rules_id(), RecruitmentRulesData(
        min_group_size=12, application_url=APPLICATION_URL,
        required_each_year=[q for q in REQUIRED_EACH_YEAR if q in qualifications]))
    write_windows(w, session)
    w.flush()
    write_applications(w, session, today)
    w.flush()
    days = [today - dt.timedelta(days=n) for n in range(7 * PENDING_WEEKS - 1, -1, -1)]
    for intake in live_records(session, "intake"):
        window = intake_window(session, intake)
        if window.opens_on <= today <= window.closes_on:
            write_arrivals(session, group_needs(session, intake.id), days, window, today)
