"""Cold start of ``npq-desk`` with a year of data to an interactive window, by role.

Setup (once): the reference server in a process of its own, grown as in
``bench_sync_throughput.py`` until the demo partner lead sees >= ``--records`` records (the
grown groups are the demo facilitator's, so the facilitator and their QA lead see them
too); one laptop home folder (``NPQ_DESK_HOME``) per ``--role`` whose encrypted database
has been signed in as that demo user and has pulled all of it (the partner lead's is
``laptop/``, as before roles; the others ``laptop-<role>/``). The database key and refresh
token are kept in an in-memory keyring (this machine has no secure one) whose contents are
handed to each child through a file, so the child opens the real encrypted store exactly
as the app does.

Each run is a fresh Python process doing what ``npq-desk`` does for a normal start
(``ui.main``: logging, QApplication, style, excepthooks, single-instance lock, the store
check, ``Launcher``: open store, daily backup, retention purge, resume the sign-in, main
window). The clock runs from just before the spawn to the child's "ready" line, printed
once the main window is visible and its first page is filled from the local store (the
events list; a QA lead's workspace: ``start_common.first_page_filled``; the first sync
then runs in the background). The child also reports its peak resident memory
(``ru_maxrss``) at that point, and again after the first sync has finished.

Targets: <= 1.5 s and <= 250 MB on a 2-core machine. One unmeasured warm-up run first: the
OS file cache is then warm (no root to drop it) and Python's bytecode is written, which is
what a laptop that has started the installed app before sees.

Each round also starts the bare limit (``start_common.bare_child``: PySide6 and an empty
``QMainWindow``) in a child of its own, so each start is also a ratio to it; the roles and
the bare limit are interleaved round by round.

    .venv/bin/python benchmarks/bench_cold_start.py [--records 20000] [--runs 5]
        [--warmup 1] [--home DIR (reuse a prepared home and server data)]
        [--role partner|facilitator|qa ...] [--profile FILE]

Offscreen Qt by default; set QT_QPA_PLATFORM=xcb with a DISPLAY to include real painting.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from start_common import BARE, bare_child, first_page_filled, summary  # noqa: E402

KEYRING_FILE_ENV = "NPQ_BENCH_KEYRING_FILE"
ROLES = ("partner", "facilitator", "qa")


def laptop_dir(home: Path, role: str) -> Path:
    """A role's laptop home: ``laptop/`` for the partner lead (as before roles)."""
    return home / ("laptop" if role == "partner" else f"laptop-{role}")


def keyring_path(home: Path, role: str) -> Path:
    return home / ("keyring.json" if role == "partner" else f"keyring-{role}.json")


def _memory_keyring_from_file() -> None:
    """Install an in-memory keyring holding what the setup saved (the key, the token)."""
    import keyring

    from sync.memory_keyring import MemoryKeyring

    backend = MemoryKeyring()
    path = os.environ.get(KEYRING_FILE_ENV)
    if path:
        for service, user, secret in json.loads(Path(path).read_text(encoding="utf-8")):
            backend.secrets[(service, user)] = secret
    keyring.set_keyring(backend)


def _save_memory_keyring() -> None:
    """Write the keyring back (a refresh token rotates on each sync): the next run resumes
    with the current one, as a persistent OS keyring would."""
    import keyring

    path = os.environ.get(KEYRING_FILE_ENV)
    secrets = getattr(keyring.get_keyring(), "secrets", None)
    if path and secrets is not None:
        Path(path).write_text(json.dumps([[s, u, p] for (s, u), p in secrets.items()]),
                              encoding="utf-8")


def child() -> int:
    """One cold start, the way ``ui.main.run_gui`` does a normal start."""
    import resource

    began = time.perf_counter()
    phases: list[str] = []

    def phase(name: str) -> None:
        phases.append(f"{name} {time.perf_counter() - began:.2f}")

    _memory_keyring_from_file()
    from app import paths
    from ui.main import setup_logging

    setup_logging(paths.log_dir())
    from PySide6.QtCore import QSettings, QTimer

    from ui.errors import install_excepthooks
    from ui.main import make_application, store_ready
    from ui.runner import Runner

    phase("imports")
    app = make_application()
    install_excepthooks(paths.log_dir())
    guard = None
    try:
        from ui.single_instance import SingleInstance
    except ImportError:  # before the single-instance guard existed
        SingleInstance = None  # type: ignore[assignment,misc]
    if SingleInstance is not None:
        guard = SingleInstance(paths.data_dir())
        if not guard.acquire():
            print("error another instance holds the data folder", flush=True)
            return 1
    runner = Runner(on_error=lambda exc: (print(f"error {exc!r}", flush=True), app.exit(1)))
    phase("application")
    if not store_ready():
        print("error store not ready", flush=True)
        return 1
    phase("store checked")
    from ui.launcher import Launcher

    phase("window code imported")

    settings = QSettings(str(paths.data_dir() / "window.ini"), QSettings.Format.IniFormat)
    launcher = Launcher(runner, settings)
    state = {"ready": False}

    def rss_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def poll() -> None:
        window = launcher.window
        if window is not None and not phases[-1].startswith("window built"):
            phase("window built")
        if launcher.login is not None:
            print("error the sign-in dialog appeared (no saved sign-in)", flush=True)
            app.exit(1)
            return
        if not state["ready"]:
            if window is not None and first_page_filled(window):
                app.processEvents()
                state["ready"] = True
                phase("ready")
                print(f"ready {len(window.events_panel.event_ids())} events "
                      f"rss_mb={rss_mb():.0f} cpu_s={time.process_time():.2f} "
                      f"[{', '.join(phases)}]", flush=True)
            return
        assert window is not None
        if not window.sync.is_syncing():
            print(f"synced rss_mb={rss_mb():.0f}", flush=True)
            timer.stop()
            window.close_now()
            app.exit(0)

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(5)
    launcher.start()
    try:
        return app.exec()
    finally:
        launcher.close()
        _save_memory_keyring()
        if guard is not None:
            guard.release()


def prepare(home: Path, records: int, roles: tuple[str, ...] = ("partner",)) -> str:
    """Start the grown server (returns its URL) and make each role's laptop home: signed
    in as that demo user, first sync done. Reuses homes prepared before."""
    import multiprocessing

    import keyring

    from sync.memory_keyring import MemoryKeyring

    ready: multiprocessing.Queue[str] = multiprocessing.Queue()
    stop = multiprocessing.Event()
    server = multiprocessing.Process(target=_serve, args=(home / "server", records, ready,
                                                          stop), daemon=True)
    server.start()
    url = ready.get(timeout=900)
    for role in roles:
        keyring_file = keyring_path(home, role)
        if keyring_file.exists():
            continue
        from desk.session import open_store, prepare_store, sign_in

        os.environ["NPQ_DESK_HOME"] = str(laptop_dir(home, role))
        backend = MemoryKeyring()
        keyring.set_keyring(backend)
        prepare_store()
        store = open_store()
        try:
            session = sign_in(store, url, role, "npq-demo")
            started = time.perf_counter()
            report = session.sync.sync_once()
            print(f"laptop ({role}): first sync {report.describe()} in "
                  f"{time.perf_counter() - started:.1f} s", flush=True)
        finally:
            store.close()
        keyring_file.write_text(json.dumps(
            [[s, u, p] for (s, u), p in backend.secrets.items()]), encoding="utf-8")
    os.environ["NPQ_DESK_HOME"] = str(laptop_dir(home, roles[0]))
    keyring.set_keyring(MemoryKeyring())
    _STOP.append(stop)
    _STOP.append(server)  # type: ignore[arg-type]
    return url


_STOP: list[object] = []


def _serve(data_dir: Path, records: int, ready: object, stop: object) -> None:
    """The server process: grown once (a reused home keeps its grown database)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_sync_throughput import TODAY, grow

    from server.embedded import EmbeddedServer

    grown = data_dir / "grown"
    with EmbeddedServer(data_dir=data_dir, seed=True, today=TODAY) as server:
        if not grown.exists():
            started = time.perf_counter()
            added = grow(server, records)
            grown.write_text(str(added), encoding="utf-8")
            print(f"server: {added} records added in {time.perf_counter() - started:.1f} s",
                  flush=True)
        ready.put(server.base_url)  # type: ignore[attr-defined]
        stop.wait()  # type: ignore[attr-defined]


def run_once(home: Path, role: str, profile: Path | None = None) -> tuple[float, str, str]:
    """One start of ``role`` (or the bare limit) in a fresh process: (seconds to its
    ready line, that line, its synced line)."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["NPQ_DESK_HOME"] = str(laptop_dir(home, role))
    # An installed app (a wheel, the PyInstaller bundle) starts from compiled bytecode; a
    # shell that sets PYTHONDONTWRITEBYTECODE would make every run compile ~150 modules
    # again (~0.15 s). The warm-up run writes the bytecode the measured runs then use.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env[KEYRING_FILE_ENV] = str(keyring_path(home, role))
    command = [sys.executable, __file__, "--child", role]
    if profile is not None:
        command = [sys.executable, "-m", "cProfile", "-o", str(profile), *command[1:]]
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    ready, synced = "", ""
    elapsed = 0.0
    for line in proc.stdout:
        if line.startswith(("ready", "error")) and not ready:
            elapsed = time.perf_counter() - start
            ready = line.strip()
            if line.startswith("error"):
                break
        elif line.startswith("synced"):
            synced = line.strip()
    proc.wait(timeout=120)
    if not ready:
        raise SystemExit(f"the app ({role}) exited without showing its window")
    return elapsed, ready, synced


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1,
                        help="unmeasured rounds first (bytecode, file cache)")
    parser.add_argument("--home", type=Path, help="a folder to prepare once and reuse")
    parser.add_argument("--role", action="append", choices=ROLES,
                        help="a role to start as (repeat; default: the partner lead)")
    parser.add_argument("--profile", type=Path,
                        help="cProfile one extra run per role into FILE-<role>")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        return bare_child() if args.child == BARE else child()
    roles = tuple(args.role or ["partner"])
    with tempfile.TemporaryDirectory() as tmp:
        home = (args.home or Path(tmp)).resolve()
        home.mkdir(parents=True, exist_ok=True)
        prepare(home, args.records, roles)
        figures: dict[str, dict[str, list[float]]] = {
            r: {k: [] for k in ("start", "ratio", "cpu", "rss", "synced_rss")} for r in roles}
        bare_times: list[float] = []
        try:
            for n in range(args.warmup + args.runs):  # the first: bytecode, file cache
                bare, _ready, _synced = run_once(home, BARE)
                measured = n >= args.warmup
                if measured:
                    bare_times.append(bare)
                for role in roles:
                    elapsed, ready, synced = run_once(home, role)
                    if ready.startswith("error"):
                        raise SystemExit(ready)
                    if not measured:
                        continue
                    got = figures[role]
                    got["start"].append(elapsed)
                    got["ratio"].append(elapsed / bare)
                    got["rss"].append(float(ready.split("rss_mb=")[1].split()[0]))
                    got["cpu"].append(float(ready.split("cpu_s=")[1].split()[0]))
                    if synced:
                        got["synced_rss"].append(float(synced.split("rss_mb=")[1]))
                    print(f"round {n + 1 - args.warmup}: {role} {elapsed:.2f} s = "
                          f"{elapsed / bare:.1f} x bare {bare:.2f} s ({ready}; "
                          f"{synced or 'no sync line'})", flush=True)
            if args.profile is not None:
                for role in roles:
                    out = args.profile.with_name(f"{args.profile.name}-{role}")
                    run_once(home, role, out)
                    print(f"profile written to {out}")
        finally:
            stop, server = _STOP
            stop.set()  # type: ignore[attr-defined]
            server.join(timeout=30)  # type: ignore[attr-defined]
    print(summary("bare limit (PySide6 + empty QMainWindow)", bare_times))
    for role in roles:
        got = figures[role]
        print(f"{role}: " + "; ".join([
            summary("cold start to an interactive main window", got["start"]),
            summary("ratio to bare", got["ratio"], "x"), summary("CPU", got["cpu"]),
            summary("peak RSS at the window", got["rss"], "MB"),
            summary("after the first sync", got["synced_rss"], "MB")])
            + " (targets 1.5 s, 250 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
