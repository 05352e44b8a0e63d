"""The partner lead's dashboard on a laptop filled by a real sync from the real server.

The demo partner's groups are all viable, so the tests first do what the central team does
when candidates change group (``server.services.roster.move_candidate``): the Spring NPQH
group falls to 9 and the Autumn NPQML group to 10. Statuses are then read at chosen days
around the registration deadlines; attendance and fee figures are checked against counts
made here from the raw records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.clock import shared_clock
from app.dashboard import DashboardService, GroupDetail, GroupFilter
from app.domain import MarkStatus
from app.registers import RegisterService
from app.store import Store
from app.store.models import Attendance, Candidate, Enrolment, Event, Group, WalkIn
from app.training_status import all_statuses
from app.viability import Viability
from server.models import Record
from server.services.roster import move_candidate
from sync.service import SyncService
from tests.conftest import TEST_TODAY

PASSWORD = "npq-demo"
SPRING = "NPQH-SPR27-HALIFAX-3"  # registration closes Saturday 16 January 2027
AUTUMN_SMALL = "NPQML-AUT26-HALIFAX-1"  # registration closed 12 September 2026
AUTUMN_TODAY = "NPQSL-AUT26-HALIFAX-2"  # Siân's group, an event today
ATTENDED = {"present", "late", "left_early"}
# The course fees, written out here rather than read from app.fees.
COURSE_FEES = {"NPQML": 950_00, "NPQSL": 1_250_00, "NPQH": 2_250_00, "NPQEL": 4_950_00}


@dataclass
class Laptop:
    store: Store
    sync: SyncService
    user_id: str


def _laptop(server: Any, path: Path, username: str) -> Laptop:
    store = Store.open(path)
    sync = SyncService(store, server.base_url)
    identity = sync.login(username, PASSWORD)
    sync.sync_once()
    return Laptop(store, sync, identity.user_id)


@pytest.fixture
def partner(live_server: Any, tmp_path: Path) -> Iterator[Laptop]:
    laptop = _laptop(live_server, tmp_path / "partner.sqlite3", "partner")
    yield laptop
    laptop.store.close()


def _server_group(session: Any, code: str) -> Record:
    return next(r for r in session.scalars(select(Record).where(Record.type == "group"))
                if r.data and r.data["code"] == code)


def shrink(server: Any, code: str, keep: int) -> list[str]:
    """Move candidates out of group ``code`` (to another partner's group of the same
    qualification) until ``keep`` remain; returns who moved."""
    with server.database.write() as session:
        group = _server_group(session, code)
        elsewhere = next(r for r in session.scalars(select(Record).where(Record.type == "group"))
                         if r.data and r.data["partner_id"] != group.data["partner_id"]
                         and r.data["qualification_code"] == group.data["qualification_code"])
        active = sorted(r.data["candidate_id"] for r in session.scalars(
            select(Record).where(Record.type == "enrolment", Record.group_id == group.id))
            if r.data and r.data["status"] == "active")
        moving = active[keep:]
        for candidate_id in moving:
            move_candidate(session, candidate_id=candidate_id, to_group_id=elsewhere.id,
                           on=TEST_TODAY)
    return moving


@pytest.fixture
def two_small_groups(live_server: Any, partner: Laptop) -> DashboardService:
    shrink(live_server, SPRING, 9)
    shrink(live_server, AUTUMN_SMALL, 10)
    partner.sync.sync_once()
    return DashboardService(partner.store)


def by_code(service: DashboardService, today: dt.date) -> dict[str, Any]:
    return {row.code: row for row in service.groups(today)}


def test_the_demo_partner_sees_its_three_groups_all_viable_before_any_change(
        partner: Laptop) -> None:
    rows = DashboardService(partner.store).groups(TEST_TODAY)
    assert sorted(r.code for r in rows) == sorted([SPRING, AUTUMN_SMALL, AUTUMN_TODAY])
    assert all(r.status is Viability.VIABLE and not r.stands_out for r in rows)
    with partner.store.read() as session:
        for row in rows:
            active = session.scalars(select(Enrolment).where(
                Enrolment.group_id == row.group_id, Enrolment.status == "active")).all()
            # still on the course: the seeded deferral and withdrawal are said apart
            assert row.enrolled + row.deferred + row.withdrawn == len(active)
            assert row.minimum == 12
            paused = all_statuses(session)
            assert (row.deferred, row.withdrawn) == tuple(
                sum(1 for (g, _c), s in paused.items() if g == row.group_id and s.status == k)
                for k in ("deferred", "withdrawn"))


def test_statuses_follow_the_registration_deadline(two_small_groups: DashboardService) -> None:
    service = two_small_groups
    now = by_code(service, TEST_TODAY)
    # Autumn's ten include the seeded deferral and withdrawal: eight are still on the course
    assert (now[SPRING].enrolled, now[AUTUMN_SMALL].enrolled) == (9, 8)
    assert (now[AUTUMN_SMALL].deferred, now[AUTUMN_SMALL].withdrawn) == (1, 1)
    assert now[SPRING].status is Viability.AT_RISK
    assert now[SPRING].days_to_deadline == 54 and not now[SPRING].stands_out
    assert now[SPRING].registration_deadline == dt.date(2027, 1, 16)
    assert now[AUTUMN_SMALL].status is Viability.NOT_VIABLE and now[AUTUMN_SMALL].stands_out
    assert now[AUTUMN_SMALL].days_to_deadline == -72
    assert now[AUTUMN_TODAY].status is Viability.VIABLE and not now[AUTUMN_TODAY].stands_out
    # Those that need the partner now come first.
    assert [r.code for r in service.groups(TEST_TODAY)] == [AUTUMN_SMALL, SPRING, AUTUMN_TODAY]
    assert "3 more needed by Saturday 16 January 2027 (in 54 days)" in now[SPRING].summary

    four_weeks_before = by_code(service, dt.date(2026, 12, 19))[SPRING]
    assert four_weeks_before.stands_out and four_weeks_before.days_to_deadline == 28
    assert not by_code(service, dt.date(2026, 12, 18))[SPRING].stands_out
    deadline_day = by_code(service, dt.date(2027, 1, 16))[SPRING]
    assert deadline_day.status is Viability.AT_RISK and deadline_day.stands_out
    closed = by_code(service, dt.date(2027, 1, 17))[SPRING]
    assert closed.status is Viability.NOT_VIABLE and closed.days_to_deadline == -1


def test_filters_narrow_the_groups(two_small_groups: DashboardService) -> None:
    service = two_small_groups
    choices = service.filters()
    assert choices.intakes == ("Autumn 2026", "Spring 2027")  # by deadline
    assert choices.qualifications == ("NPQH", "NPQML", "NPQSL")
    assert choices.partners == ("Pennine Teaching School Hub",)

    def codes(f: GroupFilter, today: dt.date = TEST_TODAY) -> list[str]:
        return [r.code for r in service.groups(today, f)]

    assert codes(GroupFilter(intake="Spring 2027")) == [SPRING]
    assert codes(GroupFilter(intake="Autumn 2026")) == [AUTUMN_SMALL, AUTUMN_TODAY]
    assert codes(GroupFilter(qualification="NPQSL")) == [AUTUMN_TODAY]
    assert codes(GroupFilter(partner="Someone Else")) == []
    assert codes(GroupFilter(attention_only=True)) == [AUTUMN_SMALL]
    assert codes(GroupFilter(attention_only=True), dt.date(2027, 1, 2)) == [AUTUMN_SMALL, SPRING]
    assert codes(GroupFilter(intake="Autumn 2026", attention_only=True)) == [AUTUMN_SMALL]


def raw_attended(store: Store, group_id: str) -> dict[int, int]:
    """Per event number, candidates marked present, late or left early: straight from the
    attendance rows."""
    with store.read() as session:
        events = {e.id: e.number for e in session.scalars(
            select(Event).where(Event.group_id == group_id))}
        counts = dict.fromkeys(events.values(), 0)
        for mark in session.scalars(select(Attendance)
                                    .where(Attendance.event_id.in_(list(events)))):
            counts[events[mark.event_id]] += mark.status in ATTENDED
    return counts


def group_id(store: Store, code: str) -> str:
    with store.read() as session:
        return session.scalars(select(Group.id).where(Group.code == code)).one()


def test_drop_off_between_submitted_events_matches_the_raw_marks(
        two_small_groups: DashboardService, partner: Laptop) -> None:
    gid = group_id(partner.store, AUTUMN_SMALL)
    detail = two_small_groups.group_detail(gid, TEST_TODAY)
    raw = raw_attended(partner.store, gid)
    submitted = [e for e in detail.events if e.submitted]
    assert [e.number for e in submitted] == [1, 2]  # the seed's two past events
    assert [e.attended for e in submitted] == [raw[1], raw[2]]
    assert submitted[0].drop_off is None
    assert submitted[1].drop_off == raw[1] - raw[2] > 0
    # Eleven candidates moved group today: they were enrolled at the past events, and
    # are not at the coming ones.
    assert [e.enrolled for e in submitted] == [21, 21]
    later = [e for e in detail.events if not e.submitted]
    assert later and all(e.enrolled == 10 and e.attended is None and e.drop_off is None
                         for e in later)


def test_todays_register_submitted_by_the_facilitator_shows_its_drop_off_and_walk_in(
        live_server: Any, partner: Laptop, tmp_path: Path) -> None:
    facilitator = _laptop(live_server, tmp_path / "facilitator.sqlite3", "facilitator")
    try:
        registers = RegisterService(facilitator.store, shared_clock(facilitator.store),
                                    facilitator.user_id, today=lambda: TEST_TODAY)
        gid = group_id(facilitator.store, AUTUMN_TODAY)
        with facilitator.store.read() as session:
            today_event = session.scalars(select(Event.id).where(
                Event.group_id == gid, Event.chosen_date == TEST_TODAY.isoformat())).one()
        rows = registers.load(today_event).rows
        registers.mark(today_event, rows[0].candidate_id, MarkStatus.ABSENT)
        registers.mark(today_event, rows[1].candidate_id, MarkStatus.APOLOGIES)
        registers.mark(today_event, rows[2].candidate_id, MarkStatus.LATE, "09:40")
        registers.add_walk_in(today_event, "Farah Qureshi", "Calder Vale Primary")
        registers.mark_rest_present(today_event)
        registers.submit(today_event)
        facilitator.sync.sync_once()
    finally:
        facilitator.store.close()

    partner.sync.sync_once()
    detail = DashboardService(partner.store).group_detail(gid, TEST_TODAY)
    raw = raw_attended(partner.store, gid)
    first, second = detail.events[0], detail.events[1]
    assert second.event_id == today_event and second.submitted
    assert second.attended == raw[2] == second.enrolled - 2
    assert second.drop_off == raw[1] - raw[2]
    with partner.store.read() as session:
        walk_ins = session.scalars(select(WalkIn).where(WalkIn.event_id == today_event)).all()
    assert second.walk_ins == len(walk_ins) == 1  # apart from the enrolled
    assert first.walk_ins == 1  # the seed's walk-in at the first session


def test_course_fees_and_full_scholarships_of_a_group(partner: Laptop) -> None:
    service = DashboardService(partner.store)
    for code in (SPRING, AUTUMN_SMALL, AUTUMN_TODAY):
        gid = group_id(partner.store, code)
        detail: GroupDetail = service.group_detail(gid, TEST_TODAY)
        with partner.store.read() as session:
            people = session.execute(
                select(Candidate.given_name, Candidate.family_name, Candidate.scholarship,
                       Group.qualification_code)
                .join(Enrolment, Enrolment.candidate_id == Candidate.id)
                .join(Group, Group.id == Enrolment.group_id)
                .where(Enrolment.group_id == gid, Enrolment.status == "active")).all()
        fee = COURSE_FEES[people[0].qualification_code]
        on_scholarship = {f"{p.given_name} {p.family_name}" for p in people if p.scholarship}
        fees = detail.fees
        group = detail.group  # the fees list everyone enrolled; the count says some apart
        assert len(fees.lines) == len(people) == (group.enrolled + group.deferred
                                                  + group.withdrawn)
        assert {line.name for line in fees.lines if line.scholarship} == on_scholarship
        assert all(line.course_fee_pence == fee for line in fees.lines)
        assert fees.scholarships == len(on_scholarship)
        assert fees.total_pence == fee * len(people)
        assert fees.covered_pence == fee * len(on_scholarship)
        assert fees.payable_pence == fee * (len(people) - len(on_scholarship))
        assert [line.funding for line in fees.lines if line.scholarship] == \
            ["Full scholarship"] * len(on_scholarship)
    assert any(line.scholarship for line in fees.lines)  # the demo has some


def test_special_requirements_never_reach_the_dashboard(partner: Laptop) -> None:
    with partner.store.read() as session:
        needs = [c.special_requirements for c in session.scalars(select(Candidate))
                 if c.special_requirements]
    assert needs  # the demo has some
    service = DashboardService(partner.store)
    shown = repr([service.group_detail(r.group_id, TEST_TODAY)
                  for r in service.groups(TEST_TODAY)])
    assert not [n for n in needs if n in shown]


def test_the_events_panel_counts_groups_as_the_groups_tab_does(partner: Laptop) -> None:
    """The Today cards' "n of 12 minimum" (CatalogueService.groups as at today) leaves the
    deferred and withdrawn out, as the Groups tab's Enrolled column does; without a day it
    is every active enrolment."""
    from app.catalogue import CatalogueService

    catalogue = CatalogueService(partner.store)
    rows = {r.group_id: r for r in DashboardService(partner.store).groups(TEST_TODAY)}
    as_at_today = {g.id: g.enrolled for g in catalogue.groups(TEST_TODAY)}
    assert as_at_today == {gid: r.enrolled for gid, r in rows.items()}
    every_active = {g.id: g.enrolled for g in catalogue.groups()}
    assert any(r.deferred or r.withdrawn for r in rows.values())  # the seed has some
    assert every_active == {gid: r.enrolled + r.deferred + r.withdrawn
                            for gid, r in rows.items()}
