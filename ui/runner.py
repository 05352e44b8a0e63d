"""The one way the UI runs background work (after Anki's CollectionOp/QueryOp).

    runner.read(service.load, event_id).success(show).run()
    runner.write(service.mark, event_id, cid, status).success(update).failure(warn).run()

- The worker function never touches widgets; callbacks always arrive on the GUI thread.
- Four lanes: ``write`` has exactly one thread, so database writes are serialised;
  ``read`` may run several reads at once; ``network`` (one thread) runs sign-in and sync,
  so a mark never waits behind a network timeout; ``listen`` (one thread) holds the wait
  for the central service's changes (``ui.sync_controller``), open for most of the time, so
  it neither holds up a sync nor counts as busy (``busy()``, ``idle``). Its caller ends it
  before ``wait_for_done()``.
- A job without a failure handler goes to the runner's error handler
  (``ui.errors.show_error`` in the app).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.errors import StoreRemoved

log = logging.getLogger(__name__)

ErrorHandler = Callable[[BaseException], object]  # what it returns is ignored


def _owner_deleted(callback: Callable[..., Any] | None) -> bool:
    """True when ``callback`` is a method of a Qt object already deleted (a window closed
    while its read was running): its answer has nowhere to go and is dropped."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not shiboken6.isValid(owner)


class Lane(StrEnum):
    READ = "read"
    WRITE = "write"
    NETWORK = "network"
    LISTEN = "listen"


class _Relay(QObject):
    """Carries one job's outcome back to the GUI thread, where the runner finishes the job.

    Python's garbage collector runs in whichever thread happens to allocate when a
    collection is due, and the workers allocate a lot (sign-in, migrations, sync). So
    nothing a worker touches may end up as the last reference to a Qt object or in a
    reference cycle:

    - the relay is a child of the runner, so a worker that drops the last Python reference
      to it frees only the wrapper; the Qt object goes with ``deleteLater()`` on the GUI
      thread;
    - the outcome is parked on the relay and the worker's own references are dropped
      before it signals, so the GUI thread lets go of the job's function, arguments, result
      and callbacks last;
    - no closure refers back to the relay, so a finished job leaves no cycle (a cycle
      would hand the runner, the callbacks and the widgets they hold to the collector,
      which might then delete them on a worker thread).
    """

    done = Signal()

    def __init__(self, runner: Runner, op: Op) -> None:
        super().__init__(runner)
        self._runner: Runner | None = runner
        self._op: Op | None = op
        self.outcome: tuple[Any, BaseException | None] = (None, None)
        self.done.connect(self._on_done)  # queued: emitted on a worker thread

    @Slot()
    def _on_done(self) -> None:
        runner, op, (result, exc) = self._runner, self._op, self.outcome
        self._runner = self._op = None
        self.outcome = (None, None)
        if runner is not None and op is not None:
            runner._finish(self, op, result, exc)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn: Callable[..., Any] | None = fn
        self._args: tuple[Any, ...] = args
        self._relay: _Relay | None = relay

    def run(self) -> None:
        # The pool deletes this runnable on the worker thread: hold nothing past run().
        fn, args, relay = self._fn, self._args, self._relay
        self._fn, self._args, self._relay = None, (), None
        assert fn is not None and relay is not None
        try:
            result = fn(*args)
        except BaseException as exc:  # handed to the GUI thread, never lost
            relay.outcome = (None, exc)
        else:
            relay.outcome = (result, None)
            del result
        del fn, args
        relay.done.emit()


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
        for lane, threads in ((Lane.READ, 2), (Lane.WRITE, 1), (Lane.NETWORK, 1),
                              (Lane.LISTEN, 1)):
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
            self._pools[lane] = pool
        self._in_flight: set[_Relay] = set()
        self._listening: set[_Relay] = set()
        self._labels: list[str] = []

    def read(self, fn: Callable[..., Any], *args: Any) -> Op:
        return Op(self, Lane.READ, fn, *args)

    def write(self, fn: Callable[..., Any], *args: Any) -> Op:
        return Op(self, Lane.WRITE, fn, *args)

    def network(self, fn: Callable[..., Any], *args: Any) -> Op:
        return Op(self, Lane.NETWORK, fn, *args)

    def listen(self, fn: Callable[..., Any], *args: Any) -> Op:
        """A long wait for news (not busy work): see the module's docstring."""
        return Op(self, Lane.LISTEN, fn, *args)

    def busy(self) -> bool:
        return bool(self._in_flight)

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        """Block until every lane is empty (closing the app, tests' teardown)."""
        return all(pool.waitForDone(msecs) for pool in self._pools.values())

    def _start(self, op: Op) -> None:
        relay = _Relay(self, op)
        (self._listening if op._lane is Lane.LISTEN else self._in_flight).add(relay)
        if op._label:
            self._labels.append(op._label)
            self.busy_changed.emit(op._label)
        self._pools[op._lane].start(_Job(op._fn, op._args, relay))

    def _finish(self, relay: _Relay, op: Op, result: Any, exc: BaseException | None) -> None:
        counted = relay in self._in_flight
        self._in_flight.discard(relay)
        self._listening.discard(relay)
        if op._label:
            self._labels.remove(op._label)
            self.busy_changed.emit(self._labels[-1] if self._labels else "")
        try:
            if _owner_deleted(op._on_success if exc is None else op._on_failure):
                log.debug("background job finished after its window was deleted")
            elif isinstance(exc, StoreRemoved):
                log.info("background job dropped: the store was removed (signed out)")
            elif exc is None:
                if op._on_success is not None:
                    op._on_success(result)
            elif op._on_failure is not None:
                op._on_failure(exc)
            else:
                log.warning("background job failed: %s", type(exc).__name__, exc_info=exc)
                self._on_error(exc)
        finally:
            relay.deleteLater()
            if counted and not self._in_flight:
                self.idle.emit()
