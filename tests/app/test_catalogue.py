"""The events list: today's first, then upcoming by date, then past, most recent first; and
a group's course in words, from the qualification record and its intake's schedule."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from app.catalogue import CatalogueService, course_facts, delivery_partner_id, span_words
from app.clock import shared_clock
from app.domain import MarkStatus
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from app.store.models import Group
from tests.app.conftest import TODAY, Roster


def test_events_are_ordered_today_then_upcoming_then_past_most_recent_first(
        store: Store, roster: Roster) -> None:
    titles = [e.title for e in CatalogueService(store).events(TODAY)]
    assert titles == ["today", "tomorrow", "next week", "undated", "yesterday", "last month"]


def test_event_counts_show_roster_and_marked(store: Store, roster: Roster,
                                             registers: RegisterService) -> None:
    event_id = roster.event_ids["today"]
    registers.mark(event_id, roster.candidates["Hughes"], MarkStatus.PRESENT)
    today = CatalogueService(store).events(TODAY)[0]
    assert (today.id, today.roster_size, today.marked) == (event_id, 5, 1)
    assert today.is_on(TODAY)


def test_events_carry_their_qualifications_title(store: Store, roster: Roster) -> None:
    events = CatalogueService(store).events(TODAY)
    assert {(e.qualification_code, e.qualification_title) for e in events} == {
        ("NPQSL", "NPQ for Senior Leadership")}


def test_groups_show_enrolment_against_the_minimum_size(store: Store, roster: Roster) -> None:
    [group] = CatalogueService(store).groups()
    assert (group.code, group.enrolled, group.min_size, group.viable) == (
        "NPQSL-AUT26-LEEDS-1", 5, 12, False)
    assert group.qualification_title == "NPQ for Senior Leadership"


# ---- a group's course, in words -----------------------------------------------------------



def _change(type_: str, id_: str, **data: object) -> PulledChange:
    return PulledChange(type=type_, id=id_, deleted=False, data=dict(data))


SCHEDULES: list[dict[str, Any]] = [
    {"identifier": "npq-leadership-spring", "cohort": 2026, "start": "spring",
     "milestones": [{"declaration_type": "started", "start_date": "2026-02-01",
                     "milestone_date": "2026-05-31"}]},
    {"identifier": "npq-leadership-autumn", "cohort": 2026, "start": "autumn",
     "milestones": [  # out of order on purpose: words go in the funder's order
         {"declaration_type": "retained-1", "start_date": "2027-01-01",
          "milestone_date": "2027-03-31"},
         {"declaration_type": "started", "start_date": "2026-10-01",
          "milestone_date": "2026-12-31"},
         {"declaration_type": "completed", "start_date": "2028-04-01",
          "milestone_date": "2028-07-31"}],
     "assessment_window_start": "2028-05-01", "assessment_window_end": "2028-05-31"},
]


def _catalogue(store: Store, *, term: str = "autumn", schedules: Any = None,
               qualification: bool = True) -> str:
    group_id, partner_id, intake_id = (str(uuid.uuid4()) for _ in range(3))
    changes = [
        _change("intake", intake_id, term=term, year=2026, registration_deadline="2026-09-15",
                label=f"{term.title()} 2026"),
        _change("partner", partner_id, name="Leeds Teaching School Hub",
                kind="teaching_school", allocation_code="LTSH", region="Yorkshire",
                delivery_partner_ids={"2025": "DP-OLD", "2026": "DP-2026-LEEDS"}),
        _change("group", group_id, code="NPQSL-AUT26-LEEDS-1", qualification_code="NPQSL",
                partner_id=partner_id, intake_id=intake_id, venue_name="Leeds Hub"),
    ]
    if qualification:
        changes.insert(0, _change(
            "qualification", str(uuid.uuid4()), code="NPQSL",
            title="NPQ for Senior Leadership", course_fee_pence=125_000,
            coaching_included=False, assessment_months=[18, 12, 15],
            course_identifier="npq-senior-leadership", programme_type="leadership",
            duration_months=18, schedules=SCHEDULES if schedules is None else schedules))
    apply_page(store, changes, "c1", shared_clock(store))
    return group_id


def test_a_groups_course_in_words_follows_its_intakes_schedule(store: Store) -> None:
    group_id = _catalogue(store)
    facts = CatalogueService(store).course(group_id)
    assert facts is not None
    assert facts.words == (
        "NPQSL · npq-senior-leadership · leadership, 18 months · coaching not included · "
        "final assessment at 12, 15 or 18 months · milestones: started by 31 Dec 2026, "
        "retained 1 by 31 Mar 2027, completed by 31 Jul 2028; assessment window "
        "1–31 May 2028")
    assert facts.schedule is not None and facts.schedule.identifier == "npq-leadership-autumn"


def test_a_spring_intake_follows_the_spring_schedule(store: Store) -> None:
    facts = CatalogueService(store).course(_catalogue(store, term="spring"))
    assert facts is not None
    assert facts.words.endswith("milestones: started by 31 May 2026")


def test_no_schedule_for_the_intake_says_so(store: Store) -> None:
    facts = CatalogueService(store).course(_catalogue(store, schedules=[]))
    assert facts is not None and facts.schedule is None
    assert facts.words.endswith("no schedule for Autumn 2026 yet")


def test_a_qualification_not_arrived_yet_says_so(store: Store) -> None:
    facts = CatalogueService(store).course(_catalogue(store, qualification=False))
    assert facts is not None and not facts.known
    assert facts.words == "NPQSL · the catalogue has not sent this qualification yet"


def test_the_delivery_partner_id_of_the_groups_cohort(store: Store) -> None:
    group_id = _catalogue(store)
    with store.read() as session:
        group = session.get(Group, group_id)
        assert group is not None
        assert delivery_partner_id(session, group) == "DP-2026-LEEDS"
        assert course_facts(session, group).coaching_included is False


def test_spans_in_words() -> None:
    assert span_words(dt.date(2028, 5, 1), dt.date(2028, 5, 31)) == "1–31 May 2028"
    assert span_words(dt.date(2028, 5, 1), dt.date(2028, 6, 30)) == "1 May – 30 Jun 2028"
    assert span_words(dt.date(2027, 12, 1), dt.date(2028, 1, 31)) == (
        "1 Dec 2027 – 31 Jan 2028")
