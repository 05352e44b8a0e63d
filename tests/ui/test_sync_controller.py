"""When the app syncs, and what it does when a sync fails (a scripted syncer, real timers)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

from app.domain import SyncReport, SyncStatus
from sync.backoff import Backoff
from sync.errors import SyncError
from sync.service import SyncCancelled
from ui.sync_controller import SyncController, SyncSettings

IDLE = SyncStatus(0, 0, None, None, None, None)


class ScriptedSyncer:
    """Each sync takes the next outcome (an exception or a report); blocks while ``gate`` is
    clear, so a test can act during a sync."""

    def __init__(self, *outcomes: BaseException | SyncReport, reachable: bool = True) -> None:
        self.outcomes = list(outcomes)
        self.syncs = 0
        self.probes = 0
        self.reachable = reachable
        self.last_clock_skew: float | None = 2.0
        self.gate = threading.Event()
        self.gate.set()
        self.cancel_seen: Callable[[], bool] | None = None

    def sync_once(self, cancel: Callable[[], bool] | None = None) -> SyncReport:
        self.cancel_seen = cancel
        self.gate.wait(10)
        self.syncs += 1
        if cancel is not None and cancel():
            raise SyncCancelled("cancelled")
        outcome = self.outcomes.pop(0) if self.outcomes else SyncReport()
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def status(self) -> SyncStatus:
        return IDLE

    def check_server(self) -> bool:
        self.probes += 1
        return self.reachable


def controller(qtbot, runner, syncer: ScriptedSyncer) -> SyncController:
    fast = Backoff(base=0.05, cap=0.2, floor=0.01, rng=random.Random(7))
    sync = SyncController(runner, syncer, SyncSettings(period_ms=60_000, debounce_ms=20),
                          backoff=fast)
    return sync


def test_a_mark_made_during_a_sync_is_sent_by_the_next_one(qtbot, runner):
    syncer = ScriptedSyncer()
    sync = controller(qtbot, runner, syncer)
    syncer.gate.clear()
    sync.sync_now()
    assert sync.is_syncing()
    sync.changed_locally()
    sync.sync_now()  # asked again while running: queued, not run at once
    syncer.gate.set()
    qtbot.waitUntil(lambda: syncer.syncs >= 2 and not sync.is_syncing(), timeout=5_000)
    assert syncer.syncs in (2, 3)  # the queued sync (and maybe the debounced one)
    sync.stop()


def test_offline_it_probes_the_server_and_syncs_as_soon_as_it_answers(qtbot, runner):
    syncer = ScriptedSyncer(SyncError("network"), reachable=False)
    sync = controller(qtbot, runner, syncer)
    sync.sync_now()
    qtbot.waitUntil(lambda: syncer.probes >= 2, timeout=5_000)
    assert syncer.syncs == 1  # probing is cheap; no full sync while unreachable
    syncer.reachable = True
    with qtbot.waitSignal(sync.synced, timeout=5_000):
        pass
    assert syncer.syncs == 2
    sync.stop()


def test_a_busy_server_is_tried_again_no_sooner_than_its_retry_after(qtbot, runner):
    syncer = ScriptedSyncer(SyncError("rate_limited", retry_after=30))
    sync = controller(qtbot, runner, syncer)
    with qtbot.waitSignal(sync.retry_scheduled, timeout=5_000) as waited:
        sync.sync_now()
    assert waited.args[0] >= 30
    assert sync.retry_pending()
    sync.stop()
    assert not sync.retry_pending()


def test_too_old_for_the_server_pauses_automatic_sync(qtbot, runner):
    syncer = ScriptedSyncer(SyncError("too_old"))
    sync = controller(qtbot, runner, syncer)
    with qtbot.waitSignal(sync.paused, timeout=5_000) as paused:
        sync.sync_now()
    assert paused.args[0] == "too_old"
    assert "too old" in paused.args[1]
    sync.changed_locally()
    qtbot.wait(100)
    assert syncer.syncs == 1 and not sync.retry_pending()
    with qtbot.waitSignal(sync.resumed, timeout=5_000):
        sync.sync_now()  # the user asks: it tries, and the server now takes it
    assert sync.paused_for is None
    sync.stop()


def test_a_refused_sign_in_pauses_until_the_user_signs_in_again(qtbot, runner):
    syncer = ScriptedSyncer(SyncError("auth"))
    sync = controller(qtbot, runner, syncer)
    with qtbot.waitSignal(sync.paused, timeout=5_000) as paused:
        sync.sync_now()
    assert paused.args[0] == "auth" and sync.paused_for == "auth"
    with qtbot.waitSignal(sync.synced, timeout=5_000):
        sync.resume()
    assert sync.paused_for is None
    sync.stop()


def test_cancel_stops_the_running_sync_and_says_the_work_is_safe(qtbot, runner):
    syncer = ScriptedSyncer()
    sync = controller(qtbot, runner, syncer)
    syncer.gate.clear()
    sync.sync_now()
    qtbot.waitUntil(lambda: syncer.cancel_seen is not None, timeout=5_000)
    with qtbot.waitSignal(sync.failed, timeout=5_000) as failed:
        sync.cancel()
        syncer.gate.set()
    assert "cancelled" in failed.args[0] and "saved on this laptop" in failed.args[0]
    assert not sync.is_syncing()
    sync.stop()


def test_the_clock_difference_is_reported_after_a_sync(qtbot, runner):
    syncer = ScriptedSyncer(SyncReport(clock_skew_seconds=-720.0))
    sync = controller(qtbot, runner, syncer)
    with qtbot.waitSignal(sync.clock_skew, timeout=5_000) as skew:
        sync.sync_now()
    assert skew.args[0] == -720.0
    sync.stop()
