"""The not-viable decision end to end (issue 16), with the real reference server on loopback
and real laptops: the demo partner lead merges the season's not-viable Autumn group into
its partner's local group of the same qualification, offline; the decision is pushed and
carried out; the receiving group's facilitator has the moved candidates after a sync, and
the source group's facilitator still has every mark of its past registers and sees it
closed. A decision the service can no longer carry out (the group closed meanwhile from
the lead's other laptop), and one it refuses outright (a merge into a group of another
qualification), land in Needs attention with the service's reason."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session as DbSession

from app.attention import attention_items
from app.clock import shared_clock
from app.outbox import enqueue, pending_count
from app.store.models import Attendance, Enrolment, Event, Group
from desk.session import Session
from protocol.records import ViabilityDecisionRequestData
from server.embedded import EmbeddedServer
from server.models import User
from tests.conftest import TEST_TODAY
from tests.ui.live import signed_in_session


@dataclass
class Season:
    server: EmbeddedServer
    lead: Session  # the demo partner lead
    source: str  # the not-viable Autumn group
    target: str  # the partner's local group of the same qualification and intake
    usernames: dict[str, str]  # user id -> username, from the service's own table
    folder: Path

    def laptop(self, name: str, username: str) -> Session:
        return signed_in_session(self.server, self.folder / name / "desk.sqlite3", username)

    def facilitator_of(self, group_id: str) -> str:
        with self.lead.store.read() as read:
            group = read.get(Group, group_id)
            assert group is not None and group.facilitator_ids
            return self.usernames[group.facilitator_ids[0]]


@pytest.fixture
def season(tmp_path: Path) -> Iterator[Season]:
    server = EmbeddedServer(data_dir=tmp_path / "server", seed=True, today=TEST_TODAY,
                            season=True)
    server.start()
    engine = create_engine(server.settings.database_url)
    with DbSession(engine) as db:
        usernames = {u.id: u.username for u in db.scalars(select(User))}
    engine.dispose()
    lead = signed_in_session(server, tmp_path / "lead" / "desk.sqlite3", "partner")
    decisions = lead.viability_decisions(lambda: TEST_TODAY)
    try:
        with lead.store.read() as read:
            groups = list(read.scalars(select(Group)))
        chosen = [(g.id, decisions.choices(g.id)) for g in groups]
        source, choices = next((gid, c) for gid, c in chosen if c.merge_targets
                               and c.viability and "registration closed" in c.viability)
        yield Season(server, lead, source, choices.merge_targets[0].group_id, usernames,
                     tmp_path)
    finally:
        lead.close()
        server.stop()


def _marks(session: Session, group_id: str) -> dict[tuple[str, str], str]:
    with session.store.read() as read:
        events = [e.id for e in read.scalars(select(Event).where(Event.group_id == group_id))]
        return {(m.event_id, m.candidate_id): m.status for m in read.scalars(
            select(Attendance).where(Attendance.event_id.in_(events)))}


def _active(session: Session, group_id: str) -> set[str]:
    with session.store.read() as read:
        return {e.candidate_id for e in read.scalars(select(Enrolment).where(
            Enrolment.group_id == group_id, Enrolment.status == "active"))}


def test_a_merge_decided_offline_moves_the_candidates_and_keeps_the_registers(
        season: Season) -> None:
    source_facilitator = season.laptop("source", season.facilitator_of(season.source))
    receiver = season.laptop("receiver", season.facilitator_of(season.target))
    try:
        moving = _active(source_facilitator, season.source)
        marks_before = _marks(source_facilitator, season.source)
        assert moving and marks_before  # its past registers were taken
        assert not moving & _active(receiver, season.target)

        season.server.stop()  # the partner lead is offline: the decision waits
        decisions = season.lead.viability_decisions(lambda: TEST_TODAY)
        decisions.request(season.source, "merge", "Agreed with both facilitators",
                          merge_into_group_id=season.target)
        assert pending_count(season.lead.store) == 1
        assert decisions.state(season.source).waiting
        season.server.start()

        season.lead.sync.sync_once()
        assert pending_count(season.lead.store) == 0
        assert attention_items(season.lead.store) == []
        state = decisions.state(season.source)
        assert state.decided and state.closed and state.words.startswith("Merged into ")

        receiver.sync.sync_once()
        assert moving <= _active(receiver, season.target)
        source_facilitator.sync.sync_once()
        with source_facilitator.store.read() as read:
            group = read.get(Group, season.source)
            assert group is not None and group.status == "closed"
            assert group.merged_into == season.target
        assert _marks(source_facilitator, season.source) == marks_before  # history intact
    finally:
        source_facilitator.close()
        receiver.close()


def test_a_decision_overtaken_on_another_laptop_is_refused_with_the_services_reason(
        season: Season) -> None:
    other = season.laptop("lead-2", "partner")  # the same partner lead's second laptop
    try:
        here = season.lead.viability_decisions(lambda: TEST_TODAY)
        there = other.viability_decisions(lambda: TEST_TODAY)
        season.server.stop()
        here.request(season.source, "merge", merge_into_group_id=season.target)
        there.request(season.source, "distance_learning", "Offered at the meeting")
        season.server.start()
        other.sync.sync_once()  # this one reaches the service first: the group closes
        season.lead.sync.sync_once()

        [item] = attention_items(season.lead.store)
        assert "is closed already" in item.reason
        assert item.what.startswith("Decision for ") and "merge into" in item.what
        assert "record another decision" in item.advice
        state = here.state(season.source)
        assert state.decided and state.words.startswith(
            "Candidates offered the distance-learning pathway on ")
    finally:
        other.close()


def test_a_merge_into_another_qualification_is_refused_with_the_services_reason(
        season: Season) -> None:
    """The app offers no such merge; a request made anyway (as an older app might) is
    refused by the service, not carried out."""
    with season.lead.store.read() as read:
        source = read.get(Group, season.source)
        assert source is not None
        other = next(g for g in read.scalars(select(Group)) if g.partner_id ==
                     source.partner_id and g.qualification_code != source.qualification_code
                     and g.status != "closed")
        other_code, other_id, other_kind = other.code, other.id, other.qualification_code
    data = ViabilityDecisionRequestData(
        group_id=season.source, kind="merge", merge_into_group_id=other_id,
        requested_by=season.lead.identity.user_id,
        requested_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    with season.lead.store.write() as write:
        enqueue(write, type_="viability_decision_request", record_id=str(uuid.uuid4()),
                data=data.model_dump(),
            hlc=str(shared_clock(season.lead.store).now()))
    season.lead.sync.sync_once()
    [item] = attention_items(season.lead.store)
    assert item.reason.startswith(f"{other_code} is an {other_kind} group")
    assert season.lead.viability_decisions(lambda: TEST_TODAY).state(season.source).refused
    with season.lead.store.read() as read:
        group = read.get(Group, season.source)
        assert group is not None and group.status == "open"  # nothing was carried out
