"""Applying pulled changes to the store.

A page of changes and the cursor that follows it commit in one transaction. A pulled
change never overwrites a record that still has an unsent local change. Where each type
lands, and how, is declared in ``app.store.record_types`` (the kinds are in
``app.store.landing``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.store.bulk import chunks, table_of
from app.store.landing import Page
from app.store.models import Group, OtherRecord, OutboxEntry
from app.store.pulled import ApplyResult, PulledChange
from app.store.purge import purge_group
from app.store.record_types import FORM_RECORD_TYPES, RECONCILED_TYPES, TABLES, record_type
from app.store.store import Store
from app.sync_state import save_cursor
from protocol.hlc import HybridClock

__all__ = ["TABLES", "ApplyResult", "PulledChange", "apply_page", "reconcile"]

log = logging.getLogger(__name__)


def apply_page(store: Store, changes: Iterable[PulledChange], cursor: str,
               clock: HybridClock) -> ApplyResult:
    """Apply one page and save ``cursor``, all in one transaction. Payloads are validated
    first (pydantic ``ValidationError`` on a malformed one: nothing of the page is kept)."""
    result = ApplyResult()
    with store.write() as session:
        unsent = {(t, i) for t, i in session.execute(
            select(OutboxEntry.type, OutboxEntry.record_id))}
        page = Page()
        for change in changes:
            result.seen.add((change.type, change.id))
            declared = record_type(change.type)
            if change.deleted or (change.type, change.id) in unsent:
                page.write(session, clock, result)  # keep page order around this one
                declared.land(session, change, clock, result)
                continue
            payload, data = declared.read(change.data)
            declared.observe(payload, clock)
            declared.stage(page, change, payload, data)
            result.applied += 1
        page.write(session, clock, result)
        save_cursor(session, cursor)
    return result


def reconcile(store: Store, seen: set[tuple[str, str]]) -> int:
    """After a pull from the start: drop what the server no longer lets us see. Ids are
    read as plain rows and only the unseen ones are deleted (a few statements, however
    big the pull)."""
    removed = 0
    with store.write() as session:
        connection = session.connection()
        for group_id in list(connection.execute(select(table_of(Group).c.id)).scalars()):
            if ("group", group_id) not in seen:
                removed += purge_group(session, group_id)
        session.flush()
        for type_ in RECONCILED_TYPES:
            table = table_of(TABLES[type_])
            gone = [record_id for record_id in connection.execute(select(table.c.id)).scalars()
                    if (type_, record_id) not in seen]
            for chunk in chunks(gone):
                connection.execute(delete(table).where(table.c.id.in_(chunk)))
            removed += len(gone)
        other = table_of(OtherRecord)
        gone_other = [(type_, record_id) for type_, record_id in connection.execute(
            select(other.c.type, other.c.id)) if (type_, record_id) not in seen]
        for type_, record_id in gone_other:
            connection.execute(delete(other).where(other.c.type == type_,
                                                   other.c.id == record_id))
        removed += len(gone_other)
        removed += _reconcile_forms(session, seen)
        if removed:
            session.expire_all()
    return removed


def _reconcile_forms(session: Session, seen: set[tuple[str, str]]) -> int:
    """Templates, QA assignments and forms the server no longer lists are gone, except a
    form with a change still waiting in the outbox (a draft not sent yet is not "seen")."""
    connection = session.connection()
    outbox = table_of(OutboxEntry).c
    keep = seen | {(t, i) for t, i in connection.execute(select(outbox.type, outbox.record_id))}
    removed = 0
    swept: set[str] = set()
    for declared in FORM_RECORD_TYPES:
        table = table_of(declared.table)
        if table.name in swept:  # one sweep a table (forms of every kind share one)
            continue
        swept.add(table.name)
        kind = declared.kind_column
        listed = connection.execute(select(table.c.id, table.c[kind] if kind else table.c.id))
        gone = [record_id for record_id, type_ in listed
                if ((type_ if kind else declared.name), record_id) not in keep]
        for chunk in chunks(gone):
            connection.execute(delete(table).where(table.c.id.in_(chunk)))
        removed += len(gone)
    return removed


def _validated(change: PulledChange) -> dict[str, Any]:
    """The payload checked against its record model, as plain values (see
    ``ClientRecordType.read``); a type this version does not know, as it came."""
    return record_type(change.type).read(change.data)[1]
