"""The cost of encryption at rest: the same work on a plaintext and on an encrypted store.

The work, on a fresh laptop database each time: open it (create and migrate), sign in as
the partner lead and run the first sync of a big year (the server grown as in
``bench_sync_throughput.py`` until the lead sees >= ``--records`` records), commit
``--marks`` attendance marks one by one as the register does (each a durable transaction,
WAL + synchronous=FULL), open every register the lead can see (``RegisterService.load``;
the first opening of a register also saves its roster snapshot, a write), read them all
again (pure reads), close and open the store again.

Three stores: "plaintext" is the store as the version before encryption made it (the
standard library's ``sqlite3``, no key); "plain-sqlcipher" is plaintext through the
SQLCipher build of SQLite (no key), which separates the cost of encrypting from that of a
newer SQLite; "encrypted" is ``Store.open`` today (SQLCipher 4 through ``sqlcipher3``, a
raw 256-bit key from the keyring). They take turns for ``--rounds`` rounds (the order
reversed every other round) so that drift in the machine's load hits all; medians are
reported. Target: encrypted <= 20% slower.

The server runs in a process of its own by default (its work would otherwise share this
process's interpreter lock and blur the client's figures); ``--server-in-process`` keeps it
here.

    .venv/bin/python benchmarks/bench_encryption.py [--records 20000] [--marks 1000]
        [--rounds 3] [--server-in-process]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import keyring
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import create_engine, event, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sync_throughput import TODAY, serving

from app.clock import shared_clock
from app.domain import MarkStatus
from app.registers import RegisterService
from app.store import Store, keys
from app.store.engine import BUSY_TIMEOUT_MS, _on_begin, _on_connect, make_engine
from app.store.migrate import upgrade
from app.store.models import Enrolment, Event
from sync.memory_keyring import MemoryKeyring
from sync.service import SyncService

PHASES = ("open", "first sync", "marks", "register opens", "register reads", "reopen")
CYCLE = (MarkStatus.PRESENT, MarkStatus.ABSENT, MarkStatus.APOLOGIES)


def open_plain(path: Path) -> Store:
    """The store as the version before encryption opened it: plaintext, same pragmas."""
    store = Store(path, make_engine(path, None))
    upgrade(store.engine)
    return store


def open_plain_sqlcipher(path: Path) -> Store:
    """Plaintext through the SQLCipher build of SQLite (no key): separates the cost of the
    encryption from that of a different SQLite version."""
    engine = create_engine(f"sqlite:///{path}", module=sqlcipher, pool_pre_ping=False,
                           creator=lambda: keys.connect(path, None, check_same_thread=False,
                                                        timeout=BUSY_TIMEOUT_MS / 1000))
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    store = Store(path, engine)
    upgrade(store.engine)
    return store


def open_encrypted(path: Path) -> Store:
    return Store.open(path)


def one_run(opener: Callable[[Path], Store], path: Path, url: str, marks: int
            ) -> tuple[dict[str, float], int]:
    took: dict[str, float] = {}
    started = time.perf_counter()
    store = opener(path)
    took["open"] = time.perf_counter() - started
    try:
        sync = SyncService(store, url)
        identity = sync.login("partner", "npq-demo")
        started = time.perf_counter()
        pulled = sync.sync_once().pulled
        took["first sync"] = time.perf_counter() - started

        registers = RegisterService(store, shared_clock(store), identity.user_id,
                                    today=lambda: TODAY)
        with store.read() as session:
            event_ids = list(session.scalars(
                select(Event.id).where(Event.chosen_date < TODAY.isoformat())
                .order_by(Event.chosen_date.desc(), Event.id)))
            first = event_ids[0]
            group = session.scalar(select(Event.group_id).where(Event.id == first))
            people = list(session.scalars(select(Enrolment.candidate_id).where(
                Enrolment.group_id == group, Enrolment.status == "active")))
        registers.load(first)  # the roster snapshot, as opening the register makes it
        started = time.perf_counter()
        for n in range(marks):
            registers.mark(first, people[n % len(people)], CYCLE[n % len(CYCLE)])
        took["marks"] = time.perf_counter() - started

        for phase in ("register opens", "register reads"):  # opening one fixes its roster
            started = time.perf_counter()
            for event_id in event_ids:
                registers.load(event_id)
            took[phase] = time.perf_counter() - started
    finally:
        store.close()
    started = time.perf_counter()
    opener(path).close()
    took["reopen"] = time.perf_counter() - started
    return took, pulled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--marks", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--server-in-process", action="store_true")
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())  # never touch the OS keyring
    openers = {"plaintext": open_plain, "plain-sqlcipher": open_plain_sqlcipher,
               "encrypted": open_encrypted}
    results: dict[str, list[dict[str, float]]] = {kind: [] for kind in openers}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with serving(root / "server", args.records, not args.server_in_process) as server:
            for round_ in range(args.rounds):
                order = list(openers) if round_ % 2 == 0 else list(reversed(openers))
                for kind in order:
                    path = root / f"{kind}-{round_}.sqlite3"
                    took, pulled = one_run(openers[kind], path, server.base_url, args.marks)
                    results[kind].append(took)
                    print(f"round {round_ + 1} {kind:15}: " + ", ".join(
                        f"{phase} {took[phase]:.2f} s" for phase in PHASES)
                        + f" ({pulled} records pulled)", flush=True)
    print(f"\nmedians of {args.rounds} rounds ({dt.date.today()}):")
    totals = {}
    for phase in (*PHASES, "total"):
        plain, same_build, encrypted = (
            statistics.median(sum(r.values()) if phase == "total" else r[phase]
                              for r in results[kind])
            for kind in openers)
        totals[phase] = (plain, same_build, encrypted)
        print(f"  {phase:15} plaintext {plain:7.3f} s   plain-sqlcipher {same_build:7.3f} s   "
              f"encrypted {encrypted:7.3f} s   {(encrypted / plain - 1) * 100:+6.1f}% "
              f"({(encrypted / same_build - 1) * 100:+6.1f}% against the same build)")
    plain, same_build, encrypted = totals["total"]
    print(f"encryption costs {(encrypted / plain - 1) * 100:+.1f}% on the whole work against "
          f"the previous version's plaintext store ({(encrypted / same_build - 1) * 100:+.1f}%"
          " against plaintext on the same SQLite build); target <= +20%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
