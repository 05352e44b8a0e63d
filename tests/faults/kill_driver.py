"""A laptop that gets killed: ``python -m tests.faults.kill_driver --store ... --url ...``.

The process imports everything once (a "zygote"), then for each line ``run SEED DELAY_MS``
read on stdin forks a child that is the client: it opens the store, signs in (a file
keyring, so the sign-in survives kills), marks a few people on today's register, and syncs
(push, then pull in small pages, sometimes from the start). When the child starts to sync
it says so on a pipe; the zygote waits ``DELAY_MS`` more and sends it SIGKILL (a negative
delay lets it finish). The zygote answers one line: ``killed PHASE`` or ``exit CODE PHASE``
and the seconds the sync took; PHASE is the last step the child started: ``mark``,
``>POST/sync/push``, ``<POST/sync/push`` (answer received), ``>GET/sync/pull``,
``<GET/sync/pull``, ``done``.

Each mark the child committed is appended to ``--marks`` right after the commit.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import keyring

from app import retention
from app.catalogue import CatalogueService
from app.domain import MarkStatus
from app.registers import RegisterService
from app.store import Store
from app.store.models import OutboxEntry
from app.sync_state import reset_cursor
from sync.errors import SyncError
from sync.service import SyncService
from sync.transport import Transport
from tests.conftest import TEST_TODAY
from tests.faults.file_keyring import FileKeyring

PASSWORD = "npq-demo"
STATUSES = (MarkStatus.PRESENT, MarkStatus.ABSENT, MarkStatus.APOLOGIES,
            MarkStatus.NOT_APPLICABLE)


class TracingTransport(Transport):
    """The real transport, telling the zygote which request is under way."""

    def __init__(self, base_url: str, tell: Any) -> None:
        super().__init__(base_url)
        self.tell = tell

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        self.tell(f">{method}{path}")
        answer = super().request(method, path, **kwargs)
        self.tell(f"<{method}{path}")
        return answer


def client(args: argparse.Namespace, seed: int, phase_fd: int) -> int:
    """One life of the client; returns its exit code (if it lives that long)."""

    def tell(phase: str) -> None:
        os.write(phase_fd, (phase + "\n").encode())

    rng = random.Random(seed)
    keyring.set_keyring(FileKeyring(args.keyring))
    retention.today = lambda: TEST_TODAY  # the demo data is seeded around TEST_TODAY
    store = Store.open(args.store)
    service = SyncService(store, args.url, transport=TracingTransport(args.url, tell),
                          pull_limit=args.pull_limit)
    identity = service.resume() or service.login(args.username, PASSWORD)
    registers = RegisterService(store, service.clock, identity.user_id)
    today = [e for e in CatalogueService(store).events(TEST_TODAY) if e.is_on(TEST_TODAY)]
    if today:
        event_id = today[0].id
        people = [r.candidate_id for r in registers.load(event_id).rows if not r.withdrawn]
        with open(args.marks, "a") as marks:
            for _ in range(rng.randint(0, args.most)):
                tell("mark")
                registers.mark(event_id, rng.choice(people), rng.choice(STATUSES))
                with store.read() as session:
                    entry = session.query(OutboxEntry).order_by(OutboxEntry.seq.desc()).first()
                    assert entry is not None
                    marks.write(f"{entry.record_id} {entry.hlc} {entry.data['status']}\n")
                    marks.flush()
    if rng.random() < args.from_start:
        reset_cursor(store)  # as after a 410: the whole feed again
    tell("sync")
    try:
        service.sync_once()
    except SyncError as exc:
        tell(f"error:{exc.kind}")
        if exc.kind == "auth":  # a refresh answer lost to a kill: sign in again next time
            service.login(args.username, PASSWORD)
        return 1
    finally:
        store.close()
    tell("done")
    return 0


def run(args: argparse.Namespace, seed: int, delay_ms: float) -> str:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the client
        os.close(read_fd)
        code = 70
        try:
            code = client(args, seed, write_fd)
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(write_fd)
    phases: list[str] = []
    buffer = b""
    started = None

    def drain(timeout: float | None) -> bool:
        nonlocal buffer
        ready, _, _ = select.select([read_fd], [], [], timeout)
        if not ready:
            return True
        chunk = os.read(read_fd, 65536)
        if not chunk:
            return False
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        phases.extend(line.decode() for line in lines)
        return True

    while "sync" not in phases and drain(None):
        pass
    started = time.monotonic()
    if delay_ms >= 0 and "sync" in phases:
        deadline = started + delay_ms / 1000
        while (left := deadline - time.monotonic()) > 0 and drain(left):
            pass
        os.kill(pid, signal.SIGKILL)
    while drain(None):
        pass
    _, status = os.waitpid(pid, 0)
    took = time.monotonic() - started
    os.close(read_fd)
    last = next((p for p in reversed(phases) if p != "sync"), "start")
    if os.WIFSIGNALED(status):
        return f"killed {last} {took:.3f}"
    return f"exit {os.WEXITSTATUS(status)} {last} {took:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--keyring", type=Path, required=True)
    parser.add_argument("--marks", type=Path, required=True)
    parser.add_argument("--username", default="facilitator")
    parser.add_argument("--most", type=int, default=12, help="most marks per life")
    parser.add_argument("--pull-limit", type=int, default=10)
    parser.add_argument("--from-start", type=float, default=0.3,
                        help="chance a life pulls the whole feed again")
    args = parser.parse_args()
    print("ready", flush=True)
    for line in sys.stdin:
        command, seed, delay = line.split()
        assert command == "run"
        print(run(args, int(seed), float(delay)), flush=True)


if __name__ == "__main__":
    main()
