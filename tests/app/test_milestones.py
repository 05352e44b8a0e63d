"""The funding-milestone rules the central service and the app share (protocol.milestones)."""

from __future__ import annotations

import datetime as dt

import pytest

from protocol.milestones import (
    ONLINE_SESSION_MINUTES,
    Engagement,
    milestone_met,
    next_milestone,
    participation_percent,
    schedule_for,
    why_not,
)
from protocol.records import CourseSchedule

DAY = 420  # minutes of a 09:00-16:00 event


def _schedule(cohort: int = 2026, start: str = "autumn") -> CourseSchedule:
    return CourseSchedule.model_validate({
        "identifier": f"npq-leadership-{start}", "cohort": cohort, "start": start,
        "milestones": [
            {"declaration_type": "retained-1", "start_date": "2027-01-01",
             "milestone_date": "2027-03-31"},
            {"declaration_type": "started", "start_date": "2026-10-01",
             "milestone_date": "2026-12-31"},
            {"declaration_type": "completed", "start_date": "2028-01-01",
             "milestone_date": "2028-06-30"},
            {"declaration_type": "retained-2", "start_date": "2027-04-01",
             "milestone_date": "2027-09-30"}]})


def test_the_schedule_is_the_one_of_the_intakes_term_and_year() -> None:
    schedules = [_schedule(2026, "autumn"), _schedule(2027, "spring"), _schedule(2026, "spring")]
    found = schedule_for(schedules, "spring", 2026)
    assert found is not None and (found.cohort, found.start) == (2026, "spring")
    assert schedule_for(schedules, "autumn", 2027) is None
    assert schedule_for([], "autumn", 2026) is None


def test_started_needs_one_session_of_either_kind() -> None:
    assert not milestone_met("started", Engagement(held_minutes=DAY), 90)
    assert milestone_met("started", Engagement(attended_minutes=1, held_minutes=DAY), 90)
    assert milestone_met("started", Engagement(online_attended=1, online_held=1), 90)
    assert why_not("started", Engagement(), 90) == "No session attended yet"


@pytest.mark.parametrize(("attended", "met"), [(89, False), (90, True), (91, True)])
def test_retention_at_the_threshold_edges(attended: int, met: bool) -> None:
    engagement = Engagement(attended_minutes=attended * 10, held_minutes=1000)
    assert participation_percent(engagement) == attended
    assert milestone_met("retained-1", engagement, 90) is met
    assert milestone_met("retained-2", engagement, 90) is met
    assert (why_not("retained-1", engagement, 90) == "") is met


def test_a_share_just_under_the_threshold_is_not_rounded_up() -> None:
    engagement = Engagement(attended_minutes=8999, held_minutes=10_000)
    assert participation_percent(engagement) == 89
    assert not milestone_met("retained-1", engagement, 90)
    assert why_not("retained-1", engagement, 90) == "Participation 89 %, below 90 %"


def test_online_sessions_weigh_their_minutes() -> None:
    # one face-to-face day missed, made up by nothing: 0 of 420 + 5 of 5 online
    engagement = Engagement(attended_minutes=0, held_minutes=DAY, online_attended=5,
                            online_held=5)
    online = 5 * ONLINE_SESSION_MINUTES
    assert participation_percent(engagement) == online * 100 // (DAY + online)
    assert participation_percent(Engagement()) is None
    assert not milestone_met("retained-1", Engagement(), 90)


def test_completed_also_needs_the_online_course_finished() -> None:
    there = Engagement(attended_minutes=DAY, held_minutes=DAY, online_course_percent=99)
    assert not milestone_met("completed", there, 90)
    assert why_not("completed", there, 90) == "Online course 99 % done"
    done = Engagement(attended_minutes=DAY, held_minutes=DAY, online_course_percent=100)
    assert milestone_met("completed", done, 90)


def test_the_next_milestone_skips_declared_and_past_ones_in_funder_order() -> None:
    schedule = _schedule()
    nxt = next_milestone(schedule, [], dt.date(2026, 11, 1))
    assert nxt is not None and nxt.declaration_type == "started"
    nxt = next_milestone(schedule, ["started"], dt.date(2026, 11, 1))
    assert nxt is not None and nxt.declaration_type == "retained-1"
    # the last day of a milestone is still its day; the day after it has gone by
    nxt = next_milestone(schedule, [], dt.date(2026, 12, 31))
    assert nxt is not None and nxt.declaration_type == "started"
    nxt = next_milestone(schedule, [], dt.date(2027, 1, 1))
    assert nxt is not None and nxt.declaration_type == "retained-1"
    assert next_milestone(schedule, [], dt.date(2028, 7, 1)) is None
    assert next_milestone(None, [], dt.date(2026, 11, 1)) is None
    all_done = ["started", "retained-1", "retained-2", "completed"]
    assert next_milestone(schedule, all_done, dt.date(2026, 11, 1)) is None
