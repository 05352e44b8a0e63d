"""Impact as the central service reports it: landed into a real laptop store as a pull
lands it, read back by ``ImpactService``; hidden parts never show a figure, and an
intake's sums leave hidden groups out and say so."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from app.clock import shared_clock
from app.impact import ImpactService, hidden_words, left_out_words
from app.store import Store
from app.store.apply import PulledChange, apply_page
from protocol.records import impact_report_id


def _id() -> str:
    return str(uuid.uuid4())


def _change(type_: str, id_: str, **data: object) -> PulledChange:
    return PulledChange(type=type_, id=id_, deleted=False, data=dict(data))


AUT25, AUT26 = _id(), _id()
LEEDS, YORK, HULL, BRAD = _id(), _id(), _id(), _id()


def _roster() -> list[PulledChange]:
    partner = _id()
    changes = [
        _change("intake", AUT26, term="autumn", year=2026, registration_deadline="2026-09-15",
                label="Autumn 2026"),
        _change("intake", AUT25, term="autumn", year=2025, registration_deadline="2025-09-15",
                label="Autumn 2025"),
        _change("qualification", _id(), code="NPQLT", title="NPQ in Leading Teaching",
                course_fee_pence=100_000, coaching_included=False),
    ]
    for group_id, code, intake in ((LEEDS, "NPQSL-AUT26-LEEDS-1", AUT26),
                                   (YORK, "NPQH-AUT26-YORK-1", AUT26),
                                   (HULL, "NPQLT-AUT26-HULL-1", AUT26),
                                   (BRAD, "NPQSL-AUT25-BRAD-1", AUT25)):
        changes.append(_change("group", group_id, code=code,
                               qualification_code=code.split("-")[0], partner_id=partner,
                               intake_id=intake, venue_name="Hub"))
    return changes


def _report(group_id: str, intake_id: str, **data: Any) -> PulledChange:
    body: dict[str, Any] = {"group_id": group_id, "intake_id": intake_id, "candidates": 20,
                            "simulated": True, "updated_at": "2026-12-01T10:00:00Z"}
    body.update(data)
    return _change("impact_report", impact_report_id(group_id), **body)


SHOWN = {
    "diagnostic_invited": 20, "diagnostic_completed": 10,
    "diagnostic_domains": [{"label": "Vision", "start_mean": 3.0, "end_mean": 4.0},
                           {"label": "Culture", "start_mean": 2.0, "end_mean": 3.0}],
    "destination_responses": 8,
    "destinations": [{"label": "Promoted", "count": 3}, {"label": "Same role", "count": 5}],
    "improvement_responses": 6, "improvements": [{"label": "Attainment up", "count": 4}],
}
# York: two answered the diagnostic and the destinations, but a careless service sent
# figures anyway; they must not show, nor reach the intake's sums.
HIDDEN = {
    "diagnostic_invited": 18, "diagnostic_completed": 2,
    "diagnostic_domains": [{"label": "Vision", "start_mean": 1.0, "end_mean": 1.0}],
    "destination_responses": 2, "destinations": [{"label": "Promoted", "count": 2}],
    "improvement_responses": 5, "improvements": [{"label": "Attainment up", "count": 1},
                                                 {"label": "Behaviour better", "count": 3}],
}
HULL_REPORT = {
    "diagnostic_invited": 12, "diagnostic_completed": 6,
    "diagnostic_domains": [{"label": "Vision", "start_mean": 3.5, "end_mean": 3.5},
                           {"label": "Culture", "start_mean": None, "end_mean": 4.0}],
    "destination_responses": 4, "destinations": [{"label": "Promoted", "count": 1}],
    "improvement_responses": 1, "improvements": [],
}


@pytest.fixture
def landed(store: Store) -> Store:
    apply_page(store, _roster(), "c1", shared_clock(store))
    apply_page(store, [_report(LEEDS, AUT26, **SHOWN), _report(YORK, AUT26, **HIDDEN),
                       _report(HULL, AUT26, **HULL_REPORT),
                       _report(BRAD, AUT25, simulated=False, **SHOWN),
                       _report(_id(), AUT26, **SHOWN)],  # a group not on this laptop
               "c2", shared_clock(store))
    return store


def test_a_laptop_without_reports_has_an_empty_overview(store: Store) -> None:
    apply_page(store, _roster(), "c1", shared_clock(store))
    overview = ImpactService(store).overview()
    assert overview.empty and overview.groups == () and overview.intakes == ()
    assert not overview.simulated


def test_each_group_with_a_report_is_a_line_with_its_code_qualification_and_intake(
        landed: Store) -> None:
    overview = ImpactService(landed).overview()
    assert [(g.label, g.qualification, g.intake_label) for g in overview.groups] == [
        ("NPQSL-AUT25-BRAD-1", "NPQSL", "Autumn 2025"),
        ("NPQH-AUT26-YORK-1", "NPQH", "Autumn 2026"),
        ("NPQLT-AUT26-HULL-1", "NPQLT", "Autumn 2026"),
        ("NPQSL-AUT26-LEEDS-1", "NPQSL", "Autumn 2026")]
    assert overview.simulated


def test_a_shown_group_carries_its_figures(landed: Store) -> None:
    leeds = next(g for g in ImpactService(landed).overview().groups if g.key == LEEDS)
    assert (leeds.diagnostic.invited, leeds.diagnostic.completed) == (20, 10)
    assert [(d.label, d.start, d.end) for d in leeds.diagnostic.domains] == [
        ("Vision", 3.0, 4.0), ("Culture", 2.0, 3.0)]
    assert leeds.diagnostic.mean_change == pytest.approx(1.0)
    assert leeds.destinations.counts == (("Promoted", 3), ("Same role", 5))
    assert (leeds.destinations.responses, leeds.destinations.hidden) == (8, False)
    assert leeds.improvements.counts == (("Attainment up", 4),)


def test_a_part_answered_by_fewer_than_three_shows_no_figure_whatever_arrived(
        landed: Store) -> None:
    york = next(g for g in ImpactService(landed).overview().groups if g.key == YORK)
    assert york.diagnostic.hidden and york.diagnostic.domains == ()
    assert york.diagnostic.mean_change is None
    assert york.destinations.hidden and york.destinations.counts == ()
    assert not york.improvements.hidden  # five answered: shown
    assert york.improvements.counts == (("Attainment up", 1), ("Behaviour better", 3))
    assert hidden_words() == "Fewer than 3 responses: hidden"


def test_an_intake_sums_shown_parts_only_and_says_which_it_leaves_out(
        landed: Store) -> None:
    intakes = ImpactService(landed).overview().intakes
    assert [i.label for i in intakes] == ["Autumn 2025", "Autumn 2026"]
    autumn26 = intakes[1]
    assert (autumn26.groups, autumn26.candidates) == (3, 60)
    # destinations: Leeds (8) and Hull (4); York's two are left out, not added
    assert autumn26.destinations.counts == (("Promoted", 4), ("Same role", 5))
    assert (autumn26.destinations.responses, autumn26.destinations.left_out) == (12, 1)
    # improvements: Leeds (6) and York (5); Hull's one response is left out
    assert autumn26.improvements.counts == (("Attainment up", 5), ("Behaviour better", 3))
    assert (autumn26.improvements.responses, autumn26.improvements.left_out) == (11, 1)
    # the diagnostic's means: Leeds (10 completed) and Hull (6), weighted; York left out
    diagnostic = autumn26.diagnostic
    assert (diagnostic.invited, diagnostic.completed, diagnostic.left_out) == (50, 18, 1)
    vision = next(d for d in diagnostic.domains if d.label == "Vision")
    assert vision.start == pytest.approx((3.0 * 10 + 3.5 * 6) / 16)
    assert vision.end == pytest.approx((4.0 * 10 + 3.5 * 6) / 16)
    culture = next(d for d in diagnostic.domains if d.label == "Culture")
    assert culture.start == pytest.approx(2.0)  # Hull gave no start for it
    assert culture.end == pytest.approx((3.0 * 10 + 4.0 * 6) / 16)
    assert left_out_words(1) == "Leaves out 1 group with fewer than 3 responses"
    assert left_out_words(2) == "Leaves out 2 groups with fewer than 3 responses"
    assert left_out_words(0) == ""


def test_a_hidden_groups_figures_cannot_be_had_by_subtraction(landed: Store) -> None:
    """Whatever sums an intake shows, taking the shown groups' figures from them leaves
    nothing: the hidden group is in none of them."""
    overview = ImpactService(landed).overview()
    autumn26 = overview.intakes[1]
    shown = [g for g in overview.groups
             if g.intake_label == "Autumn 2026" and not g.destinations.hidden]
    assert autumn26.destinations.responses == sum(g.destinations.responses for g in shown)
    assert autumn26.destinations.total == sum(g.destinations.total for g in shown)


def test_an_intake_whose_groups_are_all_hidden_is_hidden(store: Store) -> None:
    apply_page(store, _roster(), "c1", shared_clock(store))
    apply_page(store, [_report(BRAD, AUT25, **HIDDEN)], "c2", shared_clock(store))
    autumn25 = ImpactService(store).overview().intakes[0]
    assert autumn25.destinations.hidden and autumn25.destinations.counts == ()
    assert autumn25.destinations.responses == 0 and autumn25.destinations.left_out == 1
    assert autumn25.diagnostic.hidden and autumn25.diagnostic.domains == ()


def test_not_simulated_when_no_record_says_so(store: Store) -> None:
    apply_page(store, _roster(), "c1", shared_clock(store))
    apply_page(store, [_report(BRAD, AUT25, simulated=False, **SHOWN)], "c2",
               shared_clock(store))
    assert not ImpactService(store).overview().simulated


def test_a_report_removed_by_the_service_goes(landed: Store) -> None:
    apply_page(landed, [PulledChange(type="impact_report", id=impact_report_id(LEEDS),
                                     deleted=True, data=None)], "c3", shared_clock(landed))
    assert LEEDS not in {g.key for g in ImpactService(landed).overview().groups}
