"""What each client-writable record type means when pushed: the register types' rules, and
what every type's rules share (a push's ``Context``, the records it reads and writes).

Each type has a ``Writer`` (``server.services.registry``): ``admit`` checks that the caller
may write at the place the payload names (its event, or the facilitator a QA form is
about), ``apply`` the type's own rules, then writes. Between the two,
``server.services.push`` applies the one rule that guards the record the mutation's id
names (a record is only ever written where it lives, by whom may write it). Every check
raises ``Rejected`` before anything is written, so a rejected mutation leaves no trace (a
push relies on this: it uses no savepoints). Out-of-scope events and candidates are
``not_found`` (never a hint that they exist). An attendance mark may name a candidate who
has since moved to another group, on a register they were on (``candidate_on_register``):
clients keep them there, and past registers get amended. Partner leads can see their
groups' registers but may not write to them: their pushes are ``forbidden_role`` (the group
is already visible to them, so naming the reason leaks nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from sqlalchemy import bindparam, false, insert, select, update
from sqlalchemy.orm import Session

from protocol.hlc import Stamp
from protocol.records import (
    ATTENDED_STATUSES,
    AttendanceData,
    NoteData,
    RegisterSubmissionData,
    WalkInData,
    attendance_id,
)
from protocol.wire import Mutation
from server import sequence
from server.models import AppliedMutation, AttendanceHistory, Invitation, Record, utcnow
from server.scope import Scope
from server.services import evaluations, roster
from server.store import Placement

# The current attendance record lists the marks pushed for it (``observations``, oldest
# first, the latest MAX_OBSERVATIONS), so every laptop, the winner's included, learns that
# two devices disagreed. A losing mark therefore also gives the record a new sequence number.
MAX_OBSERVATIONS = 20
OBSERVATION_FIELDS = ("status", "arrival_time", "departure_time", "note", "marked_by",
                      "device_id", "hlc", "amendment_reason")


_RECORDS = Record.__table__
_HISTORY = AttendanceHistory.__table__
_APPLIED = AppliedMutation.__table__
_ROW_FIELDS = ("type", "id", "data", "deleted", "seq", "group_id", "event_id", "owner_id",
               "ref_id", "private")
_SET_FIELDS = ("data", "deleted", "seq", "group_id", "event_id", "owner_id", "ref_id",
               "private", "updated_at")
# One statement for every existing record a push rewrites (executemany by primary key).
_UPDATE_RECORD = update(_RECORDS).where(
    _RECORDS.c.type == bindparam("k_type", type_=_RECORDS.c.type.type),
    _RECORDS.c.id == bindparam("k_id", type_=_RECORDS.c.id.type),
).values({name: bindparam(f"v_{name}", type_=_RECORDS.c[name].type) for name in _SET_FIELDS})


@dataclass(slots=True)
class Row:
    """A record as a push reads and writes it: plain attributes, no ORM state (a push
    writes its records with bulk Core statements, not through the session)."""

    type: str
    id: str
    data: dict[str, Any] | None = None
    deleted: bool = False
    seq: int = 0
    group_id: str | None = None
    event_id: str | None = None
    owner_id: str | None = None
    ref_id: str | None = None
    private: bool = False


def load_rows(session: Session, types: str | Collection[str], ids: set[str], *,
              placement_only: bool = False) -> dict[tuple[str, str], Row | None]:
    """The records of these types with these ids (None: no such record), in one query.
    ``placement_only``: without their data, all a scope check needs."""
    kinds = sorted({types} if isinstance(types, str) else set(types))
    found: dict[tuple[str, str], Row | None] = {(t, i): None for t in kinds for i in ids}
    if ids:
        fields = [f for f in _ROW_FIELDS if not (placement_only and f == "data")]
        for values in session.connection().execute(
                select(*(_RECORDS.c[f] for f in fields)).where(
                    _RECORDS.c.type.in_(kinds), _RECORDS.c.id.in_(sorted(ids)))):
            row = Row(**dict(zip(fields, values, strict=True))) if placement_only else Row(*values)
            found[(row.type, row.id)] = row
    return found


class Home(NamedTuple):
    """Where a record of a type lives, which no push may change: the payload field naming
    it and the ``records`` column holding it."""

    field: str
    column: str


AT_EVENT = Home("event_id", "event_id")
ABOUT_FACILITATOR = Home("facilitator_id", "ref_id")
IN_GROUP = Home("group_id", "group_id")


class Rejected(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Context:
    """One push: who pushes, and what the push has already looked up or written.

    ``known`` holds records by (type, id) as loaded in bulk for the whole push or as written
    by it (None: no such record), so that each mutation costs no lookups of its own;
    ``submitted`` whether an event's register is submitted; ``invite`` the submitted events
    whose attendance changed, invited once when the push ends (``finish``); ``seqs`` the
    sequence numbers reserved for the push's writes."""

    session: Session
    scope: Scope
    device_id: str
    now_ms: int
    future_tolerance_ms: int
    known: dict[tuple[str, str], Row | None] = field(default_factory=dict)
    submitted: dict[str, bool] = field(default_factory=dict)
    invite: dict[str, tuple[Row, set[str]]] = field(default_factory=dict)
    # Invitations made by this push, delivered once it has committed (``push.push``).
    letters: list[evaluations.SentInvitation] = field(default_factory=list)
    seqs: sequence.Reservation | None = None
    # Writes not yet sent to the database (``flush``): records by key, with whether the
    # record is new; attendance history rows; applied-mutation rows.
    pending: dict[tuple[str, str], tuple[Row, bool]] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    applied: list[dict[str, Any]] = field(default_factory=list)

    def record(self, type_: str, id_: str) -> Row | None:
        key = (type_, id_)
        if key not in self.known:
            self.flush()
            self.known |= load_rows(self.session, type_, {id_})
        return self.known[key]

    def live(self, type_: str, id_: str) -> Row | None:
        record = self.record(type_, id_)
        return record if record is not None and not record.deleted else None

    def is_submitted(self, event_id: str) -> bool:
        if event_id not in self.submitted:
            self.flush()
            self.submitted[event_id] = live_submission(self.session, event_id) is not None
        return self.submitted[event_id]

    def put(self, type_: str, id_: str, data: dict[str, Any] | None, placement: Placement,
            *, deleted: bool = False) -> Row:
        """Create or replace a record (or tombstone it) with a new sequence number; written
        at the next ``flush``. A tombstone keeps ``data`` only when given for it on
        purpose (``apply_walk_in``: an amendment's reason); pulls never send it."""
        key = (type_, id_)
        new = self.pending[key][1] if key in self.pending else self.record(type_, id_) is None
        seq = self.seqs.take() if self.seqs is not None else sequence.next_seq(self.session)
        row = Row(type=type_, id=id_, data=data, deleted=deleted,
                  seq=seq, group_id=placement.group_id, event_id=placement.event_id,
                  owner_id=placement.owner_id, ref_id=placement.ref_id,
                  private=placement.private)
        self.known[key] = row
        self.pending[key] = row, new
        return row

    def flush(self) -> None:
        """Send the pending writes, one executemany statement per table (no ORM unit of
        work), before anything reads what they change."""
        if not (self.pending or self.history or self.applied):
            return
        self.session.flush()
        connection = self.session.connection()
        now = utcnow()
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for row, new in self.pending.values():
            if new:
                inserts.append({f: getattr(row, f) for f in _ROW_FIELDS} | {"updated_at": now})
            else:
                updates.append({"k_type": row.type, "k_id": row.id, "v_updated_at": now}
                               | {f"v_{f}": getattr(row, f) for f in _SET_FIELDS[:-1]})
        if inserts:
            connection.execute(insert(_RECORDS), inserts)
        if updates:
            connection.execute(_UPDATE_RECORD, updates)
        if self.history:
            connection.execute(insert(_HISTORY), self.history)
        if self.applied:
            for applied in self.applied:
                applied["applied_at"] = now
            connection.execute(insert(_APPLIED), self.applied)
        self.pending.clear()
        self.history.clear()
        self.applied.clear()
        # Records the session loaded before these writes would otherwise read stale.
        self.session.expire_all()

    def finish(self) -> None:
        """Give back unused reserved numbers; send the invitations the push's marks call for.

        Every attended candidate of a submitted event has been invited once the write that
        made it so commits (the submission invites, and so does every later winning mark).
        So only a winning mark with an attended status can call for an invitation, and only
        when its candidate has none yet: then the event's invitations are brought up to date
        (once per event)."""
        if self.seqs is not None:
            self.seqs.give_back()
        if not self.invite:
            return
        self.flush()
        candidates = set().union(*(marked for _, marked in self.invite.values()))
        invited = {(event_id, candidate) for event_id, candidate in self.session.execute(
            select(Invitation.event_id, Invitation.candidate_id).where(
                Invitation.event_id.in_(sorted(self.invite)),
                Invitation.candidate_id.in_(sorted(candidates))))}
        for event_id, (event, marked) in self.invite.items():
            if any((event_id, candidate) not in invited for candidate in marked):
                evaluations.send_invitations(self.session, event, self.letters)
        self.invite.clear()


def event_in_scope(ctx: Context, event_id: str) -> Row:
    event = ctx.live("event", event_id)
    if event is None or event.group_id not in ctx.scope.content_groups:
        raise Rejected("not_found", "No such event, or it is not one of your groups.")
    return event


def require_facilitator(ctx: Context, event: Row, what: str) -> None:
    if event.group_id not in ctx.scope.facilitator_groups:
        raise Rejected("forbidden_role", f"Only the group's facilitators may {what}.")


class AtEvent(Protocol):
    """A payload written at an event."""

    @property
    def event_id(self) -> str: ...


def facilitated_event(what: str) -> Callable[[Context, Mutation, AtEvent], Row]:
    """An ``admit`` for a type written at an event: the payload's event is in the caller's
    scope and they facilitate its group (``what`` they may then do, for the message to
    anyone else who sees it)."""
    def admit(ctx: Context, m: Mutation, data: AtEvent) -> Row:
        event = event_in_scope(ctx, data.event_id)
        require_facilitator(ctx, event, what)
        return event
    return admit


def candidate_in_group(ctx: Context, candidate_id: str, group_id: str | None) -> None:
    candidate = ctx.live("candidate", candidate_id)
    if candidate is None or candidate.group_id != group_id:
        raise Rejected("not_found", "No such candidate in this group.")


def candidate_on_register(ctx: Context, candidate_id: str, event: Row, mark_id: str) -> None:
    """A mark for (event, candidate) is accepted when the candidate is in the event's group
    now, or was on the event's register: a mark for the pair exists already, or one of their
    enrolments in the group covered the event's date (a move keeps the old enrolment,
    ``withdrawn`` with ``withdrawn_on``: ``server.services.roster``). Anyone else, or a
    candidate who no longer exists, is ``not_found``. The second and third checks run only
    for a candidate outside the group (rare), so they cost a push nothing otherwise."""
    candidate = ctx.live("candidate", candidate_id)
    if candidate is not None and (candidate.group_id == event.group_id
                                  or ctx.record("attendance", mark_id) is not None
                                  or _enrolled_on_event_day(ctx, candidate_id, event)):
        return
    raise Rejected("not_found", "No such candidate on this register.")


def _enrolled_on_event_day(ctx: Context, candidate_id: str, event: Row) -> bool:
    if event.group_id is None:
        return False
    day = ctx.session.scalar(select(Record.data["chosen_date"].as_string()).where(
        Record.type == "event", Record.id == event.id))
    if not day:  # not dated: nobody can have been on it before
        return False
    for enrolment in roster.enrolments(ctx.session, event.group_id, candidate_id):
        data = enrolment.data or {}
        started = str(data.get("enrolled_on") or "")
        if data.get("status") == "active":
            ended = "9999-12-31"
        else:  # withdrawn: covered the days up to the withdrawal, when that is known
            ended = str(data.get("withdrawn_on") or "")
        if started and ended and started <= day <= ended:
            return True
    return False


def live_submission(session: Session, event_id: str) -> Record | None:
    return session.scalars(select(Record).where(
        Record.type == "register_submission", Record.event_id == event_id,
        Record.deleted == false()).order_by(Record.seq.desc()).limit(1)).first()


def _placed(event: Row, **extra: Any) -> Placement:
    return Placement(group_id=event.group_id, event_id=event.id, **extra)


def apply_attendance(ctx: Context, m: Mutation, data: AttendanceData, event: Row) -> int:
    if m.op == "delete":
        raise Rejected("invalid", "Attendance marks are never deleted; to take a mark "
                                  "back, send the status 'unmarked'.")
    if m.id != attendance_id(data.event_id, data.candidate_id):
        raise Rejected("bad_id", "The id of an attendance mark must be "
                                 "attendance_id(event_id, candidate_id).")
    candidate_on_register(ctx, data.candidate_id, event, m.id)
    if ctx.is_submitted(event.id) and not (data.amendment_reason or "").strip():
        raise Rejected("register_submitted", "This register has been submitted; a change "
                                             "needs an amendment reason.")
    sent = sent_stamp(m)
    current = ctx.record("attendance", m.id)
    stamp = effective_stamp(ctx, m.id, sent, current)
    mark = data.model_dump(exclude={"observations"}) | {
        "marked_by": ctx.scope.user_id, "device_id": ctx.device_id, "hlc": str(stamp)}
    won = current is None or current.data is None or stored_stamp(current) < stamp
    seen = list((current.data or {}).get("observations", [])) if current else []
    observations = sorted([*seen, observation(mark)], key=lambda o: o["hlc"])
    ctx.history.append({
        "attendance_id": m.id, "event_id": event.id, "candidate_id": data.candidate_id,
        "status": data.status, "hlc": str(stamp), "marked_by": ctx.scope.user_id,
        "device_id": ctx.device_id, "mutation_id": m.mutation_id, "won": won, "data": mark,
        "client_hlc": str(sent), "received_at": utcnow()})
    base = mark if won or current is None or current.data is None else current.data
    body = base | {"observations": observations[-MAX_OBSERVATIONS:]}
    record = ctx.put("attendance", m.id, body, _placed(event))
    if won and data.status in ATTENDED_STATUSES and ctx.is_submitted(event.id):
        ctx.invite.setdefault(event.id, (event, set()))[1].add(data.candidate_id)
    return record.seq


def sent_stamp(m: Mutation) -> Stamp:
    """The stamp a mutation was sent with; one that does not parse is rejected."""
    try:
        return Stamp.parse(m.hlc)
    except ValueError as exc:
        raise Rejected("invalid", str(exc)) from exc


def clamped_stamp(ctx: Context, m: Mutation) -> Stamp:
    """The stamp a save other than a mark counts with (forms, date choices): the client's,
    or the server's clock when it is more than the tolerance ahead (as for marks)."""
    sent = sent_stamp(m)
    if sent.wall_ms > ctx.now_ms + ctx.future_tolerance_ms:
        return sent.clamped(ctx.now_ms)
    return sent


def effective_stamp(ctx: Context, record_id: str, sent: Stamp, current: Row | None) -> Stamp:
    """The stamp a mark counts with: the client's, unless it is more than the tolerance
    ahead of the server's clock; then clamped to the server's clock. Two clamped marks from
    the same device would tie (or invert) although the device issued them in order, so a
    clamped stamp that would not beat the current one from the same device, when the stamps
    as sent say it is later, is placed just after it. Whatever this returns is stored and
    sent back (``hlc``, ``observations``), so every replica orders the marks the same way.
    """
    if sent.wall_ms <= ctx.now_ms + ctx.future_tolerance_ms:
        return sent
    stamp = sent.clamped(ctx.now_ms)
    if current is None or current.data is None:
        return stamp
    winner = stored_stamp(current)
    if winner.device_id != sent.device_id or stamp > winner:
        return stamp
    ctx.flush()
    if sent > _sent_stamp(ctx.session, record_id, winner):
        return Stamp(max(ctx.now_ms, winner.wall_ms), winner.counter + 1, sent.device_id)
    return stamp


def _sent_stamp(session: Session, record_id: str, stored: Stamp) -> Stamp:
    """The stamp a stored mark was sent with (before any clamp)."""
    raw = session.scalars(select(AttendanceHistory.client_hlc).where(
        AttendanceHistory.attendance_id == record_id,
        AttendanceHistory.hlc == str(stored)).order_by(AttendanceHistory.id.desc())).first()
    try:
        return Stamp.parse(raw) if raw else stored
    except ValueError:
        return stored


def observation(mark: dict[str, Any]) -> dict[str, Any]:
    """One pushed mark as listed in the current record's ``observations``."""
    return {key: mark.get(key) for key in OBSERVATION_FIELDS}


def stored_stamp(record: Row) -> Stamp:
    """The stamp a stored record holds (the oldest possible when it has none)."""
    try:
        return Stamp.parse(str((record.data or {}).get("hlc") or ""))
    except ValueError:
        return Stamp(0, 0, "")


def apply_register_submission(ctx: Context, m: Mutation, data: RegisterSubmissionData,
                              event: Row) -> int:
    if m.op == "delete":
        raise Rejected("invalid", "A submitted register cannot be withdrawn.")
    if ctx.is_submitted(event.id) and not (data.amendment_reason or "").strip():
        raise Rejected("register_submitted", "This register has already been submitted; "
                                             "an amendment needs a reason.")
    ctx.flush()
    sent = evaluations.send_invitations(ctx.session, event, ctx.letters)
    body = data.model_dump() | {"submitted_by": ctx.scope.user_id, "invitations_sent": sent}
    ctx.submitted[event.id] = True
    ctx.invite.pop(event.id, None)  # this submission has just invited them
    return ctx.put("register_submission", m.id, body, _placed(event)).seq


def apply_walk_in(ctx: Context, m: Mutation, data: WalkInData, event: Row) -> int:
    """A walk-in added, changed or removed; on a submitted register each is an amendment
    and needs a reason, as a mark does. A removal's tombstone keeps who removed it and why
    (not the person's details)."""
    reason = (data.amendment_reason or "").strip()
    if ctx.is_submitted(event.id) and not reason:
        raise Rejected("register_submitted", "This register has been submitted; adding or "
                                             "removing a walk-in needs an amendment reason.")
    body = data.model_dump() | {"recorded_by": ctx.scope.user_id}
    if m.op == "delete":
        kept = {"event_id": event.id, "removed_by": ctx.scope.user_id,
                "amendment_reason": data.amendment_reason} if reason else None
        return ctx.put("walk_in", m.id, kept, _placed(event), deleted=True).seq
    return ctx.put("walk_in", m.id, body, _placed(event)).seq


def apply_note(ctx: Context, m: Mutation, data: NoteData, event: Row) -> int:
    if data.candidate_id:
        candidate_in_group(ctx, data.candidate_id, event.group_id)
    body = data.model_dump() | {"author_id": ctx.scope.user_id}
    placement = _placed(event, owner_id=ctx.scope.user_id, private=data.visibility == "private")
    deleted = m.op == "delete"
    return ctx.put("note", m.id, None if deleted else body, placement, deleted=deleted).seq

