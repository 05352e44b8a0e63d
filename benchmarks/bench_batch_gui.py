"""The batch dialog printing 40 groups x 6 events (240 registers) while the GUI thread is
watched: a 10 ms QTimer records the gap between its ticks; a gap much over 10 ms is time the
GUI thread could not answer (target: never blocked > 50 ms). Also the total time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_batch_gui.py [--combine]

The data is generated in a temporary store (through the same path pulled data takes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.catalogue import CatalogueService
from app.store import Store
from sync.memory_keyring import MemoryKeyring
from tests.printing.builders import seed_groups
from ui.printing.batch_dialog import BatchDialog
from ui.printing.batch_jobs import BatchResult
from ui.runner import Runner


def run(folder: Path, combine: bool) -> tuple[BatchResult, list[float], float]:
    sizes = [12 + (n * 7) % 19 for n in range(40)]  # 12..30 candidates
    with Store.open(folder / "bench.sqlite3") as store:
        seed_groups(store, sizes, events=6)
        runner = Runner(on_error=lambda exc: print(f"failed: {exc!r}", file=sys.stderr))
        dialog = BatchDialog(runner, store, CatalogueService(store), whole_intake=True,
                             out_dir=folder / "out")
        dialog.show()
        loop = QEventLoop()
        QTimer.singleShot(0, dialog.load_choices)
        waiting = QTimer(interval=10, timeout=lambda: dialog.start_button.isEnabled()
                         and loop.quit())
        waiting.start()
        loop.exec()
        waiting.stop()
        dialog.combined_radio.setChecked(combine)

        gaps: list[float] = []
        clock = QElapsedTimer()
        ticker = QTimer(interval=10)

        def tick() -> None:
            gaps.append(clock.nsecsElapsed() / 1e6)
            clock.restart()

        ticker.timeout.connect(tick)
        results: list[BatchResult] = []
        dialog.finished_batch.connect(lambda result: (results.append(result), loop.quit()))
        started = time.perf_counter()
        clock.start()
        ticker.start()
        dialog.start()
        loop.exec()
        total = time.perf_counter() - started
        ticker.stop()
        runner.wait_for_done()
        dialog.close()
        dialog.deleteLater()
    return results[0], gaps, total


def main() -> None:
    keyring.set_keyring(MemoryKeyring())  # the database key: never the OS keyring
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--combine", action="store_true", help="one combined PDF")
    parser.add_argument("--dir", type=Path, help="where to write (default: a temp folder)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.dir or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        result, gaps, total = run(folder, args.combine)
    ordered = sorted(gaps)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    over = sum(g > 50 for g in gaps)
    print(f"{result.summary()}")
    print(f"batch of {result.events} registers ({'combined' if args.combine else 'one PDF each'})"
          f": {total:.1f} s total, {total / max(result.events, 1) * 1000:.0f} ms each")
    print(f"GUI thread, 10 ms timer over {len(gaps)} ticks: longest gap {max(gaps):.1f} ms, "
          f"p99 {p99:.1f} ms, median {statistics.median(gaps):.1f} ms, "
          f"gaps > 50 ms: {over} (target: none)")


if __name__ == "__main__":
    main()
