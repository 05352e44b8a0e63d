"""Removing personal data that has left the user's scope.

A group's personal data (its candidates who are in no other group, enrolments, attendance
and its history, notes, walk-ins, submissions, per-event records) is purged when the server
says the group has left the user's scope, unless unsent changes for it remain: then the
purge is remembered and done once those are sent (or discarded by the user).

Every copy the app made goes too: rows are deleted with ``secure_delete`` on (their bytes
zeroed in the page, freed pages zeroed; ``app.store.engine``), and once the purge commits
the store checkpoints the WAL (TRUNCATE: the old page images in it are gone) and re-takes
the backups from the purged database (``Store.after_purge``, ``app.store.backup``).

QA forms are not a group's data: the server scopes them by author and facilitator, so they
stay when a group leaves (a visit's event may then be unknown here) and go only with their
own tombstones, or when another user signs in. A form waiting in the outbox therefore never
holds up a group's purge.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.store.models import (
    Assignment,
    Attendance,
    AttendanceHistory,
    Candidate,
    Colleague,
    Enrolment,
    Event,
    Form,
    FormTemplate,
    Group,
    Intake,
    LocalMeta,
    Note,
    OtherRecord,
    OutboxEntry,
    Partner,
    QaAssignment,
    Qualification,
    RegisterSubmission,
    RosterSnapshot,
    SyncState,
    WalkIn,
)
from protocol.records import FORM_TYPES

PURGED = "npq_purged"  # session.info flag: the Store finishes the purge after the commit
PURGE_PREFIX = "purge_group:"
DELETE_PREFIX = "delete_after_send:"  # a tombstone waiting for its group's unsent changes
_PER_EVENT = (Attendance, AttendanceHistory, Note, WalkIn, RegisterSubmission, RosterSnapshot)


def purge_group(session: Session, group_id: str) -> bool:
    """Purge now if nothing unsent refers to the group, else defer; True when purged."""
    event_ids = list(session.scalars(select(Event.id).where(Event.group_id == group_id)))
    if _unsent_for(session, event_ids):
        session.merge(LocalMeta(key=PURGE_PREFIX + group_id, value="deferred"))
        return False
    for table in _PER_EVENT:
        session.execute(delete(table).where(table.event_id.in_(event_ids)))
    for record in session.scalars(select(OtherRecord)):
        data = record.data or {}
        if data.get("event_id") in event_ids or data.get("group_id") == group_id:
            session.delete(record)
    candidate_ids = set(session.scalars(
        select(Enrolment.candidate_id).where(Enrolment.group_id == group_id)))
    session.execute(delete(Enrolment).where(Enrolment.group_id == group_id))
    still_enrolled = set(session.scalars(
        select(Enrolment.candidate_id).where(Enrolment.candidate_id.in_(candidate_ids))))
    session.execute(delete(Candidate).where(Candidate.id.in_(candidate_ids - still_enrolled)))
    session.execute(delete(Assignment).where(Assignment.group_id == group_id))
    session.execute(delete(Event).where(Event.group_id == group_id))
    session.execute(delete(Group).where(Group.id == group_id))
    session.execute(delete(LocalMeta).where(LocalMeta.key == PURGE_PREFIX + group_id))
    session.execute(delete(LocalMeta).where(LocalMeta.key.like(DELETE_PREFIX + "%"),
                                            LocalMeta.value == group_id))
    session.flush()
    mark_purged(session)
    return True


def mark_purged(session: Session) -> None:
    """Personal data left in this transaction: once it commits, ``Store.write`` overwrites
    the other copies (the WAL, the backups; ``Store.after_purge``)."""
    session.info[PURGED] = True


def run_deferred_purges(session: Session) -> int:
    """Try every deferred purge and tombstone again; returns how many groups were purged."""
    keys = session.scalars(select(LocalMeta.key).where(LocalMeta.key.like(PURGE_PREFIX + "%")))
    purged = sum(purge_group(session, key[len(PURGE_PREFIX):]) for key in list(keys))
    for meta in list(session.scalars(
            select(LocalMeta).where(LocalMeta.key.like(DELETE_PREFIX + "%")))):
        if groups_with_unsent(session) & {meta.value}:
            continue
        type_, _, record_id = meta.key[len(DELETE_PREFIX):].partition(":")
        table = GROUP_OWNED[type_]
        session.execute(delete(table).where(table.id == record_id))  # type: ignore[attr-defined]  # every GROUP_OWNED model has id
        session.delete(meta)
    return purged


# Records that belong to one group (or, a candidate, to the groups they are enrolled in).
GROUP_OWNED = {"event": Event, "candidate": Candidate, "enrolment": Enrolment,
               "assignment": Assignment, "walk_in": WalkIn, "note": Note,
               "register_submission": RegisterSubmission}


def groups_of(session: Session, type_: str, record_id: str) -> set[str]:
    """The groups a group-owned record belongs to (empty if unknown here)."""
    if type_ == "event":
        found = session.scalars(select(Event.group_id).where(Event.id == record_id))
    elif type_ == "candidate":
        found = session.scalars(select(Enrolment.group_id)
                                .where(Enrolment.candidate_id == record_id))
    elif type_ in ("enrolment", "assignment"):
        table = GROUP_OWNED[type_]
        found = session.scalars(select(table.group_id).where(table.id == record_id))  # type: ignore[attr-defined]  # enrolments and assignments have both
    elif type_ in GROUP_OWNED:
        table = GROUP_OWNED[type_]
        found = session.scalars(select(Event.group_id).join(
            table, table.event_id == Event.id).where(table.id == record_id))  # type: ignore[attr-defined]  # the rest have event_id
    else:
        return set()
    return set(found)


def groups_with_unsent(session: Session) -> set[str]:
    """Groups some outbox entry (pending or needing attention) refers to."""
    event_ids = {(entry.data or {}).get("event_id") for entry in session.scalars(
        select(OutboxEntry).where(OutboxEntry.type.not_in(FORM_TYPES)))}
    event_ids.discard(None)
    if not event_ids:
        return set()
    return set(session.scalars(select(Event.group_id).where(Event.id.in_(event_ids))))


def defer_delete(session: Session, type_: str, record_id: str, group_id: str) -> None:
    """Keep a tombstoned record until its group's unsent changes are sent or discarded."""
    session.merge(LocalMeta(key=f"{DELETE_PREFIX}{type_}:{record_id}", value=group_id))


def deferred_purges(session: Session) -> set[str]:
    keys = session.scalars(select(LocalMeta.key).where(LocalMeta.key.like(PURGE_PREFIX + "%")))
    return {key[len(PURGE_PREFIX):] for key in keys}


def _unsent_for(session: Session, event_ids: list[str]) -> bool:
    if not event_ids:
        return False
    wanted = set(event_ids)
    return any((entry.data or {}).get("event_id") in wanted
               for entry in session.scalars(
                   select(OutboxEntry).where(OutboxEntry.type.not_in(FORM_TYPES))))


def wipe_synced_data(session: Session) -> None:
    """Forget everything pulled (another user is signing in on this laptop); the outbox
    must be empty. The device id stays."""
    for table in (*_PER_EVENT, OtherRecord, Form, FormTemplate, QaAssignment, Enrolment,
                  Candidate, Assignment, Event, Group, Colleague, Intake, Partner,
                  Qualification, SyncState):
        session.execute(delete(table))
    session.execute(delete(LocalMeta).where(LocalMeta.key.like(PURGE_PREFIX + "%")))
    session.execute(delete(LocalMeta).where(LocalMeta.key.like(DELETE_PREFIX + "%")))
    mark_purged(session)
