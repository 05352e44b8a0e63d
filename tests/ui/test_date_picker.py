"""The partner lead's date picker and the events list, on a real store synced from the real
server: blocked days cannot be chosen and say why, a suggested day is chosen through the
runner, and the event then shows the proposed date waiting for the central service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.catalogue import CatalogueService
from app.clock import shared_clock
from app.event_date_views import briefing_text, parse_instant, short_date
from app.event_dates_service import EventDateService
from app.store import Store
from app.store.models import Event
from sync.service import SyncService
from tests.conftest import TEST_TODAY
from ui.date_picker_dialog import DAY_ROLE, DatePickerDialog
from ui.events_panel import EVENT_ID_ROLE, EventsPanel

PASSWORD = "npq-demo"


def _signed_in(server: Any, path: Path, username: str) -> tuple[Store, EventDateService]:
    store = Store.open(path)
    sync = SyncService(store, server.base_url)
    user_id = sync.login(username, PASSWORD).user_id
    sync.sync_once()
    return store, EventDateService(store, shared_clock(store), user_id,
                                   today=lambda: TEST_TODAY)


@pytest.fixture
def partner(live_server: Any, tmp_path: Path) -> Iterator[tuple[Store, EventDateService]]:
    store, dates = _signed_in(live_server, tmp_path / "partner.sqlite3", "partner")
    yield store, dates
    store.close()


def _undated(store: Store, dates: EventDateService | None = None) -> str:
    """The undated event with the earliest window (with ``dates``: the earliest with a day
    to suggest; the demo has windows wholly in the school holidays, which suggest none)."""
    with store.read() as session:
        events = sorted(session.scalars(select(Event).where(Event.chosen_date.is_(None))),
                        key=lambda e: e.window_start)
    return next(e.id for e in events if dates is None or dates.options(e.id).suggested)


def _loaded(qtbot: Any, runner: Any, dates: EventDateService,
            event_id: str) -> DatePickerDialog:
    dialog = DatePickerDialog(runner, dates, event_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load()
    qtbot.waitUntil(lambda: dialog.days.count() == 14, timeout=10_000)
    return dialog


def _items(dialog: DatePickerDialog) -> list[Any]:
    return [dialog.days.item(i) for i in range(dialog.days.count())]


def test_blocked_days_cannot_be_chosen_and_say_why(qtbot: Any, runner: Any,
                                                    partner: tuple[Store, EventDateService]
                                                    ) -> None:
    store, dates = partner
    dialog = _loaded(qtbot, runner, dates, _undated(store, dates))

    weekend = [i for i in _items(dialog) if i.data(DAY_ROLE).weekday() >= 5]
    assert len(weekend) == 4
    for item in weekend:
        assert not item.flags() & Qt.ItemFlag.ItemIsEnabled
        assert not item.flags() & Qt.ItemFlag.ItemIsSelectable
        assert "Not possible:" in item.text() and "is a weekend" in item.text()
        assert "events run on weekdays only" in item.toolTip()
    dialog.days.setCurrentItem(weekend[0])
    assert dialog.chosen_day() is None and not dialog.ok.isEnabled()
    suggested = [i for i in _items(dialog) if i.text().endswith("Suggested")]
    assert suggested and all(i.flags() & Qt.ItemFlag.ItemIsEnabled for i in suggested)
    assert dialog.heading.text().startswith("NPQ")
    assert "Window: " in dialog.window_label.text()


def test_a_suggested_day_is_chosen_and_the_event_waits_for_the_central_service(
        qtbot: Any, runner: Any, partner: tuple[Store, EventDateService]) -> None:
    store, dates = partner
    panel = EventsPanel(runner, CatalogueService(store), today=lambda: TEST_TODAY,
                        dates=dates)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    event_id = _undated(store, dates)
    qtbot.waitUntil(lambda: event_id in panel.event_ids(), timeout=10_000)
    row = next(panel.events.item(i) for i in range(panel.events.count())
               if panel.events.item(i).data(EVENT_ID_ROLE) == event_id)
    assert row.text().startswith("Date to choose (window ")
    panel.events.setCurrentItem(row)
    assert panel.choose_date.isVisible() and panel.choose_date.isEnabled()

    dialog = panel.open_date_picker(event_id)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.days.count() == 14, timeout=10_000)
    item = next(i for i in _items(dialog) if i.text().endswith("Suggested"))
    day = item.data(DAY_ROLE)
    dialog.days.setCurrentItem(item)
    assert dialog.ok.isEnabled() and "no clash" in dialog.detail.text()
    with qtbot.waitSignal(panel.date_chosen, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    assert dates.pending(event_id) == day
    waiting = f"Proposed {short_date(day)}, waiting for the central service"
    qtbot.waitUntil(lambda: any(panel.events.item(i).text().startswith(waiting)
                                for i in range(panel.events.count())), timeout=10_000)


def test_each_dated_event_shows_its_facilitator_briefing(
        qtbot: Any, runner: Any, partner: tuple[Store, EventDateService]) -> None:
    store, dates = partner
    panel = EventsPanel(runner, CatalogueService(store), today=lambda: TEST_TODAY,
                        dates=dates)
    qtbot.addWidget(panel)
    panel.refresh()
    qtbot.waitUntil(lambda: bool(panel.event_ids()), timeout=10_000)
    texts = {panel.events.item(i).data(EVENT_ID_ROLE): panel.events.item(i).text()
             for i in range(panel.events.count()) if panel.events.item(i).data(EVENT_ID_ROLE)}
    with store.read() as session:
        briefings = {e.id: e.briefing_at for e in session.scalars(select(Event))}
    assert any(briefings.values())
    for event_id, text in texts.items():
        at = parse_instant(briefings[event_id])
        if at is None:
            assert "Briefing" not in text
        else:
            line = briefing_text(at)
            assert line in text.split("\n") and line.endswith(", online")


def test_a_facilitator_gets_no_date_picker(qtbot: Any, runner: Any, live_server: Any,
                                           tmp_path: Path) -> None:
    store, dates = _signed_in(live_server, tmp_path / "f.sqlite3", "facilitator")
    try:
        panel = EventsPanel(runner, CatalogueService(store), today=lambda: TEST_TODAY,
                            dates=dates)
        qtbot.addWidget(panel)
        panel.refresh()
        qtbot.waitUntil(lambda: bool(panel.event_ids()), timeout=10_000)
        assert not panel.choose_date.isVisibleTo(panel)
        assert panel.open_date_picker(_undated(store)) is None
    finally:
        runner.wait_for_done()
        store.close()
