"""What checking the database costs, on a partner lead's year (issue 12).

The store is the one ``bench_cold_start.py`` builds (a partner lead signed in, ~20,000
records pulled, encrypted); pass the same ``--home`` to reuse it. Each timing is the median
of ``--runs``, each on a fresh connection (the OS file cache warm, as at a second start):

- ``cipher_integrity_check``: every page's HMAC (what ``Store.open`` runs);
- ``quick_check`` and ``integrity_check``: the B-trees (``quick_check`` runs before every
  backup, and at open for an unencrypted database);
- ``Store.open`` with its check, and the same open without it;
- a daily backup as taken now (source checked, copy made, copy checked) and the bare copy;
- a plain SQLite commit (one small row, WAL, synchronous=FULL, same key), the unit the
  figures are also given in.

    .venv/bin/python benchmarks/bench_integrity.py [--home DIR] [--records 20000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def timed(work: Callable[[], object], runs: int) -> float:
    """The median of ``runs`` timings of ``work``, in milliseconds."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def pragma(database: Path, key: bytes, statement: str) -> Callable[[], object]:
    from app.store import keys

    def run() -> object:
        connection = keys.connect(database, key)
        try:
            return connection.execute(statement).fetchall()
        finally:
            connection.close()

    return run


def open_store(database: Path, *, checked: bool) -> Callable[[], object]:
    from app.store import Store
    from app.store.engine import make_engine
    from app.store.migrate import current_heads

    def run() -> object:
        if checked:
            Store.open(database).close()
            return None
        engine = make_engine(database, keys_of(database))
        try:
            return current_heads(engine)
        finally:
            engine.dispose()

    return run


def keys_of(database: Path) -> bytes:
    from app.store import keys

    key = keys.load_key(database)
    assert key is not None, "an encrypted store"
    return key


def plain_commits(folder: Path, key: bytes, runs: int) -> float:
    from app.store import keys

    connection = keys.connect(folder / "plain.sqlite3", key, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("CREATE TABLE t (n INTEGER, text TEXT)")

        def commit() -> None:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO t VALUES (1, 'x')")
            connection.execute("COMMIT")

        return timed(commit, runs * 50)
    finally:
        connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="a bench_cold_start home to reuse")
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    import bench_cold_start

    with tempfile.TemporaryDirectory() as tmp:
        home = (args.home or Path(tmp)).resolve()
        home.mkdir(parents=True, exist_ok=True)
        bench_cold_start.prepare(home, args.records)
        stop, server = bench_cold_start._STOP
        stop.set()  # type: ignore[attr-defined]
        server.join(timeout=30)  # type: ignore[attr-defined]
        os.environ[bench_cold_start.KEYRING_FILE_ENV] = str(home / "keyring.json")
        bench_cold_start._memory_keyring_from_file()  # the store's key, as each start has it
        from app import paths
        from app.store import backup

        database = paths.database_path()
        key = keys_of(database)
        scratch = Path(tmp) / "scratch"
        scratch.mkdir()
        copy = scratch / "copy.sqlite3"
        figures = {
            "cipher_integrity_check": timed(
                pragma(database, key, "PRAGMA cipher_integrity_check"), args.runs),
            "quick_check": timed(pragma(database, key, "PRAGMA quick_check"), args.runs),
            "integrity_check": timed(pragma(database, key, "PRAGMA integrity_check"),
                                     args.runs),
            "Store.open, checked": timed(open_store(database, checked=True), args.runs),
            "Store.open, unchecked": timed(open_store(database, checked=False), args.runs),
            "backup: bare copy": timed(
                lambda: backup._copy(database, copy, key, check_source=False), args.runs),
            "backup: checked and verified": timed(
                lambda: backup.take(database, key, reason="bench"), args.runs),
        }
        plain = plain_commits(scratch, key, args.runs)
        for made in backup.backups(database):
            if made.name.endswith("-bench.sqlite3"):
                made.unlink()
        size = database.stat().st_size
        shutil.rmtree(scratch)
    print(f"store: {size / 1e6:.1f} MB ({size // 4096} pages); plain commit {plain:.2f} ms")
    for name, ms in figures.items():
        print(f"{name:32} {ms:8.1f} ms  = {ms / plain:6.1f} plain commits")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
