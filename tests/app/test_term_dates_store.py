"""Term dates on the laptop (issue 13, point 12): migration 0004 gives events their venue's
local authority and clears the cursor so the next sync brings every event again with it;
pulled term dates land in their own table, and the date service reads them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text

from app.clock import shared_clock
from app.event_dates_service import EventDateService, term_dates
from app.store import Store
from app.store.engine import make_engine
from app.store.migrate import script_heads, upgrade
from app.store.models import Event, OtherRecord, SyncState, TermDates
from protocol.records import term_dates_id
from sync.service import SyncService
from tests.conftest import TEST_TODAY


def test_migration_0004_adds_the_authority_clears_the_cursor_and_drops_parked_term_dates(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    upgrade(engine, "0003")  # the schema the previous version left
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO event (id, group_id, number, title, window_start, window_end, "
            "arrival_time, start_time, end_time, venue_name, venue_address) VALUES "
            "('e1', 'g1', 1, 'T', '2027-03-28', '2027-04-10', '08:30', '09:00', '16:00', "
            "'Calder Learning Centre', '')")
        connection.execute(insert(OtherRecord.__table__), [
            {"type": "term_dates", "id": "t1", "data": {"authority": "Calderdale"}},
            {"type": "evaluation_summary", "id": "s1", "data": {"event_id": "e1"}}])
        connection.exec_driver_sql("INSERT INTO sync_state (id, cursor) VALUES (1, '4711')")
    engine.dispose()

    with Store.open(path) as store, store.read() as session:
        assert session.scalar(text("SELECT version_num FROM alembic_version")) in \
            script_heads()
        event = session.get(Event, "e1")
        assert event is not None and event.local_authority == ""
        assert {(r.type, r.id) for r in session.scalars(select(OtherRecord))} == \
            {("evaluation_summary", "s1")}
        state = session.get(SyncState, 1)
        assert state is not None and state.cursor is None  # the next sync pulls it all
        assert list(session.scalars(select(TermDates))) == []


def test_pulled_term_dates_and_authorities_are_what_the_date_service_reads(
        live_server: Any, tmp_path: Path) -> None:
    with Store.open(tmp_path / "desk.sqlite3") as store:
        sync = SyncService(store, live_server.base_url)
        user_id = sync.login("partner", "npq-demo").user_id
        sync.sync_once()
        with store.read() as session:
            rows = list(session.scalars(select(TermDates)))
            assert [r.id for r in rows] == [term_dates_id("Calderdale", "2026/27")]
            assert {e.local_authority for e in session.scalars(select(Event))} == \
                {"Calderdale"}
            held = term_dates(session, "Calderdale")
            assert held.holiday(dt.date(2027, 4, 7)) is not None
            undated = sorted((e.window_start, e.id) for e in session.scalars(
                select(Event).where(Event.chosen_date.is_(None))))
        dates = EventDateService(store, shared_clock(store), user_id,
                                 today=lambda: TEST_TODAY)
        plans = [dates.options(event_id) for _, event_id in undated]
        assert plans and all(p.holidays_checked for p in plans)
        assert all(p.holidays.startswith("School holidays are checked against Calderdale")
                   for p in plans)
        easter = next(p for p in plans if p.window.start == dt.date(2027, 3, 28))
        assert easter.suggested == () and easter.holidays_checked
