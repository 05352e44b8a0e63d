"""Applicants arriving at a group, as the reference service simulates them
(``npq-server simulate-applications``, ``server.services.applications``; the demo seed's
pending applications, ``server.seed.recruitment`` and ``server.seed.season``).

A group's own recruits (its partner's allocation code, or the partner chosen as
preferred partner) arrive more often as the registration deadline nears; a group still
short of its minimum also gets applicants the central team allocates to it. About one in
eight withdraws a few days to three weeks after applying and about one in twelve is
rejected; the rest wait for the central team's decision (``applied``). No one is enrolled
here: enrolments are the roster's.

Each group's arrivals on a day are drawn from a random of that group and day alone
(``day_arrivals``), and each application's id is named from them, so writing the arrivals
of the same days again changes nothing (``write_arrivals``), overlapping runs never
duplicate an applicant, and a later ``today`` adds the days not yet covered and settles,
on the days it covers the applicants whose withdrawal or rejection day has come.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from protocol.records import (
    NPQ_NAMESPACE,
    ApplicationData,
    ApplicationSource,
    ApplicationStatus,
    registration_window_id,
)
from server import store
from server.models import Record
from server.seed.names import FAMILY_NAMES, GIVEN_NAMES, SCHOOL_KINDS, SCHOOL_STEMS, roles_for
from server.store import Placement

OWN_PER_WEEK = 1.2  # a group's own recruits a week on average, half way through the window
ALLOCATED_PER_WEEK = 1.5  # allocated by the central team a week to a group short of its minimum
MOST_A_DAY = 3  # of each kind, per group
FIRST_WINDOW_WEEKS = 16  # an intake without a window record: it opened this long before
WITHDRAW_SHARE, REJECT_SHARE = 0.12, 0.08


@dataclass(frozen=True)
class GroupNeed:
    """What the simulation needs of a group: who runs it and how far it is from viable."""

    group_id: str
    code: str
    qualification_code: str
    intake_id: str
    partner_id: str
    enrolled: int  # active enrolments
    min_size: int = 12

    @property
    def short(self) -> bool:
        return self.enrolled < self.min_size


@dataclass(frozen=True)
class Window:
    opens_on: dt.date
    closes_on: dt.date  # inclusive

    def progress(self, day: dt.date) -> float:
        """How far through the window ``day`` is, 0 at its opening to 1 at its close."""
        length = max(1, (self.closes_on - self.opens_on).days)
        return min(1.0, max(0.0, (day - self.opens_on).days / length))


def application_id(group_id: str, day: dt.date, number: int) -> str:
    """The id of the ``number``-th simulated arrival at a group on a day."""
    return str(uuid.uuid5(NPQ_NAMESPACE, f"simulated-application:{group_id}:{day}:{number}"))


def applicant(rng: random.Random, qualification: str) -> tuple[str, str, str, str]:
    """An invented applicant: given name, family name, school and a role that suits the
    qualification."""
    given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
    school = f"{rng.choice(SCHOOL_STEMS)} {rng.choice(SCHOOL_KINDS)}"
    return given, family, school, rng.choice(roles_for(qualification))


def _fate(rng: random.Random, applied: dt.date) -> tuple[ApplicationStatus, dt.date | None]:
    """What becomes of an applicant who is not enrolled, and on which day."""
    draw = rng.random()
    if draw < WITHDRAW_SHARE:
        return "withdrawn", applied + dt.timedelta(days=rng.randint(2, 21))
    if draw < WITHDRAW_SHARE + REJECT_SHARE:
        return "rejected", applied + dt.timedelta(days=rng.randint(3, 10))
    return "applied", None


def day_arrivals(group: GroupNeed, day: dt.date, window: Window,
                 today: dt.date) -> list[tuple[str, ApplicationData]]:
    """The applicants who arrive at ``group`` on ``day`` (inside its window), as at
    ``today``: drawn from a random of the group and day alone, in the same order whatever
    ``today`` is, so only their status (a withdrawal or rejection whose day has come)
    depends on it."""
    if not window.opens_on <= day <= window.closes_on or day > today:
        return []
    rng = random.Random(f"applications:{group.group_id}:{day.isoformat()}")
    own = OWN_PER_WEEK * (0.5 + window.progress(day)) / 7 / MOST_A_DAY
    allocated = ALLOCATED_PER_WEEK / 7 / MOST_A_DAY if group.short else 0.0
    sources: list[ApplicationSource] = []
    for _ in range(MOST_A_DAY):
        if rng.random() < own:
            sources.append(rng.choice(("allocation_code", "preferred_partner")))
        if rng.random() < allocated:
            sources.append("allocated")
    arrivals = []
    for number, source in enumerate(sources, 1):
        given, family, school, role = applicant(rng, group.qualification_code)
        status, decided = _fate(rng, day)
        if decided is not None and decided > today:
            status, decided = "applied", None
        arrivals.append((application_id(group.group_id, day, number), ApplicationData(
            given_name=given, family_name=family, school=school, role=role,
            qualification_code=group.qualification_code, intake_id=group.intake_id,
            partner_id=group.partner_id, group_id=group.group_id, source=source,
            status=status, applied_on=day.isoformat(),
            decided_on=decided.isoformat() if decided else None)))
    return arrivals


@dataclass
class PartnerSeason:
    """What the simulation did for one partner."""

    name: str
    arrived: Counter[str] = field(default_factory=Counter)  # new applications by source
    settled: Counter[str] = field(default_factory=Counter)  # by status: withdrawn, rejected
    pending: int = 0  # of the new ones, still waiting for a decision

    def line(self) -> str:
        total = sum(self.arrived.values())
        sources = ", ".join(f"{self.arrived[s]} {s.replace('_', ' ')}"
                            for s in ("allocation_code", "preferred_partner", "allocated"))
        return (f"{self.name}: {total} new application(s) ({sources}); {self.pending} "
                f"waiting, {self.settled['withdrawn']} withdrawn, "
                f"{self.settled['rejected']} rejected")


def live_records(session: Session, type_: str) -> list[Record]:
    return list(session.scalars(select(Record).where(
        Record.type == type_, Record.deleted == false()).order_by(Record.id)))


def intake_window(session: Session, intake: Record) -> Window:
    """The intake's registration window (its record; else the sixteen weeks up to its
    registration deadline)."""
    found = store.live(session, "registration_window", registration_window_id(intake.id))
    if found is not None and found.data:
        return Window(dt.date.fromisoformat(found.data["opens_on"]),
                      dt.date.fromisoformat(found.data["closes_on"]))
    closes = dt.date.fromisoformat(str((intake.data or {})["registration_deadline"]))
    return Window(closes - dt.timedelta(weeks=FIRST_WINDOW_WEEKS), closes)


def group_needs(session: Session, intake_id: str) -> list[GroupNeed]:
    """The intake's open groups with their active enrolments, by code."""
    enrolled = Counter(str(r.data["group_id"]) for r in live_records(session, "enrolment")
                       if r.data and r.data.get("status", "active") == "active")
    needs = [GroupNeed(group_id=r.id, code=str(r.data["code"]),
                       qualification_code=str(r.data["qualification_code"]),
                       intake_id=intake_id, partner_id=str(r.data["partner_id"]),
                       enrolled=enrolled[r.id], min_size=int(r.data.get("min_size", 12)))
             for r in live_records(session, "group")
             if r.data and r.data.get("intake_id") == intake_id
             and r.data.get("status", "open") != "closed"]
    return sorted(needs, key=lambda g: g.code)


def write_arrivals(session: Session, groups: list[GroupNeed], days: list[dt.date],
                   window: Window, today: dt.date) -> dict[str, PartnerSeason]:
    """Write the groups' arrivals on these days as at ``today``, leaving alone those already
    written and unchanged; what was done by partner id (named by their ids)."""
    seasons: dict[str, PartnerSeason] = {}
    for group in groups:
        season = seasons.setdefault(group.partner_id, PartnerSeason(group.partner_id))
        for day in days:
            for app_id, data in day_arrivals(group, day, window, today):
                body = data.model_dump()
                current = store.get(session, "application", app_id)
                if current is not None and current.data == body and not current.deleted:
                    continue
                if current is None:
                    season.arrived[data.source] += 1
                    season.pending += data.status == "applied"
                if data.status != "applied":
                    season.settled[data.status] += 1
                store.put(session, "application", app_id, body,
                          Placement(ref_id=group.partner_id), current=current, flush=False)
    session.flush()
    return seasons


