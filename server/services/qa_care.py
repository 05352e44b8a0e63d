"""The ``qa_assignment`` record that mirrors each row of ``qa_assignments`` (a facilitator
in a QA lead's care), so that both of them learn of it through the pull feed.

The table drives scope (one indexed lookup per request); the record tells the clients. Its
id is derived from the pair, so the seed, ``assign_qa`` and a later re-assignment all write
the same record, and an unassignment tombstones it.
"""

from __future__ import annotations

import uuid

from protocol.records import NPQ_NAMESPACE, QaAssignmentData
from server.store import Placement


def record_id(qa_lead_id: str, facilitator_id: str) -> str:
    return str(uuid.uuid5(NPQ_NAMESPACE, f"qa_assignment:{qa_lead_id}:{facilitator_id}"))


def placement(qa_lead_id: str, facilitator_id: str) -> Placement:
    """Visible to the QA lead (owner) and the facilitator (ref): ``server.scope``."""
    return Placement(owner_id=qa_lead_id, ref_id=facilitator_id)


def data(qa_lead_id: str, facilitator_id: str) -> QaAssignmentData:
    return QaAssignmentData(qa_lead_id=qa_lead_id, facilitator_id=facilitator_id)
