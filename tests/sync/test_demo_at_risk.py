"""The demo facilitator's register flags two candidates coming into today's event: the
laptop synced from a freshly seeded server finds them at risk, and a recount from the raw
marks on that laptop finds the same two for the same reasons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from app.progress import ProgressService
from app.store.models import Attendance, Enrolment, Event
from tests.conftest import TEST_TODAY
from tests.sync.conftest import Client

ATTENDED = {"present", "late", "left_early"}


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def recount(client: Client, event_id: str) -> tuple[set[str], set[str], int]:
    """Straight from the laptop's rows, as at the day before the event: (who missed every
    one of the latest two events held, or the only one; who was in the room under 90 % of
    the held events' hours; how many events were held)."""
    with client.store.read() as session:
        today = session.get(Event, event_id)
        assert today is not None and today.chosen_date is not None
        events = list(session.scalars(select(Event).where(
            Event.group_id == today.group_id, Event.chosen_date < today.chosen_date)))
        marks = {(m.event_id, m.candidate_id): m for m in session.scalars(
            select(Attendance).where(Attendance.event_id.in_([e.id for e in events])))}
        people = list(session.scalars(select(Enrolment.candidate_id).where(
            Enrolment.group_id == today.group_id)))
    held = sorted((e for e in events if any(k[0] == e.id and m.status != "unmarked"
                                            for k, m in marks.items())),
                  key=lambda e: e.chosen_date or "")
    missed, below = set(), set()
    for person in people:
        latest = [marks.get((e.id, person)) for e in held[-2:]]
        if latest and all(m is None or m.status not in ATTENDED for m in latest):
            missed.add(person)
        inside = total = 0
        for event in held:
            day = _minutes(event.end_time) - _minutes(event.start_time)
            total += day
            mark = marks.get((event.id, person))
            if mark is not None and mark.status in ATTENDED:
                came = max(_minutes(event.start_time), _minutes(mark.arrival_time or "00:00"))
                went = min(_minutes(event.end_time), _minutes(mark.departure_time or "23:59"))
                inside += max(0, went - came)
        if total and inside * 100 < 90 * total:
            below.add(person)
    return missed, below, len(held)


def test_the_demo_facilitator_comes_into_today_with_two_candidates_at_risk(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    laptop = make_client(live_server.base_url, "facilitator")
    laptop.sync.sync_once()
    event_id = laptop.todays_event()

    risks = ProgressService(laptop.store).before_event(event_id, TEST_TODAY)

    missed, below, held = recount(laptop, event_id)
    assert held >= 1
    assert len(missed) == 1 and len(below - missed) == 1  # one of each, nobody else
    assert set(risks) == missed | below
    [gone] = missed
    [slipping] = below - missed
    assert "Below 90 % of face-to-face hours (0 %)" in risks[gone].reasons
    assert any(r.startswith("Missed the last ") for r in risks[gone].reasons) is (held >= 2)
    [reason] = risks[slipping].reasons
    assert reason.startswith("Below 90 % of face-to-face hours (")
    assert slipping in laptop.markable(event_id) and gone in laptop.markable(event_id)
