"""Time from starting ``npq-desk --demo --role R`` to the main window showing R's first page.

The parent process starts a child and times from just before the spawn to the child's
"ready" line. The child runs the same parts ``npq-desk --demo`` runs (QApplication, the
runner, the embedded server with freshly seeded demo data, sign-in, first sync, the main
window) and says "ready" once the window is visible with its first page filled in: the
events list for a facilitator and a partner lead, the facilitators in care for a QA lead
(``start_common.first_page_filled``). Its phases, in seconds from the child's own start
on the wall clock and in CPU time (all threads):

- ``imports``: Python, Qt and the app's modules, the application object;
- ``server``: the embedded server migrated, seeded and listening (the demo's own cost: a
  real laptop has no server to start); its seeding is skipped by the day's seeded copy in
  the cache folder, except at the first demo of a day (``--first-of-day`` measures that
  one: each child with an empty cache);
- ``signed in``: the demo user's laptop made and signed in (and ``first sync``: filled,
  where the backend does that before the window);
- ``window``: the main window built and shown; ``ready``: its first page filled (after
  the window's own first sync, where that is the one that fills it);
- ``settled``: the window's own first sync done as well (and the longest time the GUI
  thread did not answer, from the window on).

The app's own share is ``imports`` plus ``ready - signed in``; the server and the sign-in
(an Argon2 check on the server) are the demo's.
Each round also runs the *bare limit* (``start_common.bare_child``) timed the same way,
so a start is also given as a ratio to what this machine needed for nothing at that
moment: a busy 2-core machine moves both. Roles and the bare limit are interleaved round
by round for the same reason, the roles taking turns to go first after the bare run.
``taskset -c 0`` in front of the command gives every child one core, as a machine busy
with other work does.

    .venv/bin/python benchmarks/bench_demo_start.py [--runs N] [--role R ...]
        [--warmup N] [--profile DIR (one extra cProfile run per role)]

Offscreen Qt by default; set QT_QPA_PLATFORM=xcb with a DISPLAY to include real painting.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from start_common import BARE, Phases, bare_child, first_page_filled, phase_of, summary  # noqa: E402

ROLES = ("facilitator", "partner", "qa")


def child(role: str) -> int:
    import resource

    phase = Phases()
    from PySide6.QtCore import QTimer

    from desk.session import Session
    from ui.demo import Demo, DemoBackend
    from ui.main import make_application
    from ui.main_window import MainWindow
    from ui.runner import Runner

    app = make_application()  # as npq-desk --demo starts
    runner = Runner(on_error=lambda exc: (print(f"error {exc!r}", flush=True), app.exit(1)))
    phase("imports")

    class TimedBackend(DemoBackend):
        """The demo backend with its steps timed (the same steps, in the same order)."""

        def start_server(self) -> str:
            url = super().start_server()
            phase("server")
            return url

        def session_for(self, role: str, **kwargs: bool) -> Session:
            session = super().session_for(role, **kwargs)
            if phase.last().startswith("server"):
                phase("signed in")  # and, when the backend syncs too, its first sync
            return session

        def first_sync(self, session: Session) -> None:
            phase("signed in")
            super().first_sync(session)
            phase("first sync")

    state = {"ready": False, "last": 0.0, "stall": 0.0, "synced": False}
    backend = TimedBackend()
    demo = Demo(runner, backend)
    demo.failed.connect(lambda exc: (print(f"error {exc!r}", flush=True), app.exit(1)))

    def shown(window: MainWindow) -> None:
        phase("window")
        window.sync.synced.connect(lambda _report: state.update(synced=True))
        window.sync.failed.connect(lambda _message: state.update(synced=True))

    demo.window_shown.connect(shown)

    def poll() -> None:
        now = time.perf_counter()
        window = demo.window
        if window is not None:  # the longest the GUI thread was busy, from the window on
            state["stall"] = max(state["stall"], now - (state["last"] or now))
            state["last"] = now
        if window is None or (not state["ready"] and not first_page_filled(window)):
            return
        if not state["ready"]:
            app.processEvents()
            phase("ready")
            state["ready"] = True
            usage = resource.getrusage(resource.RUSAGE_SELF)
            print(f"ready {role} rss_mb={usage.ru_maxrss / 1024:.0f} {phase.line()}",
                  flush=True)
        elif state["synced"] and not window.sync.is_syncing():
            phase("settled")
            print(f"settled {role} longest_stall_ms={state['stall'] * 1000:.0f} "
                  f"{phase.line()}", flush=True)
            app.exit(0)

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(5)
    demo.open(role)
    try:
        return app.exec()
    finally:
        runner.wait_for_done()
        backend.close()


def run_once(role: str, profile: Path | None = None, *, first_of_day: bool = False
             ) -> tuple[float, str]:
    """Spawn one child; (seconds to its ready line, its ready and settled lines).
    ``first_of_day``: with an empty cache folder, so the demo seeds its server."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode written once
    empty = tempfile.TemporaryDirectory(prefix="npq-bench-home-")
    if first_of_day:
        env["NPQ_DESK_HOME"] = empty.name  # the demo's seed cache goes in it, empty
    command = [sys.executable, __file__, "--child", role]
    if profile is not None:
        command = [sys.executable, "-m", "cProfile", "-o", str(profile), *command[1:]]
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    elapsed, lines = 0.0, ""
    for line in proc.stdout:
        if line.startswith(("ready", "error")) and not lines:
            elapsed = time.perf_counter() - start
            lines = line.strip()
            if line.startswith("error"):
                break
        elif line.startswith("settled"):
            lines = f"{lines} | {line.strip()}"
    proc.wait(timeout=60)
    empty.cleanup()
    if not lines:
        raise SystemExit(f"the demo ({role}) exited without showing its window")
    return elapsed, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds (bare, then every role)")
    parser.add_argument("--role", action="append", choices=ROLES,
                        help="a role to start as (repeat; default: all three)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured rounds first")
    parser.add_argument("--profile", type=Path,
                        help="a folder: one more run per role under cProfile")
    parser.add_argument("--first-of-day", action="store_true",
                        help="every start with an empty cache: the demo seeds its server "
                             "(by default the day's seeded copy is used after the first)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return bare_child() if args.child == BARE else child(args.child)
    roles = args.role or list(ROLES)
    figures: dict[str, dict[str, list[float]]] = {
        r: {k: [] for k in ("start", "ratio", "cpu", "app", "app_cpu", "settled", "stall")}
        for r in roles}
    bare_times: list[float] = []
    for n in range(args.warmup + args.runs):
        bare, _ = run_once(BARE)
        measured = n >= args.warmup
        if measured:
            bare_times.append(bare)
        for role in roles[n % len(roles):] + roles[:n % len(roles)]:  # each goes first
            elapsed, lines = run_once(role, first_of_day=args.first_of_day)
            if lines.startswith("error"):
                raise SystemExit(lines)
            if not measured:
                continue
            ready, _, settled = lines.partition(" | ")
            got = figures[role]
            got["start"].append(elapsed)
            got["ratio"].append(elapsed / bare)
            for key, cpu in (("app", False), ("app_cpu", True)):
                parts = [phase_of(ready, p, cpu=cpu) for p in ("imports", "signed in",
                                                               "ready")]
                if None not in parts:
                    imports, synced, shown = parts
                    got[key].append(imports + shown - synced)  # type: ignore[operator]
            if (total := phase_of(ready, "ready", cpu=True)) is not None:
                got["cpu"].append(total)
            if (done := phase_of(settled, "settled")) is not None:
                got["settled"].append(done)
                got["stall"].append(float(settled.split("longest_stall_ms=")[1].split()[0]))
            print(f"round {n + 1 - args.warmup}: {role} {elapsed:.2f} s = "
                  f"{elapsed / bare:.1f} x bare {bare:.2f} s ({ready})", flush=True)
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
        for role in roles:
            run_once(role, args.profile / f"{role}.prof")
        print(f"profiles written to {args.profile}/")
    print(summary("bare limit (PySide6 + empty QMainWindow)", bare_times))
    for role in roles:
        got = figures[role]
        print(f"{role}: " + "; ".join([
            summary("start", got["start"]), summary("ratio to bare", got["ratio"], "x"),
            summary("CPU", got["cpu"]),
            summary("app's own (imports + window)", got["app"]),
            summary("its CPU", got["app_cpu"]),
            summary("window's first sync done", got["settled"]),
            summary("longest GUI stall", got["stall"], "ms")]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
