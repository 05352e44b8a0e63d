"""Marks from a laptop whose clock is far ahead keep the order the laptop gave them."""

from __future__ import annotations

import time

from sqlalchemy import select

from protocol.hlc import Stamp
from server.embedded import EmbeddedServer
from server.models import AttendanceHistory
from tests.server.api import Api
from tests.server.test_push import mark, today_event

THREE_DAYS_MS = 3 * 24 * 3600 * 1000


def test_two_clamped_marks_from_one_device_in_one_push_keep_their_order(
        api: Api, server: EmbeddedServer) -> None:
    laptop = api.login("facilitator", device_id="fastlaptop")
    event = today_event(server)
    candidate = event.candidate_ids[5]
    ahead = time.time_ns() // 1_000_000 + THREE_DAYS_MS
    first = mark(event.event_id, candidate, "absent", str(Stamp(ahead, 0, "fastlaptop")))
    second = mark(event.event_id, candidate, "late", str(Stamp(ahead + 1, 0, "fastlaptop")),
                  arrival_time="09:40")
    third = mark(event.event_id, candidate, "present", str(Stamp(ahead + 1, 1, "fastlaptop")))
    results = laptop.push(first, second, third)
    assert [r["status"] for r in results] == ["applied"] * 3
    record = laptop.get(f"/records/attendance/{first['id']}").json()["data"]
    assert record["status"] == "present"
    stamps = [Stamp.parse(o["hlc"]) for o in record["observations"]]
    assert [o["status"] for o in record["observations"]] == ["absent", "late", "present"]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    assert all(s.wall_ms < ahead - THREE_DAYS_MS // 2 for s in stamps)  # all clamped
    assert record["hlc"] == str(stamps[-1])
    with server.database.read() as session:
        rows = list(session.scalars(select(AttendanceHistory).where(
            AttendanceHistory.attendance_id == first["id"]).order_by(AttendanceHistory.id)))
    assert [r.hlc for r in rows] == [str(s) for s in stamps]  # stored = sent back
    assert [r.won for r in rows] == [True, True, True]
    assert [r.client_hlc for r in rows] == [first["hlc"], second["hlc"], third["hlc"]]
    history = laptop.get(f"/records/attendance/{first['id']}/history").json()
    assert [h["hlc"] for h in history] == [str(s) for s in stamps]


def test_an_older_clamped_mark_from_the_same_device_still_loses(
        api: Api, server: EmbeddedServer) -> None:
    laptop = api.login("facilitator", device_id="fastlaptop")
    event = today_event(server)
    candidate = event.candidate_ids[6]
    ahead = time.time_ns() // 1_000_000 + THREE_DAYS_MS
    newer = mark(event.event_id, candidate, "present", str(Stamp(ahead + 5, 0, "fastlaptop")))
    older = mark(event.event_id, candidate, "absent", str(Stamp(ahead, 0, "fastlaptop")))
    assert [r["status"] for r in laptop.push(newer, older)] == ["applied", "applied"]
    record = laptop.get(f"/records/attendance/{newer['id']}").json()["data"]
    assert record["status"] == "present"
