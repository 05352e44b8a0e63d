"""A partner lead's decision for a group below its minimum, on the central service (issue
16): who may decide, every refusal with its words and nothing written, each kind carried
out as ordinary records every laptop concerned pulls (the merged candidates in the
receiving group, their marks still on the old group's events), and a resend applied once.
On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import false, select

from protocol.records import IntakeData, viability_decision_id
from server.embedded import EmbeddedServer
from server.feed_watch import change_keys, scope_keys
from server.models import Record, User
from server.scope import scope_for
from server.services.viability_decisions import MIN_TO_RUN_BELOW_MINIMUM
from tests.server import lookups
from tests.server.api import Api, mutation
from tests.server.authz_targets import username_of
from tests.server.recruitment_lookups import (
    SmallGroup,
    active_candidates,
    add_group,
    group_data,
    seeded_small_groups,
)
from tests.server.test_push import mark, stamp


def decision(group_id: str, kind: str, into: str | None = None,
             record_id: str | None = None) -> dict[str, Any]:
    return mutation("viability_decision_request", record_id or str(uuid.uuid4()), {
        "group_id": group_id, "kind": kind, "merge_into_group_id": into,
        "note": "Agreed with the central team on the phone", "requested_by": "x",
        "requested_at": "2026-11-23T10:00:00Z"}, f"7-0-vd{uuid.uuid4().hex[:6]}")


def _rows(server: EmbeddedServer, type_: str, **where: str) -> dict[str, tuple[Any, ...]]:
    with server.database.read() as session:
        query = select(Record).where(Record.type == type_, Record.deleted == false())
        for column, value in where.items():
            query = query.where(getattr(Record, column) == value)
        return {r.id: (r.data, r.group_id, r.seq) for r in session.scalars(query)}


def _decision(server: EmbeddedServer, group_id: str) -> dict[str, Any] | None:
    with server.database.read() as session:
        row = session.get(Record, ("viability_decision", viability_decision_id(group_id)))
        return None if row is None else dict(row.data or {})


def _facilitator(server: EmbeddedServer, group_id: str) -> str:
    return username_of(server.database, sorted(lookups.group_facilitators(
        server.database, group_id))[0])


def _first_small(server: EmbeddedServer) -> SmallGroup:
    return seeded_small_groups(server.database)[0]


def _refused(client: Api, pushed: dict[str, Any]) -> tuple[str, str]:
    result = client.push(pushed)[0]
    assert result["status"] == "rejected", result
    return result["error"]["code"], result["error"]["message"]


def test_only_the_partner_lead_of_the_groups_partner_decides(
        server: EmbeddedServer, api: Api) -> None:
    group = _first_small(server)
    facilitator = api.login(_facilitator(server, group.group_id))
    assert _refused(facilitator, decision(group.group_id, "run_below_minimum"))[0] == \
        "forbidden_role"
    stranger = api.login("partner")  # the demo partner lead: another partner
    assert _refused(stranger, decision(group.group_id, "run_below_minimum")) == (
        "not_found", "No such group, or it is not one of your partner's.")
    qa = api.login("qa")
    assert _refused(qa, decision(group.group_id, "run_below_minimum"))[0] == "not_found"
    assert _decision(server, group.group_id) is None


def test_every_refusal_says_why_in_words_and_writes_nothing(
        server: EmbeddedServer, api: Api) -> None:
    database = server.database
    group = _first_small(server)
    code = group.code
    data = group_data(database, group.group_id)
    siblings = {g: group_data(database, g) for g in lookups.partner_groups(
        database, group.partner_id) if g != group.group_id}
    viable = next(g for g, d in siblings.items() if len(active_candidates(database, g)) >= 12)
    other_qualification = next(g for g, d in siblings.items()
                               if d.qualification_code != data.qualification_code)
    other_partner = lookups.other_partner_group(database, group.lead)
    with database.read() as session:
        intakes = {r.id: IntakeData.model_validate(r.data) for r in session.scalars(
            select(Record).where(Record.type == "intake"))}
    later = max(intakes, key=lambda i: intakes[i].registration_deadline)
    other_intake = add_group(database, group.group_id, size=3, facilitators=[],
                             suffix="SPR", intake_id=later)
    closing = add_group(database, group.group_id, size=7, facilitators=[], suffix="CLOSING")
    tiny = add_group(database, group.group_id, size=MIN_TO_RUN_BELOW_MINIMUM - 1,
                     facilitators=[], suffix="TINY")
    last = add_group(database, group.group_id, size=8, facilitators=[], suffix="LAST",
                     intake_id=later)
    lead = api.login(group.lead)
    assert lead.push(decision(closing, "distance_learning"))[0]["status"] == "applied"
    before = _rows(server, "group") | _rows(server, "enrolment") | _rows(server, "event")
    viable_count = len(active_candidates(database, viable))

    assert _refused(lead, decision(viable, "run_below_minimum")) == (
        "invalid", f"{group_data(database, viable).code} has {viable_count} candidates: it "
                   "is viable, no decision is needed.")
    assert _refused(lead, decision(closing, "merge", group.group_id))[1].startswith(
        f"{code}-CLOSING is closed already (Candidates offered the distance-learning")
    assert _refused(lead, decision(group.group_id, "merge")) == (
        "invalid", f"Name the group {code} should merge into.")
    assert _refused(lead, decision(group.group_id, "merge", group.group_id)) == (
        "invalid", f"{code} cannot be merged into itself.")
    assert _refused(lead, decision(group.group_id, "merge", other_partner)) == (
        "invalid", f"{code} can only merge into another group of your partner.")
    assert _refused(lead, decision(group.group_id, "merge", str(uuid.uuid4())))[1] == (
        f"{code} can only merge into another group of your partner.")
    assert _refused(lead, decision(group.group_id, "merge", closing)) == (
        "invalid", f"{code}-CLOSING is closed: choose an open group to merge {code} into.")
    words = _refused(lead, decision(group.group_id, "merge", other_qualification))[1]
    assert words.endswith(f"{code}'s candidates can only join an "
                          f"{data.qualification_code} group.")
    assert _refused(lead, decision(group.group_id, "merge", other_intake)) == (
        "invalid", f"{code}-SPR is in another intake: {code}'s candidates can only join a "
                   "group of their own intake.")
    assert _refused(lead, decision(last, "next_intake")) == (
        "invalid", f"There is no intake after {intakes[later].label} to move {code}-LAST "
                   "to.")
    assert _refused(lead, decision(tiny, "run_below_minimum")) == (
        "invalid", f"{code}-TINY has {MIN_TO_RUN_BELOW_MINIMUM - 1} candidates: too few to "
                   "run even with the central team's agreement (at least "
                   f"{MIN_TO_RUN_BELOW_MINIMUM}).")
    assert _refused(lead, decision(group.group_id, "merge", str(uuid.uuid4()))
                    | {"op": "delete"})[0] == "invalid"

    after = _rows(server, "group") | _rows(server, "enrolment") | _rows(server, "event")
    assert after == before
    assert all(_decision(server, g) is None for g in (group.group_id, viable, tiny, last))


def test_a_merge_moves_every_candidate_with_their_marks_left_on_the_old_registers(
        server: EmbeddedServer, api: Api) -> None:
    database = server.database
    group = _first_small(server)
    old_facilitator = api.login(_facilitator(server, group.group_id))
    others = sorted(lookups.group_facilitators(database, next(
        g for g in lookups.partner_groups(database, group.partner_id)
        if g != group.group_id)) - lookups.group_facilitators(database, group.group_id))
    target = add_group(database, group.group_id, size=4, facilitators=others[:1],
                       suffix="MERGED")
    new_facilitator = api.login(username_of(database, others[0]))
    cursors = {who: client.pull_all()[1] for who, client in
               (("old", old_facilitator), ("new", new_facilitator))}
    marks_before = _rows(server, "attendance", group_id=group.group_id)
    assert marks_before, "the small group has registers taken"
    moved = group.candidates
    lead = api.login(group.lead)
    pushed = decision(group.group_id, "merge", target)

    result = lead.push(pushed)[0]

    assert result["status"] == "applied", result
    closed = group_data(database, group.group_id)
    assert (closed.status, closed.merged_into, closed.closed_reason) == (
        "closed", target, f"Merged into {group.code}-MERGED")
    assert active_candidates(database, group.group_id) == []
    assert len(active_candidates(database, target)) == 4 + len(moved)
    assert set(moved) <= set(active_candidates(database, target))
    assert _rows(server, "attendance", group_id=group.group_id) == marks_before
    held = _decision(server, group.group_id) or {}
    assert (held["kind"], held["merge_into_group_id"], held["request_id"]) == (
        "merge", target, pushed["id"])
    assert held["outcome"] == f"{len(moved)} candidates moved to {group.code}-MERGED."

    new_changes, _ = new_facilitator.pull_all(cursors["new"])
    got = {(c["type"], c["id"]): c for c in new_changes}
    assert {("candidate", c) for c in moved} <= set(got)
    assert ("viability_decision", viability_decision_id(group.group_id)) in got
    old_changes, _ = old_facilitator.pull_all(cursors["old"])
    gone = {c["id"] for c in old_changes if c["type"] == "candidate" and c["deleted"]}
    assert gone == set(moved)
    old_got = {(c["type"], c["id"]): c for c in old_changes if not c["deleted"]}
    assert old_got[("group", group.group_id)]["data"]["status"] == "closed"
    assert ("viability_decision", viability_decision_id(group.group_id)) in old_got
    assert not any(c["type"] == "attendance" for c in old_changes)  # the registers stay
    # a register taken before the merge may still be amended for a moved candidate
    held_mark = next(data for data, _, _ in marks_before.values()
                     if data["candidate_id"] in moved)
    amended = mark(held_mark["event_id"], held_mark["candidate_id"], "present",
                   stamp("laptopM"), amendment_reason="Signed in late on paper")
    assert old_facilitator.push(amended)[0]["status"] == "applied"
    qa = api.login("qa")
    assert ("viability_decision", viability_decision_id(group.group_id)) not in {
        (c["type"], c["id"]) for c in qa.pull_all()[0]}

    again = lead.push(pushed)[0]
    assert (again["status"], again["seq"]) == ("duplicate", result["seq"])
    assert active_candidates(database, group.group_id) == []


def test_distance_learning_closes_the_group_and_keeps_its_enrolments(
        server: EmbeddedServer, api: Api) -> None:
    group = _first_small(server)
    enrolments = _rows(server, "enrolment", group_id=group.group_id)
    lead = api.login(group.lead)
    assert lead.push(decision(group.group_id, "distance_learning"))[0]["status"] == "applied"
    closed = group_data(server.database, group.group_id)
    assert (closed.status, closed.closed_reason, closed.merged_into) == (
        "closed", "Candidates offered the distance-learning pathway", None)
    assert _rows(server, "enrolment", group_id=group.group_id) == enrolments
    held = _decision(server, group.group_id) or {}
    assert held["outcome"] == (f"Closed: its {len(group.candidates)} candidates are offered "
                               "the distance-learning pathway.")
    facilitator = api.login(_facilitator(server, group.group_id))
    seen = {(c["type"], c["id"]): c for c in facilitator.pull_all()[0]}
    assert seen[("group", group.group_id)]["data"]["status"] == "closed"
    assert ("viability_decision", viability_decision_id(group.group_id)) in seen


def test_running_below_the_minimum_is_recorded_on_the_group(
        server: EmbeddedServer, api: Api) -> None:
    group = _first_small(server)
    lead = api.login(group.lead)
    assert lead.push(decision(group.group_id, "run_below_minimum"))[0]["status"] == "applied"
    data = group_data(server.database, group.group_id)
    assert (data.runs_below_minimum, data.status) == (True, "open")
    assert (_decision(server, group.group_id) or {})["outcome"] == (
        f"Runs with {len(group.candidates)} candidates, below the minimum of "
        f"{data.min_size}, with the central team's agreement.")


def test_next_intake_re_dates_the_events_without_marks_and_keeps_those_with_marks(
        server: EmbeddedServer, api: Api) -> None:
    database = server.database
    group = seeded_small_groups(database)[-1]
    before = group_data(database, group.group_id)
    with database.read() as session:
        intakes = {r.id: IntakeData.model_validate(r.data) for r in session.scalars(
            select(Record).where(Record.type == "intake"))}
    current = intakes[before.intake_id]
    later = min((i for i in intakes
                 if intakes[i].registration_deadline > current.registration_deadline),
                key=lambda i: intakes[i].registration_deadline)
    gap = (dt.date.fromisoformat(intakes[later].registration_deadline)
           - dt.date.fromisoformat(current.registration_deadline))
    events = _rows(server, "event", group_id=group.group_id)
    marked = {data["event_id"] for data, _, _ in _rows(
        server, "attendance", group_id=group.group_id).values()}
    assert marked and set(events) - marked, "the group has events held and to come"
    lead = api.login(group.lead)

    assert lead.push(decision(group.group_id, "next_intake"))[0]["status"] == "applied"

    assert group_data(database, group.group_id).intake_id == later
    after = _rows(server, "event", group_id=group.group_id)
    for event_id, (data, _, _) in events.items():
        now = after[event_id][0]
        if event_id in marked:
            assert now == data
            continue
        shifted = (dt.date.fromisoformat(data["window_start"]) + gap).isoformat()
        assert (now["window_start"], now["chosen_date"], now["briefing_at"]) == (
            shifted, None, None)
    held = _decision(server, group.group_id) or {}
    assert held["target_intake_id"] == later
    assert held["outcome"].startswith(f"Moved to {intakes[later].label}: "
                                      f"{len(set(events) - marked)} event")


def test_a_decision_reaches_the_groups_people_and_nobody_else(
        server: EmbeddedServer, api: Api) -> None:
    group = _first_small(server)
    lead = api.login(group.lead)
    pushed = decision(group.group_id, "run_below_minimum")
    assert lead.push(pushed)[0]["status"] == "applied"
    keys = {("viability_decision_request", pushed["id"]),
            ("viability_decision", viability_decision_id(group.group_id))}
    for username, sees in ((group.lead, True), (_facilitator(server, group.group_id), True),
                           ("facilitator", False), ("partner", False), ("qa", False)):
        pulled = {(c["type"], c["id"]) for c in api.login(username).pull_all()[0]}
        assert (keys <= pulled) is sees and (keys & pulled == set()) is not sees, username



def test_a_merges_decision_wakes_the_waits_of_the_receiving_groups_people(
        server: EmbeddedServer) -> None:
    database = server.database
    group = _first_small(server)
    receiving = lookups.assigned_groups(database, "facilitator")
    target = sorted(receiving)[0]
    keys = change_keys("viability_decision", viability_decision_id(group.group_id),
                       group.group_id, target, None)
    siân = lookups.user_id(database, "facilitator")
    with database.read() as session:
        user = session.get(User, siân)
        assert user is not None
        waiting = scope_keys(scope_for(session, user))
    assert keys & waiting == {f"g:{target}"}
    assert change_keys("viability_decision_request", str(uuid.uuid4()), group.group_id,
                       None, siân) & waiting == set()
