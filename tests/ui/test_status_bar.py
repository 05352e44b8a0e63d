"""The status bar says in plain words what is waiting and whether we are online."""

from __future__ import annotations

import datetime as dt

from app.domain import SyncStatus
from ui.status_bar import StatusBar, status_texts


def status(**values: object) -> SyncStatus:
    base: dict[str, object] = dict(pending_changes=0, needs_attention=0, last_success=None,
                                   last_attempt=None, last_error=None, server_reachable=None)
    base.update(values)
    return SyncStatus(**base)  # type: ignore[arg-type]


def test_nothing_waiting_reads_all_changes_sent():
    assert status_texts(status()).pending == "All changes sent"


def test_waiting_changes_are_counted():
    assert status_texts(status(pending_changes=1)).pending == "1 change waiting to send"
    assert status_texts(status(pending_changes=3)).pending == "3 changes waiting to send"


def test_offline_says_the_marks_are_safe():
    texts = status_texts(status(server_reachable=False))
    assert texts.connection == "Offline — your marks are saved on this laptop"
    assert not texts.online


def test_the_last_sync_is_shown_in_local_time():
    when = dt.datetime(2026, 11, 23, 8, 52, tzinfo=dt.UTC)
    assert status_texts(status(last_success=when)).last_sync == \
        f"Synced {when.astimezone():%H:%M}"
    assert status_texts(status()).last_sync == "Not synced yet"


def test_needs_attention_is_shown_only_when_there_is_something(qtbot):
    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.show_status(status(needs_attention=2, server_reachable=True))
    assert bar.attention.isVisible() and bar.attention.text() == "2 changes need attention"
    bar.show_status(status(server_reachable=True))
    assert not bar.attention.isVisible()
    assert bar.connection.text() == "Online"
