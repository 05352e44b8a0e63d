"""What 1,000 laptops waiting on ``GET /sync/wait`` cost the central service.

Seeds a database, adds N facilitators (1,000) to the demo facilitator's group with an
access token each (written straight into the database: 1,000 password hashes would take
minutes), starts ``npq-server serve`` (uvicorn, one process of its own), then measures, from
/proc, the server's open sockets, resident memory and CPU time:

1. the bare limits of this machine and run: the idle server's RSS, and the throughput of
   a trivial route (``GET /sync/meta``: no sign-in, no database) with 20 clients;
2. opening N waits (one connection each, asyncio and raw sockets in this process);
3. N waits held open for ``--idle`` seconds (the watcher reads the counter once a second);
4. one push into a group none of the waiters is in (the watcher looks; nobody is woken);
5. one push into their group: every waiter is woken, checks its feed and answers "moved"
   (the worst case: in the field a group has 2-4 laptops, not 1,000).

    .venv/bin/python benchmarks/bench_waiters.py [--waiters 1000] [--idle 20]
    .venv/bin/python benchmarks/bench_waiters.py --database-url postgresql+psycopg://...
      (or NPQ_BENCH_DATABASE_URL; the database is emptied and seeded)
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
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server import migrate, sequence  # noqa: E402
from server.db import Database  # noqa: E402
from server.migrate import upgrade  # noqa: E402
from server.models import Record, Token, User  # noqa: E402
from server.security import hash_password, token_hash  # noqa: E402
from server.seed import seed_demo  # noqa: E402
from server.services.people import assign, create_user  # noqa: E402
from server.services.pull import encode_cursor  # noqa: E402
from sync.hlc import HybridClock  # noqa: E402
from sync.records import attendance_id  # noqa: E402

API = "/api/v1"
TODAY = dt.date(2026, 11, 23)
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Setup:
    tokens: list[str]  # the waiters'
    pusher: str  # the demo facilitator's, in the waiters' group
    mark_here: tuple[str, str]  # (event, candidate) in the waiters' group
    stranger: str  # a facilitator of another group
    mark_there: tuple[str, str]
    instance_id: str
    database: Database

    def newest_cursor(self) -> str:
        with self.database.read() as session:
            return encode_cursor(self.instance_id, sequence.current(session))


def _token(session: object, user_id: str) -> str:
    token = secrets.token_urlsafe(32)
    session.add(Token(token_hash=token_hash(token), kind="access", user_id=user_id,  # type: ignore[attr-defined]
                      family_id=str(uuid.uuid4()), device_id="bench",
                      expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)))
    return token


def _facilitated(session: object, user_id: str) -> tuple[str, tuple[str, str]]:
    """A group the user facilitates, and an (event, candidate) in it."""
    group = session.scalar(select(Record.group_id).where(  # type: ignore[attr-defined]
        Record.type == "assignment", Record.ref_id == user_id).order_by(Record.id))
    event = session.scalar(select(Record.id).where(  # type: ignore[attr-defined]
        Record.type == "event", Record.group_id == group).order_by(Record.id))
    candidate = session.scalar(select(Record.id).where(  # type: ignore[attr-defined]
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
        siân = session.scalar(select(User).where(User.username == "facilitator"))
        assert siân is not None
        group, here = _facilitated(session, siân.id)
        others = session.scalars(select(User).where(User.username != "facilitator",
                                                    User.username != "cofacilitator"))
        stranger = next(u for u in others if "facilitator" in u.roles
                        and _facilitated(session, u.id)[0] != group)
        _, there = _facilitated(session, stranger.id)
        tokens = []
        for n in range(waiters):
            user = create_user(session, username=f"bench.waiter{n + 1}",
                               name=f"Bench Waiter {n + 1}", roles=["facilitator"],
                               password_hash=digest, partner_id=siân.partner_id)
            assign(session, user_id=user.id, group_id=group, role="facilitator")
            tokens.append(_token(session, user.id))
        setup = Setup(tokens, _token(session, siân.id), here, _token(session, stranger.id),
                      there, "", database)
    setup.instance_id = migrate.instance_id(database)
    return setup


# ---- the server process, seen from /proc ---------------------------------------------------


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


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
class Phase:
    name: str
    seconds: float
    cpu: float
    rss: float
    sockets: int
    threads: int

    def line(self, base_rss: float, trivial_rps: float) -> str:
        per_request = self.cpu * trivial_rps  # the same CPU in trivial requests
        return (f"| {self.name} | {self.seconds:.2f} | {self.cpu:.2f} | "
                f"{self.cpu / self.seconds * 100:.1f} % | {self.rss:.0f} "
                f"({self.rss / base_rss:.2f}×) | {self.sockets} | {self.threads} | "
                f"{per_request:,.0f} |")


class Meter:
    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.phases: list[Phase] = []

    def start(self) -> tuple[float, float]:
        return time.monotonic(), cpu_seconds(self.pid)

    def stop(self, name: str, since: tuple[float, float]) -> Phase:
        phase = Phase(name, time.monotonic() - since[0], cpu_seconds(self.pid) - since[1],
                      rss_mb(self.pid), sockets(self.pid), threads(self.pid))
        self.phases.append(phase)
        return phase


async def waits(port: int, tokens: list[str], cursor: str, opened: asyncio.Event,
                answers: list[tuple[str, float]]) -> list[Connection]:
    connections = [Connection(port) for _ in tokens]
    for connection in connections:
        connection.reader, connection.writer = await asyncio.open_connection(
            "127.0.0.1", port)

    async def one(connection: Connection, token: str) -> None:
        status, body = await connection.request(
            "GET", f"/sync/wait?cursor={cursor}&timeout=55", token)
        answers.append((body.get("status", str(status)), time.monotonic()))

    tasks = [asyncio.create_task(one(c, t)) for c, t in zip(connections, tokens, strict=True)]
    opened.set()
    await asyncio.gather(*tasks)
    return connections


async def run(port: int, pid: int, setup: Setup, idle: float) -> tuple[Meter, float, float]:
    meter = Meter(pid)
    since = meter.start()
    await asyncio.sleep(3)
    meter.stop("server idle, no waits (bare)", since)
    since = meter.start()
    trivial_rps = await trivial_throughput(port, 5)
    meter.stop(f"trivial route, 20 clients: {trivial_rps:,.0f} req/s (bare)", since)

    waiting = len(setup.tokens)
    answers: list[tuple[str, float]] = []
    opened = asyncio.Event()
    since = meter.start()
    task = asyncio.create_task(waits(port, setup.tokens, setup.newest_cursor(), opened,
                                     answers))
    await opened.wait()
    while True:  # every wait checked its feed and is waiting: the server's CPU goes quiet
        before = cpu_seconds(pid)
        await asyncio.sleep(0.5)
        if cpu_seconds(pid) - before < 0.05:
            break
    meter.stop(f"opening {waiting} waits", since)
    since = meter.start()
    await asyncio.sleep(idle)
    meter.stop(f"{waiting} waits held open", since)
    assert not answers, answers[:3]

    since = meter.start()
    await push_mark(port, setup.stranger, setup.mark_there)
    await asyncio.sleep(2)
    meter.stop("one push elsewhere (nobody woken), incl. the push", since)
    assert not answers, answers[:3]

    since = meter.start()
    pushed = time.monotonic()
    await push_mark(port, setup.pusher, setup.mark_here)
    connections = await task
    meter.stop(f"one push waking all {waiting}, incl. the push", since)
    assert {a for a, _ in answers} == {"moved"}, {a for a, _ in answers}
    delays = sorted(t - pushed for _, t in answers)
    for connection in connections:
        connection.close()
    return meter, statistics.median(delays), delays[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waiters", type=int, default=1000)
    parser.add_argument("--idle", type=float, default=20.0)
    parser.add_argument("--database-url", default=os.environ.get("NPQ_BENCH_DATABASE_URL"))
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, args.waiters * 2 + 256))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))  # the server inherits it
    folder = Path(tempfile.mkdtemp(prefix="npq-waiters-"))
    url = args.database_url or f"sqlite:///{folder / 'npq-server.sqlite3'}"
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    started = time.monotonic()
    setup = prepare(url, args.waiters)
    print(f"seeded with {args.waiters} waiting facilitators in {time.monotonic() - started:.0f} s")
    port = _free_port()
    env = dict(os.environ, NPQ_DATABASE_URL=url, NPQ_SERVER_HOME=str(folder))
    server = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1", "--port",
         str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=open(folder / "server.log", "w"))  # noqa: SIM115
    try:
        deadline = time.monotonic() + 30
        while sockets(server.pid) < 1 or not _answers(port):
            if time.monotonic() > deadline or server.poll() is not None:
                print("the server did not start; see", folder / "server.log")
                return 1
            time.sleep(0.2)
        meter, median, last = asyncio.run(run(port, server.pid, setup, args.idle))
    finally:
        server.terminate()
        server.wait(timeout=15)
    base = meter.phases[0]
    trivial = meter.phases[1]
    trivial_rps = float(trivial.name.split(": ")[1].split(" ")[0].replace(",", ""))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{backend}, {args.waiters} waits, uvicorn in its own process; load {load}")
    print("| phase | seconds | server CPU s | CPU share of one core | RSS MB (× idle) | "
          "sockets | threads | CPU in trivial requests |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for phase in meter.phases:
        print(phase.line(base.rss, trivial_rps))
    print(f"\nwoken waits answered 'moved' after the push: median {median * 1000:.0f} ms, "
          f"last {last * 1000:.0f} ms")
    setup.database.dispose()
    return 0


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


if __name__ == "__main__":
    raise SystemExit(main())
