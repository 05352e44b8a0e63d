"""A candidate's funding milestones on the progress view: each milestone of the group's
schedule with the central service's declaration for it, the next one, and whether the
candidate will miss it on current attendance (no Qt, no SQL).

- Every milestone of the schedule (``protocol.milestones.schedule_for``, in the funder's
  order) is a ``MilestoneLine``: where the service declared it, the declaration's state and
  date; else *due by* its last day, or *missed* once that day has passed with nothing
  declared. A voided declaration does not count as declared: the milestone is due (or
  missed) again, and the line says it was voided.
- The *next milestone* is ``protocol.milestones.next_milestone`` with the types declared
  (not voided): the first undeclared one whose last day is today or later.
- *Will miss*: a candidate whose engagement (face-to-face minutes from the registers,
  online sessions and the online course as the service reports them) does not evidence the
  next milestone (``milestone_met``), with the reason in words (``why_not``). It is judged
  only for an active candidate (never a deferred or withdrawn one) once something has been
  held for them (face to face or online), as at risk is.

The rules are the service's (``protocol.milestones``); this module only applies them to
what this laptop holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from protocol.milestones import (
    MILESTONE_WORDS,
    STATE_WORDS,
    Engagement,
    milestone_met,
    next_milestone,
    ordered,
    why_not,
)
from protocol.records import DECLARATION_TYPES, CourseSchedule, DeclarationData
from protocol.text import _

VOIDED = "voided"


def day_month(day: dt.date) -> str:
    """'31 Mar'."""
    return f"{day.day} {day:%b}"


def day_month_year(day: dt.date) -> str:
    """'31 Mar 2027'."""
    return f"{day.day} {day:%b %Y}"


@dataclass(frozen=True)
class MilestoneLine:
    """One milestone of the candidate's schedule, with the service's declaration for it."""

    declaration_type: str  # "started" | "retained-1" | "retained-2" | "completed"
    # a declaration may be made from ``start_date`` and counts until ``milestone_date``;
    # both None for a declaration whose milestone is not in the schedule held here
    start_date: dt.date | None
    milestone_date: dt.date | None
    state: str = ""  # the declaration's state; "" when none was made
    declared_on: dt.date | None = None  # the declaration's date
    missed: bool = False  # its last day has passed with nothing declared (not voided)
    voided_reason: str = ""

    @property
    def name(self) -> str:
        """'Retained 1'."""
        return _(MILESTONE_WORDS.get(self.declaration_type, self.declaration_type))

    @property
    def declared(self) -> bool:
        """Declared and not voided: counts for the candidate."""
        return bool(self.state) and self.state != VOIDED

    @property
    def state_words(self) -> str:
        """'Paid', 'Voided', 'Missed' or 'Due'."""
        if self.state:
            return _(STATE_WORDS.get(self.state, self.state))
        return _("Missed") if self.missed else _("Due")

    @property
    def date_words(self) -> str:
        """The declaration's date ('12 Jan 2027'); 'by 31 Mar 2027' while undeclared."""
        if self.declared and self.declared_on is not None:
            return day_month_year(self.declared_on)
        if self.milestone_date is None:
            return day_month_year(self.declared_on) if self.declared_on else ""
        if self.state == VOIDED and self.declared_on is not None:
            when = day_month_year(self.declared_on)
            if self.missed:
                return _("{when}; was due by {day}").format(
                    when=when, day=day_month_year(self.milestone_date))
            return _("{when}; due again by {day}").format(
                when=when, day=day_month_year(self.milestone_date))
        if self.missed:
            return _("was due by {day}").format(day=day_month_year(self.milestone_date))
        return _("by {day}").format(day=day_month_year(self.milestone_date))

    @property
    def due_words(self) -> str:
        """'by 31 Mar 2027': its last day, whatever was declared."""
        if self.milestone_date is None:
            return ""
        return _("by {day}").format(day=day_month_year(self.milestone_date))

    @property
    def text(self) -> str:
        """'Retained 1: Paid, 12 Jan 2027', 'Completed: Due, by 30 Jun 2028'."""
        return _("{milestone}: {state}, {date}").format(
            milestone=self.name, state=self.state_words, date=self.date_words)


def milestone_lines(schedule: CourseSchedule | None,
                    declarations: Mapping[str, DeclarationData],
                    today: dt.date) -> tuple[MilestoneLine, ...]:
    """Every milestone of ``schedule`` in the funder's order, each with its declaration
    (``declarations`` by type) where the service made one; then any declaration whose
    milestone the schedule does not have (all of them when there is no schedule), undated."""
    lines = []
    planned = ordered(schedule.milestones) if schedule is not None else []
    for milestone in planned:
        last_day = dt.date.fromisoformat(milestone.milestone_date)
        found = declarations.get(milestone.declaration_type)
        state = found.state if found is not None else ""
        lines.append(MilestoneLine(
            milestone.declaration_type, dt.date.fromisoformat(milestone.start_date), last_day,
            state, _date(found.declaration_date) if found is not None else None,
            missed=(not state or state == VOIDED) and last_day < today,
            voided_reason=found.voided_reason if found is not None else ""))
    known = {m.declaration_type for m in planned}
    rank = {name: n for n, name in enumerate(DECLARATION_TYPES)}
    for kind in sorted(set(declarations) - known, key=lambda k: rank.get(k, 99)):
        found = declarations[kind]
        lines.append(MilestoneLine(kind, None, None, found.state,
                                   _date(found.declaration_date),
                                   voided_reason=found.voided_reason))
    return tuple(lines)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class NextMilestone:
    """The candidate's next milestone and whether, on current attendance, they will miss
    it (``why``: the reason in words)."""

    line: MilestoneLine
    will_miss: bool
    why: str = ""
    judged: bool = True  # False: deferred, withdrawn, or nothing held yet

    @property
    def text(self) -> str:
        """'Retained 1 · by 31 Mar · will miss' or '… · on track'; without a verdict
        ('Retained 1 · by 31 Mar') for a candidate not judged."""
        day = self.line.milestone_date
        text = _("{milestone} · by {day}").format(milestone=self.line.name,
                                                  day=day_month(day) if day else "?")
        if not self.judged:
            return text
        return f"{text} · {_('will miss') if self.will_miss else _('on track')}"


def next_for(schedule: CourseSchedule | None, lines: tuple[MilestoneLine, ...],
             engagement: Engagement, threshold: float, today: dt.date, *,
             judged: bool) -> NextMilestone | None:
    """The next milestone (None when the schedule has none left, or there is no schedule)
    and, for a candidate who is ``judged`` (active, with something held), whether their
    ``engagement`` falls short of it."""
    declared = {line.declaration_type for line in lines if line.declared}
    milestone = next_milestone(schedule, declared, today)
    if milestone is None:
        return None
    line = next(line for line in lines if line.declaration_type == milestone.declaration_type)
    judged = judged and (engagement.held_minutes > 0 or engagement.online_held > 0)
    if not judged:
        return NextMilestone(line, will_miss=False, judged=False)
    if milestone_met(milestone.declaration_type, engagement, threshold):
        return NextMilestone(line, will_miss=False)
    return NextMilestone(line, will_miss=True,
                         why=why_not(milestone.declaration_type, engagement, threshold))
