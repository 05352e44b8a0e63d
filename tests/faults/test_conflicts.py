"""Two and three laptops mark the same register offline, disagreeing, with clocks three
days ahead and a year behind, then sync in every order. Everywhere the same current mark
and the same history; one record per (event, candidate); the disagreement shown."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.domain import MarkStatus
from app.store.models import Attendance
from protocol.hlc import Stamp
from protocol.records import attendance_id
from tests.faults.harness import DAY_MS, Inspector, Laptop, Mark, settle_all

AHEAD, BEHIND = 3 * DAY_MS, -365 * DAY_MS
DISPUTE = (MarkStatus.PRESENT, MarkStatus.ABSENT, MarkStatus.APOLOGIES)


def laptops(url: str, home: Path) -> list[Laptop]:
    return [
        Laptop("ahead", home / "ahead.sqlite3", url, "facilitator", offset_ms=AHEAD),
        Laptop("behind", home / "behind.sqlite3", url, "cofacilitator", offset_ms=BEHIND),
        Laptop("level", home / "level.sqlite3", url, "facilitator"),
    ]


def disagree(group: list[Laptop], event_id: str, disputed: str, twice: str) -> list[Mark]:
    """Offline: each laptop marks ``disputed`` differently; the first marks ``twice`` as
    present then late (one push carries both), the second marks it absent."""
    made = [laptop.mark(event_id, disputed, status) for laptop, status in zip(group, DISPUTE,
                                                                            strict=False)]
    made.append(group[0].mark(event_id, twice, MarkStatus.PRESENT))
    made.append(group[0].mark(event_id, twice, MarkStatus.LATE))
    made.append(group[1].mark(event_id, twice, MarkStatus.ABSENT))
    return made


def check_agreement(inspector: Inspector, everyone: list[Laptop], made: list[Mark],
                    event_id: str, people: tuple[str, str]) -> None:
    for candidate in people:
        record_id = attendance_id(event_id, candidate)
        rows = inspector.history(record_id)
        ours = [m for m in made if m.record_id == record_id]
        # Exactly once: as many rows as marks, the same (device, status) for each.
        assert Counter((r["device_id"], r["status"]) for r in rows) == Counter(
            (m.device_id, m.status) for m in ours)
        # A laptop's own marks keep their order, clamped or not.
        for device in {m.device_id for m in ours}:
            assert [r["status"] for r in rows if r["device_id"] == device] == [
                m.status for m in ours if m.device_id == device]
        # The later observation by HLC wins.
        latest = max(rows, key=lambda r: Stamp.parse(r["hlc"]))
        current = inspector.current(record_id)
        assert current == (latest["status"], latest["hlc"], latest["device_id"])
        history = Counter((r["hlc"], r["device_id"], r["status"]) for r in rows)
        for laptop in everyone:
            assert laptop.current().get(record_id) == current, laptop.name
            assert laptop.history().get(record_id) == history, laptop.name
            with laptop.store.read() as session:
                assert session.scalar(select(func.count()).select_from(Attendance).where(
                    Attendance.event_id == event_id,
                    Attendance.candidate_id == candidate)) == 1
    # The disagreement is shown on every laptop: each laptop's mark, with who made it.
    disputed = people[0]
    marked = {(m.device_id, m.status) for m in made
              if m.record_id == attendance_id(event_id, disputed)}
    for laptop in everyone:
        [row] = [r for r in laptop.registers.load(event_id).rows
                 if r.candidate_id == disputed]
        assert {(o.device_id, o.status.value) for o in row.conflict} == marked, laptop.name
        assert sum(o.current for o in row.conflict) == 1
        assert all(o.who for o in row.conflict)


def every_order(live_server: Any, home: Path, size: int) -> int:
    everyone = laptops(live_server.base_url, home)
    inspector = Inspector(live_server.base_url)
    try:
        settle_all(everyone)
        event_id = everyone[0].todays_event()
        people = iter(everyone[0].markable(event_id))
        scenarios = 0
        for group in itertools.combinations(everyone, size):
            for order in itertools.permutations(group):
                pair = (next(people), next(people))
                made = disagree(list(group), event_id, *pair)
                for laptop in order:
                    assert laptop.try_sync() is None
                settle_all(list(order))
                settle_all(everyone)
                check_agreement(inspector, everyone, made, event_id, pair)
                scenarios += 1
        return scenarios
    finally:
        inspector.close()
        for laptop in everyone:
            laptop.close()


def test_two_laptops_disagreeing_in_every_order_and_clock_skew(
        live_server: Any, tmp_path: Path) -> None:
    assert every_order(live_server, tmp_path, 2) == 6


def test_three_laptops_disagreeing_in_every_order_and_clock_skew(
        live_server: Any, tmp_path: Path) -> None:
    assert every_order(live_server, tmp_path, 3) == 6


@pytest.mark.parametrize("offset", [AHEAD, BEHIND])
def test_the_injected_skew_offsets_the_laptops_wall_clock(offset: int) -> None:
    """Sanity of the skew injection itself."""
    import time

    from protocol.hlc import HybridClock
    from tests.faults.harness import skewed

    stamp = HybridClock("x", wall_ms=skewed(offset)).now()
    assert abs(stamp.wall_ms - (time.time_ns() // 1_000_000 + offset)) < 5_000
