"""The demo's impact reports: what the reference service says of each group's 360°
diagnostic, its candidates' destinations and their schools' improvements
(``impact_report``, one per group, ``simulated``).

Made up, but plausible for where each group is in its year (``GroupYear``): nothing before
its first event; the diagnostic invited at the start and completed by more candidates week
by week, its domain scores at the start once three have completed, at the end only for a
group whose course has ended; destinations and improvements as reported by candidates so
far, a few at first and more as the year goes on. A part answered by fewer than
``MIN_EVALUATION_RESPONSES`` carries its number of responses alone (its lists empty), as
the service hides small numbers in evaluation summaries.

Each group draws from a random of its own, seeded from its id, so the reports are the same
for the same ``today`` and never shift the rest of the demo's data. Where the service has
already written the group's ``participant_progress`` the diagnostic counts are those
records' (so the impact report and the progress view agree).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.records import (
    MIN_EVALUATION_RESPONSES,
    DomainScore,
    ImpactCount,
    ImpactReportData,
    impact_report_id,
)
from server.models import Record
from server.seed.writer import SeedWriter
from server.store import Placement

# The 360° diagnostic's leadership domains, in the order the report lists them.
DOMAINS: tuple[str, ...] = (
    "Strategy and school improvement", "Teaching, curriculum and assessment",
    "Culture and behaviour", "Professional development", "Working with others")

# Destinations a candidate reports (label, weight). During the course most have no change
# to report yet; after it, more have moved on. Headship only for the senior qualifications.
DESTINATIONS_SO_FAR: tuple[tuple[str, int], ...] = (
    ("No change so far", 52), ("Same role, wider responsibility", 24),
    ("Promoted within their school", 12), ("New role in another school", 8),
    ("Headship", 3), ("Left teaching", 1))
DESTINATIONS_AFTER: tuple[tuple[str, int], ...] = (
    ("No change", 30), ("Same role, wider responsibility", 25),
    ("Promoted within their school", 20), ("New role in another school", 13),
    ("Headship", 9), ("Left teaching", 3))
HEADSHIP_QUALIFICATIONS = frozenset({"NPQH", "NPQEL", "NPQSL"})

IMPROVEMENTS: tuple[tuple[str, int], ...] = (
    ("Curriculum redesigned", 24), ("Behaviour policy revised", 18),
    ("Improved attendance", 16), ("Reading outcomes up", 14),
    ("Staff development programme started", 16), ("Better use of assessment data", 12))


@dataclass(frozen=True)
class GroupYear:
    """Where a group is in its year, as its impact report needs it."""

    group_id: str
    intake_id: str
    qualification: str
    candidates: int
    events_held: int  # dated before today
    events_total: int
    weeks_in: int  # whole weeks since its first event (0 before it)
    diagnostic: tuple[int, int] | None = None  # (invited, completed) as the service has them

    @property
    def ended(self) -> bool:
        return self.events_total > 0 and self.events_held == self.events_total


def _shown(responses: int) -> bool:
    return responses >= MIN_EVALUATION_RESPONSES


def _counts(rng: random.Random, responses: int, labels: tuple[tuple[str, int], ...],
            picks: int = 1) -> list[ImpactCount]:
    """Each response names ``picks`` labels at most (drawn by weight, no label twice); the
    labels named, in the list's order, each with how many named it."""
    names = [label for label, _ in labels]
    tally: Counter[str] = Counter()
    for _ in range(responses):
        chosen: set[str] = set()
        for _ in range(rng.randint(1, picks)):
            chosen.add(rng.choices(names, [weight for _, weight in labels])[0])
        tally.update(chosen)
    return [ImpactCount(label=name, count=tally[name]) for name in names if tally[name]]


def _answered(rng: random.Random, people: int, share: float) -> int:
    return sum(rng.random() < share for _ in range(people))


def simulate(year: GroupYear, today: dt.date) -> ImpactReportData:
    """The group's impact report as at ``today``, drawn from a random of its own."""
    rng = random.Random(f"impact:{year.group_id}")
    started = year.events_held > 0
    if year.diagnostic is not None:
        invited, completed = year.diagnostic
    else:
        invited = year.candidates if started else 0
        completed = _answered(rng, invited, min(0.95, 0.35 + 0.06 * year.weeks_in))
    domains: list[DomainScore] = []
    if _shown(completed):
        for label in DOMAINS:
            start = round(rng.uniform(2.6, 3.6), 1)
            end = round(min(5.0, start + rng.uniform(0.4, 1.1)), 1) if year.ended else None
            domains.append(DomainScore(label=label, start_mean=start, end_mean=end))
    destination_share = 0.7 if year.ended else min(0.6, 0.03 * year.weeks_in)
    destination_responses = _answered(rng, year.candidates, destination_share) if started else 0
    labels = DESTINATIONS_AFTER if year.ended else DESTINATIONS_SO_FAR
    if year.qualification not in HEADSHIP_QUALIFICATIONS:
        labels = tuple((label, w) for label, w in labels if label != "Headship")
    destinations = (_counts(rng, destination_responses, labels)
                    if _shown(destination_responses) else [])
    improvement_share = 0.75 if year.ended else min(0.7, 0.04 * year.weeks_in)
    improvement_responses = _answered(rng, year.candidates, improvement_share) if started else 0
    improvements = (_counts(rng, improvement_responses, IMPROVEMENTS, picks=2)
                    if _shown(improvement_responses) else [])
    return ImpactReportData(
        group_id=year.group_id, intake_id=year.intake_id, candidates=year.candidates,
        diagnostic_invited=invited, diagnostic_completed=completed,
        diagnostic_domains=domains, destination_responses=destination_responses,
        destinations=destinations, improvement_responses=improvement_responses,
        improvements=improvements, simulated=True, updated_at=f"{today.isoformat()}T06:00:00Z")


def group_years(session: Session, today: dt.date) -> list[GroupYear]:
    """Every group's place in its year as at ``today``, from the records written so far."""
    by_type: dict[str, list[Record]] = {}
    for record in session.scalars(select(Record).where(
            Record.type.in_(("group", "event", "enrolment", "participant_progress")),
            Record.deleted.is_(False)).order_by(Record.seq)):
        by_type.setdefault(record.type, []).append(record)
    days: dict[str, list[dt.date | None]] = {}
    for event in by_type.get("event", []):
        chosen = (event.data or {}).get("chosen_date")
        days.setdefault(str(event.group_id), []).append(
            dt.date.fromisoformat(chosen) if chosen else None)
    enrolled = Counter(str(r.group_id) for r in by_type.get("enrolment", []))
    diagnostic: dict[str, Counter[str]] = {}
    for progress in by_type.get("participant_progress", []):
        state = str((progress.data or {}).get("diagnostic_360", "not_invited"))
        diagnostic.setdefault(str(progress.group_id), Counter())[state] += 1
    years = []
    for group in by_type.get("group", []):
        data, dates = group.data or {}, days.get(group.id, [])
        held = sorted(d for d in dates if d is not None and d < today)
        found = diagnostic.get(group.id)
        years.append(GroupYear(
            group_id=group.id, intake_id=str(data.get("intake_id", "")),
            qualification=str(data.get("qualification_code", "")),
            candidates=enrolled[group.id], events_held=len(held), events_total=len(dates),
            weeks_in=(today - held[0]).days // 7 if held else 0,
            diagnostic=(found["invited"] + found["completed"], found["completed"])
            if found else None))
    return years


def seed_impact(session: Session, w: SeedWriter, today: dt.date) -> int:
    """Write every group's simulated impact report (after the groups' registers, and the
    service's participant progress where it has it, are flushed); returns how many."""
    years = group_years(session, today)
    for year in years:
        w.add("impact_report", impact_report_id(year.group_id), simulate(year, today),
              Placement(group_id=year.group_id))
    return len(years)
