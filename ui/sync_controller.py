"""When to sync, and what to do when it fails. Never blocks the window.

- On start, every few minutes, a few seconds after a local change (those made meanwhile go
  with it), and when asked.
- One sync at a time on the runner's network lane; a change made during a sync is sent by
  the next one (a sync is queued behind the running one).
- Offline (network error), server trouble (5xx) or busy (429): try again after an
  exponential, jittered backoff (``sync.backoff``); offline, a cheap ``check_server`` probe
  goes first, and the sync starts as soon as it answers. ``Retry-After`` is honoured.
- Too old for the server (426): pause automatic syncing and say so; a sign-in the server
  no longer accepts (401 after refresh): pause and ask to sign in again.
- Cancellable: a flag the sync checks before each request.
- Live: while started, signed in and not paused, one wait for the central service's changes
  is open (``Listener.wait_for_changes``, on the runner's ``listen`` lane); when it answers
  that the feed moved, the normal sync runs, and the views refresh from ``synced`` as after
  any sync. So a colleague's mark shows within seconds, with no laptop asking every few
  seconds. A wait answered while a sync ran (or after one) is opened again from the new
  cursor instead (it answers at once if anything is still to pull). A failed wait is opened
  again after a backoff; one refused for the sign-in or the cursor asks for a sync first
  (which renews the sign-in); a service without waits (an older one) leaves the periodic
  sync alone. The periodic sync stays, as the fallback.
- With a hub (``ui.changes_hub``): a change saved on this laptop (``Changes.local``) is a
  local change to send soon, and every sync says on the hub what it changed on this laptop
  (``app.changes.of_sync``: the record types it pulled, the outbox when it sent any); a
  failed one, that the outbox may have moved.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QObject, QTimer, Signal

from app.changes import AFTER_FAILED_SYNC, Changes, of_sync
from app.domain import SyncReport, SyncStatus
from sync.backoff import Backoff
from sync.errors import SyncError
from sync.service import SyncCancelled
from ui.changes_hub import ChangesHub
from ui.errors import describe_error
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.runner import Runner

log = logging.getLogger(__name__)

PERIOD_MS = 3 * 60 * 1000
DEBOUNCE_MS = 4 * 1000
# A failed wait is opened again after 1-2 s at first, then up to a minute apart.
WAIT_BACKOFF = (2.0, 60.0)
# Failures of a wait that a sync sets right (renewing the sign-in, restarting the feed, or
# saying why it cannot), and those that only need time.
_SYNC_FIRST = frozenset({"auth", "cursor_expired", "too_old"})
_TRY_AGAIN = frozenset({"network", "server", "rate_limited"})
# Marked only: shown through translate("SyncController", …) (syncing_label, failed's message).
CANCELLED = QT_TRANSLATE_NOOP(
    "SyncController", "Sync cancelled. Your work is saved on this laptop and will be sent "
                      "next time.")
SYNCING = QT_TRANSLATE_NOOP("SyncController", "Syncing…")


def syncing_label() -> str:
    """The busy label of a running sync (the status bar greys 'Sync now' while it shows)."""
    return translate("SyncController", SYNCING)


@dataclass(frozen=True)
class SyncSettings:
    """How often to sync (typed, with defaults; the app passes its own)."""

    period_ms: int = PERIOD_MS
    debounce_ms: int = DEBOUNCE_MS
    listen: bool = True  # keep a wait for changes open (when the syncer can)


class Syncer(Protocol):
    last_clock_skew: float | None

    def sync_once(self, cancel: Callable[[], bool] | None = None) -> SyncReport: ...
    def status(self) -> SyncStatus: ...
    def check_server(self) -> bool: ...


@runtime_checkable
class Listener(Protocol):
    """A syncer that can wait for the central service's changes (``SyncService``)."""

    def wait_for_changes(self, stop: threading.Event) -> bool: ...
    def stop_waiting(self) -> None: ...


@dataclass(frozen=True)
class _Waited:
    """How one wait ended: ``moved`` or an error; ``stop`` and ``syncs`` as it started."""

    stop: threading.Event
    syncs: int
    moved: bool = False
    error: BaseException | None = None


def _wait(listener: Listener, stop: threading.Event, syncs: int) -> _Waited:
    """The listen lane's job (no Qt): every outcome comes back as a value, with the stop
    event that names the wait it belongs to."""
    try:
        return _Waited(stop, syncs, moved=listener.wait_for_changes(stop))
    except Exception as exc:  # handed to the GUI thread as the wait's outcome
        return _Waited(stop, syncs, error=exc)


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus
    synced = Signal(object)  # SyncReport, after a successful sync
    failed = Signal(str)  # a human message
    paused = Signal(str, str)  # kind ("too_old" | "auth"), human message
    resumed = Signal()
    clock_skew = Signal(float)  # seconds the server's clock is ahead of this laptop's
    retry_scheduled = Signal(float)  # seconds until the next try
    running_changed = Signal(bool)

    def __init__(self, runner: Runner, syncer: Syncer, settings: SyncSettings | None = None,
                 *, backoff: Backoff | None = None, hub: ChangesHub | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        settings = settings or SyncSettings()
        self._runner, self._syncer, self._hub = runner, syncer, hub
        self._backoff = backoff or Backoff()
        self._running = False
        self._again = False
        self._stopped = False
        self._held = False  # start_when_ready() called, start not yet due
        self.paused_for: str | None = None
        self._cancel = threading.Event()
        # Signals connected by name: PySide6's stubs lack its signal keywords (timeout=).
        self._periodic = QTimer(self, interval=settings.period_ms)
        self._periodic.timeout.connect(self._auto_sync)
        self._debounce = QTimer(self, interval=settings.debounce_ms, singleShot=True)
        self._debounce.timeout.connect(self._auto_sync)
        self._retry = QTimer(self, singleShot=True)
        self._retry.timeout.connect(self._probe)
        self._probe_first = False
        self._listener = syncer if settings.listen and isinstance(syncer, Listener) else None
        self._waiting: threading.Event | None = None  # the open wait's stop event
        self._syncs = 0  # successful syncs so far: a wait knows which it started after
        self._wait_backoff = Backoff(*WAIT_BACKOFF)
        self._wait_failure: str | None = None
        self._relisten = QTimer(self, singleShot=True)
        self._relisten.timeout.connect(self._listen)
        if hub is not None:
            hub.subscribe(self)

    # --- what the window calls ---------------------------------------------------------------
    def start_when_ready(self) -> None:
        """Promise a start (``start_if_held``) that a ``stop`` in between cancels: the
        window's first sync waits for its events list, and a sign-out begun meanwhile
        must not see it start afterwards."""
        self._held = True

    def start_if_held(self) -> None:
        if self._held:
            self.start()

    def start(self) -> None:
        self._held = False
        self._stopped = False
        self._periodic.start()
        self.refresh_status()
        self.sync_now()

    def stop(self) -> None:
        """No more syncs (closing): timers off, a running sync cancelled."""
        self._held = False
        self._stopped = True
        for timer in (self._periodic, self._debounce, self._retry, self._relisten):
            timer.stop()
        self.cancel()
        self._end_wait()

    def cancel(self) -> None:
        """Stop the running sync before its next request; what was answered is kept."""
        self._again = False
        if self._running:
            self._cancel.set()

    def changed_locally(self) -> None:
        """A mark was saved: show it as pending now, and send it soon: at most
        ``debounce_ms`` after the first change not yet sent, with whatever followed it (a
        facilitator marking the whole room keeps the other laptop within seconds)."""
        self.refresh_status()
        if self.paused_for is None and not self._stopped and not self._debounce.isActive():
            self._debounce.start()

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Something was saved on this laptop: send it soon."""
        if changes.local:
            self.changed_locally()

    def refresh_status(self) -> None:
        # A bound method, not ``status_changed.emit``: the job keeps this controller alive
        # until its answer is back, as every other job's callbacks do.
        self._runner.read(self._syncer.status).success(self._status_read).run()

    def _status_read(self, status: SyncStatus) -> None:
        self.status_changed.emit(status)

    def sync_now(self) -> None:
        """Sync now (asked by the user, or at start): even while paused, to try again."""
        if self._running:
            self._again = True
            return
        self._running = True
        self._cancel.clear()
        self._debounce.stop()
        self._retry.stop()
        self.running_changed.emit(True)
        (self._runner.network(self._syncer.sync_once, self._cancel.is_set)
         .with_progress(syncing_label()).success(self._done).failure(self._failed).run())

    def resume(self) -> None:
        """The reason for the pause is gone (signed in again): sync at once."""
        self.paused_for = None
        self.resumed.emit()
        self.sync_now()

    def set_period(self, period_ms: int) -> None:
        """A new interval between automatic syncs (the settings dialog), from now on."""
        self._periodic.setInterval(period_ms)

    def period_ms(self) -> int:
        return self._periodic.interval()

    def is_syncing(self) -> bool:
        return self._running

    def is_waiting(self) -> bool:
        """Whether a wait for the central service's changes is open."""
        return self._waiting is not None

    def retry_pending(self) -> bool:
        return self._retry.isActive()

    # --- outcomes ----------------------------------------------------------------------------
    def _auto_sync(self) -> None:
        if self.paused_for is None and not self._stopped:
            self.sync_now()

    def _done(self, report: SyncReport) -> None:
        log.info("sync done: %s", report.describe())
        self._backoff.reset()
        self._syncs += 1
        if self.paused_for is not None:
            self.paused_for = None
            self.resumed.emit()
        if report.clock_skew_seconds is not None:
            self.clock_skew.emit(report.clock_skew_seconds)
        if self._relisten.isActive() and self._wait_failure in _TRY_AGAIN:
            self._relisten.stop()  # the service answers again: no need to wait it out
            self._wait_backoff.reset()
        self._finish()
        self._announce(of_sync(report))
        self.synced.emit(report)
        self._listen()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, SyncCancelled):
            log.info("sync cancelled")
            self._finish(again=False)
            self._announce(AFTER_FAILED_SYNC)
            self.failed.emit(translate("SyncController", CANCELLED))
            return
        kind = exc.kind if isinstance(exc, SyncError) else "unexpected"
        log.info("sync failed: %s", kind)
        message = describe_error(exc)
        if kind in ("too_old", "auth"):
            self.paused_for = kind
            self._relisten.stop()
            self._end_wait()  # it would be refused too
            self.paused.emit(kind, message)
        elif isinstance(exc, SyncError) and exc.retryable and not self._stopped:
            self._schedule_retry(exc.retry_after, probe_first=kind == "network")
        self._finish(again=self.paused_for is None)
        self._announce(AFTER_FAILED_SYNC)
        self.failed.emit(message)

    def _announce(self, changes: Changes) -> None:
        if self._hub is not None:
            self._hub.announce(changes)

    def _finish(self, *, again: bool = True) -> None:
        self._running = False
        self.running_changed.emit(False)
        self.refresh_status()
        if self._again and again and not self._stopped:
            self._again = False
            self.sync_now()
        self._again = False

    # --- waiting for changes -----------------------------------------------------------------
    def _listen(self) -> None:
        """Open a wait, unless one is open, one is due after a failure, or there is no
        reason to (stopped, paused, not started, no listener)."""
        if (self._listener is None or self._waiting is not None or self._stopped
                or self.paused_for is not None or self._relisten.isActive()
                or not self._periodic.isActive()):
            return
        stop = self._waiting = threading.Event()
        self._runner.listen(_wait, self._listener, stop, self._syncs).success(
            self._waited).run()

    def _end_wait(self) -> None:
        stop, self._waiting = self._waiting, None
        if stop is not None and self._listener is not None:
            stop.set()
            self._listener.stop_waiting()

    def _waited(self, outcome: _Waited) -> None:
        if outcome.stop is not self._waiting:
            return  # a wait ended by stop(): its answer is no one's
        self._waiting = None
        if outcome.error is not None:
            self._wait_failed(outcome.error)
            return
        self._wait_backoff.reset()
        self._wait_failure = None
        if self._running:
            return  # the sync under way pulls it, or the wait it opens at its end says so
        if not outcome.moved:
            self._listen()
        elif self._syncs != outcome.syncs:
            log.debug("the feed moved while a sync ran: waiting again from the new cursor")
            self._listen()
        else:
            log.info("the central service has changes: syncing")
            self.sync_now()

    def _wait_failed(self, exc: BaseException) -> None:
        kind = exc.kind if isinstance(exc, SyncError) else "unexpected"
        if self.paused_for is not None or self._stopped:
            return  # resuming syncs opens it again
        if kind not in _SYNC_FIRST | _TRY_AGAIN:
            log.warning("waiting for changes failed (%s): syncing every few minutes only",
                        kind, exc_info=kind == "unexpected")
            return
        self._wait_failure = kind
        retry_after = exc.retry_after if isinstance(exc, SyncError) else None
        delay = self._wait_backoff.next_delay(retry_after)
        log.info("waiting for changes failed (%s): again in %.1f s", kind, delay)
        self._relisten.start(int(delay * 1000))
        if kind in _SYNC_FIRST:
            self.sync_now()

    # --- trying again ------------------------------------------------------------------------
    def _schedule_retry(self, retry_after: float | None = None, *,
                        probe_first: bool = True) -> None:
        delay = self._backoff.next_delay(retry_after)
        self._probe_first = probe_first
        self._retry.start(int(delay * 1000))
        self.retry_scheduled.emit(delay)
        log.info("next try in %.1f s", delay)

    def _probe(self) -> None:
        if self._running or self.paused_for is not None or self._stopped:
            return
        if not self._probe_first:
            self.sync_now()
            return
        self._runner.network(self._syncer.check_server).success(self._probed).failure(
            lambda _exc: self._probed(False)).run()

    def _probed(self, reachable: bool) -> None:
        skew = getattr(self._syncer, "last_clock_skew", None)
        if reachable and skew is not None:
            self.clock_skew.emit(skew)
        self.refresh_status()
        if self._stopped or self.paused_for is not None or self._running:
            return
        if reachable:
            self.sync_now()
        else:
            self._schedule_retry()
