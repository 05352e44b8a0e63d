"""Sync throughput: a partner lead's first pull of a big year, a push of 5,000 marks, and a
sync with nothing to do, end to end against the reference server on loopback.

The server is seeded with the demo data, then given extra groups for the demo partner
(facilitated by the demo facilitator), each with candidates, enrolments, events and a
taken register, until the partner lead can see at least ``--records`` records.

- first pull: a fresh local store, sign in, one ``sync_once()`` (records/s; target ≥ 5,000);
- push: 5,000 marks on distinct (event, candidate) pairs committed on the facilitator's
  laptop (as ``RegisterService.mark`` does: mark, history row, outbox entry), then the push
  half of a sync alone (``exchange.push_all``; target ≤ 2 s) and the whole sync that sends
  them and pulls the server's copies back;
- idle: ``sync_once()`` with nothing to send or receive (median; target ≤ 100 ms).

Each figure is split into the time the sync spent waiting for the server (an HTTP round
trip, or for pulls the wait for a page fetched ahead) and the client's own work (parsing,
validating, applying pages, building batches, settling results). By default the
reference server runs in this process, so its work and the client's share one interpreter
lock and the client's figure includes time spent waiting for it; ``--server-process``
runs it in a process of its own, as a real server on another machine would be.

    .venv/bin/python benchmarks/bench_sync_throughput.py [--records 20000] [--marks 5000]
        [--server-process]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import multiprocessing
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.identity import device_id
from app.marks import append_history, set_current
from app.outbox import enqueue
from app.store import Store
from app.store.models import Enrolment, Event
from protocol.hlc import HybridClock
from protocol.records import (
    AssignmentData,
    AttendanceData,
    CandidateData,
    EnrolmentData,
    EventData,
    GroupData,
    attendance_id,
)
from server.embedded import EmbeddedServer
from server.models import User
from server.seed.writer import SeedWriter
from server.store import Placement
from sync import exchange
from sync.memory_keyring import MemoryKeyring
from sync.service import SyncService

TODAY = dt.date(2026, 11, 23)
CANDIDATES, EVENTS = 25, 6  # per extra group: 1 + 1 + 2*25 + 6 + 6*25 = 208 records
STATUSES = ("present", "present", "present", "late", "absent", "apologies")


def grow(server: EmbeddedServer, records: int) -> int:
    """Add groups to the demo partner until its lead sees ``records`` more; returns how many
    records were added."""
    rng = random.Random(1)
    with server.database.write() as session:
        users = {u.username: u for u in session.scalars(select(User))}
        partner_id, facilitator = users["partner"].partner_id, users["facilitator"]
        intake_id = session.scalar(select(User.id).limit(0))  # unused: intake is free text
        w = SeedWriter(session, rng)
        added = n = 0
        clock = HybridClock("bench-seed")
        while added < records:
            n += 1
            group_id = w.uid()
            w.add("group", group_id, GroupData(
                code=f"NPQLTD-AUT26-BENCH-{n}", qualification_code="NPQLTD",
                partner_id=partner_id or "", intake_id=intake_id or w.uid(),
                venue_name="Bench Hall", facilitator_ids=[facilitator.id]),
                Placement(group_id=group_id, ref_id=partner_id))
            w.add("assignment", w.uid(), AssignmentData(
                user_id=facilitator.id, group_id=group_id, role="facilitator"),
                Placement(group_id=group_id, ref_id=facilitator.id))
            people = []
            for order in range(1, CANDIDATES + 1):
                candidate_id = w.add("candidate", w.uid(), CandidateData(
                    given_name=f"Given{order}", family_name=f"Family{n}", school="Bench School",
                    email=f"c{n}.{order}@bench.sch.uk"), Placement(group_id=group_id))
                w.add("enrolment", w.uid(), EnrolmentData(
                    group_id=group_id, candidate_id=candidate_id, enrolled_on="2026-08-01",
                    register_order=order), Placement(group_id=group_id))
                people.append(candidate_id)
            for number in range(1, EVENTS + 1):
                day = TODAY - dt.timedelta(days=7 * number)
                event_id = w.add("event", w.uid(), EventData(
                    group_id=group_id, number=number, title="Bench topic",
                    window_start=day.isoformat(), window_end=day.isoformat(),
                    chosen_date=day.isoformat(), venue_name="Bench Hall"),
                    Placement(group_id=group_id))
                for candidate_id in people:
                    stamp = str(clock.now())
                    mark = {"event_id": event_id, "candidate_id": candidate_id,
                            "status": rng.choice(STATUSES), "marked_by": facilitator.id,
                            "device_id": "bench-seed", "hlc": stamp}
                    if mark["status"] == "late":
                        mark["arrival_time"] = "09:20"
                    observation = {k: mark.get(k) for k in (
                        "status", "arrival_time", "departure_time", "note", "marked_by",
                        "device_id", "hlc", "amendment_reason")}
                    w.add("attendance", attendance_id(event_id, candidate_id),
                          AttendanceData(**mark, observations=[observation]),
                          Placement(group_id=group_id, event_id=event_id))
            added += 2 + 2 * CANDIDATES + EVENTS * (1 + CANDIDATES)
        w.flush()
    return added


def laptop(root: Path, name: str, url: str, username: str) -> SyncService:
    store = Store.open(root / f"{name}.sqlite3")
    service = SyncService(store, url)
    service.login(username, "npq-demo")
    return service


def commit_marks(service: SyncService, user_id: str, count: int) -> int:
    """``count`` marks on distinct pairs, committed as the register does (one transaction
    per 500, which only makes the setup quicker)."""
    store, clock = service.store, service.clock
    with store.read() as session:
        pairs = [(e.id, en.candidate_id) for e, en in session.execute(
            select(Event, Enrolment).join(Enrolment, Enrolment.group_id == Event.group_id)
            .order_by(Event.id, Enrolment.candidate_id))][:count]
    device = device_id(store)
    for start in range(0, len(pairs), 500):
        with store.write() as session:
            for event_id, candidate_id in pairs[start:start + 500]:
                record_id, stamp = attendance_id(event_id, candidate_id), str(clock.now())
                data = AttendanceData(event_id=event_id, candidate_id=candidate_id,
                                      status="present", marked_by=user_id, device_id=device,
                                      hlc=stamp).model_dump(exclude={"observations"})
                set_current(session, record_id, data)
                append_history(session, record_id, data, source="local")
                enqueue(session, type_="attendance", record_id=record_id, data=data,
                        hlc=stamp)
    return len(pairs)


class Split:
    """Where a sync's time went: the client's own work, or standing waiting for the server
    (a round trip made in line, or an answer to a request sent ahead). ``round_trips`` is
    the time the requests themselves took, mostly the server's work (requests sent ahead
    overlap the client's work, so it can exceed the wait)."""

    def __init__(self) -> None:
        self.waited = 0.0
        self.round_trips = 0.0
        self.calls = 0

    def describe(self, took: float) -> str:
        return (f"client {took - self.waited:.2f} s, waiting for the server "
                f"{self.waited:.2f} s; {self.calls} requests taking {self.round_trips:.2f} s")


_NOW: dict[str, Split] = {"split": Split()}


def _install_timers() -> None:
    answer = exchange._InFlight.answer

    def timed_answer(in_flight: Any) -> Any:
        started = time.perf_counter()
        try:
            return answer(in_flight)
        finally:
            _NOW["split"].waited += time.perf_counter() - started

    exchange._InFlight.answer = timed_answer  # type: ignore[method-assign]


def measured(service: SyncService) -> Split:
    """A fresh split for what ``service`` does next."""
    split = _NOW["split"] = Split()
    request = service.transport.request
    if not getattr(request, "timed", False):
        def timed_request(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return request(*args, **kwargs)
            finally:
                took = time.perf_counter() - started
                _NOW["split"].round_trips += took
                _NOW["split"].calls += 1
                if threading.current_thread() is threading.main_thread():
                    _NOW["split"].waited += took  # made in line: the sync stood waiting

        timed_request.timed = True  # type: ignore[attr-defined]
        service.transport.request = timed_request  # type: ignore[method-assign]
    return split


class Served:
    base_url: str = ""


@contextlib.contextmanager
def serving(data_dir: Path, records: int, own_process: bool) -> Iterator[Served]:
    """The reference server, grown by ``records``: in this process (its work and the
    client's share one interpreter lock), or in a process of its own, as a real server
    on another machine would be."""
    served = Served()
    if not own_process:
        with EmbeddedServer(data_dir=data_dir, seed=True, today=TODAY) as server:
            assert server.base_url is not None
            served.base_url = server.base_url
            started = time.perf_counter()
            added = grow(server, records)
            print(f"server: {added} records added in {time.perf_counter() - started:.1f} s")
            yield served
        return
    ready: multiprocessing.Queue[str] = multiprocessing.Queue()
    stop = multiprocessing.Event()
    child = multiprocessing.Process(target=_serve, args=(data_dir, records, ready, stop))
    child.start()
    try:
        served.base_url = ready.get(timeout=600)
        print("server: in a process of its own")
        yield served
    finally:
        stop.set()
        child.join(timeout=30)


def _serve(data_dir: Path, records: int, ready: Any, stop: Any) -> None:
    with EmbeddedServer(data_dir=data_dir, seed=True, today=TODAY) as server:
        started = time.perf_counter()
        added = grow(server, records)
        print(f"server: {added} records added in {time.perf_counter() - started:.1f} s")
        ready.put(server.base_url)
        stop.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--marks", type=int, default=5_000)
    parser.add_argument("--idle-runs", type=int, default=30)
    parser.add_argument("--server-process", action="store_true",
                        help="run the server in a process of its own (as on another machine)")
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())  # never touch the OS keyring
    _install_timers()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with serving(root / "server", args.records, args.server_process) as server:

            lead = laptop(root, "lead", server.base_url, "partner")
            split = measured(lead)
            started, cpu = time.perf_counter(), time.thread_time()
            report = lead.sync_once()
            took, cpu = time.perf_counter() - started, time.thread_time() - cpu
            print(f"first pull (partner lead): {report.pulled} records in {took:.2f} s = "
                  f"{report.pulled / took:,.0f} records/s (target ≥ 5,000/s)")
            print(f"  {split.describe(took)}; the sync's own thread used {cpu:.2f} s of CPU "
                  f"({cpu / report.pulled * 1e6:.0f} µs a record)")

            facilitator = laptop(root, "facilitator", server.base_url, "facilitator")
            facilitator.sync_once()
            identity = facilitator.resume()
            assert identity is not None
            marks = commit_marks(facilitator, identity.user_id, args.marks)
            keeper = facilitator._keeper()
            split = measured(facilitator)
            started, cpu = time.perf_counter(), time.thread_time()
            pushed = exchange.push_all(facilitator.store, keeper.call,
                                       facilitator.transport.post,
                                       device_id(facilitator.store), server.base_url)
            took, cpu = time.perf_counter() - started, time.thread_time() - cpu
            print(f"push of {marks} marks: {took:.2f} s ({pushed.applied} applied, "
                  f"{pushed.rejected} rejected; target ≤ 2 s)")
            print(f"  {split.describe(took)}; per mutation: client "
                  f"{(took - split.waited) / marks * 1000:.2f} ms, round trip "
                  f"{split.round_trips / marks * 1000:.2f} ms; the sync's own thread used "
                  f"{cpu:.2f} s of CPU")
            split = measured(facilitator)
            started = time.perf_counter()
            report = facilitator.sync_once()
            took = time.perf_counter() - started
            print(f"  then the sync pulling their {report.pulled} server copies back: "
                  f"{took:.2f} s ({split.describe(took)})")

            times, client = [], []
            for _ in range(args.idle_runs):
                split = measured(facilitator)
                started = time.perf_counter()
                report = facilitator.sync_once()
                times.append(time.perf_counter() - started)
                client.append(times[-1] - split.waited)
                assert report.pulled == 0 and report.pushed == 0
            print(f"sync with nothing to do: median {statistics.median(times) * 1000:.0f} ms "
                  f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; "
                  f"target ≤ 100 ms); client's own work median "
                  f"{statistics.median(client) * 1000:.0f} ms")
            for service in (lead, facilitator):
                service.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
