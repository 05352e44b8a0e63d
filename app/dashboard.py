"""The partner lead's dashboard: every group's recruitment against its minimum, and for one
group where candidates drop off between events and who pays its course fees.

This module only gathers records from the store; the rules live elsewhere and are called,
not copied: viability and drop-off in ``app.viability``, course fees and scholarships in
``app.fees``, who is on an event's register in ``app.roster``. Everything returned is a
frozen dataclass built in one read, safe to hand to the GUI thread.

How an event's numbers are counted (shown to the partner next to the table):

- Enrolled at the event: the candidates on its register (``app.roster``: withdrawn
  candidates and those enrolled after the event's date are not on it), plus anyone marked
  on that register who has since left the group: they were enrolled on the day.
- Attended: candidates marked present, late or left early, once the register is submitted
  (before that the marks are not final, so no figure is shown). Walk-ins are counted
  separately: they are not enrolled in the group, so they cannot offset a drop-off.
- Drop-off: how many fewer attended than at the group's previous submitted event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.catalogue import course_facts, delivery_partner_id, display_name
from app.domain import MarkStatus
from app.errors import NotFoundError
from app.fees import (
    PACK_COURSE_FEES_PENCE,
    CandidateFunding,
    CourseFeeLine,
    course_fee_lines,
)
from app.marks import MARKED
from app.names import listed_name
from app.progress import ProgressService
from app.recruitment import RecruitmentService
from app.roster import roster
from app.store import Store
from app.store.models import (
    Attendance,
    Candidate,
    Enrolment,
    Event,
    Group,
    Intake,
    Partner,
    Qualification,
    RegisterSubmission,
    WalkIn,
)
from app.training_status import all_statuses
from app.viability import (
    EventAttendance,
    GroupRecruitment,
    GroupViability,
    Viability,
    assess,
    assess_all,
    drop_offs,
    filter_groups,
)
from protocol.text import N_, _

COUNTING_NOTE = N_(  # marked only: GroupDetail translates it when a detail is made
    "Enrolled: candidates on the event's register (not withdrawn, enrolled by the day). "
    "Attended: present, late or left early, once the register is submitted. Walk-ins are "
    "not enrolled and are shown apart. Drop-off: fewer attending than at the previous "
    "submitted event."
)


@dataclass(frozen=True)
class GroupRow:
    """One line of the dashboard's table."""

    group_id: str
    code: str
    qualification_code: str
    qualification_title: str
    intake_label: str
    partner_name: str
    venue_name: str
    enrolled: int  # still on the course: deferred and withdrawn candidates are apart
    minimum: int
    registration_deadline: dt.date
    status: Viability
    stands_out: bool  # needs the partner now: not viable, or at risk near the deadline
    days_to_deadline: int  # negative once registration has closed
    facilitator_names: tuple[str, ...]
    summary: str  # "9 of 12 enrolled: 3 more needed by ... (in 19 days)"
    deferred: int = 0  # deferred or withdrawn by the central service as of today
    withdrawn: int = 0
    closed: bool = False  # no longer runs (a viability decision): ``summary`` says why
    runs_below_minimum: bool = False  # agreed with the central team

    @property
    def shortfall(self) -> int:
        return max(0, self.minimum - self.enrolled)

    @property
    def status_label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class GroupFilter:
    """The dashboard's filters; None (or False) means any."""

    intake: str | None = None
    qualification: str | None = None
    partner: str | None = None
    attention_only: bool = False  # only groups that stand out


@dataclass(frozen=True)
class FilterChoices:
    """What the filter bar offers: the values present in the groups on this laptop."""

    intakes: tuple[str, ...]  # by registration deadline
    qualifications: tuple[str, ...]
    partners: tuple[str, ...]


@dataclass(frozen=True)
class EventRow:
    """Attendance against enrolment at one event of the group."""

    event_id: str
    number: int
    title: str
    date: dt.date | None  # None until the partner picks it
    window_start: dt.date
    enrolled: int
    attended: int | None  # None until the register is submitted
    walk_ins: int  # walk-ins recorded as attending (not enrolled in the group)
    submitted: bool
    drop_off: int | None  # fewer than at the previous submitted event; None for the first

    @property
    def rate(self) -> float | None:
        if self.attended is None or self.enrolled == 0:
            return None
        return self.attended / self.enrolled

    @property
    def short_label(self) -> str:
        when = self.date.strftime("%d %b") if self.date else _("date to choose")
        return _("Session {number} ({when})").format(number=self.number, when=when)


@dataclass(frozen=True)
class CourseFees:
    """The group's course fees, and how much full scholarships cover."""

    lines: tuple[CourseFeeLine, ...]  # one per enrolled candidate, by family name

    @property
    def total_pence(self) -> int:
        """Course fees for the whole group, before scholarships."""
        return sum(line.course_fee_pence for line in self.lines)

    @property
    def scholarships(self) -> int:
        return sum(line.scholarship for line in self.lines)

    @property
    def covered_pence(self) -> int:
        """Fees covered by full scholarships."""
        return self.total_pence - self.payable_pence

    @property
    def payable_pence(self) -> int:
        """Fees schools pay, after scholarships."""
        return sum(line.payable_by_school_pence for line in self.lines)

    @property
    def known(self) -> bool:
        """Whether the qualification's fee is known (sent by the service, or the pack's)."""
        return all(line.fee_known for line in self.lines)


@dataclass(frozen=True)
class AtRisk:
    """A candidate at risk (``app.progress``), by name, with the reason in words."""

    candidate_id: str
    name: str  # "Family, Given", as the register lists them
    reason: str


@dataclass(frozen=True)
class GroupDetail:
    group: GroupRow
    events: tuple[EventRow, ...]  # by number
    fees: CourseFees
    counting_note: str = field(default_factory=lambda: _(COUNTING_NOTE))
    course: str = ""  # the course in words (``app.catalogue.CourseFacts.words``)
    delivery_partner_id: str = ""  # the partner's, for the group's cohort; "" when none
    cohort: int | None = None  # the year the group's intake starts
    at_risk: tuple[AtRisk, ...] = ()  # by name


class DashboardService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def groups(self, today: dt.date, group_filter: GroupFilter | None = None) -> list[GroupRow]:
        """The groups on this laptop, those that need attention first (``assess_all``)."""
        f = group_filter or GroupFilter()
        with self.store.read() as session:
            recruitment = _recruitment(session, today=today)
            assessed = filter_groups(assess_all(recruitment.values(), today),
                                     intake=f.intake, qualification=f.qualification,
                                     partner=f.partner)
            if f.attention_only:
                assessed = [v for v in assessed if v.stands_out]
            return [_row(session, v) for v in assessed]

    def registration_line(self, today: dt.date) -> str:
        """What registration is open now and what opens next, in words."""
        return RecruitmentService(self.store).window_line(today)

    def filters(self) -> FilterChoices:
        with self.store.read() as session:
            groups = list(_recruitment(session).values())
        intakes = sorted({(g.registration_deadline, g.intake_label) for g in groups})
        return FilterChoices(
            intakes=tuple(dict.fromkeys(label for _, label in intakes if label)),
            qualifications=tuple(sorted({g.qualification_code for g in groups})),
            partners=tuple(sorted({g.partner_name for g in groups if g.partner_name})),
        )

    def group_detail(self, group_id: str, today: dt.date) -> GroupDetail:
        with self.store.read() as session:
            recruitment = _recruitment(session, group_id, today).get(group_id)
            if recruitment is None:
                raise NotFoundError(_("This group is no longer on this computer."))
            row = _row(session, assess(recruitment, today))
            events = _event_rows(session, group_id)
            fees = CourseFees(course_fee_lines(recruitment.qualification_code,
                                               _funding(session, group_id),
                                               _course_fees(session)))
            group = session.get(Group, group_id)
            assert group is not None  # read in the same transaction
            intake = session.get(Intake, group.intake_id)
            course, partner_id = course_facts(session, group).words, delivery_partner_id(
                session, group)
        return GroupDetail(row, events, fees, course=course, delivery_partner_id=partner_id,
                           cohort=intake.year if intake is not None else None,
                           at_risk=self._at_risk(group_id, today))

    def _at_risk(self, group_id: str, today: dt.date) -> tuple[AtRisk, ...]:
        """Who is at risk in the group, as the progress view judges it."""
        risks = ProgressService(self.store).at_risk(group_id, today)
        if not risks:
            return ()
        with self.store.read() as session:
            people = {c.id: c for c in session.scalars(
                select(Candidate).where(Candidate.id.in_(list(risks))))}
        found = [AtRisk(cid, listed_name(p.given_name, p.family_name), risk.text)
                 for cid, risk in risks.items() if (p := people.get(cid)) is not None]
        return tuple(sorted(found, key=lambda a: (a.name.casefold(), a.candidate_id)))


# ---- reading the store -------------------------------------------------------------------


def _recruitment(session: Session, only: str | None = None,
                 today: dt.date | None = None) -> dict[str, GroupRecruitment]:
    query = select(Group)
    if only is not None:
        query = query.where(Group.id == only)
    groups = session.scalars(query).all()
    active = {gid: n for gid, n in session.execute(
        select(Enrolment.group_id, func.count()).where(Enrolment.status == "active")
        .group_by(Enrolment.group_id))}
    partners = {p.id: p.name for p in session.scalars(select(Partner))}
    intakes = {i.id: i for i in session.scalars(select(Intake))}
    today = today or dt.date.today()
    paused: dict[tuple[str, str], int] = {}
    for (group_id, _candidate), status in all_statuses(session).items():
        if status.effective_date <= today:
            key = (group_id, status.status)
            paused[key] = paused.get(key, 0) + 1
    found = {}
    for g in groups:
        intake = intakes.get(g.intake_id)
        if intake is None:
            continue  # the intake arrives with the next pull; no deadline to judge by yet
        found[g.id] = GroupRecruitment(
            group_id=g.id, code=g.code, qualification_code=g.qualification_code,
            partner_name=partners.get(g.partner_id, ""), intake_label=intake.label,
            enrolled=active.get(g.id, 0),
            registration_deadline=dt.date.fromisoformat(intake.registration_deadline),
            min_size=g.min_size, deferred=paused.get((g.id, "deferred"), 0),
            withdrawn=paused.get((g.id, "withdrawn"), 0), closed=g.status == "closed",
            runs_below_minimum=g.runs_below_minimum, closed_words=_closed_words(session, g))
    return found


def _closed_words(session: Session, group: Group) -> str:
    """A closed group: where its candidates went ('Merged into …'), or the service's words."""
    if group.status != "closed":
        return ""
    into = session.get(Group, group.merged_into) if group.merged_into else None
    if into is not None:
        return _("Merged into {code}").format(code=into.code)
    return group.closed_reason


def _row(session: Session, v: GroupViability) -> GroupRow:
    g = v.group
    group = session.get(Group, g.group_id)
    assert group is not None  # read in the same transaction
    qualification = session.scalar(select(Qualification)
                                   .where(Qualification.code == g.qualification_code))
    return GroupRow(
        group_id=g.group_id, code=g.code, qualification_code=g.qualification_code,
        qualification_title=qualification.title if qualification else g.qualification_code,
        intake_label=g.intake_label, partner_name=g.partner_name,
        venue_name=group.venue_name, enrolled=g.counted, minimum=g.min_size,
        registration_deadline=g.registration_deadline, status=v.status,
        stands_out=v.stands_out, days_to_deadline=v.days_to_deadline,
        facilitator_names=tuple(display_name(session, uid)
                                for uid in group.facilitator_ids or ()),
        summary=v.describe(), deferred=g.deferred, withdrawn=g.withdrawn, closed=g.closed,
        runs_below_minimum=g.runs_below_minimum)


def _event_rows(session: Session, group_id: str) -> tuple[EventRow, ...]:
    events = session.scalars(select(Event).where(Event.group_id == group_id)
                             .order_by(Event.number)).all()
    counted: dict[str, tuple[int, int | None, int, bool]] = {}
    for event in events:
        counted[event.id] = _count_event(session, event)
    attendance = [EventAttendance(e.number, e.title, counted[e.id][0], counted[e.id][1])
                  for e in events]
    drops = {item.number: drop for item, drop in drop_offs(attendance)}
    rows = []
    for event in events:
        enrolled, attended, walk_ins, submitted = counted[event.id]
        rows.append(EventRow(
            event_id=event.id, number=event.number, title=event.title,
            date=dt.date.fromisoformat(event.chosen_date) if event.chosen_date else None,
            window_start=dt.date.fromisoformat(event.window_start), enrolled=enrolled,
            attended=attended, walk_ins=walk_ins, submitted=submitted,
            drop_off=drops.get(event.number)))
    return tuple(rows)


def _count_event(session: Session, event: Event) -> tuple[int, int | None, int, bool]:
    """(enrolled, attended or None before submission, walk-ins attending, submitted)."""
    marks = {a.candidate_id: MarkStatus(a.status) for a in session.scalars(
        select(Attendance).where(Attendance.event_id == event.id,
                                 MARKED))}
    on_register = {e.candidate_id for e in roster(session, event)
                   if not e.not_applicable
                   and (not e.withdrawn or e.candidate_id in marks)}
    marked_off_register = {cid for cid, status in marks.items()
                           if cid not in on_register and status is not MarkStatus.NOT_APPLICABLE}
    enrolled = on_register | marked_off_register
    submitted = session.scalar(select(RegisterSubmission.id)
                               .where(RegisterSubmission.event_id == event.id)
                               .limit(1)) is not None
    attended = (sum(1 for cid in enrolled if cid in marks and marks[cid].attended)
                if submitted else None)
    walk_ins = sum(1 for w in session.scalars(select(WalkIn).where(WalkIn.event_id == event.id))
                   if MarkStatus(w.status).attended)
    return len(enrolled), attended, walk_ins, submitted


def _funding(session: Session, group_id: str) -> list[CandidateFunding]:
    """The group's enrolled (active) candidates, with the scholarship the central service
    decided; special requirements are never read here."""
    rows = session.execute(
        select(Candidate.id, Candidate.given_name, Candidate.family_name, Candidate.school,
               Candidate.scholarship)
        .join(Enrolment, Enrolment.candidate_id == Candidate.id)
        .where(Enrolment.group_id == group_id, Enrolment.status == "active")).all()
    people = sorted(rows, key=lambda r: (r.family_name.casefold(), r.given_name.casefold(),
                                         r.id))
    return [CandidateFunding(r.id, f"{r.given_name} {r.family_name}", r.school,
                             bool(r.scholarship)) for r in people]


def _course_fees(session: Session) -> Mapping[str, int]:
    """The course fees the central service sent with its qualifications (reference data
    it owns, so a new fee needs no new release), the pack's for any it has not sent."""
    sent = {q.code: q.course_fee_pence for q in session.scalars(select(Qualification))
            if q.course_fee_pence}
    return {**PACK_COURSE_FEES_PENCE, **sent}
