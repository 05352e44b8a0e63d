"""Time from starting ``npq-desk --demo`` to the main window showing the facilitator's events.

The parent process starts a child and times from just before the spawn to the child's
"ready" line. The child runs the same parts ``npq-desk --demo`` runs (QApplication, the
runner, the embedded server with freshly seeded demo data, sign-in, first sync, the main
window) and says "ready" once the window is visible with its event list filled in.
It also reports the child's peak memory (ru_maxrss). Target: at most 3 s.

    .venv/bin/python benchmarks/bench_demo_start.py [--runs N]

Offscreen Qt by default; set QT_QPA_PLATFORM=xcb with a DISPLAY to include real painting.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child() -> int:
    import resource

    from PySide6.QtCore import QTimer

    from ui.demo import Demo, DemoBackend
    from ui.main import make_application
    from ui.main_window import MainWindow
    from ui.runner import Runner

    app = make_application()  # as npq-desk --demo starts
    runner = Runner(on_error=lambda exc: (print(f"error {exc!r}", flush=True), app.exit(1)))
    backend = DemoBackend()
    demo = Demo(runner, backend)
    demo.failed.connect(lambda exc: (print(f"error {exc!r}", flush=True), app.exit(1)))

    def poll() -> None:
        window: MainWindow | None = demo.window
        if window is not None and window.isVisible() and window.events_panel.event_ids():
            app.processEvents()
            rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"ready {len(window.events_panel.event_ids())} events rss_mb={rss_mb:.0f}",
                  flush=True)
            app.exit(0)

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(5)
    demo.open("facilitator")
    try:
        return app.exec()
    finally:
        runner.wait_for_done()
        backend.close()


def run_once() -> tuple[float, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(("ready", "error")):
            elapsed = time.perf_counter() - start
            proc.wait(timeout=60)
            return elapsed, line.strip()
    proc.wait(timeout=60)
    raise SystemExit("the demo exited without showing its window")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        return child()
    times = []
    for n in range(args.runs):
        elapsed, line = run_once()
        if line.startswith("error"):
            raise SystemExit(line)
        times.append(elapsed)
        print(f"run {n + 1}: {elapsed:.2f} s ({line})")
    print(f"demo start to main window: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s over {len(times)} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
