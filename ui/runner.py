"""The one way the UI runs background work (after Anki's CollectionOp/QueryOp).

    runner.read(service.load, event_id).success(show).run()
    runner.write(service.mark, event_id, cid, status).success(update).failure(warn).run()

- The worker function never touches widgets; callbacks always arrive on the GUI thread.
- Three lanes: ``write`` has exactly one thread, so database writes are serialised;
  ``read`` may run several reads at once; ``network`` (one thread) runs sign-in and sync,
  so a mark never waits behind a network timeout.
- A job without a failure handler goes to the runner's error handler
  (``ui.errors.show_error`` in the app).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

ErrorHandler = Callable[[BaseException], None]


class Lane(StrEnum):
    READ = "read"
    WRITE = "write"
    NETWORK = "network"


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the slot call to the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, done: Callable[[Any, BaseException | None], None]) -> None:
        super().__init__()
        self._done = done
        self.succeeded.connect(self._on_succeeded)
        self.failed.connect(self._on_failed)

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        self._done(result, None)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self._done(None, exc)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._args, self._relay = fn, args, relay

    def run(self) -> None:
        try:
            result = self._fn(*self._args)
        except BaseException as exc:  # handed to the GUI thread, never lost
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class Op:
    """A background call built up with callbacks, then started with ``run()``."""

    def __init__(self, runner: Runner, lane: Lane, fn: Callable[..., Any], *args: Any) -> None:
        self._runner, self._lane, self._fn, self._args = runner, lane, fn, args
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: ErrorHandler | None = None
        self._label: str | None = None

    def success(self, cb: Callable[[Any], None]) -> Op:
        self._on_success = cb
        return self

    def failure(self, cb: ErrorHandler) -> Op:
        self._on_failure = cb
        return self

    def with_progress(self, label: str) -> Op:
        self._label = label
        return self

    def run(self) -> None:
        self._runner._start(self)


class Runner(QObject):
    """Owns the thread pools; pass one instance to every panel that needs background work."""

    busy_changed = Signal(str)  # the label of the newest job with progress, "" when idle
    idle = Signal()

    def __init__(self, on_error: ErrorHandler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_error = on_error
        self._pools: dict[Lane, QThreadPool] = {}
        for lane, threads in ((Lane.READ, 2), (Lane.WRITE, 1), (Lane.NETWORK, 1)):
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
            self._pools[lane] = pool
        self._in_flight: set[_Relay] = set()
        self._labels: list[str] = []

    def read(self, fn: Callable[..., Any], *args: Any) -> Op:
        return Op(self, Lane.READ, fn, *args)

    def write(self, fn: Callable[..., Any], *args: Any) -> Op:
        return Op(self, Lane.WRITE, fn, *args)

    def network(self, fn: Callable[..., Any], *args: Any) -> Op:
        return Op(self, Lane.NETWORK, fn, *args)

    def busy(self) -> bool:
        return bool(self._in_flight)

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        """Block until every lane is empty (closing the app, tests' teardown)."""
        return all(pool.waitForDone(msecs) for pool in self._pools.values())

    def _start(self, op: Op) -> None:
        relay = _Relay(lambda result, exc: self._finish(relay, op, result, exc))
        self._in_flight.add(relay)
        if op._label:
            self._labels.append(op._label)
            self.busy_changed.emit(op._label)
        self._pools[op._lane].start(_Job(op._fn, op._args, relay))

    def _finish(self, relay: _Relay, op: Op, result: Any, exc: BaseException | None) -> None:
        self._in_flight.discard(relay)
        if op._label:
            self._labels.remove(op._label)
            self.busy_changed.emit(self._labels[-1] if self._labels else "")
        try:
            if exc is None:
                if op._on_success is not None:
                    op._on_success(result)
            elif op._on_failure is not None:
                op._on_failure(exc)
            else:
                log.warning("background job failed: %s", type(exc).__name__, exc_info=exc)
                self._on_error(exc)
        finally:
            relay.deleteLater()
            if not self._in_flight:
                self.idle.emit()
