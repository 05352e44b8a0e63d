"""Plain-Python views of the domain that services return and the UI shows.

Frozen dataclasses, detached from any database session, safe to hand across threads.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

# ``minutes`` and ``time_in_room`` live in ``protocol.room_time`` (the central service counts
# time in the room by the same rule for its declarations); re-exported here for the app.
from protocol.room_time import minutes as minutes
from protocol.room_time import time_in_room as time_in_room
from protocol.text import N_, _


class MarkStatus(StrEnum):
    PRESENT = "present"
    LATE = "late"
    LEFT_EARLY = "left_early"
    ABSENT = "absent"
    APOLOGIES = "apologies"
    NOT_APPLICABLE = "not_applicable"
    # Not marked: a mark taken back (Undo of a first mark). It crosses the wire like any
    # mark, because attendance is never deleted; a register row shows it as "to mark".
    UNMARKED = "unmarked"

    @property
    def label(self) -> str:
        return _(_LABELS[self])

    @property
    def attended(self) -> bool:
        return self in (MarkStatus.PRESENT, MarkStatus.LATE, MarkStatus.LEFT_EARLY)


_LABELS = {
    MarkStatus.PRESENT: N_("Present"),
    MarkStatus.LATE: N_("Late"),
    MarkStatus.LEFT_EARLY: N_("Left early"),
    MarkStatus.ABSENT: N_("Absent"),
    MarkStatus.APOLOGIES: N_("Apologies"),
    MarkStatus.NOT_APPLICABLE: N_("Not applicable"),
    MarkStatus.UNMARKED: N_("Not marked"),
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
    facilitator_ids: tuple[str, ...] = ()

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
        """'Late, arrived 09:20'; 'Left early, arrived 09:25, left 14:30'."""
        text = self.status.label
        if self.arrival_time and self.status.attended:
            text += _(", arrived {time}").format(time=self.arrival_time)
        if self.departure_time and self.status.attended:
            text += _(", left {time}").format(time=self.departure_time)
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
    not_applicable: bool = False  # enrolled after the event: shown, never marked
    walk_in: bool = False  # someone not on the roster (candidate_id is the walk-in's id)
    amendment_reason: str | None = None  # set when the mark amends a submitted register
    moved: bool = False  # no longer in this group; kept because the register was fixed
    # Deferred or withdrawn by the central service from a date on or before this event's:
    # "Deferred from 12 Jan" (app.training_status); empty otherwise. Not markable then.
    training_status: str = ""

    @property
    def markable(self) -> bool:
        return not (self.withdrawn or self.not_applicable or self.walk_in
                    or self.training_status)

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
    not_applicable: int = 0  # on the roster, enrolled after the event: not in ``total``
    walk_ins: int = 0

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
        head = _("{attended} of {total} here").format(attended=self.attended, total=self.total)
        ways = [f"{n} {status.label.lower()}" for status in ATTENDED
                if (n := self.by_status.get(status, 0))]
        if ways and ways != [f"{self.attended} {MarkStatus.PRESENT.label.lower()}"]:
            head = _("{head} ({ways})").format(head=head, ways=", ".join(ways))
        return head


@dataclass(frozen=True)
class WalkInRow:
    """Someone who attended but is not on the roster, for the central team to resolve."""

    id: str
    name: str
    school: str
    email: str
    qualification_code: str
    status: MarkStatus
    recorded_by: str
    sync_state: RecordSyncState


@dataclass(frozen=True)
class Submission:
    """The register's submission, as this laptop knows it."""

    submitted_at: dt.datetime  # UTC
    submitted_by: str  # a name
    confirmed: bool  # the central service has it
    invitations_sent: int | None  # evaluation invitations the server sent (once confirmed)
    amendments: int = 0  # later submissions with an amendment reason


@dataclass(frozen=True)
class Register:
    event: EventSummary
    rows: tuple[RegisterRow, ...]
    walk_ins: tuple[WalkInRow, ...] = ()
    submission: Submission | None = None

    def counts(self) -> RegisterCounts:
        markable = [r for r in self.rows if not r.withdrawn and not r.not_applicable]
        tally = Counter(r.status for r in markable if r.status is not None)
        return RegisterCounts(total=len(markable), by_status=dict(tally),
                              not_applicable=sum(r.not_applicable for r in self.rows
                                                 if not r.withdrawn),
                              walk_ins=len(self.walk_ins))

    @property
    def conflicts(self) -> int:
        """How many people have marks that differ between laptops."""
        return sum(1 for r in self.rows if r.conflict)


@dataclass(frozen=True)
class PriorMark:
    """What a row held before a change, so the change can be undone."""

    candidate_id: str
    status: MarkStatus | None  # None: it was not marked
    arrival_time: str | None = None
    departure_time: str | None = None
    note: str = ""

    @classmethod
    def of(cls, row: RegisterRow) -> PriorMark:
        return cls(row.candidate_id, row.status, row.arrival_time, row.departure_time,
                   row.note)


@dataclass(frozen=True)
class UndoStep:
    """One user action as it can be undone: marks to restore, or a walk-in to remove."""

    event_id: str
    label: str  # "Mark the rest present (12 people)"
    marks: tuple[PriorMark, ...] = ()
    walk_in_id: str | None = None


@dataclass(frozen=True)
class NoteView:
    id: str
    event_id: str
    candidate_id: str | None
    body: str
    shared: bool  # shared with the co-facilitator(s); else private to its author
    author_id: str
    author_name: str
    updated_at: dt.datetime  # UTC
    mine: bool


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
    pulled_types: frozenset[str] = frozenset()  # the record types among what was pulled

    def describe(self) -> str:
        """'sent 3, received 12, 2 need attention' (what the last sync did)."""
        parts = [_("sent {n}").format(n=self.pushed + self.duplicates),
                 _("received {n}").format(n=self.pulled)]
        if self.rejected:
            parts.append(_("{n} need attention").format(n=self.rejected))
        return ", ".join(parts)


# ---- the share of the day attended ----------------------------------------------------------

AM_END = "12:30"  # the morning session: the event's start to 12:30
PM_START = "13:30"  # the afternoon session: 13:30 to the event's end


def times_text(arrival: str | None, departure: str | None) -> str:
    """A day's times as the register's Time column shows them: '09:25', 'left 14:30', or
    '09:25–14:30' for a late arrival who left early; '' without times."""
    if arrival and departure:
        return _("{arrival}–{departure}").format(arrival=arrival, departure=departure)
    if departure:
        return _("left {time}").format(time=departure)
    return arrival or ""


def day_times(status: MarkStatus, time: str | None, before_arrival: str | None,
              before_departure: str | None) -> tuple[str | None, str | None]:
    """(arrival, departure) of a person's day after a late (L) or left-early (E) mark at
    ``time``: the mark sets its own time and keeps the other one already recorded, when it
    still fits (a departure after the arrival). Any other mark has no times."""
    if status is MarkStatus.LATE:
        keep = before_departure if before_departure and (not time or before_departure > time) \
            else None
        return time, keep
    if status is MarkStatus.LEFT_EARLY:
        keep = before_arrival if before_arrival and (not time or before_arrival < time) else None
        return keep, time
    return None, None


def sessions_attended(status: MarkStatus | None, arrival: str | None,
                      departure: str | None, start: str = "09:00",
                      end: str = "16:00") -> tuple[bool, bool]:
    """(AM, PM): a session counts when the person was in the room for at least half of
    it (AM = start–12:30, PM = 13:30–end)."""
    if status is None or not status.attended:
        return False, False
    came = minutes(arrival) if arrival else minutes(start)
    went = minutes(departure) if departure else minutes(end)

    def half(a: int, b: int) -> bool:
        return b > a and 2 * max(0, min(went, b) - max(came, a)) >= b - a

    return (half(minutes(start), minutes(AM_END)), half(minutes(PM_START), minutes(end)))
