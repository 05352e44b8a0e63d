"""Time of a first sync: a new laptop signs in and pulls everything its user may see.

Starts the reference server embedded on loopback with freshly seeded demo data, then for
each demo user: a fresh local database, sign-in, and one ``SyncService.sync_once()`` (push
of an empty outbox, then pull until ``more: false``). Reports the time and the number of
records received, beside a bare limit timed in the same run on the same server: the
trivial route ``GET /sync/meta`` (no sign-in, no database), median of 200 calls over one
connection, and the first sync as a multiple of it.

    .venv/bin/python benchmarks/bench_first_sync.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import keyring
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.store import Store
from server.embedded import EmbeddedServer
from sync.memory_keyring import MemoryKeyring
from sync.service import SyncService

USERS = ("facilitator", "partner", "qa")


def first_sync(base_url: str, folder: Path, username: str) -> tuple[float, int]:
    store = Store.open(folder / f"{username}.sqlite3")
    try:
        service = SyncService(store, base_url)
        service.login(username, "npq-demo")
        start = time.perf_counter()
        report = service.sync_once()
        return time.perf_counter() - start, report.pulled
    finally:
        store.close()


def trivial_route(base_url: str, calls: int = 200) -> float:
    """Median seconds of ``GET /sync/meta`` over one kept-alive connection."""
    times = []
    with requests.Session() as http:
        for _ in range(calls):
            start = time.perf_counter()
            http.get(f"{base_url}/api/v1/sync/meta", timeout=10).raise_for_status()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())  # never touch the OS keyring
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with EmbeddedServer(data_dir=root / "server", seed=True) as server:
            bare = trivial_route(server.base_url)
            print(f"bare limit: GET /sync/meta median {bare * 1000:.2f} ms")
            for username in USERS:
                times, pulled = [], 0
                for n in range(args.runs):
                    elapsed, pulled = first_sync(server.base_url, root / f"run{n}", username)
                    times.append(elapsed)
                median = statistics.median(times)
                print(f"{username:12s} first sync: median {median * 1000:.0f} ms"
                      f" (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"
                      f", {pulled} records, {args.runs} runs; {median / bare:.0f}x the bare limit")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
