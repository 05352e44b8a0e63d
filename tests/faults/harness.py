"""Laptops (a real store on disk + the real sync service) and the checks every fault test
makes: nothing lost, nothing duplicated, every replica agrees with the server."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select, text

from app.catalogue import CatalogueService
from app.clock import latest_stamp
from app.domain import MarkStatus
from app.identity import device_id
from app.registers import RegisterService
from app.store import Store
from app.store.models import Attendance, AttendanceHistory, OutboxEntry
from protocol.hlc import HybridClock
from protocol.records import attendance_id
from sync.errors import SyncError
from sync.service import SyncService
from tests.conftest import TEST_TODAY

PASSWORD = "npq-demo"
CLOCK_KEY = "hybrid_clock"  # app.clock keeps the store's shared clock under this key
DAY_MS = 24 * 3600 * 1000
STATUSES = (MarkStatus.PRESENT, MarkStatus.ABSENT, MarkStatus.APOLOGIES, MarkStatus.LATE,
            MarkStatus.LEFT_EARLY, MarkStatus.NOT_APPLICABLE)


@dataclass(frozen=True)
class Mark:
    """A mark this laptop committed: the stamp it was given and what it said."""

    record_id: str
    hlc: str
    device_id: str
    status: str


def skewed(offset_ms: int) -> Callable[[], int]:
    """A wall clock ``offset_ms`` off the real one."""
    import time

    return lambda: time.time_ns() // 1_000_000 + offset_ms


@dataclass
class Laptop:
    """One device: a store file, the sync service, the register service; can be closed and
    reopened (a restart) keeping its file and its sign-in."""

    name: str
    path: Path
    url: str
    username: str
    offset_ms: int = 0
    pull_limit: int | None = None
    committed: list[Mark] = field(default_factory=list)
    store: Store = field(init=False)
    sync: SyncService = field(init=False)
    user_id: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.open()

    def open(self) -> None:
        self.store = Store.open(self.path)
        clock = HybridClock(device_id(self.store), wall_ms=skewed(self.offset_ms),
                            last=latest_stamp(self.store))
        with self.store.extras_lock:
            self.store.extras[CLOCK_KEY] = clock
        kwargs: dict[str, Any] = {"clock": clock}
        if self.pull_limit:
            kwargs["pull_limit"] = self.pull_limit
        self.sync = SyncService(self.store, self.url, **kwargs)
        identity = self.sync.resume() or self.sync.login(self.username, PASSWORD)
        self.user_id = identity.user_id

    def close(self) -> None:
        self.sync.transport.close()
        self.store.close()

    def restart(self) -> None:
        self.close()
        self.open()

    @property
    def device(self) -> str:
        return self.sync.clock.device_id

    @property
    def registers(self) -> RegisterService:
        return RegisterService(self.store, self.sync.clock, self.user_id)

    def todays_event(self) -> str:
        events = [e for e in CatalogueService(self.store).events(TEST_TODAY)
                  if e.is_on(TEST_TODAY)]
        return events[0].id

    def markable(self, event_id: str) -> list[str]:
        return sorted(r.candidate_id for r in self.registers.load(event_id).rows
                      if not r.withdrawn)

    def mark(self, event_id: str, candidate_id: str, status: MarkStatus) -> Mark:
        times: dict[str, str] = {}
        if status is MarkStatus.LATE:
            times = {"arrival_time": "09:40"}
        elif status is MarkStatus.LEFT_EARLY:
            times = {"arrival_time": "09:00", "departure_time": "13:15"}
        self.registers.mark(event_id, candidate_id, status, **times)
        with self.store.read() as session:
            entry = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq.desc())
                                    .limit(1)).one()
            mark = Mark(entry.record_id, entry.hlc, self.device, entry.data["status"])
        self.committed.append(mark)
        return mark

    def try_sync(self) -> SyncError | None:
        """One sync; a failure must be a retryable ``SyncError`` (anything else raises)."""
        try:
            self.sync.sync_once()
        except SyncError as exc:
            assert exc.retryable, f"{self.name}: not retryable: {exc.kind} {exc.status}"
            return exc
        return None

    # ---- what the laptop holds ------------------------------------------------------

    def current(self) -> dict[str, tuple[str, str, str]]:
        with self.store.read() as session:
            return {a.id: (a.status, a.hlc, a.device_id)
                    for a in session.scalars(select(Attendance))}

    def history(self) -> dict[str, Counter[tuple[str, str, str]]]:
        found: dict[str, Counter[tuple[str, str, str]]] = {}
        with self.store.read() as session:
            for h in session.scalars(select(AttendanceHistory)):
                found.setdefault(h.attendance_id, Counter())[(h.hlc, h.device_id,
                                                              h.status)] += 1
        return found

    def outbox(self) -> list[str]:
        with self.store.read() as session:
            return list(session.scalars(select(OutboxEntry.state)))

    def integrity(self) -> str:
        with self.store.read() as session:
            return str(session.execute(text("PRAGMA integrity_check")).scalar())


class Inspector:
    """Reads the server's own view through its API (never through a proxy)."""

    def __init__(self, base_url: str, username: str = "facilitator") -> None:
        self.base_url = base_url
        self.http = requests.Session()
        token = self.http.post(f"{base_url}/api/v1/auth/token", json={
            "username": username, "password": PASSWORD, "device_id": "inspector"},
            timeout=10).json()["access_token"]
        self.http.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **params: Any) -> Any:
        answer = self.http.get(f"{self.base_url}/api/v1{path}", params=params, timeout=30)
        answer.raise_for_status()
        return answer.json()

    def history(self, record_id: str) -> list[dict[str, Any]]:
        try:
            return self.get(f"/records/attendance/{record_id}/history")  # type: ignore[no-any-return]
        except requests.HTTPError as exc:
            if exc.response is not None and exc.response.status_code == 404:
                return []
            raise

    def current(self, record_id: str) -> tuple[str, str, str] | None:
        try:
            data = self.get(f"/records/attendance/{record_id}")["data"]
        except requests.HTTPError as exc:
            if exc.response is not None and exc.response.status_code == 404:
                return None
            raise
        return data["status"], data["hlc"], data["device_id"]

    def feed(self) -> dict[tuple[str, str], dict[str, Any]]:
        """Everything the caller may see now: a whole pull from the start, tombstones out."""
        seen: dict[tuple[str, str], dict[str, Any] | None] = {}
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 1000}
            if cursor:
                params["cursor"] = cursor
            page = self.get("/sync/pull", **params)
            for change in page["changes"]:
                seen[(change["type"], change["id"])] = (None if change["deleted"]
                                                        else change["data"])
            cursor = page["cursor"]
            if not page["more"]:
                return {key: data for key, data in seen.items() if data is not None}

    def close(self) -> None:
        self.http.close()


def check_exactly_once(inspector: Inspector, laptops: Iterable[Laptop],
                       record_ids: Iterable[str]) -> None:
    """Every committed mark is in the server's history exactly once; nothing else is."""
    committed = Counter((m.record_id, m.hlc, m.device_id, m.status)
                        for laptop in laptops for m in laptop.committed)
    assert all(n == 1 for n in committed.values()), "a laptop issued one stamp twice"
    on_server: Counter[tuple[str, str, str, str]] = Counter()
    for record_id in record_ids:
        for row in inspector.history(record_id):
            on_server[(record_id, row["hlc"], row["device_id"], row["status"])] += 1
    lost = set(committed) - set(on_server)
    duplicated = {k: n for k, n in on_server.items() if n > 1}
    unknown = set(on_server) - set(committed)
    assert not lost, f"{len(lost)} committed marks never reached the server: {sorted(lost)[:3]}"
    assert not duplicated, f"marks stored twice on the server: {list(duplicated)[:3]}"
    assert not unknown, f"marks on the server nobody committed: {sorted(unknown)[:3]}"


def check_converged(inspector: Inspector, laptops: list[Laptop],
                    record_ids: Iterable[str], *, histories: bool = True) -> None:
    """Each laptop's current mark per (event, candidate) is the server's, one record each;
    with ``histories``, every laptop holds the server's whole history of each record."""
    for record_id in record_ids:
        expected = inspector.current(record_id)
        server_history = Counter((r["hlc"], r["device_id"], r["status"])
                                 for r in inspector.history(record_id))
        for laptop in laptops:
            assert laptop.outbox() == [], f"{laptop.name}: unsent changes left"
            assert laptop.current().get(record_id) == expected, (
                f"{laptop.name} disagrees with the server on {record_id}")
            if histories:
                local = laptop.history().get(record_id, Counter())
                assert local == server_history, f"{laptop.name}: history of {record_id}"


def settle_all(laptops: list[Laptop]) -> None:
    """Clean syncs until every laptop has sent and seen everything (two rounds suffice)."""
    for _ in range(2):
        for laptop in laptops:
            error = laptop.try_sync()
            assert error is None, f"{laptop.name}: a clean sync failed: {error}"


def random_marks(rng: random.Random, laptop: Laptop, event_id: str, people: list[str],
                 most: int) -> list[Mark]:
    return [laptop.mark(event_id, rng.choice(people), rng.choice(STATUSES))
            for _ in range(rng.randint(0, most))]


def record_ids(event_id: str, people: Iterable[str]) -> list[str]:
    return [attendance_id(event_id, p) for p in people]
