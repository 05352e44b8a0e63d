"""The demo's at-risk story: which marks the seed sets over the drawn ones so that two of
the demo facilitator's candidates come into today's event at risk."""

from __future__ import annotations

import datetime as dt

from server.seed.groups import EventPlan, GroupPlan
from server.seed.past import Slip, at_risk_story

TODAY = dt.date(2026, 11, 23)
ATTENDED = {"present", "late", "left_early"}


def _plan(past: int, future: int = 2, people: int = 18) -> GroupPlan:
    events = [EventPlan(f"e{n}", TODAY - dt.timedelta(days=42 * (past - n)))
              for n in range(past)]
    events += [EventPlan(f"f{n}", TODAY + dt.timedelta(days=42 * n)) for n in range(future)]
    events.append(EventPlan("undated", None))
    return GroupPlan(id="6a1d2b44-0000-4000-8000-000000000001", qualification="NPQSL",
                     facilitators=[], events=events,
                     candidates=[f"c{n:02d}" for n in range(people)], is_demo=True)


def _in_room(slip: Slip) -> int:
    came = slip.arrival_time or "09:00"
    went = slip.departure_time or "16:00"
    return ((int(went[:2]) * 60 + int(went[3:])) - (int(came[:2]) * 60 + int(came[3:])))


def test_with_three_events_held_one_misses_the_latest_two_running_one_slips_below_90() -> None:
    plan = _plan(past=3)
    story = at_risk_story(plan, TODAY)
    assert {event for event, _ in story} == {"e1", "e2"}  # the latest two held, no other
    people = {person for _, person in story}
    assert len(people) == 2
    [gone] = [p for p in people if all(story[(e, p)].status not in ATTENDED
                                       for e in ("e1", "e2"))]
    [slipping] = people - {gone}
    slips = [story[(e, slipping)] for e in ("e1", "e2")]
    assert all(s.status in ATTENDED for s in slips)
    # with the first event whole, still under 90 % of the three days' hours
    assert (420 + sum(_in_room(s) for s in slips)) * 100 < 90 * 3 * 420


def test_with_one_event_held_the_absent_one_has_no_hours_and_the_other_under_90() -> None:
    plan = _plan(past=1)
    story = at_risk_story(plan, TODAY)
    assert {event for event, _ in story} == {"e0"}
    by_status = {slip.status: person for (_, person), slip in story.items()}
    assert set(by_status) == {"apologies", "left_early"}
    assert _in_room(story[("e0", by_status["left_early"])]) * 100 < 90 * 420


def test_the_two_are_on_the_first_screen_of_the_register_and_not_the_first_name() -> None:
    for seed in range(20):
        plan = _plan(past=2)
        plan.id = f"6a1d2b44-0000-4000-8000-{seed:012d}"
        people = {person for _, person in at_risk_story(plan, TODAY)}
        assert people <= set(plan.candidates[1:10])
        assert at_risk_story(plan, TODAY) == at_risk_story(plan, TODAY)  # drawn the same


def test_nothing_held_or_too_few_people_tells_no_story() -> None:
    assert at_risk_story(_plan(past=0), TODAY) == {}
    assert at_risk_story(_plan(past=2, people=2), TODAY) == {}
