"""The not-viable decision on a partner lead's laptop: the choices offered, the request
through the outbox, and the group as the decision leaves it."""

from __future__ import annotations

import pytest

from app.attention import attention_items
from app.clock import shared_clock
from app.outbox import pending_count
from app.store import Store
from app.store.models import OutboxEntry
from app.viability_decisions import DecisionError, ViabilityDecisionService
from tests.app.partner_records import LEAD, TODAY, Laptop, lead_laptop

SMALL = "NPQSL-SPR27-LEEDS-1"  # 7 enrolled, deadline ahead: at risk
OTHER = "NPQSL-SPR27-LEEDS-2"  # same partner, qualification and intake: a merge target
FULL = "NPQML-SPR27-LEEDS-1"  # viable
LATE = "NPQH-AUT26-LEEDS-1"  # 5 enrolled, registration closed: not viable


@pytest.fixture
def laptop(store: Store) -> Laptop:
    laptop = lead_laptop(store)
    laptop.group(SMALL, "NPQSL", "spring27", 7)
    laptop.group(OTHER, "NPQSL", "spring27", 8)
    laptop.group("NPQSL-SPR27-CLOSED", "NPQSL", "spring27", 0, status="closed")
    laptop.group("NPQSL-AUT26-LEEDS-9", "NPQSL", "autumn26", 10)  # another intake
    laptop.group("NPQML-SPR27-LEEDS-9", "NPQML", "spring27", 10)  # another qualification
    laptop.group("NPQSL-SPR27-ELSEWHERE", "NPQSL", "spring27", 10,
                 partner=laptop.other_partner_id)
    laptop.group(FULL, "NPQML", "spring27", 12)
    laptop.group(LATE, "NPQH", "autumn26", 5)
    return laptop


def service(store: Store) -> ViabilityDecisionService:
    return ViabilityDecisionService(store, shared_clock(store), LEAD, today=lambda: TODAY)


def test_a_group_at_risk_is_offered_every_decision_and_merges_only_into_its_like(
        laptop: Laptop) -> None:
    choices = service(laptop.store).choices(laptop.groups[SMALL])
    assert choices.kinds == ("run_below_minimum", "merge", "distance_learning", "next_intake")
    assert [t.code for t in choices.merge_targets] == [OTHER]
    assert choices.merge_targets[0].enrolled == 8
    assert choices.next_intake == "Autumn 2027"
    assert choices.viability.startswith("7 of 12 enrolled: 5 more needed")


def test_without_a_like_group_or_a_later_intake_those_choices_are_not_offered(
        store: Store) -> None:
    laptop = lead_laptop(store)
    laptop.group("NPQH-AUT27-LEEDS-1", "NPQH", "autumn27", 4)
    choices = service(store).choices(laptop.groups["NPQH-AUT27-LEEDS-1"])
    assert choices.kinds == ("run_below_minimum", "distance_learning")


def test_a_viable_group_has_nothing_to_decide(laptop: Laptop) -> None:
    choices = service(laptop.store).choices(laptop.groups[FULL])
    assert choices.kinds == () and "viable" in choices.why_not
    assert not service(laptop.store).state(laptop.groups[FULL]).may_decide
    assert service(laptop.store).state(laptop.groups[LATE]).may_decide  # not viable
    with pytest.raises(DecisionError, match="viable"):
        service(laptop.store).request(laptop.groups[FULL], "distance_learning")


def test_a_merge_is_saved_with_its_outbox_entry_and_waits_on_the_group(laptop: Laptop) -> None:
    decisions = service(laptop.store)
    group_id = laptop.groups[SMALL]
    decisions.request(group_id, "merge", "Both groups meet in Leeds",
                      merge_into_group_id=laptop.groups[OTHER])
    assert pending_count(laptop.store) == 1
    with laptop.store.read() as session:
        entry = session.query(OutboxEntry).one()
    assert entry.type == "viability_decision_request"
    assert entry.data["merge_into_group_id"] == laptop.groups[OTHER]
    assert entry.data["note"] == "Both groups meet in Leeds"
    state = decisions.state(group_id)
    assert state.waiting and not state.may_decide
    assert f"(merge into {OTHER}), waiting for the central service." in state.words
    assert decisions.choices(group_id).kinds == ()  # one decision at a time
    with pytest.raises(DecisionError, match="waiting"):
        decisions.request(group_id, "distance_learning")


def test_a_merge_must_name_a_group_offered(laptop: Laptop) -> None:
    decisions = service(laptop.store)
    for target in (laptop.groups["NPQML-SPR27-LEEDS-9"], laptop.groups["NPQSL-SPR27-CLOSED"],
                   laptop.groups["NPQSL-SPR27-ELSEWHERE"], None):
        with pytest.raises(DecisionError, match="Choose the group to merge with"):
            decisions.request(laptop.groups[SMALL], "merge", merge_into_group_id=target)
    assert pending_count(laptop.store) == 0


def test_the_decision_carried_out_shows_on_both_groups(laptop: Laptop) -> None:
    decisions = service(laptop.store)
    group_id, other = laptop.groups[SMALL], laptop.groups[OTHER]
    laptop.decision(SMALL, "merge", merge_into_group_id=other,
                    outcome=f"7 candidates moved to {OTHER}")
    laptop.group(SMALL, "NPQSL", "spring27", 0, status="closed",
                 closed_reason=f"Merged into {OTHER}", merged_into=other)
    state = decisions.state(group_id)
    assert state.decided and state.closed and not state.may_decide
    assert state.words == (f"Merged into {OTHER} on Tuesday 24 November 2026: 7 candidates "
                           f"moved to {OTHER}")
    assert decisions.state(other).words == (
        f"{SMALL} merged into this group on Tuesday 24 November 2026")


def test_running_below_the_minimum_once_agreed_is_said_and_not_asked_again(
        laptop: Laptop) -> None:
    laptop.decision(LATE, "run_below_minimum")
    laptop.group(LATE, "NPQH", "autumn26", 0, runs_below_minimum=True)
    state = service(laptop.store).state(laptop.groups[LATE])
    assert state.words == "Runs below the minimum, agreed on Tuesday 24 November 2026"
    assert not state.may_decide


def test_a_refused_decision_shows_on_the_group_and_in_needs_attention(laptop: Laptop) -> None:
    decisions = service(laptop.store)
    decisions.request(laptop.groups[LATE], "run_below_minimum", "Only five")
    with laptop.store.write() as session:
        entry = session.query(OutboxEntry).one()
        entry.state, entry.error_code = "needs_attention", "invalid"
        entry.error_message = "A group may run below the minimum with at least 8 candidates."
    state = decisions.state(laptop.groups[LATE])
    assert state.refused == "A group may run below the minimum with at least 8 candidates."
    [item] = attention_items(laptop.store)
    assert item.what == f"Decision for {LATE}: run below the minimum"
    assert item.reason == state.refused and "record another decision" in item.advice


def test_only_partner_leads_decide(store: Store) -> None:
    laptop = lead_laptop(store, roles=("facilitator",))
    laptop.group(SMALL, "NPQSL", "spring27", 7)
    decisions = service(store)
    assert not decisions.state(laptop.groups[SMALL]).may_decide
    with pytest.raises(DecisionError, match="Only the partner's leads"):
        decisions.request(laptop.groups[SMALL], "distance_learning")
