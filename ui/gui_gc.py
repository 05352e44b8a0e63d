"""Python's cyclic garbage collector, run on the GUI thread only (after pyqtgraph's).

Left to itself, Python collects reference cycles in whichever thread allocates when a
collection falls due, and the runner's workers allocate a lot (sign-in, the demo server's
migrations, sync). Widget trees are full of cycles (a parent's attributes hold its
children, a child holds its window, signals hold bound methods), so a collection on a
worker thread can free the last Python reference to a Qt object that Python owns (a
runner, a model, a window not yet deleted) and run its C++ destructor there, while the
GUI thread is using it: the app crashes. So the automatic collector is switched off and a
timer on the GUI thread collects instead, generation by generation, with the thresholds
Python would have used.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    """Create on the GUI thread (once, with a parent that lives as long as the app);
    ``stop()`` hands collection back to Python."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> None:
        counts, threshold = gc.get_count(), self._threshold
        if counts[0] > threshold[0]:
            generation = 0
            if counts[1] > threshold[1]:
                generation = 2 if counts[2] > threshold[2] else 1
            gc.collect(generation)

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
