"""What 1,000 laptops waiting on ``GET /sync/wait`` cost the central service.

Seeds a database and adds N facilitators (1,000), spread over the demo's groups (about 25
to a group; one group is kept without any), each with an access token (written straight
into the database: 1,000 password hashes would take minutes). Starts ``npq-server serve``
(uvicorn, one process of its own) and runs N clients in this process (asyncio, raw
sockets, one connection each) that behave as the app does: hold a wait open (time-out 55
s), open the next when it says "nothing", and on "moved" pull from their cursor until done,
then wait again. Measures, from /proc, the server's open sockets, resident memory, threads
and CPU time:

1. the bare limits of this machine and run: the idle server, and the throughput of a
   trivial route (``GET /sync/meta``: no sign-in, no database) with 20 clients;
2. opening N waits, then holding them for ``--idle`` seconds (the watcher reads the
   change counter once a second);
3. one push into the group without waiters (the watcher looks; nobody is woken);
4. one push into a group with waiters (its ~25 are woken, answer "moved" and pull);
5. a change of reference data written by another process (as by another host: no kick,
   the watcher's poll finds it), which every waiter can pull: all N are woken, answer
   "moved" and pull (the worst case).

    .venv/bin/python benchmarks/bench_waiters.py [--waiters 1000] [--idle 20]
    .venv/bin/python benchmarks/bench_waiters.py --database-url postgresql+psycopg://... \
        --postgres-pid "$(head -1 PGDATA/postmaster.pid)"
      (or NPQ_BENCH_DATABASE_URL; the database is emptied and seeded; with the postmaster's
      pid, the CPU of the PostgreSQL processes is counted too)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, false, select, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from protocol.hlc import HybridClock  # noqa: E402
from protocol.records import AssignmentData, attendance_id  # noqa: E402
from server import migrate, sequence, store  # noqa: E402
from server.db import Database  # noqa: E402
from server.feed_watch import read_moves  # noqa: E402
from server.migrate import upgrade  # noqa: E402
from server.models import Record, Token, User  # noqa: E402
from server.security import hash_password, token_hash  # noqa: E402
from server.seed import seed_demo  # noqa: E402
from server.services.people import create_user  # noqa: E402
from server.services.pull import encode_cursor  # noqa: E402
from server.store import Placement  # noqa: E402

API = "/api/v1"
TODAY = dt.date(2026, 11, 23)
TICK = os.sysconf("SC_CLK_TCK")
WAIT_S = 55


@dataclass
class Setup:
    tokens: list[str]  # the waiters'
    pusher: str  # the demo facilitator's (her group has waiters)
    mark_here: tuple[str, str]  # (event, candidate) in her group
    stranger: str  # a facilitator of the group without waiters
    mark_there: tuple[str, str]
    instance_id: str
    database: Database
    in_her_group: int = 0

    def newest_cursor(self) -> str:
        with self.database.read() as session:
            return encode_cursor(self.instance_id, sequence.current(session))

    def change_reference_data(self) -> None:
        """A qualification written again (a new sequence number), by this process."""
        with self.database.write() as session:
            sequence.lock(session)
            qualification = session.scalar(select(Record.id).where(
                Record.type == "qualification").order_by(Record.id))
            store.restamp(session, {("qualification", str(qualification))})


def _token(session: Session, user_id: str) -> str:
    token = secrets.token_urlsafe(32)
    session.add(Token(token_hash=token_hash(token), kind="access", user_id=user_id,
                      family_id=str(uuid.uuid4()), device_id="bench",
                      expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)))
    return token


def _facilitated(session: Session, user_id: str) -> tuple[str, tuple[str, str]]:
    """A group the user facilitates, and an (event, candidate) in it."""
    group = session.scalar(select(Record.group_id).where(
        Record.type == "assignment", Record.ref_id == user_id).order_by(Record.id))
    event = session.scalar(select(Record.id).where(
        Record.type == "event", Record.group_id == group).order_by(Record.id))
    candidate = session.scalar(select(Record.id).where(
        Record.type == "candidate", Record.group_id == group).order_by(Record.id))
    return str(group), (str(event), str(candidate))


def prepare(url: str, waiters: int) -> Setup:
    if not url.startswith("sqlite"):
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    database = Database(url)
    upgrade(database)
    seed_demo(database, TODAY)
    digest = hash_password("npq-demo")
    with database.write() as session:
        sequence.lock(session)
        siân = session.scalar(select(User).where(User.username == "facilitator"))
        assert siân is not None
        hers, here = _facilitated(session, siân.id)
        stranger = next(u for u in session.scalars(select(User).order_by(User.username))
                        if "facilitator" in u.roles and u.username != "cofacilitator"
                        and _facilitated(session, u.id)[0] != hers)
        empty, there = _facilitated(session, stranger.id)
        groups = [(g.id, g.ref_id) for g in session.scalars(select(Record).where(
            Record.type == "group", Record.deleted == false(), Record.id != empty)
            .order_by(Record.id))]
        tokens = []
        for n in range(waiters):
            group_id, partner_id = groups[n % len(groups)]
            user = create_user(session, username=f"bench.waiter{n + 1}",
                               name=f"Bench Waiter {n + 1}", roles=["facilitator"],
                               password_hash=digest, partner_id=partner_id)
            # written as such (no scope entry: a new account holds nothing yet)
            store.put(session, "assignment", str(uuid.uuid4()), AssignmentData(
                user_id=user.id, group_id=group_id, role="facilitator").model_dump(),
                Placement(group_id=group_id, ref_id=user.id))
            tokens.append(_token(session, user.id))
        setup = Setup(tokens, _token(session, siân.id), here, _token(session, stranger.id),
                      there, migrate.instance_id(database), database,
                      in_her_group=sum(1 for n in range(waiters)
                                       if groups[n % len(groups)][0] == hers))
    return setup


# ---- the server process, seen from /proc ---------------------------------------------------


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def tree_cpu_seconds(pid: int | None) -> float:
    """The CPU time of a process and all its children (PostgreSQL's backends)."""
    if pid is None:
        return 0.0
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    tree, total = {pid}, 0.0
    for child in sorted(parents):  # a backend's parent is the postmaster
        if parents[child] in tree:
            tree.add(child)
    for member in tree:
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += cpu_seconds(member)
    return total


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def sockets(pid: int) -> int:
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):  # closed meanwhile
            count += os.readlink(fd).startswith("socket:")
    return count


def threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


# ---- raw HTTP/1.1 over asyncio ----------------------------------------------------------------


class Connection:
    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, token: str | None = None,
                      body: bytes = b"") -> tuple[int, dict]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        head = [f"{method} {API}{path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}",
                "X-Client-Version: 0.1.0", f"Content-Length: {len(body)}"]
        if token:
            head.append(f"Authorization: Bearer {token}")
        if body:
            head.append("Content-Type: application/json")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        status = int((await self.reader.readline()).split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return status, json.loads(await self.reader.readexactly(length)) if length else {}

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def trivial_throughput(port: int, seconds: float, clients: int = 20) -> float:
    done = 0
    stop = time.monotonic() + seconds

    async def loop() -> None:
        nonlocal done
        connection = Connection(port)
        while time.monotonic() < stop:
            await connection.request("GET", "/sync/meta")
            done += 1
        connection.close()

    started = time.monotonic()
    await asyncio.gather(*(loop() for _ in range(clients)))
    return done / (time.monotonic() - started)


async def push_mark(port: int, token: str, place: tuple[str, str]) -> None:
    event, candidate = place
    device = f"bench{uuid.uuid4().hex[:8]}"
    body = json.dumps({"device_id": device, "mutations": [{
        "mutation_id": str(uuid.uuid4()), "type": "attendance",
        "id": attendance_id(event, candidate), "op": "upsert",
        "hlc": str(HybridClock(device).now()),
        "data": {"event_id": event, "candidate_id": candidate, "status": "present",
                 "marked_by": "x", "amendment_reason": "bench"}}]}).encode()
    connection = Connection(port)
    status, answer = await connection.request("POST", "/sync/push", token, body)
    connection.close()
    assert status == 200 and answer["results"][0]["status"] == "applied", answer


@dataclass
class Laptops:
    """N clients that wait, and on "moved" pull, then wait again (as the app does)."""

    port: int
    tokens: list[str]
    cursor: str
    moved: list[float] = field(default_factory=list)  # when each "moved" came
    pulled: list[float] = field(default_factory=list)  # when each pull after it ended
    timed_out: int = 0
    failures: list[str] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        connections = [Connection(self.port) for _ in self.tokens]
        for connection in connections:  # every connection first, then every wait
            connection.reader, connection.writer = await asyncio.open_connection(
                "127.0.0.1", self.port)
        await asyncio.gather(*(self._laptop(c, t) for c, t in zip(
            connections, self.tokens, strict=True)))

    async def _laptop(self, connection: Connection, token: str) -> None:
        cursor = self.cursor
        try:
            while not self.stop.is_set():
                status, body = await connection.request(
                    "GET", f"/sync/wait?cursor={cursor}&timeout={WAIT_S}", token)
                if status != 200:
                    self.failures.append(f"wait {status}")
                    return
                if body["status"] == "nothing":
                    self.timed_out += 1
                    continue
                self.moved.append(time.monotonic())
                more = True
                while more:
                    status, page = await connection.request(
                        "GET", f"/sync/pull?cursor={cursor}&limit=1000", token)
                    assert status == 200, page
                    cursor, more = page["cursor"], page["more"]
                self.pulled.append(time.monotonic())
        finally:
            connection.close()


@dataclass
class Phase:
    name: str
    seconds: float
    cpu: float
    database_cpu: float
    rss: float
    sockets: int
    threads: int

    def line(self, base_rss: float, trivial_rps: float) -> str:
        return (f"| {self.name} | {self.seconds:.1f} | {self.cpu:.2f} | "
                f"{self.cpu / self.seconds * 100:.1f} % | {self.database_cpu:.2f} | "
                f"{self.rss:.0f} ({self.rss / base_rss:.2f}×) | {self.sockets} | "
                f"{self.threads} | {self.cpu * trivial_rps:,.0f} |")


class Meter:
    def __init__(self, pid: int, database_pid: int | None) -> None:
        self.pid, self.database_pid = pid, database_pid
        self.phases: list[Phase] = []
        self._since = (0.0, 0.0, 0.0)

    def start(self) -> None:
        self._since = (time.monotonic(), cpu_seconds(self.pid),
                       tree_cpu_seconds(self.database_pid))

    def stop(self, name: str) -> Phase:
        phase = Phase(name, time.monotonic() - self._since[0],
                      cpu_seconds(self.pid) - self._since[1],
                      tree_cpu_seconds(self.database_pid) - self._since[2],
                      rss_mb(self.pid), sockets(self.pid), threads(self.pid))
        self.phases.append(phase)
        return phase

    async def quiet(self) -> None:
        """Until the server's CPU falls quiet (under 5 % of a core for half a second)."""
        while True:
            before = cpu_seconds(self.pid)
            await asyncio.sleep(0.5)
            if cpu_seconds(self.pid) - before < 0.025:
                return


async def until(condition: object, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        await asyncio.sleep(0.01)


@dataclass
class Wake:
    name: str
    woken: int
    median: float
    last: float
    pulled_last: float


async def run(port: int, pid: int, database_pid: int | None, setup: Setup, idle: float
              ) -> tuple[Meter, float, list[Wake], Laptops]:
    meter = Meter(pid, database_pid)
    meter.start()
    await asyncio.sleep(3)
    meter.stop("server idle, no waits (bare)")
    meter.start()
    trivial_rps = await trivial_throughput(port, 5)
    meter.stop(f"trivial route `GET /sync/meta`, 20 clients: {trivial_rps:,.0f} req/s (bare)")

    n = len(setup.tokens)
    laptops = Laptops(port, setup.tokens, setup.newest_cursor())
    meter.start()
    task = asyncio.create_task(laptops.run())
    await asyncio.sleep(1)
    await meter.quiet()  # every wait has checked its feed and is waiting
    meter.stop(f"opening {n} waits")
    meter.start()
    await asyncio.sleep(idle)
    meter.stop(f"{n} waits held open")
    assert not laptops.moved and not laptops.failures, laptops.failures[:3]

    meter.start()
    await push_mark(port, setup.stranger, setup.mark_there)
    await asyncio.sleep(2)
    meter.stop("one push into the group without waiters (incl. the push)")
    assert not laptops.moved

    wakes = []
    for name, change, expected in (
            (f"one push into a group of {setup.in_her_group} waiters (incl. the push, "
             "their pulls)", lambda: push_mark(port, setup.pusher, setup.mark_here),
             setup.in_her_group),
            (f"reference data changed by another process: all {n} woken, pull",
             lambda: asyncio.to_thread(setup.change_reference_data), n)):
        before = len(laptops.moved)
        meter.start()
        changed = time.monotonic()
        await change()
        await until(lambda e=expected, b=before: len(laptops.pulled) >= b + e)
        await meter.quiet()
        meter.stop(name)
        moved = sorted(t - changed for t in laptops.moved[before:])
        pulled = sorted(t - changed for t in laptops.pulled[before:])
        assert len(moved) == expected, (len(moved), expected)
        wakes.append(Wake(name, len(moved), statistics.median(moved), moved[-1], pulled[-1]))
    laptops.stop.set()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return meter, trivial_rps, wakes, laptops


def look_cost(database: Database, rounds: int = 300) -> float:
    """Microseconds for one look of the watcher when nothing moved (the counter read)."""
    with database.read() as session:
        newest = sequence.current(session)
    read_moves(database, newest)
    started = time.perf_counter()
    for _ in range(rounds):
        read_moves(database, newest)
    return (time.perf_counter() - started) / rounds * 1e6


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{API}/sync/meta", timeout=1):
            return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waiters", type=int, default=1000)
    parser.add_argument("--idle", type=float, default=20.0)
    parser.add_argument("--database-url", default=os.environ.get("NPQ_BENCH_DATABASE_URL"))
    parser.add_argument("--postgres-pid", type=int, help="the postmaster's pid (its CPU)")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, args.waiters * 2 + 256))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))  # the server inherits it
    folder = Path(tempfile.mkdtemp(prefix="npq-waiters-"))
    url = args.database_url or f"sqlite:///{folder / 'npq-server.sqlite3'}"
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    started = time.monotonic()
    setup = prepare(url, args.waiters)
    print(f"seeded with {args.waiters} waiting facilitators in "
          f"{time.monotonic() - started:.0f} s; open files limit {wanted}")
    look_us = look_cost(setup.database)
    port = _free_port()
    env = dict(os.environ, NPQ_DATABASE_URL=url, NPQ_SERVER_HOME=str(folder))
    server = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1", "--port",
         str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=open(folder / "server.log", "w"))  # noqa: SIM115
    try:
        deadline = time.monotonic() + 30
        while not _answers(port):
            if time.monotonic() > deadline or server.poll() is not None:
                print("the server did not start; see", folder / "server.log")
                return 1
            time.sleep(0.2)
        meter, trivial_rps, wakes, laptops = asyncio.run(
            run(port, server.pid, args.postgres_pid, setup, args.idle))
    finally:
        server.terminate()
        server.wait(timeout=15)
        setup.database.dispose()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{backend}, {args.waiters} waits (time-out {WAIT_S} s), uvicorn in its own "
          f"process, clients in another; load average {load}")
    print("| phase | seconds | server CPU s | share of one core | PostgreSQL CPU s | "
          "RSS MB (× idle) | sockets | threads | server CPU as trivial requests |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for phase in meter.phases:
        print(phase.line(meter.phases[0].rss, trivial_rps))
    for wake in wakes:
        print(f"{wake.name}: {wake.woken} answered 'moved', median {wake.median * 1000:.0f} "
              f"ms, last {wake.last * 1000:.0f} ms; last pull done {wake.pulled_last:.1f} s")
    print(f"the watcher's look when nothing moved (one read of the counter, in this "
          f"process): {look_us:.0f} µs")
    print(f"waits that timed out and were opened again meanwhile: {laptops.timed_out}; "
          f"failures: {len(laptops.failures)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
