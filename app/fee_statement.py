"""A partner's fee statement: expected and actual fees per event, per group and in total.

Expected fees come from enrolment and the scheduled events, actual fees from submitted
registers. How "per person" and "group size" are counted is decided here and printed on
every statement (``COUNTING_RULES``), so a partner can check each figure:

- Group size (for the facilitation band) is the number of candidates enrolled in the group
  for that event: active enrolments, not withdrawn; for an actual fee, the candidates on
  the submitted register (those enrolled after the event or withdrawn before it are not
  on it). Absences do not lower the band: facilitators prepare and staff the event for the
  enrolled group, and the pack's table is headed "Group Size", not attendance.
- A hosted person (for the hosting fee) is expected to be every enrolled candidate; the
  actual count is everyone the register records as having attended: present, late or left
  early, plus walk-ins recorded on it, since the partner provided their room, lunch and
  refreshments. Absent, apologies and not applicable are not counted.
- An event without a submitted register has no actual fee yet.
- A candidate the central service has deferred or withdrawn (``app.training_status``) is
  not expected at events on or after the effective date (an undated event counts as
  after it): the fee for a place is expected for active candidates only. Such candidates
  are listed apart under their group, with the date, so the partner sees why the figures
  fell. On a submitted register they are not in the group size unless they attended.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.domain import Register
from app.fees import PACK_FEES, FeeTable, facilitation_fee, hosting_fee
from protocol.text import N_, _

# Marked only: a FeeStatement translates them when it is made (counting_rules()).
COUNTING_RULES: tuple[str, ...] = (
    N_("Hosting is £25 per person per event; facilitation is £400 per event with one "
       "facilitator, or by group size with two: 12–14 £500, 15–18 £600, 19–23 £700, "
       "24+ £800 (partner information pack)."),
    N_("Group size: candidates enrolled in the group for the event (withdrawn candidates and "
       "those enrolled after the event are not counted). Absences do not change the band."),
    N_("Per person (hosting): expected, every enrolled candidate; actual, everyone the "
       "submitted register shows as attending (present, late or left early) and walk-ins "
       "recorded on it. Absent and apologies are not counted."),
    N_("Two facilitators with fewer than 12 candidates are paid the single-facilitator fee: "
       "the two-facilitator table starts at 12."),
    N_("Actual fees appear once the event's register has been submitted."),
    N_("Deferred and withdrawn candidates are not expected from the date the central "
       "service gave; they are listed apart under their group."),
)


def counting_rules() -> tuple[str, ...]:
    """The counting rules in the user's language."""
    return tuple(_(rule) for rule in COUNTING_RULES)


@dataclass(frozen=True)
class RegisterTally:
    """What a submitted register says, for fees."""

    group_size: int  # candidates on the register (not withdrawn, enrolled by the event)
    attended: int  # candidates present, late or left early
    walk_ins: int  # walk-ins recorded as attending

    @property
    def people(self) -> int:
        return self.attended + self.walk_ins

    @classmethod
    def of(cls, register: Register) -> RegisterTally:
        """A candidate shown as withdrawn but marked as attending withdrew after the event
        (nobody can mark a withdrawn candidate): they were on the register that day, so
        they count in its group size as well as among those hosted. This happens on a
        laptop that opens the register only after the withdrawal (a partner lead's)."""
        came = [r for r in register.rows
                if r.status is not None and r.status.attended and not r.walk_in
                and not r.not_applicable]
        withdrawn_since = sum(1 for r in came if r.withdrawn)
        # deferred or withdrawn by the central service before the event: not in the group
        # that day, unless the register shows them attending
        paused = sum(1 for r in register.rows
                     if r.training_status and not r.withdrawn and not r.not_applicable
                     and not (r.status is not None and r.status.attended))
        walk_ins = sum(1 for w in register.walk_ins if w.status.attended)
        return cls(group_size=register.counts().total + withdrawn_since - paused,
                   attended=len(came), walk_ins=walk_ins)


@dataclass(frozen=True)
class EventFeeInput:
    event_id: str
    number: int
    title: str
    date: dt.date | None  # None until the partner picks it
    enrolled: int  # active enrolments in the group for this event
    facilitators: int
    register: RegisterTally | None = None  # None until the register is submitted


@dataclass(frozen=True)
class ApartCandidate:
    """A candidate deferred or withdrawn by the central service: counted apart."""

    candidate_id: str
    name: str  # "Family, Given"
    status: str  # "deferred" | "withdrawn"
    effective_date: dt.date

    @property
    def label(self) -> str:
        return _("Withdrawn") if self.status == "withdrawn" else _("Deferred")

    @property
    def words(self) -> str:
        """"Deferred from 12 Jan 2027: not expected from then"."""
        return _("{label} from {day}: not expected from then").format(
            label=self.label, day=self.effective_date.strftime("%d %b %Y").lstrip("0"))


@dataclass(frozen=True)
class GroupFeeInput:
    group_id: str
    group_code: str
    qualification_code: str
    events: tuple[EventFeeInput, ...]
    intake_label: str = ""  # "Autumn 2026"
    apart: tuple[ApartCandidate, ...] = ()  # deferred or withdrawn, by effective date


@dataclass(frozen=True)
class EventFee:
    event_id: str
    number: int
    title: str
    date: dt.date | None
    facilitators: int
    expected_group_size: int
    expected_hosting_pence: int
    expected_facilitation_pence: int
    actual_group_size: int | None = None  # None: register not submitted
    actual_people: int | None = None
    actual_hosting_pence: int | None = None
    actual_facilitation_pence: int | None = None
    note: str = ""

    @property
    def submitted(self) -> bool:
        return self.actual_group_size is not None

    @property
    def expected_pence(self) -> int:
        return self.expected_hosting_pence + self.expected_facilitation_pence

    @property
    def actual_pence(self) -> int | None:
        if self.actual_hosting_pence is None or self.actual_facilitation_pence is None:
            return None
        return self.actual_hosting_pence + self.actual_facilitation_pence


@dataclass(frozen=True)
class GroupFees:
    group_id: str
    group_code: str
    qualification_code: str
    events: tuple[EventFee, ...]
    intake_label: str = ""
    apart: tuple[ApartCandidate, ...] = ()

    @property
    def expected_pence(self) -> int:
        return sum(e.expected_pence for e in self.events)

    @property
    def actual_pence(self) -> int:
        """What submitted registers have earned so far."""
        return sum(e.actual_pence or 0 for e in self.events)

    @property
    def submitted_events(self) -> int:
        return sum(e.submitted for e in self.events)


@dataclass(frozen=True)
class FeeStatement:
    partner_name: str
    prepared_on: dt.date
    groups: tuple[GroupFees, ...]
    counting_rules: tuple[str, ...] = field(default_factory=counting_rules)
    intakes: tuple[str, ...] = ()  # the period covered, oldest intake first

    @property
    def period(self) -> str:
        """'Autumn 2026 and Spring 2027 intakes', or '' when not known."""
        if not self.intakes:
            return ""
        if len(self.intakes) == 1:
            return _("{name} intake").format(name=self.intakes[0])
        return _("{names} and {last} intakes").format(names=", ".join(self.intakes[:-1]),
                                                       last=self.intakes[-1])

    @property
    def expected_pence(self) -> int:
        return sum(g.expected_pence for g in self.groups)

    @property
    def actual_pence(self) -> int:
        return sum(g.actual_pence for g in self.groups)


def event_fee(event: EventFeeInput, table: FeeTable = PACK_FEES) -> EventFee:
    expected = facilitation_fee(event.enrolled, event.facilitators, table)
    tally = event.register
    if tally is None:
        return EventFee(event.event_id, event.number, event.title, event.date,
                        event.facilitators, event.enrolled,
                        hosting_fee(event.enrolled, table), expected.pence, note=expected.note)
    actual = facilitation_fee(tally.group_size, event.facilitators, table)
    return EventFee(event.event_id, event.number, event.title, event.date,
                    event.facilitators, event.enrolled, hosting_fee(event.enrolled, table),
                    expected.pence, actual_group_size=tally.group_size,
                    actual_people=tally.people,
                    actual_hosting_pence=hosting_fee(tally.people, table),
                    actual_facilitation_pence=actual.pence, note=actual.note)


def group_fees(group: GroupFeeInput, table: FeeTable = PACK_FEES) -> GroupFees:
    events = sorted(group.events, key=lambda e: e.number)
    apart = tuple(sorted(group.apart, key=lambda a: (a.effective_date, a.name)))
    return GroupFees(group.group_id, group.group_code, group.qualification_code,
                     tuple(event_fee(e, table) for e in events), group.intake_label, apart)


def fee_statement(partner_name: str, groups: Iterable[GroupFeeInput], prepared_on: dt.date,
                  table: FeeTable = PACK_FEES, *, intakes: Iterable[str] = ()) -> FeeStatement:
    ordered = sorted(groups, key=lambda g: g.group_code)
    return FeeStatement(partner_name, prepared_on, tuple(group_fees(g, table) for g in ordered),
                        intakes=tuple(intakes))


CSV_HEADER = (
    "Group", "Qualification", "Event", "Title", "Date", "Facilitators",
    "Expected group size", "Expected hosting (£)", "Expected facilitation (£)",
    "Expected total (£)", "Register", "Actual group size", "People hosted",
    "Actual hosting (£)", "Actual facilitation (£)", "Actual total (£)", "Note",
)


def statement_csv(statement: FeeStatement) -> str:
    """The statement as CSV (RFC 4180, CRLF): one row per event, a total row per group and
    for the partner, then the counting rules. Money as plain pounds ("1250.00") so that a
    spreadsheet reads numbers."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Fee statement", _text(statement.partner_name),
                     f"Prepared {statement.prepared_on.isoformat()}",
                     *([statement.period] if statement.period else [])])
    writer.writerow(CSV_HEADER)
    for group in statement.groups:
        for e in group.events:
            writer.writerow(_event_row(group, e))
        writer.writerow([_text(group.group_code), group.qualification_code, "Group total", "",
                         "", "", "", "", "", _money(group.expected_pence),
                         f"{group.submitted_events} of {len(group.events)} submitted",
                         "", "", "", "", _money(group.actual_pence), ""])
        for a in group.apart:
            writer.writerow([_text(group.group_code), group.qualification_code,
                             a.label, _text(a.name), a.effective_date.isoformat(),
                             "", "", "", "", "", "", "", "", "", "", "", a.words])
    writer.writerow(["Partner total", "", "", "", "", "", "", "", "",
                     _money(statement.expected_pence), "", "", "", "", "",
                     _money(statement.actual_pence), ""])
    writer.writerow([])
    for rule in statement.counting_rules:
        writer.writerow([rule])
    return out.getvalue()


def _event_row(group: GroupFees, e: EventFee) -> list[str]:
    return [
        _text(group.group_code), group.qualification_code, str(e.number), _text(e.title),
        e.date.isoformat() if e.date else "not chosen", str(e.facilitators),
        str(e.expected_group_size), _money(e.expected_hosting_pence),
        _money(e.expected_facilitation_pence), _money(e.expected_pence),
        "submitted" if e.submitted else "not submitted",
        _opt(e.actual_group_size), _opt(e.actual_people), _money(e.actual_hosting_pence),
        _money(e.actual_facilitation_pence), _money(e.actual_pence), e.note,
    ]


def _money(pence: int | None) -> str:
    if pence is None:
        return ""
    whole, part = divmod(pence, 100)
    return f"{whole}.{part:02d}"


def _opt(value: int | None) -> str:
    return "" if value is None else str(value)


def _text(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
