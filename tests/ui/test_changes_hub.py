"""One "what changed" signal: a save on one page reaches the pages it concerns through the
hub, with no window wiring them; a page hears only what it shows; a page off screen
re-reads when it is shown; local saves are sent soon and every sync says what it changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget

from app.catalogue import CatalogueService
from app.changes import Changes
from app.domain import EventSummary, GroupSummary, SyncReport
from app.reports import ReportedEvent
from tests.ui.factories import event
from tests.ui.register_store import TODAY, press_alone, venue
from tests.ui.test_sync_controller import ScriptedSyncer
from ui.changes_hub import ChangesHub
from ui.events_panel import EventsPanel
from ui.register_view import RegisterView
from ui.reports import ReportsView
from ui.runner import Runner
from ui.sync_controller import SyncController, SyncSettings


class CountedCatalogue:
    """A catalogue (the events panel's protocol) that counts how often it is read."""

    def __init__(self) -> None:
        self.reads = 0

    def events(self, today: dt.date) -> list[EventSummary]:
        self.reads += 1
        return [event(id="today")]

    def groups(self, today: dt.date | None = None) -> list[GroupSummary]:
        return []


class CountedReports:
    """The reports page's service, with no reports, counting its reads."""

    def __init__(self) -> None:
        self.reads = 0

    def reported_events(self) -> list[ReportedEvent]:
        self.reads += 1
        return []


def test_a_mark_in_the_register_refreshes_the_events_counts_through_the_hub(
        qtbot: Any, runner: Runner, tmp_path: Any) -> None:
    place = venue(tmp_path / "desk.sqlite3", size=4)
    hub = ChangesHub()
    panel = EventsPanel(runner, CatalogueService(place.store), lambda: TODAY, hub=hub)
    view = RegisterView(runner, place.registers(), hub=hub)
    for widget in (panel, view):
        qtbot.addWidget(widget)
        widget.show()
    with qtbot.waitSignal(panel.shown, timeout=10_000):
        panel.refresh()
    assert "0 of 4 marked" in panel.events.item(1).text()
    heard: list[Changes] = []
    hub.changed.connect(lambda changes, _initiator: heard.append(changes))
    view.show_event(place.event_id)
    qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=10_000)

    press_alone(qtbot, view, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: "1 of 4 marked" in panel.events.item(1).text(), timeout=10_000)
    assert heard == [Changes.saved_here(marks=True)]  # said once, by the register
    runner.wait_for_done()
    place.store.close()


def test_a_page_on_the_hub_alone_refreshes_on_what_it_shows_and_not_on_the_rest(
        qtbot: Any, runner: Runner) -> None:
    hub = ChangesHub()
    catalogue = CountedCatalogue()
    panel = EventsPanel(runner, catalogue, lambda: TODAY, hub=hub)  # in no window
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.shown, timeout=5_000):
        hub.announce(Changes(marks=True))
    assert catalogue.reads == 1
    hub.announce(Changes(reports=True))
    hub.announce(Changes(forms=True, notes=True))
    hub.announce(Changes(local=True))
    runner.wait_for_done()
    qtbot.wait(50)
    assert catalogue.reads == 1  # nothing it shows changed
    with qtbot.waitSignal(panel.shown, timeout=5_000):
        hub.announce(Changes(dates=True))
    assert catalogue.reads == 2
    hub.announce(Changes(catalogue=True), initiator=panel)  # its own save: already shown
    runner.wait_for_done()
    qtbot.wait(50)
    assert catalogue.reads == 2


def test_a_costly_page_off_screen_reads_again_only_when_it_is_shown(
        qtbot: Any, runner: Runner) -> None:
    hub = ChangesHub()
    reports = CountedReports()
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("Registers"), "Registers")
    page = ReportsView(runner, reports, hub=hub)  # type: ignore[arg-type]
    tabs.addTab(page, "Evaluations")
    tabs.show()
    qtbot.waitExposed(tabs)
    hub.announce(Changes(reports=True))
    hub.announce(Changes(reports=True))
    runner.wait_for_done()
    qtbot.wait(50)
    assert reports.reads == 0  # hidden: put off
    tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: reports.reads == 1, timeout=5_000)
    hub.announce(Changes(marks=True))  # not what it shows
    hub.announce(Changes(reports=True))  # on screen: at once
    qtbot.waitUntil(lambda: reports.reads == 2, timeout=5_000)
    tabs.setCurrentIndex(0)
    tabs.setCurrentWidget(page)
    runner.wait_for_done()
    qtbot.wait(50)
    assert reports.reads == 2  # shown again with nothing new: no read


def test_a_local_save_is_sent_soon_and_the_sync_says_what_it_pulled(
        qtbot: Any, runner: Runner) -> None:
    pulled = SyncReport(pushed=1, pulled=2, pulled_types=frozenset({"attendance"}))
    syncer = ScriptedSyncer(pulled)
    hub = ChangesHub()
    sync = SyncController(runner, syncer,
                          SyncSettings(period_ms=60_000, debounce_ms=20, listen=False), hub=hub)
    heard: list[Changes] = []
    hub.changed.connect(lambda changes, _initiator: heard.append(changes))
    hub.announce(Changes(reports=True))  # not made here: nothing to send
    qtbot.wait(100)
    assert syncer.syncs == 0
    with qtbot.waitSignal(sync.synced, timeout=5_000):
        hub.announce(Changes.saved_here(marks=True))
    assert syncer.syncs == 1
    assert heard[-1] == Changes(marks=True, outbox=True)
    runner.wait_for_done()
    sync.stop()


def test_the_events_list_reads_again_when_the_day_changes_with_nothing_else_new(
        qtbot: Any, runner: Runner, monkeypatch: Any) -> None:
    monkeypatch.setattr("ui.events_panel.DAY_CHECK_MS", 20)
    days = [TODAY]
    catalogue = CountedCatalogue()
    panel = EventsPanel(runner, catalogue, lambda: days[-1], hub=ChangesHub())
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.shown, timeout=5_000):
        panel.refresh()
    qtbot.wait(100)
    assert catalogue.reads == 1  # the same day: nothing to read
    days.append(TODAY + dt.timedelta(days=1))
    qtbot.waitUntil(lambda: catalogue.reads == 2, timeout=5_000)
    qtbot.wait(100)
    assert catalogue.reads == 2
