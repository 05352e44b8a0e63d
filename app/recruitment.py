"""The recruitment pipeline of a partner lead's groups (no Qt, read only).

``RecruitmentService(store).pipeline(today)`` reads, in one transaction, the central
service's ``application`` records (kept whole on the laptop), the groups, intakes,
enrolments and deferrals or withdrawals, the ``registration_window`` records and the
``recruitment_rules``, and returns frozen dataclasses:

- one ``GroupPipeline`` per open group: its applications by status, the partner's own
  recruits apart from those the central team allocated, enrolled (``app.viability``'s
  count: active enrolments less those deferred or withdrawn as at today) against the
  minimum, the deadline, the weekly trend and the forecast in words (the rules:
  ``app.recruitment_counts``);
- one ``IntakeTotals`` per intake: its open groups summed, with the applications not yet
  placed in a group;
- closed groups apart (merged, or offered the distance-learning pathway): not running,
  counted nowhere else;
- the registration windows and what is open now and next, and whether the partner runs a
  group of each required qualification this academic year and next
  (``app.recruitment_windows``).

``applicants(group_id)`` lists who applied to one group: name, school, role, how they came
and their status, nothing more (the application carries nothing more).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.names import listed_name
from app.recruitment_counts import (
    Application,
    Enrolled,
    Forecast,
    StatusCounts,
    WeekPoint,
    by_status,
    forecast,
    minimum,
    total,
    weekly_trend,
)
from app.recruitment_windows import (
    DEFAULT_REQUIRED,
    Window,
    YearExpectation,
    expectation_words,
    expectations,
    group_year,
    window_words,
    windows,
)
from app.store import Store
from app.store.models import Enrolment, Group, Intake, OtherRecord
from app.training_status import all_statuses
from app.viability import GroupRecruitment, Viability, assess
from protocol.fields import READING
from protocol.records import (
    ApplicationData,
    RecruitmentRulesData,
    RegistrationWindowData,
    recruitment_rules_id,
)
from protocol.text import N_, _

APPLICATION = "application"
WINDOW = "registration_window"
RULES = "recruitment_rules"
SOURCE_WORDS = {"allocation_code": N_("Allocation code"),
                "preferred_partner": N_("Preferred partner"),
                "allocated": N_("Allocated")}  # by the central team
STATUS_WORDS = {"applied": N_("Applied"), "accepted": N_("Accepted"),
                "rejected": N_("Rejected"), "withdrawn": N_("Withdrawn")}


@dataclass(frozen=True)
class GroupPipeline:
    group_id: str
    code: str
    qualification_code: str
    intake_id: str
    intake_label: str
    partner_id: str
    own: StatusCounts  # its allocation code or chosen as preferred partner
    allocated: StatusCounts  # allocated by the central team
    enrolled: int  # still on the course: deferred and withdrawn apart
    minimum: int
    deadline: dt.date
    status: Viability
    forecast: Forecast
    trend: tuple[WeekPoint, ...]
    runs_below_minimum: bool = False

    @property
    def counts(self) -> StatusCounts:
        return self.own + self.allocated


@dataclass(frozen=True)
class ClosedGroup:
    group_id: str
    code: str
    intake_label: str
    words: str  # "Merged into NPQSL-AUT26-LEEDS-1" or the service's reason


@dataclass(frozen=True)
class IntakeTotals:
    intake_id: str
    label: str
    window: Window | None
    groups: int  # open groups
    below_minimum: int  # of them, under their minimum (and not agreed to run below it)
    own: StatusCounts
    allocated: StatusCounts
    unplaced: int  # applications to the partner for this intake not yet in a group
    enrolled: int
    minimum: int  # the open groups' minimums together

    @property
    def counts(self) -> StatusCounts:
        return self.own + self.allocated


@dataclass(frozen=True)
class Pipeline:
    groups: tuple[GroupPipeline, ...]  # open groups, by deadline then code
    intakes: tuple[IntakeTotals, ...]
    closed: tuple[ClosedGroup, ...]
    windows: tuple[Window, ...]
    window_words: str
    expectations: tuple[YearExpectation, ...]
    expectation_words: str

    @property
    def empty(self) -> bool:
        return not self.groups and not self.closed


@dataclass(frozen=True)
class Applicant:
    application_id: str
    name: str  # "Family, Given"
    school: str
    role: str
    source: str  # in words
    status: str  # in words
    applied_on: dt.date


class RecruitmentService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def pipeline(self, today: dt.date) -> Pipeline:
        with self.store.read() as session:
            return _pipeline(session, today)

    def window_line(self, today: dt.date) -> str:
        """What registration is open now and next, for the Groups tab."""
        with self.store.read() as session:
            return window_words(_windows(session), today)

    def applicants(self, group_id: str) -> tuple[Applicant, ...]:
        with self.store.read() as session:
            found = _applications(session, group_id)
        people = [Applicant(a.application_id, listed_name(d.given_name, d.family_name),
                            d.school, d.role, _(SOURCE_WORDS[a.source]),
                            _(STATUS_WORDS[a.status]), a.applied_on) for a, d in found]
        return tuple(sorted(people, key=lambda p: (p.name.casefold(), p.application_id)))


# ---- reading the store -------------------------------------------------------------------


def _applications(session: Session, group_id: str | None = None
                  ) -> list[tuple[Application, ApplicationData]]:
    """Every application the laptop holds, or one group's (picked out by SQLite)."""
    query = select(OtherRecord.id, OtherRecord.data).where(OtherRecord.type == APPLICATION)
    if group_id is not None:
        query = query.where(func.json_extract(OtherRecord.data, "$.group_id") == group_id)
    found = []
    for record_id, data in session.execute(query):
        try:
            a = ApplicationData.model_validate(data or {}, context=READING)
            found.append((Application(
                record_id, a.group_id, a.intake_id, a.partner_id, a.qualification_code,
                a.source, a.status, dt.date.fromisoformat(a.applied_on),
                dt.date.fromisoformat(a.decided_on) if a.decided_on else None,
                a.candidate_id), a))
        except ValueError:
            continue  # a record this version cannot read counts nowhere
    return found


def _rules(session: Session) -> RecruitmentRulesData | None:
    data = session.scalar(select(OtherRecord.data).where(
        OtherRecord.type == RULES, OtherRecord.id == recruitment_rules_id()))
    try:
        return RecruitmentRulesData.model_validate(data, context=READING) if data else None
    except ValueError:
        return None


def _windows(session: Session) -> list[Window]:
    published: dict[str, tuple[dt.date, dt.date]] = {}
    for data in session.scalars(select(OtherRecord.data).where(OtherRecord.type == WINDOW)):
        try:
            w = RegistrationWindowData.model_validate(data or {}, context=READING)
            published[w.intake_id] = (dt.date.fromisoformat(w.opens_on),
                                      dt.date.fromisoformat(w.closes_on))
        except ValueError:
            continue
    intakes = [(i.id, i.label, dt.date.fromisoformat(i.registration_deadline))
               for i in session.scalars(select(Intake))]
    return windows(intakes, published)


def _enrolled(session: Session, today: dt.date) -> dict[str, list[tuple[str, Enrolled]]]:
    """Each group's active enrolments (candidate id, dates), with the day the central
    service deferred or withdrew the candidate as the day they stop counting. An enrolment
    dated after today (the service may date it by the course's start) counts from today,
    as the Groups tab counts every active enrolment."""
    statuses = all_statuses(session)
    found: dict[str, list[tuple[str, Enrolled]]] = defaultdict(list)
    for e in session.scalars(select(Enrolment).where(Enrolment.status == "active")):
        status = statuses.get((e.group_id, e.candidate_id))
        found[e.group_id].append((e.candidate_id, Enrolled(
            min(dt.date.fromisoformat(e.enrolled_on), today),
            status.effective_date if status is not None else None)))
    return found


def _pipeline(session: Session, today: dt.date) -> Pipeline:
    rules = _rules(session)
    found_windows = _windows(session)
    deadlines = {w.intake_id: w.closes_on for w in found_windows}
    intakes = {i.id: i for i in session.scalars(select(Intake))}
    groups = [g for g in session.scalars(select(Group)) if g.intake_id in intakes]
    codes = {g.id: g.code for g in groups}
    applications = [a for a, _data in _applications(session)]
    by_group: dict[str | None, list[Application]] = defaultdict(list)
    for a in applications:
        by_group[a.group_id if a.group_id in codes else None].append(a)
    enrolled = _enrolled(session, today)
    open_groups, closed = [], []
    for g in groups:
        intake = intakes[g.intake_id]
        if g.status == "closed":
            closed.append(_closed(g, intake.label, codes))
            continue
        open_groups.append(_group(g, intake, by_group[g.id], enrolled[g.id],
                                  rules.min_group_size if rules else None,
                                  deadlines[g.intake_id], today))
    open_groups.sort(key=lambda p: (p.deadline, p.code))
    closed.sort(key=lambda c: c.code)
    required = tuple(rules.required_each_year) if rules else DEFAULT_REQUIRED
    years = expectations(((g.qualification_code, group_year(intakes[g.intake_id].term,
                                                            intakes[g.intake_id].year))
                          for g in groups if g.status != "closed"), required, today)
    return Pipeline(
        groups=tuple(open_groups),
        intakes=_intake_totals(found_windows, open_groups, by_group[None]),
        closed=tuple(closed), windows=tuple(found_windows),
        window_words=window_words(found_windows, today), expectations=years,
        expectation_words=expectation_words(years) if groups else "")


def _group(g: Group, intake: Intake, apps: list[Application],
           people: list[tuple[str, Enrolled]], rules_minimum: int | None,
           deadline: dt.date, today: dt.date) -> GroupPipeline:
    size = minimum(rules_minimum, g.min_size)
    counted = sum(1 for _cid, e in people if e.counts_on(today))  # deferred ones apart
    viability = assess(GroupRecruitment(
        group_id=g.id, code=g.code, qualification_code=g.qualification_code,
        partner_name="", intake_label=intake.label, enrolled=counted,
        registration_deadline=deadline, min_size=size), today)
    predicted = forecast(code=g.code, applications=apps, enrolled_now=counted,
                         enrolled_ids=frozenset(cid for cid, _e in people),
                         minimum_size=size, deadline=deadline, today=today)
    if g.runs_below_minimum and counted < size:
        predicted = Forecast(predicted.expected, predicted.rate, predicted.conversion, _(
            "Runs with {n} of {minimum}, below the minimum, agreed with the central team"
        ).format(n=counted, minimum=size))
    return GroupPipeline(
        group_id=g.id, code=g.code, qualification_code=g.qualification_code,
        intake_id=g.intake_id, intake_label=intake.label, partner_id=g.partner_id,
        own=by_status(a for a in apps if a.own),
        allocated=by_status(a for a in apps if not a.own), enrolled=counted, minimum=size,
        deadline=deadline, status=viability.status, forecast=predicted,
        trend=weekly_trend(apps, (e for _cid, e in people), deadline, today),
        runs_below_minimum=g.runs_below_minimum)


def _closed(g: Group, intake_label: str, codes: dict[str, str]) -> ClosedGroup:
    if g.merged_into:
        words = _("Merged into {code}").format(code=codes.get(g.merged_into, _("another group")))
    else:
        words = g.closed_reason or _("Closed")
    return ClosedGroup(g.id, g.code, intake_label, words)


def _intake_totals(found: Sequence[Window], groups: Iterable[GroupPipeline],
                   unplaced: Sequence[Application]) -> tuple[IntakeTotals, ...]:
    by_intake: dict[str, list[GroupPipeline]] = defaultdict(list)
    for p in groups:
        by_intake[p.intake_id].append(p)
    totals = []
    for w in found:
        members = by_intake.get(w.intake_id, [])
        loose = [a for a in unplaced if a.intake_id == w.intake_id]
        if not members and not loose:
            continue
        totals.append(IntakeTotals(
            intake_id=w.intake_id, label=w.label, window=w, groups=len(members),
            below_minimum=sum(1 for p in members
                              if p.enrolled < p.minimum and not p.runs_below_minimum),
            own=total(p.own for p in members),
            allocated=total(p.allocated for p in members),
            unplaced=len(loose), enrolled=sum(p.enrolled for p in members),
            minimum=sum(p.minimum for p in members)))
    return tuple(totals)
