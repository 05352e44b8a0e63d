"""Changes to who is in a group: a candidate moved from one group to another (or every
candidate of a group at once, when a viability decision merges it into another:
``move_candidates``, ``server.services.viability_decisions``).

A move keeps the past: the candidate's enrolment in the old group stays, ``withdrawn``, with
the day it ended (``withdrawn_on``, a field clients ignore until they know it) and where the
candidate went (``moved_to_group_id``); attendance marks stay with the old group's events.
The candidate record itself moves to the new group, so it leaves the scope of those who saw
it only through the old group (a tombstone in their feed, ``server.services.exits``) and
enters the new group's. Clients keep the candidate on the registers they were on (their
roster snapshot), and the server still accepts marks for them on those registers
(``server.services.writes.candidate_on_register``).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from protocol.records import EnrolmentData
from server import store
from server.models import Record
from server.services import exits
from server.store import Placement

log = logging.getLogger(__name__)


def enrolments(session: Session, group_id: str, candidate_id: str) -> list[Record]:
    """The candidate's enrolments in this group (withdrawn ones included), oldest first."""
    return list(session.scalars(select(Record).where(
        Record.type == "enrolment", Record.deleted == false(), Record.group_id == group_id,
        Record.data["candidate_id"].as_string() == candidate_id).order_by(Record.seq)))


def move_candidate(session: Session, *, candidate_id: str, to_group_id: str,
                   on: dt.date | None = None) -> Record:
    """Move a candidate to another group from day ``on`` (default today): their enrolments
    in the old group end (``withdrawn``, ``withdrawn_on``), a new one starts in the new group,
    and the candidate record is placed in the new group. Returns the new enrolment (or the
    current one when the candidate is already in that group)."""
    return move_candidates(session, candidate_ids=[candidate_id], to_group_id=to_group_id,
                           on=on)[0]


def move_candidates(session: Session, *, candidate_ids: list[str], to_group_id: str,
                    on: dt.date | None = None) -> list[Record]:
    """Move these candidates to another group from day ``on`` (default today), as
    ``move_candidate`` does for one, with one comparison of who sees what before and after
    (a merge moves a whole group). Returns their enrolments in the new group, in order."""
    day = (on or dt.date.today()).isoformat()
    candidates = []
    for candidate_id in candidate_ids:
        candidate = store.live(session, "candidate", candidate_id)
        if candidate is None or candidate.data is None:
            raise ValueError(f"no candidate {candidate_id}")
        candidates.append(candidate)
    if store.live(session, "group", to_group_id) is None:
        raise ValueError(f"no group {to_group_id}")
    groups = {g for g in (c.group_id for c in candidates) if g} | {to_group_id}
    affected = (exits.group_users(session, groups) | exits.partner_leads_of(session, groups))
    before = exits.snapshot(session, groups, affected)
    orders = [int((r.data or {}).get("register_order") or 0) for r in session.scalars(
        select(Record).where(Record.type == "enrolment", Record.deleted == false(),
                             Record.group_id == to_group_id))]
    order = max(orders, default=0)
    result: list[Record] = []
    for candidate in candidates:
        old_group = candidate.group_id
        if old_group == to_group_id:
            current = [e for e in enrolments(session, to_group_id, candidate.id)
                       if (e.data or {}).get("status") == "active"]
            if not current:
                raise ValueError(f"candidate {candidate.id} has no active enrolment in "
                                 f"{to_group_id}")
            result.append(current[-1])
            continue
        if old_group:
            for enrolment in enrolments(session, old_group, candidate.id):
                if (enrolment.data or {}).get("status") != "active":
                    continue
                data = dict(enrolment.data or {}, status="withdrawn", withdrawn_on=day,
                            moved_to_group_id=to_group_id)
                store.put(session, "enrolment", enrolment.id, data,
                          Placement(group_id=old_group, ref_id=enrolment.ref_id))
        order += 1
        result.append(store.put(session, "enrolment", str(uuid.uuid4()), EnrolmentData(
            group_id=to_group_id, candidate_id=candidate.id, enrolled_on=day,
            register_order=order).model_dump(), Placement(group_id=to_group_id)))
        store.put(session, "candidate", candidate.id, candidate.data,
                  Placement(group_id=to_group_id, ref_id=candidate.ref_id))
        log.info("moved candidate %s from group %s to %s on %s", candidate.id, old_group,
                 to_group_id, day)
    count = exits.record_exits(session, before)
    log.info("%d candidates moved to group %s (%d tombstones)", len(candidates), to_group_id,
             count)
    return result
