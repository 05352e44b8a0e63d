"""How long one attendance mark takes to commit durably through ``RegisterService.mark``.

Real SQLite file (WAL, synchronous=FULL), a register of 24 candidates, 1,000 marks cycling
through them and through the statuses. Each timing covers validation, the stamp, the write
transaction (mark + history row + outbox entry) and its fsync. Target: median <= 5 ms.

    .venv/bin/python benchmarks/bench_mark_commit.py [--dir FOLDER] [--marks N]

Use ``--dir`` to measure on the disk the app will use (the default is a temporary folder).

``--secure-delete off`` turns SQLite's secure_delete off on every connection (the app has it
on: deleted bytes are zeroed, issue 12), to measure what it costs. Each run also times a
plain SQLite commit on the same kind of connection (one small row inserted, WAL,
synchronous=FULL, same key), and gives a mark's cost as a multiple of it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring
from sqlalchemy import event

from app.clock import shared_clock
from app.domain import MarkStatus
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from sync.memory_keyring import MemoryKeyring

CYCLE = [(MarkStatus.PRESENT, None, None), (MarkStatus.LATE, "09:20", None),
         (MarkStatus.ABSENT, None, None), (MarkStatus.LEFT_EARLY, None, "14:00"),
         (MarkStatus.APOLOGIES, None, None)]


def seed(store: Store, candidates: int) -> tuple[str, list[str]]:
    group_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())
    changes = [
        PulledChange("group", group_id, False, {
            "code": "BENCH-1", "qualification_code": "NPQH", "partner_id": "p",
            "intake_id": "i", "venue_name": "Hall"}),
        PulledChange("event", event_id, False, {
            "group_id": group_id, "number": 1, "title": "Event 1", "window_start": "2026-11-16",
            "window_end": "2026-11-30", "chosen_date": "2026-11-23", "venue_name": "Hall"}),
    ]
    ids = []
    for n in range(candidates):
        candidate_id = str(uuid.uuid4())
        ids.append(candidate_id)
        changes.append(PulledChange("candidate", candidate_id, False, {
            "given_name": f"Given{n}", "family_name": f"Family{n}", "school": "School"}))
        changes.append(PulledChange("enrolment", str(uuid.uuid4()), False, {
            "group_id": group_id, "candidate_id": candidate_id, "enrolled_on": "2026-09-01"}))
    apply_page(store, changes, "bench", shared_clock(store))
    return event_id, ids


def main() -> None:
    keyring.set_keyring(MemoryKeyring())  # the database key: never the OS keyring
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--marks", type=int, default=1000)
    parser.add_argument("--secure-delete", choices=["on", "off"], default="on")
    args = parser.parse_args()
    with (tempfile.TemporaryDirectory(dir=args.dir) as folder,
          Store.open(Path(folder) / "bench.sqlite3") as store):
        if args.secure_delete == "off":
            event.listen(store.engine, "connect", _secure_delete_off)
            store.engine.dispose()  # connections made from now on have it off
        plain = plain_commits(store, args.marks)
        event_id, candidates = seed(store, 24)
        registers = RegisterService(store, shared_clock(store), "bench-user")
        timings = []
        for n in range(args.marks):
            status, arrival, departure = CYCLE[n % len(CYCLE)]
            candidate = candidates[n % len(candidates)]
            started = time.perf_counter()
            registers.mark(event_id, candidate, status, arrival_time=arrival,
                           departure_time=departure)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"{len(timings)} marks committed (WAL, synchronous=FULL, secure_delete "
          f"{args.secure_delete}) in {folder}")
    print(f"median {statistics.median(timings):.2f} ms   p95 {p95:.2f} ms   "
          f"max {timings[-1]:.2f} ms   (target: median <= 5 ms)")
    print(f"plain commit: median {statistics.median(plain):.2f} ms; a mark is "
          f"{statistics.median(timings) / statistics.median(plain):.1f} plain commits")


def plain_commits(store: Store, count: int) -> list[float]:
    """Milliseconds for each of ``count`` one-row commits through a raw connection."""
    raw = store.engine.raw_connection()
    try:
        connection = raw.driver_connection
        connection.execute("CREATE TABLE bench_plain (n INTEGER, text TEXT)")
        timings = []
        for n in range(count):
            started = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO bench_plain VALUES (?, 'x')", (n,))
            connection.execute("COMMIT")
            timings.append((time.perf_counter() - started) * 1000)
        return timings
    finally:
        raw.close()


def _secure_delete_off(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA secure_delete=OFF")


if __name__ == "__main__":
    main()
