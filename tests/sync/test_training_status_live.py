"""Deferral and withdrawal that reach the central service (issue 15), with two real laptops
and the real reference server: a deferral made offline on one laptop is pushed, accepted and
pulled by the other, where the candidate can no longer be marked from its date; a refused
withdrawal lands in Needs attention with the service's reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.attention import attention_items
from app.domain import MarkStatus
from app.errors import NotMarkableError
from app.outbox import pending_count
from app.store.models import Attendance, Event
from app.training_status import StatusRequestError
from desk.session import Session
from protocol.records import ATTENDED_STATUSES
from tests.conftest import TEST_TODAY
from tests.ui.live import signed_in_session


@dataclass
class Desk:
    server: Any
    lead: Session  # Siân, on laptop A
    co: Session  # her co-facilitator, on laptop B
    event_id: str  # today's event of their group
    group_id: str


@pytest.fixture
def desk(live_server: Any, tmp_path: Path) -> Iterator[Desk]:
    lead = signed_in_session(live_server, tmp_path / "a" / "desk.sqlite3", "facilitator")
    co = signed_in_session(live_server, tmp_path / "b" / "desk.sqlite3", "cofacilitator")
    try:
        event = next(e for e in lead.catalogue.events(TEST_TODAY) if e.is_on(TEST_TODAY))
        with lead.store.read() as session:
            held = session.get(Event, event.id)
            assert held is not None
            group_id = held.group_id
        yield Desk(live_server, lead, co, event.id, group_id)
    finally:
        lead.close()
        co.close()


def _first_attended(session: Session, group_id: str) -> dict[str, dt.date]:
    """Each candidate of the group who attended an event, with the first such day."""
    with session.store.read() as read:
        days = {e.id: e.chosen_date for e in read.scalars(
            select(Event).where(Event.group_id == group_id)) if e.chosen_date}
        first: dict[str, dt.date] = {}
        for mark in read.scalars(select(Attendance).where(
                Attendance.event_id.in_(sorted(days)))):
            if mark.status in ATTENDED_STATUSES:
                day = dt.date.fromisoformat(days[mark.event_id])
                first[mark.candidate_id] = min(first.get(mark.candidate_id, day), day)
    return first


def _row(session: Session, event_id: str, candidate_id: str) -> Any:
    return next(r for r in session.registers.load(event_id).rows
                if r.candidate_id == candidate_id)


def test_a_deferral_made_offline_reaches_the_other_laptop_and_stops_marks_from_its_date(
        desk: Desk) -> None:
    attended = _first_attended(desk.lead, desk.group_id)
    person = sorted(attended)[0]
    reasons = desk.lead.training_status.reasons("deferred")
    assert "parental-leave" in {r.code for r in reasons}
    assert _row(desk.co, desk.event_id, person).markable

    desk.server.stop()  # laptop A is offline: the request waits in its outbox
    desk.lead.training_status.request(person, desk.group_id, "deferred", "parental-leave",
                                      TEST_TODAY, "Back in the spring term")
    assert pending_count(desk.lead.store) == 1
    assert _row(desk.lead, desk.event_id, person).markable  # not decided yet
    desk.server.start()

    desk.lead.sync.sync_once()
    assert pending_count(desk.lead.store) == 0
    assert attention_items(desk.lead.store) == []
    desk.co.sync.sync_once()

    row = _row(desk.co, desk.event_id, person)
    assert not row.markable and row.training_status == "Deferred from 23 Nov"
    with pytest.raises(NotMarkableError, match="Deferred from 23 Nov"):
        desk.co.registers.mark(desk.event_id, person, MarkStatus.PRESENT)
    assert _row(desk.lead, desk.event_id, person).training_status == "Deferred from 23 Nov"
    # the rest of the register is still markable, and "mark the rest present" leaves them
    rows, _step = desk.co.registers.mark_rest_present(desk.event_id)
    assert person not in {r.candidate_id for r in rows} and rows
    # an earlier event (before the date) still takes a mark for them
    with desk.co.store.read() as read:
        earlier = next(e.id for e in read.scalars(select(Event).where(
            Event.group_id == desk.group_id)) if e.chosen_date
            and e.chosen_date < TEST_TODAY.isoformat())
    assert _row(desk.co, earlier, person).markable


def test_a_withdrawal_before_any_engagement_is_refused_with_the_services_reason(
        desk: Desk) -> None:
    attended = _first_attended(desk.lead, desk.group_id)
    person, first = min(attended.items(), key=lambda item: (item[1], item[0]))
    before = first - dt.timedelta(days=1)
    desk.lead.training_status.request(person, desk.group_id, "withdrawn", "change-in-career",
                                      before)
    desk.lead.sync.sync_once()

    items = attention_items(desk.lead.store)
    assert len(items) == 1
    item = items[0]
    assert item.reason.startswith("No engagement recorded")
    assert "Withdrawing" in item.what and "discard" in item.advice.lower()
    assert [p.refused for p in desk.lead.training_status.pending(desk.group_id)] == [
        item.reason]
    desk.co.sync.sync_once()
    assert _row(desk.co, desk.event_id, person).markable  # nothing was decided


def test_a_request_the_laptop_can_judge_is_refused_before_it_is_saved(desk: Desk) -> None:
    person = sorted(_first_attended(desk.lead, desk.group_id))[0]
    service = desk.lead.training_status
    with pytest.raises(StatusRequestError, match="reason"):
        service.request(person, desk.group_id, "deferred", "change-in-career", TEST_TODAY)
    with pytest.raises(StatusRequestError, match="days ahead"):
        service.request(person, desk.group_id, "deferred", "other",
                        dt.date.today() + dt.timedelta(days=45))
    assert pending_count(desk.lead.store) == 0
