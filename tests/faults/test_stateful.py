"""A hypothesis state machine: two or three laptops mark offline, sync through a faulty
proxy, restart (store closed and reopened), lose their sync position (410), in any order.
Checked against a simple model: per (event, candidate) the current mark is the committed
mark with the greatest stamp, and every committed mark is in every history exactly once."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from sqlalchemy import select

from app.marks import has_unsent
from app.store.models import Attendance, AttendanceHistory, SyncState
from protocol.hlc import Stamp
from tests.conftest import TEST_TODAY
from tests.faults.harness import (
    STATUSES,
    Inspector,
    Laptop,
    check_converged,
    check_exactly_once,
    record_ids,
    settle_all,
)
from tests.faults.proxy import FAULTS, Fault, FaultProxy

USERS = ("facilitator", "cofacilitator", "facilitator")
PEOPLE = 4  # few people, so laptops often mark the same one


class Laptops(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.home = Path(tempfile.mkdtemp(prefix="npq-stateful-"))
        self.server: Any = None
        self.proxy: FaultProxy | None = None
        self.laptops: list[Laptop] = []

    @initialize(count=st.integers(min_value=2, max_value=3))
    def start(self, count: int) -> None:
        from server.embedded import EmbeddedServer

        self.server = EmbeddedServer(data_dir=self.home / "server", seed=True,
                                     today=TEST_TODAY)
        self.server.start()
        self.proxy = FaultProxy(self.server.base_url)
        self.laptops = [Laptop(f"laptop{n}", self.home / f"laptop{n}.sqlite3", self.proxy.url,
                               USERS[n]) for n in range(count)]
        settle_all(self.laptops)
        self.event_id = self.laptops[0].todays_event()
        self.people = self.laptops[0].markable(self.event_id)[:PEOPLE]

    def laptop(self, n: int) -> Laptop:
        return self.laptops[n % len(self.laptops)]

    @precondition(lambda self: self.laptops)
    @rule(n=st.integers(0, 2), person=st.integers(0, PEOPLE - 1), status=st.sampled_from(STATUSES))
    def mark(self, n: int, person: int, status: Any) -> None:
        self.laptop(n).mark(self.event_id, self.people[person], status)

    @precondition(lambda self: self.laptops)
    @rule(n=st.integers(0, 2), fault=st.sampled_from((Fault.PASS, *FAULTS)),
          at=st.integers(0, 2))
    def sync(self, n: int, fault: Fault, at: int) -> None:
        assert self.proxy is not None
        self.proxy.plan.extend([Fault.PASS] * at + [fault])
        self.laptop(n).try_sync()
        self.proxy.plan.clear()

    @precondition(lambda self: self.laptops)
    @rule(n=st.integers(0, 2))
    def restart(self, n: int) -> None:
        self.laptop(n).restart()

    @precondition(lambda self: self.laptops)
    @rule(n=st.integers(0, 2))
    def lose_sync_position(self, n: int) -> None:
        """The server will answer 410 to this cursor: pull everything again."""
        with self.laptop(n).store.write() as session:
            state = session.get(SyncState, 1)
            if state is not None and state.cursor:
                state.cursor = "a-cursor-the-server-forgot"

    @invariant()
    def current_is_the_latest_seen_unless_unsent(self) -> None:
        for laptop in self.laptops:
            with laptop.store.read() as session:
                for mark in session.scalars(select(Attendance)):
                    if has_unsent(session, "attendance", mark.id):
                        continue
                    stamps = session.scalars(select(AttendanceHistory.hlc).where(
                        AttendanceHistory.attendance_id == mark.id)).all()
                    assert mark.hlc == max(stamps, key=Stamp.parse), laptop.name

    def teardown(self) -> None:
        try:
            if self.laptops and self.proxy is not None:
                self.proxy.plan.clear()
                settle_all(self.laptops)
                self.check_model()
        finally:
            for laptop in self.laptops:
                laptop.close()
            if self.proxy is not None:
                self.proxy.close()
            if self.server is not None:
                self.server.stop()
            shutil.rmtree(self.home, ignore_errors=True)

    def check_model(self) -> None:
        assert self.server is not None
        inspector = Inspector(self.server.base_url)
        try:
            ids = record_ids(self.event_id, self.people)
            check_exactly_once(inspector, self.laptops, ids)
            committed = [m for laptop in self.laptops for m in laptop.committed]
            per_record = Counter(m.record_id for m in committed)
            check_converged(inspector, self.laptops, ids,
                            histories=max(per_record.values(), default=0) <= 20)
            for record_id in ids:
                ours = [m for m in committed if m.record_id == record_id]
                latest = max(ours, key=lambda m: Stamp.parse(m.hlc), default=None)
                want = (latest.status, latest.hlc, latest.device_id) if latest else None
                assert inspector.current(record_id) == want
        finally:
            inspector.close()


Laptops.TestCase.settings = settings(
    max_examples=6, stateful_step_count=14, deadline=None, derandomize=True,
    suppress_health_check=list(HealthCheck))
TestLaptops = Laptops.TestCase


class LongLaptops(Laptops):
    pass


LongLaptops.TestCase.settings = settings(
    max_examples=60, stateful_step_count=40, deadline=None,
    suppress_health_check=list(HealthCheck))
TestLongLaptops = pytest.mark.slow(pytest.mark.timeout(3600)(LongLaptops.TestCase))
