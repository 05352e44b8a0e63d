"""The reference service's funding declarations and simulated online activity
(``server.services.declarations``): recomputed here by hand from the raw registers of the
seeded demo, idempotent, moving forward by age, voided for a withdrawal started in error,
and scoped like the rest of a group's contents."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import false, select

from protocol.records import (
    CourseSchedule,
    QualificationData,
    TrainingStatusData,
    attendance_id,
    declaration_id,
)
from server.cli import main
from server.db import Database
from server.embedded import EmbeddedServer
from server.models import Record
from server.seed.catalogue import schedule
from server.services.declarations import GroupFacts, HeldEvent, Mark, compute_group, recompute
from tests.server import lookups
from tests.server.api import Api, mutation
from tests.server.authz_targets import partner_lead_of, username_of
from tests.server.conftest import TODAY

ATTENDED = {"present", "late", "left_early"}
# The states by age as the protocol documents them: under 7 days, 30, 60, then paid.
AGES = ((60, "paid"), (30, "payable"), (7, "eligible"), (0, "submitted"))
RANK = {"submitted": 0, "eligible": 1, "payable": 2, "paid": 3}


def _state(declared: str, today: dt.date) -> str:
    age = (today - dt.date.fromisoformat(declared)).days
    return next(state for days, state in AGES if age >= days)


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def _in_room(mark: dict[str, Any]) -> int:
    """Minutes between 09:00 and 16:00 the person was in the room, by hand."""
    if mark.get("status") not in ATTENDED:
        return 0
    came = max(540, _minutes(mark["arrival_time"])) if mark.get("arrival_time") else 540
    went = min(960, _minutes(mark["departure_time"])) if mark.get("departure_time") else 960
    return max(0, went - came)


def _copy(sqlite_template: Path, tmp_path: Path) -> Database:
    target = tmp_path / "declarations.sqlite3"
    shutil.copyfile(sqlite_template, target)
    return Database(f"sqlite:///{target}")


def _of(session: Any, type_: str, **where: str) -> list[Record]:
    query = select(Record).where(Record.type == type_, Record.deleted == false())
    for column, value in where.items():
        query = query.where(getattr(Record, column) == value)
    return list(session.scalars(query))


def _schedule(session: Any, group: Record) -> CourseSchedule | None:
    """The group's schedule, found by hand: its qualification's for its intake."""
    assert group.data is not None
    intake = session.get(Record, ("intake", group.data["intake_id"])).data
    for record in _of(session, "qualification"):
        if record.data["code"] == group.data["qualification_code"]:
            for found in record.data["schedules"]:
                if found["cohort"] == intake["year"] and found["start"] == intake["term"]:
                    return CourseSchedule.model_validate(found)
    return None


def test_started_declarations_are_those_the_raw_registers_evidence(
        sqlite_template: Path) -> None:
    database = Database(f"sqlite:///{sqlite_template}")
    checked = 0
    with database.read() as session:
        for group in _of(session, "group"):
            found = _schedule(session, group)
            assert found is not None, group.data
            started = next(m for m in found.milestones if m.declaration_type == "started")
            declared = {r.data["candidate_id"]: r.data for r in _of(
                session, "declaration", group_id=group.id)
                if r.data["declaration_type"] == "started"}
            if started.start_date > TODAY.isoformat():
                assert declared == {}
                continue
            assert started.milestone_date >= TODAY.isoformat()  # so the progress is as at
            days = {e.id: e.data["chosen_date"] for e in _of(session, "event",
                                                            group_id=group.id)}
            stops = {r.data["candidate_id"]: r.data["effective_date"]
                     for r in _of(session, "training_status", group_id=group.id)}
            online = {r.data["candidate_id"]: r.data["online_sessions_attended"]
                      for r in _of(session, "participant_progress", group_id=group.id)}
            attended: dict[str, list[str]] = {}
            for mark in (r.data for r in _of(session, "attendance", group_id=group.id)):
                day = days[mark["event_id"]]
                as_at = min(TODAY.isoformat(), stops.get(mark["candidate_id"], "9999"))
                if day and day <= as_at and _in_room(mark) > 0:
                    attended.setdefault(mark["candidate_id"], []).append(day)
            enrolled = {r.data["candidate_id"] for r in _of(session, "enrolment",
                                                            group_id=group.id)}
            expected = {c for c in enrolled if attended.get(c) or online.get(c, 0) > 0}
            assert set(declared) == expected, group.data["code"]
            for candidate, data in declared.items():
                first_day = max(started.start_date, min(attended.get(candidate, ["9999"])))
                assert started.start_date <= data["declaration_date"] <= first_day
                assert data["state"] == _state(data["declaration_date"], TODAY)
                assert data["schedule_identifier"] == found.identifier
                checked += 1
    database.dispose()
    assert checked > 200


def test_the_demo_shows_a_realistic_spread(sqlite_template: Path) -> None:
    database = Database(f"sqlite:///{sqlite_template}")
    with database.read() as session:
        groups = {g.id: g.data for g in _of(session, "group")}
        autumn = {g for g, d in groups.items() if "-AUT" in d["code"]}
        progress = [r.data for r in _of(session, "participant_progress")]
        candidates = {r.data["candidate_id"] for r in _of(session, "enrolment")
                      if r.group_id in autumn}
        started = {r.data["candidate_id"]: r.data for r in _of(session, "declaration")
                   if r.data["declaration_type"] == "started"}
        statuses = [r.data for r in _of(session, "training_status")]
        coaching = {r.data["code"]: r.data["coaching_included"]
                    for r in _of(session, "qualification")}
    database.dispose()
    assert len(progress) == len({p["candidate_id"] for p in progress}) >= 400
    assert len(set(started) & candidates) / len(candidates) >= 0.85  # engaged at all
    assert len(Counter(d["state"] for d in started.values())) >= 2
    assert sorted(s["status"] for s in statuses) == ["deferred", "withdrawn"]
    for status in statuses:  # nothing declared after their date
        assert started[status["candidate_id"]]["declaration_date"] <= status["effective_date"]
    for p in progress:
        assert 0 <= p["online_sessions_attended"] <= p["online_sessions_held"]
        included = coaching[groups[p["group_id"]]["qualification_code"]]
        assert (p["coaching_sessions"] is not None) == included
    held = [p for p in progress if p["online_sessions_held"]]
    assert sum(p["online_sessions_attended"] == p["online_sessions_held"] for p in held) \
        > len(held) / 2
    assert Counter(p["diagnostic_360"] for p in held)["completed"] > len(held) / 2


def _snapshot(database: Database) -> dict[tuple[str, str], tuple[Any, int]]:
    with database.read() as session:
        return {(r.type, r.id): (r.data, r.seq) for r in session.scalars(select(Record).where(
            Record.type.in_(("declaration", "participant_progress"))))}


def test_computing_again_changes_nothing_and_later_only_moves_states_forward(
        sqlite_template: Path, tmp_path: Path) -> None:
    database = _copy(sqlite_template, tmp_path)
    before = _snapshot(database)
    with database.write() as session:
        assert recompute(session, TODAY) == 0
    assert _snapshot(database) == before

    later = TODAY + dt.timedelta(days=40)
    with database.write() as session:
        assert recompute(session, later) > 0
    after = _snapshot(database)
    for key, (data, _seq) in before.items():
        if key[0] != "declaration":
            continue
        now = after[key][0]
        assert now["declaration_date"] == data["declaration_date"]
        assert now["state"] == _state(data["declaration_date"], later)
        assert RANK[now["state"]] >= RANK[data["state"]]
    assert {d["state"] for (t, _), (d, _s) in after.items() if t == "declaration"} \
        <= {"eligible", "payable", "paid", "submitted"}
    made = [d for (t, _), (d, _s) in after.items()
            if t == "declaration" and (t, _) not in before]
    assert made and {d["declaration_type"] for d in made} <= {"retained-1", "started"}
    # one record per candidate, group and type: the ids are the protocol's
    for (type_, record_id), (data, _seq) in after.items():
        if type_ == "declaration":
            assert record_id == declaration_id(data["group_id"], data["candidate_id"],
                                               data["declaration_type"])
    with database.write() as session:  # an earlier day takes no state back
        recompute(session, TODAY)
    again = _snapshot(database)
    assert {k: v[0] for k, v in again.items() if k[0] == "declaration"} == \
        {k: v[0] for k, v in after.items() if k[0] == "declaration"}
    database.dispose()


def _facts(threshold: int, marks: dict[tuple[str, str], str]) -> GroupFacts:
    """A group of two held events (15 September and 20 October 2026) on the 18-month
    leadership schedule, its candidates enrolled in August; a mark is "status [arrival]"."""
    found = schedule("leadership", 2026, "autumn", 18)
    qualification = QualificationData(code="NPQSL", title="Senior leadership",
                                      course_fee_pence=1, coaching_included=False,
                                      participation_threshold_percent=
                                      threshold, course_identifier="npq-senior-leadership",
                                      schedules=[found])
    held = [HeldEvent("e1", dt.date(2026, 9, 15), "09:00", "16:00"),
            HeldEvent("e2", dt.date(2026, 10, 20), "09:00", "16:00")]
    return GroupFacts(
        "g", qualification, found, held[0].day, held,
        {key: Mark(mark.split()[0], (mark.split()[1:] or [None])[0], None)
         for key, mark in marks.items()},
        {c: "2026-08-01" for _e, c in marks}, {})


def _participation(facts: GroupFacts, candidate: str, progress: dict[str, Any]) -> float:
    """By hand: face-to-face minutes and online sessions (90 minutes each) over those held."""
    attended = sum(_in_room({"status": mark.status, "arrival_time": mark.arrival})
                   for (_e, c), mark in facts.marks.items() if c == candidate)
    held = 420 * sum(c == candidate for _e, c in facts.marks)
    return 100 * (attended + 90 * progress["online_sessions_attended"]) / (
        held + 90 * progress["online_sessions_held"])


@pytest.mark.parametrize("threshold", [90, 50])
def test_a_candidate_below_the_threshold_gets_no_retained_1(threshold: int) -> None:
    marks = {("e1", "steady"): "present", ("e2", "steady"): "present",
             ("e1", "slipping"): "late 12:00", ("e2", "slipping"): "present"}
    facts = _facts(threshold, marks)
    today = dt.date(2026, 12, 20)  # retained-1 is open from 1 December
    written = compute_group(facts, today)
    declared = {(data["candidate_id"], data["declaration_type"])
                for type_, _id, data, _p, _c in written if type_ == "declaration"}
    progress = {data["candidate_id"]: data for type_, _id, data, _p, _c in written
                if type_ == "participant_progress"}
    for candidate in ("steady", "slipping"):
        assert (candidate, "started") in declared
        share = _participation(facts, candidate, progress[candidate])
        assert ((candidate, "retained-1") in declared) == (share >= threshold), share
    assert ("steady", "retained-1") in declared
    # 79 % of the face-to-face time: below 90 % even with every online session
    assert (("slipping", "retained-1") in declared) == (threshold == 50)
    assert not any(kind in ("retained-2", "completed") for _c, kind in declared)


def test_a_deferred_candidate_is_declared_nothing_after_their_date() -> None:
    marks = {("e1", "away"): "present", ("e2", "away"): "present"}
    facts = _facts(50, marks)
    facts.statuses["away"] = TrainingStatusData(
        candidate_id="away", group_id="g", status="deferred", reason="parental-leave",
        effective_date="2026-09-20")
    written = compute_group(facts, dt.date(2026, 12, 20))
    declared = {data["declaration_type"]: data for type_, _id, data, _p, _c in written
                if type_ == "declaration"}
    assert set(declared) == {"started"}  # retained-1 opens after the deferral
    assert declared["started"]["declaration_date"] <= "2026-09-20"


def _pulled(client: Api, types: set[str]) -> list[dict[str, Any]]:
    return [c for c in client.pull_all()[0] if c["type"] in types and not c["deleted"]]


def test_a_withdrawal_started_in_error_voids_the_started_declaration_and_only_the_group_sees_it(
        api: Api, server: EmbeddedServer) -> None:
    database = server.database
    mine = lookups.assigned_groups(database, "facilitator")
    past = lookups.event_on(database, mine, TODAY, before=True)
    with database.read() as session:
        day = session.get(Record, ("event", past.event_id)).data["chosen_date"]
        marks = _of(session, "attendance", event_id=past.event_id)
    candidate = sorted(m.data["candidate_id"] for m in marks if m.data["status"] in ATTENDED)[0]
    started = declaration_id(past.group_id, candidate, "started")
    siân = api.login("facilitator")
    assert siân.get(f"/records/declaration/{started}").json()["data"]["state"] != "voided"
    [result] = siân.push(mutation("training_status_request", str(uuid.uuid4()), {
        "candidate_id": candidate, "group_id": past.group_id, "kind": "withdrawn",
        "reason": "started-in-error", "effective_date": day, "requested_by": "x",
        "requested_at": "2026-11-23T10:00:00Z"}, "1-0-declarations"))
    assert result["status"] == "applied", result
    with database.write() as session:
        assert recompute(session, TODAY) >= 1
        assert recompute(session, TODAY) == 0

    types = {"declaration", "participant_progress"}
    seen = {c["id"]: c["data"] for c in _pulled(siân, types)}
    assert seen[started]["state"] == "voided" and "error" in seen[started]["voided_reason"]
    assert not [d for d in seen.values() if d["candidate_id"] == candidate
                and d.get("state", "voided") != "voided"]
    assert {d["group_id"] for d in seen.values()} <= mine
    lead = api.login("partner")
    assert started in {c["id"] for c in _pulled(lead, types)}
    other_group = lookups.other_partner_group(database, "facilitator")
    outsiders = ("qa", partner_lead_of(database, _partner_of(database, other_group)),
                 username_of(database, sorted(lookups.group_facilitators(database,
                                                                         other_group))[0]))
    for outsider in outsiders:
        client = api.login(outsider)
        got = _pulled(client, types)
        assert all(c["data"]["group_id"] != past.group_id for c in got), outsider
        if outsider == "qa":
            assert got == []
        assert client.get(f"/records/declaration/{started}").status_code == 404


def _partner_of(database: Database, group_id: str) -> str:
    with database.read() as session:
        return str(session.get(Record, ("group", group_id)).ref_id)


def test_compute_declarations_on_the_command_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
        sqlite_template: Path) -> None:
    target = tmp_path / "cli.sqlite3"
    shutil.copyfile(sqlite_template, target)
    monkeypatch.setenv("NPQ_DATABASE_URL", f"sqlite:///{target}")
    assert main(["compute-declarations", "--today", TODAY.isoformat()]) == 0
    assert capsys.readouterr().out.startswith("0 record(s) changed")
    database = Database(f"sqlite:///{target}")
    with database.read() as session:
        code = next(g.data["code"] for g in _of(session, "group")
                    if g.data["code"].startswith("NPQSL-AUT"))
    database.dispose()
    assert main(["compute-declarations", "--today", "2026-12-30", "--group", code]) == 0
    assert not capsys.readouterr().out.startswith("0 ")
    assert main(["compute-declarations", "--today", "2026-12-30", "--group", code]) == 0
    assert capsys.readouterr().out.startswith("0 record(s) changed")
    assert main(["compute-declarations", "--group", "NO-SUCH-GROUP"]) == 1


def test_a_submitted_register_brings_its_groups_progress_up_to_date(
        api: Api, server: EmbeddedServer) -> None:
    """Three candidates away from today's event: once Siân submits the register, the
    service has recomputed the group (nothing is left to change as at today) and her next
    pull brings their new figures."""
    database = server.database
    today = lookups.event_on(database, lookups.assigned_groups(database, "facilitator"),
                             TODAY)
    siân = api.login("facilitator")
    _, cursor = siân.pull_all()
    away = set(today.candidate_ids[:3])
    marks = [mutation("attendance", attendance_id(today.event_id, c), {
        "event_id": today.event_id, "candidate_id": c,
        "status": "absent" if c in away else "present", "marked_by": "x"}, f"5-{n}-decl")
        for n, c in enumerate(today.candidate_ids)]
    assert {r["status"] for r in siân.push(*marks)} == {"applied"}
    assert [c for c in siân.pull_all(cursor)[0] if c["type"] == "participant_progress"] == []
    [submitted] = siân.push(mutation("register_submission", str(uuid.uuid4()), {
        "event_id": today.event_id, "submitted_by": "x",
        "submitted_at": "2026-11-23T16:00:00Z"}, "5-99-decl"))
    assert submitted["status"] == "applied"
    changed = {c["data"]["candidate_id"] for c in siân.pull_all(cursor)[0]
               if c["type"] == "participant_progress"}
    # those away changed (those the seed's at-risk story had away before may change too,
    # now they are here); nothing is left to recompute
    assert changed & away
    with database.write() as session:
        assert recompute(session, TODAY, [today.group_id]) == 0
