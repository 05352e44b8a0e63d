"""The progress figures recomputed by hand from the raw records of a seeded group: a real
reference server seeds the demo, a partner lead's laptop (a real SQLite file) pulls it over
loopback, and the central service's reports of the year (the course's schedule,
``participant_progress`` and ``declaration`` records) are landed into the laptop the way a
pull lands them. The test then reads the raw rows with SQL and counts every figure again,
with no code of ``app.progress`` or ``protocol.milestones``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.clock import shared_clock
from app.progress import ProgressService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from app.sync_state import saved_cursor
from protocol.milestones import ONLINE_SESSION_MINUTES
from protocol.records import declaration_id, participant_progress_id
from sync.service import SyncService
from tests.conftest import TEST_TODAY

PASSWORD = "npq-demo"
RANK = {"started": 0, "retained-1": 1, "retained-2": 2, "completed": 3}


@pytest.fixture
def partner(live_server: Any, tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "partner" / "desk.sqlite3")
    sync = SyncService(store, live_server.base_url)
    sync.login("partner", PASSWORD)
    sync.sync_once()
    yield store
    store.close()


def change(type_: str, id_: str, data: dict[str, Any]) -> PulledChange:
    return PulledChange(type=type_, id=id_, deleted=False, data=data)


def land_reports(store: Store, group_id: str) -> None:
    """The service's schedule for the group's intake, and for its candidates a spread of
    progress reports (some none) and declarations (none, paid, voided, two made)."""
    with store.read() as session:
        group = session.execute(text(
            "SELECT qualification_code, intake_id FROM \"group\" WHERE id = :g"),
            {"g": group_id}).one()
        intake = session.execute(text("SELECT term, year FROM intake WHERE id = :i"),
                                 {"i": group.intake_id}).one()
        qualification = session.execute(text(
            "SELECT id, code, title, course_fee_pence, participation_threshold_percent "
            "FROM qualification WHERE code = :c"), {"c": group.qualification_code}).one()
        people = session.scalars(text(
            "SELECT candidate_id FROM enrolment WHERE group_id = :g ORDER BY register_order"),
            {"g": group_id}).all()
    day = lambda days: (TEST_TODAY + dt.timedelta(days=days)).isoformat()  # noqa: E731
    schedule = {
        "identifier": f"npq-{intake.term}-{intake.year}", "cohort": intake.year,
        "start": intake.term, "assessment_window_start": day(500),
        "assessment_window_end": day(560),
        "milestones": [
            {"declaration_type": "started", "start_date": day(-60), "milestone_date": day(0)},
            {"declaration_type": "retained-1", "start_date": day(1),
             "milestone_date": day(120)},
            {"declaration_type": "retained-2", "start_date": day(121),
             "milestone_date": day(300)},
            {"declaration_type": "completed", "start_date": day(301),
             "milestone_date": day(560)}]}
    changes = [change("qualification", qualification.id, {
        "code": qualification.code, "title": qualification.title,
        "course_fee_pence": qualification.course_fee_pence, "coaching_included": True,
        "participation_threshold_percent": qualification.participation_threshold_percent,
        "course_identifier": "npq-test", "schedules": [schedule]})]
    # what the seeded service reported for the group goes first (as a pull of deletions
    # would take it away), so the spread below is the whole of it
    for candidate in people:
        changes.append(PulledChange("participant_progress",
                                    participant_progress_id(group_id, candidate), True, None))
        changes += [PulledChange("declaration", declaration_id(group_id, candidate, kind), True,
                                 None) for kind in RANK]
    for n, candidate in enumerate(people):
        if n % 5 != 4:
            changes.append(change("participant_progress",
                                  participant_progress_id(group_id, candidate), {
                "candidate_id": candidate, "group_id": group_id,
                "online_sessions_attended": n % 4, "online_sessions_held": 3,
                "online_course_percent": (n * 17) % 101,
                "diagnostic_360": ("not_invited", "invited", "completed")[n % 3],
                "coaching_sessions": n % 3, "coaching_sessions_planned": 4}))
        made = {1: [("started", "paid")], 2: [("started", "voided")],
                3: [("started", "eligible"), ("retained-1", "submitted")]}.get(n % 4, [])
        for kind, state in made:
            changes.append(change("declaration", declaration_id(group_id, candidate, kind), {
                "candidate_id": candidate, "group_id": group_id, "declaration_type": kind,
                "state": state, "declaration_date": day(-10 - n)}))
    # the laptop's cursor is kept, so its next sync goes on from where it was
    apply_page(store, changes, saved_cursor(store) or "", shared_clock(store))


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def by_hand(store: Store, group_id: str, today: dt.date) -> dict[str, dict[str, Any]]:
    """Per candidate, from the raw rows: online figures, coaching, the milestones with their
    states, the next milestone and whether they will miss it, and why."""
    with store.read() as session:
        q = session.execute(text(
            "SELECT q.coaching_included, q.participation_threshold_percent, q.schedules, "
            "i.term, i.year FROM \"group\" g JOIN qualification q ON q.code = "
            "g.qualification_code JOIN intake i ON i.id = g.intake_id WHERE g.id = :g"),
            {"g": group_id}).one()
        events = session.execute(text(
            "SELECT id, chosen_date, start_time, end_time FROM event WHERE group_id = :g"),
            {"g": group_id}).all()
        marks = {(r.event_id, r.candidate_id): r for r in session.execute(text(
            "SELECT a.event_id, a.candidate_id, a.status, a.arrival_time, a.departure_time "
            "FROM attendance a JOIN event e ON e.id = a.event_id WHERE e.group_id = :g"),
            {"g": group_id})}
        enrolments = session.execute(text(
            "SELECT candidate_id, status, enrolled_on FROM enrolment WHERE group_id = :g"),
            {"g": group_id}).all()
        other = [(t, json.loads(d) if isinstance(d, str) else d) for t, d in session.execute(
            text("SELECT type, data FROM other_record WHERE type IN "
                 "('participant_progress', 'declaration', 'training_status')"))]
    schedules = json.loads(q.schedules) if isinstance(q.schedules, str) else q.schedules
    [schedule] = [s for s in schedules if s["start"] == q.term and s["cohort"] == q.year]
    milestones = sorted(schedule["milestones"],
                        key=lambda m: (RANK[m["declaration_type"]], m["milestone_date"]))
    reports = {d["candidate_id"]: d for t, d in other
               if t == "participant_progress" and d["group_id"] == group_id}
    declared: dict[str, dict[str, dict[str, Any]]] = {}
    for t, d in other:
        if t == "declaration" and d["group_id"] == group_id:
            declared.setdefault(d["candidate_id"], {})[d["declaration_type"]] = d
    paused = {d["candidate_id"] for t, d in other if t == "training_status"
              and d["group_id"] == group_id and d["status"] in ("deferred", "withdrawn")}
    held = [e for e in events if e.chosen_date and e.chosen_date <= today.isoformat()
            and any(k[0] == e.id and m.status != "unmarked" for k, m in marks.items())]
    result = {}
    for enrolment in enrolments:
        who = enrolment.candidate_id
        in_room = day_total = 0
        for event in held:
            mark = marks.get((event.id, who))
            status = mark.status if mark is not None else "unmarked"
            came_in = status in ("present", "late", "left_early")
            if not came_in and (status == "not_applicable"
                                or enrolment.enrolled_on > event.chosen_date):
                continue
            start, end = _minutes(event.start_time), _minutes(event.end_time)
            day_total += end - start
            if came_in:
                arrived = max(start, _minutes(mark.arrival_time)) if mark.arrival_time else start
                left = min(end, _minutes(mark.departure_time)) if mark.departure_time else end
                in_room += max(0, left - arrived)
        report = reports.get(who)
        online = (report["online_sessions_attended"], report["online_sessions_held"]) \
            if report else (0, 0)
        course = report["online_course_percent"] if report else 0
        mine = declared.get(who, {})
        states = []
        for m in milestones:
            state = mine.get(m["declaration_type"], {}).get("state", "")
            if state in ("", "voided") and m["milestone_date"] < today.isoformat():
                states.append((m["declaration_type"], state or "missed"))
            else:
                states.append((m["declaration_type"], state or "due"))
        counted = {k for k, d in mine.items() if d["state"] != "voided"}
        upcoming = next((m for m in milestones if m["declaration_type"] not in counted
                         and m["milestone_date"] >= today.isoformat()), None)
        attended = in_room + online[0] * ONLINE_SESSION_MINUTES
        total = day_total + online[1] * ONLINE_SESSION_MINUTES
        share = attended * 100 // total if total else None
        judged = enrolment.status == "active" and who not in paused and total > 0
        miss, why = False, ""
        if upcoming is not None and judged:
            if upcoming["declaration_type"] == "started":
                miss = in_room == 0 and online[0] == 0
                why = "No session attended yet" if miss else ""
            elif share is None or share < q.participation_threshold_percent:
                miss = True
                why = f"Participation {share or 0} %, below {q.participation_threshold_percent} %"
            elif upcoming["declaration_type"] == "completed" and course < 100:
                miss, why = True, f"Online course {course} % done"
        result[who] = {
            "online": online if report else None,
            "course": course if report else None,
            "diagnostic": report["diagnostic_360"] if report else None,
            "coaching": ((report["coaching_sessions"], report["coaching_sessions_planned"])
                         if report and q.coaching_included
                         and report["coaching_sessions"] is not None else None),
            "milestones": states,
            "next": upcoming["declaration_type"] if upcoming else None,
            "will_miss": miss, "why": why}
    return result


def seen(row: Any) -> dict[str, Any]:
    """The same figures, as the progress service gives them."""
    r = row.reported
    states = [(m.declaration_type, m.state or ("missed" if m.missed else "due"))
              for m in row.milestones]
    upcoming = row.next_milestone
    return {
        "online": (r.online_attended, r.online_held) if r else None,
        "course": r.online_course_percent if r else None,
        "diagnostic": r.diagnostic_360 if r else None,
        "coaching": ((r.coaching_attended, r.coaching_planned)
                     if r and r.coaching_attended is not None else None),
        "milestones": states,
        "next": upcoming.line.declaration_type if upcoming else None,
        "will_miss": row.will_miss, "why": upcoming.why if upcoming else ""}


def test_the_services_figures_match_a_count_by_hand_from_the_raw_records(
        partner: Store) -> None:
    service = ProgressService(partner)
    held = [g for g in service.groups(TEST_TODAY) if g.last_held is not None]
    assert held, "the demo seeds held events"
    group = max(held, key=lambda g: (g.last_held or TEST_TODAY, g.code))
    land_reports(partner, group.group_id)
    progress = service.group(group.group_id, TEST_TODAY)
    expected = by_hand(partner, group.group_id, TEST_TODAY)
    assert {r.candidate_id for r in progress.rows} == set(expected)
    for row in progress.rows:
        assert seen(row) == expected[row.candidate_id], row.name
    # the spread is real: some reported and some not, some on track and some will miss
    assert {e["online"] is None for e in expected.values()} == {True, False}
    assert any(e["next"] == "started" for e in expected.values())
    assert any(e["next"] == "retained-1" for e in expected.values())
    assert {r.candidate_id for r in progress.will_miss_next} == {
        c for c, e in expected.items() if e["will_miss"]}
    assert {e["will_miss"] for e in expected.values()} == {True, False}
    assert progress.coaching_included and progress.schedule_identifier.startswith("npq-")
    # a day later the "started" milestone (due today) is missed where nothing counts
    tomorrow = TEST_TODAY + dt.timedelta(days=1)
    later = {r.candidate_id: seen(r) for r in service.group(group.group_id, tomorrow).rows}
    assert later == by_hand(partner, group.group_id, tomorrow)
    assert any(("started", "missed") in e["milestones"] for e in later.values())
