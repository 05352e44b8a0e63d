"""The rules for a candidate's funding milestones: which schedule a group follows, what
engagement each declaration needs, and which milestone comes next.

The central service declares a milestone to the funder when the candidate's engagement
evidences it; the app says, from the same figures, who will miss the next one. Both import
this module, so they cannot disagree.

- *started*: the candidate has engaged at all: attended a face-to-face event or an online
  session.
- *retained-1*, *retained-2*: their participation is at or above the qualification's
  threshold (``participation_percent``: face-to-face minutes in the room and online
  sessions, each online session weighing ``ONLINE_SESSION_MINUTES``).
- *completed*: as retained, and the online course is finished (100 %); the final
  assessment is the central service's to add.

A deferred or withdrawn candidate meets no milestone after the date of their status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from protocol.records import DECLARATION_TYPES, CourseSchedule, Milestone
from protocol.text import _

# An online session counts as this many minutes of participation (a 90-minute webinar).
ONLINE_SESSION_MINUTES = 90

MILESTONE_WORDS = {
    "started": "Started",
    "retained-1": "Retained 1",
    "retained-2": "Retained 2",
    "completed": "Completed",
}
STATE_WORDS = {
    "submitted": "Submitted",
    "eligible": "Eligible",
    "payable": "Payable",
    "paid": "Paid",
    "voided": "Voided",
}


@dataclass(frozen=True)
class Engagement:
    """A candidate's engagement so far, as the registers and the central service give it."""

    attended_minutes: int = 0  # face to face, in the room
    held_minutes: int = 0  # face to face, of the events that count for them
    online_attended: int = 0  # online sessions
    online_held: int = 0
    online_course_percent: int = 0

    @property
    def engaged(self) -> bool:
        return self.attended_minutes > 0 or self.online_attended > 0


def schedule_for(schedules: Iterable[CourseSchedule], term: str,
                 year: int) -> CourseSchedule | None:
    """The schedule a group of this intake (term and year) follows; None when none fits."""
    for schedule in schedules:
        if schedule.start == term and schedule.cohort == year:
            return schedule
    return None


def participation_percent(engagement: Engagement) -> int | None:
    """Face-to-face and online participation as a whole percent, rounded down; None when
    nothing has been held."""
    held = engagement.held_minutes + engagement.online_held * ONLINE_SESSION_MINUTES
    if held <= 0:
        return None
    attended = (engagement.attended_minutes
                + engagement.online_attended * ONLINE_SESSION_MINUTES)
    return attended * 100 // held


def milestone_met(declaration_type: str, engagement: Engagement, threshold: float) -> bool:
    """Whether this engagement evidences a declaration of this type."""
    if declaration_type == "started":
        return engagement.engaged
    share = participation_percent(engagement)
    if share is None or share < threshold:
        return False
    if declaration_type == "completed":
        return engagement.online_course_percent >= 100
    return True


def why_not(declaration_type: str, engagement: Engagement, threshold: float) -> str:
    """In words, why this engagement does not evidence the milestone ("" when it does)."""
    if milestone_met(declaration_type, engagement, threshold):
        return ""
    if declaration_type == "started":
        return _("No session attended yet")
    share = participation_percent(engagement)
    if share is None or share < threshold:
        return _("Participation {share} %, below {threshold} %").format(
            share=0 if share is None else share, threshold=f"{threshold:g}")
    return _("Online course {percent} % done").format(
        percent=engagement.online_course_percent)


def ordered(milestones: Sequence[Milestone]) -> list[Milestone]:
    """The milestones in the order the funder takes them."""
    rank = {name: n for n, name in enumerate(DECLARATION_TYPES)}
    return sorted(milestones, key=lambda m: (rank.get(m.declaration_type, 99),
                                             m.milestone_date))


def next_milestone(schedule: CourseSchedule | None, declared: Iterable[str],
                   today: dt.date) -> Milestone | None:
    """The first milestone not yet declared (``declared``: the types with a declaration
    that is not voided) whose last day is today or later; None when none is left."""
    done = set(declared)
    if schedule is None:
        return None
    for milestone in ordered(schedule.milestones):
        if milestone.declaration_type in done:
            continue
        if dt.date.fromisoformat(milestone.milestone_date) >= today:
            return milestone
    return None
