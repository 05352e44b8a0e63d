"""Cold start of ``npq-desk`` with a partner lead's year of data to an interactive window.

Setup (once): the reference server in a process of its own, grown as in
``bench_sync_throughput.py`` until the demo partner lead sees >= ``--records`` records; a
laptop home folder (``NPQ_DESK_HOME``) whose encrypted database has been signed in as the
partner lead and has pulled all of it. The database key and refresh token are kept in an
in-memory keyring (this machine has no secure one) whose contents are handed to each child
through a file, so the child opens the real encrypted store exactly as the app does.

Each run is a fresh Python process doing what ``npq-desk`` does for a normal start
(``ui.main``: logging, QApplication, style, excepthooks, single-instance lock, the store
check, ``Launcher``: open store, daily backup, retention purge, resume the sign-in, main
window). The clock runs from just before the spawn to the child's "ready" line, printed
once the main window is visible and its events list is filled from the local store (the
first sync then runs in the background). The child also reports its peak resident memory
(``ru_maxrss``) at that point, and again after the first sync has finished.

Targets: <= 1.5 s and <= 250 MB on a 2-core machine. One unmeasured warm-up run first: the
OS file cache is then warm (no root to drop it) and Python's bytecode is written, which is
what a laptop that has started the installed app before sees.

    .venv/bin/python benchmarks/bench_cold_start.py [--records 20000] [--runs 5]
        [--warmup 1] [--home DIR (reuse a prepared home and server data)]
        [--profile FILE]

Offscreen Qt by default; set QT_QPA_PLATFORM=xcb with a DISPLAY to include real painting.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEYRING_FILE_ENV = "NPQ_BENCH_KEYRING_FILE"


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
            if window is not None and window.isVisible() and window.events_panel.event_ids():
                app.processEvents()
                state["ready"] = True
                phase("ready")
                print(f"ready {len(window.events_panel.event_ids())} events "
                      f"rss_mb={rss_mb():.0f} [{', '.join(phases)}]", flush=True)
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


def prepare(home: Path, records: int) -> str:
    """Start the grown server (returns its URL) and make the laptop's home: signed in as
    the partner lead, first sync done. Reuses a home prepared before."""
    import keyring

    from sync.memory_keyring import MemoryKeyring

    sys.path.insert(0, str(ROOT / "benchmarks"))
    os.environ["NPQ_DESK_HOME"] = str(home / "laptop")
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    import multiprocessing

    ready: multiprocessing.Queue[str] = multiprocessing.Queue()
    stop = multiprocessing.Event()
    server = multiprocessing.Process(target=_serve, args=(home / "server", records, ready,
                                                          stop), daemon=True)
    server.start()
    url = ready.get(timeout=900)
    keyring_file = home / "keyring.json"
    if not keyring_file.exists():
        from ui.session import open_store, prepare_store, sign_in

        prepare_store()
        store = open_store()
        try:
            session = sign_in(store, url, "partner", "npq-demo")
            started = time.perf_counter()
            report = session.sync.sync_once()
            print(f"laptop: first sync {report.describe()} in "
                  f"{time.perf_counter() - started:.1f} s", flush=True)
        finally:
            store.close()
        keyring_file.write_text(json.dumps(
            [[s, u, p] for (s, u), p in backend.secrets.items()]), encoding="utf-8")
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


def run_once(home: Path, profile: Path | None) -> tuple[float, str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["NPQ_DESK_HOME"] = str(home / "laptop")
    # An installed app (a wheel, the PyInstaller bundle) starts from compiled bytecode; a
    # shell that sets PYTHONDONTWRITEBYTECODE would make every run compile ~150 modules
    # again (~0.15 s). The warm-up run writes the bytecode the measured runs then use.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env[KEYRING_FILE_ENV] = str(home / "keyring.json")
    command = [sys.executable, __file__, "--child"]
    if profile is not None:
        command = [sys.executable, "-m", "cProfile", "-o", str(profile), __file__, "--child"]
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
        raise SystemExit("the app exited without showing its window")
    return elapsed, ready, synced


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1,
                        help="unmeasured runs first (bytecode, file cache)")
    parser.add_argument("--home", type=Path, help="a folder to prepare once and reuse")
    parser.add_argument("--profile", type=Path, help="cProfile one extra run into this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        return child()
    with tempfile.TemporaryDirectory() as tmp:
        home = (args.home or Path(tmp)).resolve()
        home.mkdir(parents=True, exist_ok=True)
        prepare(home, args.records)
        try:
            for _ in range(args.warmup):  # bytecode written, OS file cache warm
                run_once(home, None)
            times, peaks, after_sync = [], [], []
            for n in range(args.runs):
                elapsed, ready, synced = run_once(home, None)
                if ready.startswith("error"):
                    raise SystemExit(ready)
                times.append(elapsed)
                peaks.append(float(ready.split("rss_mb=")[1].split()[0]))
                if synced:
                    after_sync.append(float(synced.split("rss_mb=")[1]))
                print(f"run {n + 1}: {elapsed:.2f} s ({ready}; {synced or 'no sync line'})",
                      flush=True)
            if args.profile is not None:
                run_once(home, args.profile)
                print(f"profile written to {args.profile}")
        finally:
            stop, server = _STOP
            stop.set()  # type: ignore[attr-defined]
            server.join(timeout=30)  # type: ignore[attr-defined]
    print(f"cold start to an interactive main window: median {statistics.median(times):.2f} s"
          f", range {min(times):.2f}-{max(times):.2f} s over {len(times)} runs (target 1.5 s)")
    print(f"peak RSS at the window: median {statistics.median(peaks):.0f} MB, range "
          f"{min(peaks):.0f}-{max(peaks):.0f} MB (target 250 MB)")
    if after_sync:
        print(f"peak RSS after the first sync: median {statistics.median(after_sync):.0f} MB,"
              f" range {min(after_sync):.0f}-{max(after_sync):.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
