"""The events list: today's first, then upcoming by date, then past, most recent first."""

from __future__ import annotations

from app.catalogue import CatalogueService
from app.domain import MarkStatus
from app.registers import RegisterService
from app.store import Store
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
