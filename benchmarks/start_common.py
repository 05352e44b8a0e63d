"""What the two start-up benchmarks share (``bench_cold_start.py``, ``bench_demo_start.py``).

- ``first_page_filled``: when a start counts as done for each role;
- ``bare_child``: the floor both measure against, in a child of its own (Python importing
  PySide6 and showing an empty ``QMainWindow``);
- ``Phases``: a child's phases as seconds of wall clock and of the process's CPU (all its
  threads), printed on its "ready" line and read back by the parent;
- ``summary``: one figure as "median (min-max)".
"""

from __future__ import annotations

import statistics
import sys
import time

BARE = "bare"


def first_page_filled(window: object) -> bool:
    """What the user looks at first has its data: the QA lead's workspace (their first
    tab), otherwise the events list (a facilitator's and a partner lead's first tab)."""
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    if not window.isVisible():
        return False
    workspace = window.forms.workspace
    if workspace is not None:
        return workspace.model.rowCount() > 0
    return bool(window.events_panel.event_ids())


def bare_child() -> int:
    """The floor: import PySide6, show an empty main window at the laptop size, say ready."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()

    def ready() -> None:
        app.processEvents()
        print("ready bare", flush=True)
        app.exit(0)

    QTimer.singleShot(0, ready)
    return app.exec()


class Phases:
    """A child's phases: seconds since its start on the wall clock and in CPU time."""

    def __init__(self) -> None:
        self.began = time.perf_counter()
        self.wall: list[str] = []
        self.cpu: list[str] = []

    def __call__(self, name: str) -> None:
        self.wall.append(f"{name} {time.perf_counter() - self.began:.2f}")
        self.cpu.append(f"{name} {time.process_time():.2f}")

    def last(self) -> str:
        return self.wall[-1] if self.wall else ""

    def line(self) -> str:
        return f"cpu<{', '.join(self.cpu)}> [{', '.join(self.wall)}]"


def phase_of(line: str, name: str, *, cpu: bool = False) -> float | None:
    """A phase's seconds from a child's line (wall clock, or CPU with ``cpu``)."""
    if cpu:
        if "cpu<" not in line:
            return None
        text = line.split("cpu<", 1)[1].split(">", 1)[0]
    else:
        text = line.rsplit("[", 1)[-1].split("]", 1)[0]
    for part in text.split(", "):
        key, _, value = part.rpartition(" ")
        if key == name:
            return float(value)
    return None


def summary(name: str, values: list[float], unit: str = "s") -> str:
    if not values:
        return f"{name}: -"
    return (f"{name}: median {statistics.median(values):.2f} "
            f"({min(values):.2f}-{max(values):.2f}) {unit}").rstrip()
