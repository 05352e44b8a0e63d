"""A group leaves the facilitator's scope (the server unassigns them) while the laptop has
marks for it: the group's personal data is purged only once those marks are confirmed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.domain import MarkStatus
from app.outbox import discard, needs_attention
from app.store.models import Candidate, Event, Group
from tests.faults.harness import Inspector, Laptop, check_exactly_once, record_ids, settle_all
from tests.faults.proxy import Fault, FaultProxy


def group_of(laptop: Laptop, event_id: str) -> str:
    with laptop.store.read() as session:
        event = session.get(Event, event_id)
        assert event is not None
        return event.group_id


def unassign(server: Any, user_id: str, group_id: str) -> None:
    from server.services.people import unassign as server_unassign

    with server.database.write() as session:
        assert server_unassign(session, user_id=user_id, group_id=group_id) > 0


def holds(laptop: Laptop, group_id: str) -> bool:
    with laptop.store.read() as session:
        return session.get(Group, group_id) is not None


def candidates(laptop: Laptop) -> int:
    with laptop.store.read() as session:
        return session.scalar(select(func.count()).select_from(Candidate)) or 0


def test_marks_the_server_has_but_never_confirmed_are_confirmed_then_the_group_purged(
        live_server: Any, tmp_path: Path) -> None:
    with FaultProxy(live_server.base_url) as proxy:
        lead = Laptop("lead", tmp_path / "lead.sqlite3", proxy.url, "facilitator")
        try:
            settle_all([lead])
            event_id = lead.todays_event()
            group_id = group_of(lead, event_id)
            people = lead.markable(event_id)[:3]
            for person in people:
                lead.mark(event_id, person, MarkStatus.PRESENT)
            proxy.plan.extend([Fault.PASS, Fault.DROP_AFTER])  # meta, then the push
            assert lead.try_sync() is not None
            assert len(lead.outbox()) == 3  # the server has them; the laptop cannot know
            inspector = Inspector(live_server.base_url)
            check_exactly_once(inspector, [lead], record_ids(event_id, people))
            before = candidates(lead)
            unassign(live_server, lead.user_id, group_id)
            assert lead.try_sync() is None  # the push comes back "duplicate", then the pull
            assert lead.outbox() == []
            assert not holds(lead, group_id) and candidates(lead) < before
            assert lead.current() == {} or all(
                r not in lead.current() for r in record_ids(event_id, people))
        finally:
            lead.close()


def test_marks_refused_after_leaving_the_group_keep_it_until_the_user_decides(
        live_server: Any, tmp_path: Path) -> None:
    lead = Laptop("lead", tmp_path / "lead.sqlite3", live_server.base_url, "facilitator")
    try:
        settle_all([lead])
        event_id = lead.todays_event()
        group_id = group_of(lead, event_id)
        person = lead.markable(event_id)[0]
        lead.mark(event_id, person, MarkStatus.LATE)
        unassign(live_server, lead.user_id, group_id)
        assert lead.try_sync() is None
        [refused] = needs_attention(lead.store)
        assert holds(lead, group_id), "purged with an unconfirmed mark for it"
        assert lead.registers.load(event_id).rows  # the register is still there to act on
        discard(lead.store, refused.mutation_id)
        assert not holds(lead, group_id)
        assert lead.try_sync() is None and not holds(lead, group_id)
    finally:
        lead.close()
