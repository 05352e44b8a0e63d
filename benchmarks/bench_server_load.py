"""The reference server under many clients syncing at once, on SQLite or PostgreSQL.

Starts ``npq-server serve`` in a subprocess on loopback over a freshly seeded demo database,
then runs N simulated clients (threads, one ``requests`` session each). Each client signs in
as one of the seeded facilitators and loops: push a few attendance marks for one of its
events, pull until ``more: false``, pause briefly. Reports requests/s and p50/p95/p99
latency per endpoint and overall, and every error (the target is none).

    .venv/bin/python benchmarks/bench_server_load.py --seconds 60 --clients 50
    .venv/bin/python benchmarks/bench_server_load.py --database-url postgresql+psycopg://...
      (or NPQ_BENCH_DATABASE_URL; the database is emptied and seeded)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

import requests
from sqlalchemy import create_engine, false, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from protocol.hlc import HybridClock  # noqa: E402
from protocol.records import attendance_id  # noqa: E402
from server.db import Database  # noqa: E402
from server.migrate import upgrade  # noqa: E402
from server.models import Record, User  # noqa: E402
from server.seed import seed_demo  # noqa: E402

API = "/api/v1"
PASSWORD = "npq-demo"
TODAY = dt.date(2026, 11, 23)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _extra_facilitators(database: Database, wanted: int) -> None:
    """Give the seed at least ``wanted`` facilitators, each assigned to one group."""
    from server.security import hash_password
    from server.services.people import assign, create_user

    with database.write() as session:
        have = sum("facilitator" in u.roles for u in session.scalars(select(User)))
        groups = list(session.scalars(select(Record).where(Record.type == "group")
                                      .order_by(Record.id)))
        digest = hash_password(PASSWORD)
        for n in range(max(0, wanted - have)):
            group = groups[n % len(groups)]
            user = create_user(session, username=f"bench.facilitator{n + 1}",
                               name=f"Bench Facilitator {n + 1}", roles=["facilitator"],
                               password_hash=digest, partner_id=group.ref_id)
            assign(session, user_id=user.id, group_id=group.id, role="facilitator")


def prepare(url: str, clients: int) -> dict[str, list[tuple[str, str]]]:
    """Seed a new database; return, per facilitator username, (event, candidate) pairs of
    the groups they facilitate."""
    if not url.startswith("sqlite"):
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    database = Database(url)
    upgrade(database)
    seed_demo(database, TODAY)
    _extra_facilitators(database, clients)
    work: dict[str, list[tuple[str, str]]] = {}
    with database.read() as session:
        users = {u.id: u.username for u in session.scalars(select(User))
                 if "facilitator" in u.roles}
        assignments = session.scalars(select(Record).where(
            Record.type == "assignment", Record.deleted == false()))
        groups: dict[str, list[str]] = defaultdict(list)
        for a in assignments:
            if a.data and a.data["role"] == "facilitator" and a.ref_id in users:
                groups[users[a.ref_id]].append(str(a.group_id))
        for username, group_ids in groups.items():
            pairs = []
            for group_id in group_ids:
                events = list(session.scalars(select(Record.id).where(
                    Record.type == "event", Record.group_id == group_id)))
                candidates = list(session.scalars(select(Record.id).where(
                    Record.type == "candidate", Record.group_id == group_id)))
                pairs += [(e, c) for e in events for c in candidates]
            if pairs:
                work[username] = pairs
    database.dispose()
    return work


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def add(self, endpoint: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latency[endpoint].append(seconds)
            if error:
                self.errors[f"{endpoint}: {error}"] += 1


def client_loop(base: str, username: str, pairs: list[tuple[str, str]], stats: Stats,
                stop: threading.Event, pause: float, marks: int,
                ready: threading.Barrier) -> None:
    http = requests.Session()
    rng = random.Random(username)
    device = f"bench{uuid.uuid4().hex[:10]}"
    clock = HybridClock(device)
    headers = {"X-Client-Version": "0.1.0"}

    def call(endpoint: str, method: str, path: str, **kwargs: object) -> dict | None:
        started = time.perf_counter()
        error = None
        body = None
        try:
            answer = http.request(method, base + API + path, headers=headers, timeout=30,
                                  **kwargs)  # type: ignore[arg-type]
            if answer.status_code != 200:
                error = str(answer.status_code)
            else:
                body = answer.json()
        except requests.RequestException as exc:
            error = type(exc).__name__
        stats.add(endpoint, time.perf_counter() - started, error)
        return body

    login = call("POST /auth/token", "POST", "/auth/token", json={
        "username": username, "password": PASSWORD, "device_id": device,
        "device_name": "bench"})
    ready.wait()  # measure syncing, not the sign-in rush (password hashing) before it
    if login is None:
        return
    headers["Authorization"] = f"Bearer {login['access_token']}"
    cursor = None
    while not stop.is_set():
        batch = []
        for event_id, candidate_id in rng.sample(pairs, min(marks, len(pairs))):
            batch.append({"mutation_id": str(uuid.uuid4()), "type": "attendance",
                          "id": attendance_id(event_id, candidate_id), "op": "upsert",
                          "hlc": str(clock.now()),
                          "data": {"event_id": event_id, "candidate_id": candidate_id,
                                   "status": rng.choice(["present", "late", "absent"]),
                                   "marked_by": "x", "amendment_reason": "load test"}})
        result = call("POST /sync/push", "POST", "/sync/push",
                      json={"device_id": device, "mutations": batch})
        if result is not None:
            rejected = [r for r in result["results"] if r["status"] == "rejected"]
            if rejected:
                stats.add("push results", 0.0, f"rejected {rejected[0]['error']['code']}")
        while not stop.is_set():
            params = {"limit": 500} | ({"cursor": cursor} if cursor else {})
            page = call("GET /sync/pull", "GET", "/sync/pull", params=params)
            if page is None:
                break
            cursor = page["cursor"]
            if not page["more"]:
                break
        stop.wait(pause * rng.uniform(0.5, 1.5))
    http.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(stats: Stats, seconds: float, backend: str, clients: int, workers: int) -> None:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{backend}: {clients} clients for {seconds:.1f} s, {workers} server worker(s); "
          f"load average at the end {load}")
    print(f"{'endpoint':<20}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'p99 ms':>9}{'max ms':>9}")
    everything: list[float] = []
    for endpoint in sorted(stats.latency):
        if endpoint == "push results":
            continue
        values = stats.latency[endpoint]
        everything += values
        print(f"{endpoint:<20}{len(values):>9}{len(values) / seconds:>9.1f}"
              f"{percentile(values, 50) * 1000:>9.1f}{percentile(values, 95) * 1000:>9.1f}"
              f"{percentile(values, 99) * 1000:>9.1f}{max(values) * 1000:>9.1f}")
    print(f"{'overall':<20}{len(everything):>9}{len(everything) / seconds:>9.1f}"
          f"{percentile(everything, 50) * 1000:>9.1f}{percentile(everything, 95) * 1000:>9.1f}"
          f"{percentile(everything, 99) * 1000:>9.1f}{max(everything) * 1000:>9.1f}"
          f"  (mean {statistics.fmean(everything) * 1000:.1f} ms)")
    errors = sum(stats.errors.values())
    print(f"errors: {errors}")
    for what, count in sorted(stats.errors.items()):
        print(f"  {count:>6}  {what}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--marks", type=int, default=5, help="marks per push")
    parser.add_argument("--pause", type=float, default=1.0, help="mean pause between syncs")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--database-url", default=os.environ.get("NPQ_BENCH_DATABASE_URL"),
                        help="PostgreSQL URL (emptied and seeded); default a SQLite file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="npq-load-"))
    url = args.database_url or f"sqlite:///{folder / 'npq-server.sqlite3'}"
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    work = prepare(url, args.clients)
    usernames = sorted(work)
    port = _free_port()
    env = dict(os.environ, NPQ_DATABASE_URL=url, NPQ_SERVER_HOME=str(folder),
               NPQ_LOGIN_MAX_FAILURES="1000")
    server = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1", "--port",
         str(port), "--workers", str(args.workers)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=open(folder / "server.log", "w"))  # noqa: SIM115
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(base + API + "/sync/meta", timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print("the server did not start; see", folder / "server.log")
                    return 1
                time.sleep(0.1)
        stats, stop = Stats(), threading.Event()
        ready = threading.Barrier(args.clients + 1)
        threads = [threading.Thread(target=client_loop, args=(
            base, usernames[i % len(usernames)], work[usernames[i % len(usernames)]], stats,
            stop, args.pause, args.marks, ready), daemon=True) for i in range(args.clients)]
        for thread in threads:
            thread.start()
        ready.wait()
        signed_in = stats.latency.pop("POST /auth/token", [])
        print(f"{len(signed_in)} sign-ins before the run, p50 "
              f"{percentile(signed_in, 50) * 1000:.0f} ms (password hashing, not measured)")
        started = time.perf_counter()
        time.sleep(args.seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        elapsed = time.perf_counter() - started
        print(f"{len(usernames)} distinct facilitator accounts; server log {folder}/server.log")
        report(stats, elapsed, backend, args.clients, args.workers)
        return 0 if not stats.errors else 2
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    raise SystemExit(main())
