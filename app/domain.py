"""Plain-Python views of the domain that services return and the UI shows.

Frozen dataclasses, detached from any database session, safe to hand across threads.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum


class MarkStatus(StrEnum):
    PRESENT = "present"
    LATE = "late"
    LEFT_EARLY = "left_early"
    ABSENT = "absent"
    APOLOGIES = "apologies"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def attended(self) -> bool:
        return self in (MarkStatus.PRESENT, MarkStatus.LATE, MarkStatus.LEFT_EARLY)


_LABELS = {
    MarkStatus.PRESENT: "Present",
    MarkStatus.LATE: "Late",
    MarkStatus.LEFT_EARLY: "Left early",
    MarkStatus.ABSENT: "Absent",
    MarkStatus.APOLOGIES: "Apologies",
    MarkStatus.NOT_APPLICABLE: "Not applicable",
}


ATTENDED = (MarkStatus.PRESENT, MarkStatus.LATE, MarkStatus.LEFT_EARLY)


class RecordSyncState(StrEnum):
    """Where a local change is on its way to the central service."""

    SAVED = "saved"  # committed on this laptop, not yet sent
    SENT = "sent"  # sent to the server, whose answer has not arrived yet
    CONFIRMED = "confirmed"  # the server has applied it
    NEEDS_ATTENTION = "needs_attention"  # the server rejected it; the user must act


@dataclass(frozen=True)
class GroupSummary:
    id: str
    code: str
    qualification_code: str
    qualification_title: str
    partner_name: str
    intake_label: str
    venue_name: str
    enrolled: int
    min_size: int
    facilitator_names: tuple[str, ...]

    @property
    def viable(self) -> bool:
        return self.enrolled >= self.min_size


@dataclass(frozen=True)
class EventSummary:
    id: str
    group_id: str
    group_code: str
    qualification_code: str
    number: int
    title: str
    date: dt.date | None  # the chosen date; None while only the window is known
    window_start: dt.date
    window_end: dt.date
    venue_name: str
    arrival_time: str
    start_time: str
    end_time: str
    roster_size: int
    marked: int
    submitted: bool = False
    qualification_title: str = ""  # "National Professional Qualification for Senior Leadership"

    def is_on(self, day: dt.date) -> bool:
        return self.date == day


@dataclass(frozen=True)
class MarkObservation:
    """One laptop's mark for a person, as shown when two laptops disagree."""

    who: str  # the name of the person who marked ("Siân Hughes")
    marked_by: str  # their user id
    device_id: str
    this_laptop: bool
    status: MarkStatus
    arrival_time: str | None
    departure_time: str | None
    note: str
    hlc: str
    when: dt.datetime  # local time, from the stamp's wall clock (approximate if skewed)
    current: bool  # the mark the register shows now

    def describe(self) -> str:
        """'Late, arrived 09:20'."""
        text = self.status.label
        if self.arrival_time and self.status == MarkStatus.LATE:
            text += f", arrived {self.arrival_time}"
        if self.departure_time and self.status == MarkStatus.LEFT_EARLY:
            text += f", left {self.departure_time}"
        return text


@dataclass(frozen=True)
class RegisterRow:
    candidate_id: str
    given_name: str
    family_name: str
    school: str
    role: str
    status: MarkStatus | None
    arrival_time: str | None
    departure_time: str | None
    note: str
    withdrawn: bool
    sync_state: RecordSyncState | None  # None when never marked
    register_order: int = 0
    # Marks from two or more laptops or people that disagree and nobody has settled yet,
    # oldest first; empty when there is no disagreement.
    conflict: tuple[MarkObservation, ...] = ()

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def in_conflict(self) -> bool:
        return bool(self.conflict)


@dataclass(frozen=True)
class RegisterCounts:
    total: int
    by_status: dict[MarkStatus, int] = field(default_factory=dict)

    @property
    def unmarked(self) -> int:
        return self.total - sum(self.by_status.values())

    @property
    def attended(self) -> int:
        return sum(n for s, n in self.by_status.items() if s.attended)

    def summary(self) -> str:
        """'10 of 18 here (9 present, 1 late)': everyone who attended (on time, late or
        leaving early) out of everyone who can be marked, then how they came, so the first
        number never hides who was late."""
        head = f"{self.attended} of {self.total} here"
        ways = [f"{n} {status.label.lower()}" for status in ATTENDED
                if (n := self.by_status.get(status, 0))]
        if ways and ways != [f"{self.attended} present"]:
            head += f" ({', '.join(ways)})"
        return head


@dataclass(frozen=True)
class Register:
    event: EventSummary
    rows: tuple[RegisterRow, ...]

    def counts(self) -> RegisterCounts:
        markable = [r for r in self.rows if not r.withdrawn]
        tally = Counter(r.status for r in markable if r.status is not None)
        return RegisterCounts(total=len(markable), by_status=dict(tally))

    @property
    def conflicts(self) -> int:
        """How many people have marks that differ between laptops."""
        return sum(1 for r in self.rows if r.conflict)


@dataclass(frozen=True)
class Identity:
    """Who is signed in on this laptop, and to which server."""

    user_id: str
    name: str
    roles: tuple[str, ...]
    username: str
    server_url: str
    device_id: str


@dataclass(frozen=True)
class SyncStatus:
    pending_changes: int
    needs_attention: int
    last_success: dt.datetime | None  # UTC
    last_attempt: dt.datetime | None  # UTC
    last_error: str | None  # a human message, never personal data
    server_reachable: bool | None  # None: not tried yet


@dataclass(frozen=True)
class SyncReport:
    pushed: int = 0
    duplicates: int = 0
    rejected: int = 0
    pulled: int = 0
    purged: int = 0
    clock_skew_seconds: float | None = None

    def describe(self) -> str:
        parts = [f"sent {self.pushed + self.duplicates}", f"received {self.pulled}"]
        if self.rejected:
            parts.append(f"{self.rejected} need attention")
        return ", ".join(parts)
