"""The controller's wait for changes (a scripted syncer that can wait, real timers): one wait
open while started, a sync when it says the feed moved, and the right thing on failures."""

from __future__ import annotations

import threading
import time
from typing import Any

from app.domain import SyncReport
from sync.errors import SyncError
from tests.ui.test_sync_controller import ScriptedSyncer, controller
from ui.sync_controller import SyncController

BLOCK = "block"  # the wait stays open until stopped


class ScriptedListener(ScriptedSyncer):
    """Each wait takes the next outcome: True (moved), False (nothing), an exception, or
    BLOCK; with none left it blocks (until stopped, or ``release`` is set)."""

    def __init__(self, *waits: Any, syncs: tuple[BaseException | SyncReport, ...] = ()) -> None:
        super().__init__(*syncs)
        self.waits = list(waits)
        self.opened = 0
        self.interrupts = 0
        self.release = threading.Event()
        self.lock = threading.Lock()

    def wait_for_changes(self, stop: threading.Event) -> bool:
        with self.lock:
            self.opened += 1
            outcome = self.waits.pop(0) if self.waits else BLOCK
        if outcome == BLOCK:  # (5 s at most: a failed test still ends)
            deadline = time.monotonic() + 5
            while not (stop.is_set() or self.release.is_set()) and time.monotonic() < deadline:
                stop.wait(0.01)
            return self.release.is_set()
        if isinstance(outcome, BaseException):
            raise outcome
        return bool(outcome)

    def stop_waiting(self) -> None:
        self.interrupts += 1


def started(qtbot: Any, runner: Any, listener: ScriptedListener) -> SyncController:
    sync = controller(qtbot, runner, listener)
    sync.start()
    return sync


def test_a_wait_that_says_moved_starts_one_sync_then_waits_again(qtbot, runner) -> None:
    listener = ScriptedListener(True)
    sync = started(qtbot, runner, listener)
    qtbot.waitUntil(lambda: listener.syncs == 2 and listener.opened == 2, timeout=5_000)
    assert sync.is_waiting() and not sync.is_syncing()
    sync.stop()
    assert listener.syncs == 2  # the first sync, and the one the wait asked for


def test_a_wait_that_times_out_opens_the_next_without_syncing(qtbot, runner) -> None:
    listener = ScriptedListener(False, False, False)
    sync = started(qtbot, runner, listener)
    qtbot.waitUntil(lambda: listener.opened == 4, timeout=5_000)
    assert listener.syncs == 1
    sync.stop()


def test_a_wait_lost_on_the_network_is_opened_again_after_a_backoff(qtbot, runner) -> None:
    listener = ScriptedListener(SyncError("network"), True)
    sync = started(qtbot, runner, listener)
    qtbot.waitUntil(lambda: listener.opened >= 2, timeout=5_000)  # 1-2 s later
    qtbot.waitUntil(lambda: listener.syncs == 2, timeout=5_000)  # its "moved" was heard
    sync.stop()


def test_a_wait_refused_for_the_sign_in_syncs_first_which_renews_it(qtbot, runner) -> None:
    listener = ScriptedListener(SyncError("auth"))
    sync = started(qtbot, runner, listener)
    qtbot.waitUntil(lambda: listener.syncs == 2, timeout=5_000)
    assert sync.paused_for is None
    qtbot.waitUntil(lambda: listener.opened == 2, timeout=5_000)  # and waits again
    sync.stop()


def test_a_service_without_waits_leaves_the_periodic_sync_alone(qtbot, runner) -> None:
    """An older service answers 404 to the wait: no more waits, no sync for it."""
    listener = ScriptedListener(SyncError("protocol", status=404))
    sync = started(qtbot, runner, listener)
    qtbot.waitUntil(lambda: listener.opened == 1 and not sync.is_waiting(), timeout=5_000)
    qtbot.wait(300)
    assert listener.opened == 1 and listener.syncs == 1
    sync.sync_now()  # syncing still works, and does not bring the waits back in a loop
    qtbot.waitUntil(lambda: listener.syncs == 2 and not sync.is_syncing(), timeout=5_000)
    sync.stop()


def test_stopping_ends_the_open_wait_and_drops_its_late_answer(qtbot, runner) -> None:
    listener = ScriptedListener()
    sync = started(qtbot, runner, listener)
    qtbot.waitUntil(sync.is_waiting, timeout=5_000)
    sync.stop()
    assert listener.interrupts == 1 and not sync.is_waiting()
    runner.wait_for_done(5_000)
    qtbot.wait(50)
    assert listener.syncs == 1  # nothing started after the stop


def test_a_wait_answered_during_a_sync_starts_no_second_one(qtbot, runner) -> None:
    """Its "moved" may be the sync's own push or what the sync is pulling: the sync's end
    opens a wait from the new cursor, which answers at once if anything is left."""
    listener = ScriptedListener()
    sync = started(qtbot, runner, listener)
    qtbot.waitUntil(sync.is_waiting, timeout=5_000)
    listener.gate.clear()
    sync.sync_now()
    qtbot.waitUntil(sync.is_syncing, timeout=5_000)
    listener.release.set()  # the open wait answers "moved" now, mid-sync
    qtbot.waitUntil(lambda: not sync.is_waiting(), timeout=5_000)
    listener.release.clear()
    listener.gate.set()
    qtbot.waitUntil(lambda: not sync.is_syncing() and sync.is_waiting(), timeout=5_000)
    qtbot.wait(100)
    assert listener.syncs == 2 and listener.opened == 2
    sync.stop()


def test_no_wait_is_open_while_paused_for_the_sign_in(qtbot, runner) -> None:
    listener = ScriptedListener(syncs=(SyncReport(), SyncError("auth")))
    sync = started(qtbot, runner, listener)
    qtbot.waitUntil(sync.is_waiting, timeout=5_000)
    with qtbot.waitSignal(sync.paused, timeout=5_000):
        sync.sync_now()
    assert not sync.is_waiting() and listener.interrupts == 1
    qtbot.wait(200)
    assert listener.opened == 1
    sync.resume()  # signed in again
    qtbot.waitUntil(lambda: sync.is_waiting() and listener.opened == 2, timeout=5_000)
    sync.stop()


def test_marking_without_a_pause_is_sent_within_the_debounce_of_the_first_mark(
        qtbot, runner) -> None:
    """A facilitator marking the room one person a second: the other laptop must not wait
    for her to stop. The debounce counts from the first unsent mark, not the last."""
    listener = ScriptedListener()
    sync = controller(qtbot, runner, listener)  # debounce 20 ms
    sync.start()
    qtbot.waitUntil(lambda: listener.syncs == 1 and sync.is_waiting(), timeout=5_000)
    started = time.monotonic()
    while time.monotonic() - started < 0.5:  # a mark every 10 ms, for half a second
        sync.changed_locally()
        qtbot.wait(10)
    assert listener.syncs >= 3  # sent while the marking went on
    sync.stop()
