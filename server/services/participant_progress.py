"""The reference service's simulated online activity of a candidate (``participant_progress``).

The real central service learns of online sessions, the online course, the 360° diagnostic
and coaching from its learning platform; the reference service makes them up, the same way
every time for the same candidate, group and day, and in step with the registers: a
candidate who comes to the face-to-face days (``commitment``, their share of face-to-face
minutes) comes to the online sessions too, and one who misses days lags online.

- An online session is held every ``SESSION_EVERY_DAYS`` days from the group's first
  event, until the course's end; whether the candidate came is drawn once (a fixed
  sequence of draws per candidate) against their commitment as at that session's day, so
  a later day never takes a session back.
- The online course advances week by week from the first event, at the candidate's own
  pace, faster the more committed they were that week; 100 % only near the end.
- The 360° diagnostic is sent once the course starts; most complete it after a few weeks
  (those committed then).
- Coaching, where the course includes it: ``COACHING_PLANNED`` sessions, one slot every
  two months, taken or missed by the same rule.

A deferred or withdrawn candidate's figures stop at their status's date.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from protocol.records import Diagnostic360

SESSION_EVERY_DAYS = 14
MAX_SESSIONS = 60
COACHING_PLANNED = 6
COACHING_EVERY_DAYS = 60
DAYS_PER_MONTH = 30.4


@dataclass(frozen=True)
class Online:
    """A candidate's online engagement as at one day."""

    sessions_attended: int = 0
    sessions_held: int = 0
    course_percent: int = 0
    diagnostic: Diagnostic360 = "not_invited"
    coaching_sessions: int | None = None
    coaching_planned: int | None = None


def attendance_chance(commitment: float) -> float:
    """The chance of coming to an online session, from the share of face-to-face minutes
    (1.0: every minute): near certain for the committed, falling fast below 90 %."""
    return max(0.05, min(0.98, 2.2 * commitment - 1.2))


def session_days(first_day: dt.date, duration_months: int, as_at: dt.date) -> list[dt.date]:
    """The days of the online sessions held by ``as_at``."""
    last = first_day + dt.timedelta(days=round(duration_months * DAYS_PER_MONTH))
    days = []
    for n in range(1, MAX_SESSIONS + 1):
        day = first_day + dt.timedelta(days=SESSION_EVERY_DAYS * n)
        if day > as_at or day > last:
            break
        days.append(day)
    return days


@dataclass(frozen=True)
class Simulation:
    """One candidate's draws: fixed for the candidate and group, whatever the day."""

    draws: tuple[float, ...]
    coaching_draws: tuple[float, ...]
    pace: float
    diagnostic_after: int
    diagnostic_done: bool

    @classmethod
    def of(cls, group_id: str, candidate_id: str) -> Simulation:
        rng = random.Random(f"online:{group_id}:{candidate_id}")
        draws = tuple(rng.random() for _ in range(MAX_SESSIONS))
        coaching = tuple(rng.random() for _ in range(COACHING_PLANNED))
        return cls(draws, coaching, rng.uniform(0.85, 1.15), rng.randint(10, 40),
                   rng.random() < 0.9)

    def as_at(self, as_at: dt.date, *, first_day: dt.date | None,
              commitment_on: Callable[[dt.date], float], duration_months: int,
              coaching: bool) -> Online:
        """The figures as at ``as_at``; ``commitment_on(day)``: the candidate's share of
        face-to-face minutes as at a day. Each session, week of the course or coaching
        slot is decided by the commitment of its own day, so a later day changes nothing
        already past (unless a register of the past is amended)."""
        planned = COACHING_PLANNED if coaching else None
        if first_day is None or as_at < first_day:
            return Online(coaching_sessions=0 if coaching else None, coaching_planned=planned)

        def chance(day: dt.date) -> float:
            return attendance_chance(commitment_on(day))

        days = session_days(first_day, duration_months, as_at)
        attended = sum(self.draws[n] < chance(day) for n, day in enumerate(days))
        weeks = (as_at - first_day).days // 7
        per_week = 700 / (duration_months * DAYS_PER_MONTH)
        done = sum(per_week * self.pace * (0.6 + 0.45 * chance(
            first_day + dt.timedelta(weeks=w + 1))) for w in range(weeks))
        diagnostic_day = first_day + dt.timedelta(days=self.diagnostic_after)
        completed = (self.diagnostic_done and as_at >= diagnostic_day
                     and chance(diagnostic_day) >= 0.5)
        sessions = None
        if coaching:
            slots = [first_day + dt.timedelta(days=COACHING_EVERY_DAYS * (n + 1))
                     for n in range(COACHING_PLANNED)]
            sessions = sum(day <= as_at and self.coaching_draws[n] < 0.5 + 0.5 * chance(day)
                           for n, day in enumerate(slots))
        return Online(attended, len(days), min(100, int(done)),
                      "completed" if completed else "invited", sessions, planned)
