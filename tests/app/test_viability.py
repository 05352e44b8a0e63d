"""Group viability against the minimum of 12, at the edges of size and deadline."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from app.viability import (
    NEAR_DEADLINE_DAYS,
    EventAttendance,
    GroupRecruitment,
    Viability,
    assess,
    assess_all,
    drop_offs,
    filter_groups,
)

TODAY = dt.date(2026, 11, 23)


def group(enrolled: int, days_to_deadline: int = 60, code: str = "G", *,
          qualification: str = "NPQSL", partner: str = "Leeds Learning Trust",
          intake: str = "Spring 2027", min_size: int = 12) -> GroupRecruitment:
    return GroupRecruitment(f"id-{code}", code, qualification, partner, intake, enrolled,
                            TODAY + dt.timedelta(days=days_to_deadline), min_size)


@pytest.mark.parametrize(("enrolled", "status"), [
    (0, Viability.AT_RISK), (11, Viability.AT_RISK), (12, Viability.VIABLE),
    (13, Viability.VIABLE), (30, Viability.VIABLE)])
def test_twelve_enrolled_is_viable_and_eleven_is_not(enrolled: int, status: Viability) -> None:
    assert assess(group(enrolled), TODAY).status is status


@pytest.mark.parametrize(("days", "status", "stands_out"), [
    (60, Viability.AT_RISK, False),
    (NEAR_DEADLINE_DAYS + 1, Viability.AT_RISK, False),
    (NEAR_DEADLINE_DAYS, Viability.AT_RISK, True),
    (1, Viability.AT_RISK, True),
    (0, Viability.AT_RISK, True),  # registration is open through the deadline day
    (-1, Viability.NOT_VIABLE, True),
    (-90, Viability.NOT_VIABLE, True),
])
def test_below_minimum_by_the_deadline(days: int, status: Viability, stands_out: bool) -> None:
    v = assess(group(11, days), TODAY)
    assert (v.status, v.stands_out, v.days_to_deadline) == (status, stands_out, days)


@pytest.mark.parametrize("days", [-30, 0, 5, 90])
def test_a_viable_group_never_stands_out(days: int) -> None:
    v = assess(group(12, days), TODAY)
    assert v.status is Viability.VIABLE and not v.stands_out and v.shortfall == 0


def test_a_group_with_its_own_minimum_is_judged_by_it() -> None:
    assert assess(group(12, min_size=15), TODAY).status is Viability.AT_RISK
    assert assess(group(15, min_size=15), TODAY).status is Viability.VIABLE


def test_the_description_says_how_many_more_and_by_when() -> None:
    near = assess(group(9, 53), TODAY)
    assert near.shortfall == 3
    assert near.describe() == ("9 of 12 enrolled: 3 more needed by Friday 15 January 2027 "
                               "(in 53 days)")
    assert assess(group(10, 0), TODAY).describe().endswith("(today)")
    closed = assess(group(7, -3), TODAY)
    assert closed.describe() == ("7 of 12 enrolled: 5 short; registration closed on Friday "
                                 "20 November 2026")
    assert assess(group(14), TODAY).describe() == "14 of 12 enrolled"
    assert Viability.AT_RISK.label == "At risk"


def test_groups_that_need_attention_come_first() -> None:
    ordered = assess_all([
        group(20, 10, "viable"),
        group(5, 90, "far"),
        group(10, 20, "near-10"),
        group(6, 20, "near-6"),
        group(11, 3, "nearest"),
        group(8, -2, "closed"),
    ], TODAY)
    assert [v.group.code for v in ordered] == ["closed", "nearest", "near-6", "near-10",
                                              "far", "viable"]


def test_filters_by_intake_qualification_partner_and_status() -> None:
    items = assess_all([
        group(12, code="a", qualification="NPQML", intake="Autumn 2026"),
        group(9, code="b", qualification="NPQML", partner="York Diocese"),
        group(9, 10, code="c", qualification="NPQH"),
    ], TODAY)
    assert [v.group.code for v in filter_groups(items, qualification="NPQML")] == ["b", "a"]
    assert [v.group.code for v in filter_groups(items, intake="Autumn 2026")] == ["a"]
    assert [v.group.code for v in filter_groups(items, partner="York Diocese")] == ["b"]
    assert [v.group.code for v in filter_groups(items, status=Viability.AT_RISK,
                                                partner="Leeds Learning Trust")] == ["c"]
    assert len(filter_groups(items)) == 3


def test_attendance_against_enrolment_shows_where_people_drop_off() -> None:
    events = [EventAttendance(3, "Day 3", 14, None), EventAttendance(1, "Day 1", 15, 15),
              EventAttendance(2, "Day 2", 14, 11)]
    result = drop_offs(events)
    assert [(e.number, fewer) for e, fewer in result] == [(1, None), (2, 4), (3, None)]
    assert result[1][0].rate == pytest.approx(11 / 14)
    assert result[2][0].rate is None
    assert EventAttendance(1, "Empty", 0, 0).rate is None


# ---- deferred and withdrawn candidates (issue 15) ------------------------------------------

def test_deferred_and_withdrawn_candidates_are_counted_apart_from_the_minimum() -> None:
    base = group(13)
    paused = dataclasses.replace(base, deferred=1, withdrawn=1)
    assert assess(base, TODAY).status is Viability.VIABLE
    assessed = assess(paused, TODAY)
    assert paused.counted == 11 and assessed.status is Viability.AT_RISK
    assert assessed.shortfall == 1
    assert assessed.describe().startswith("11 of 12 enrolled (1 deferred, 1 withdrawn apart)")
    assert assess(dataclasses.replace(base, deferred=1), TODAY).status is Viability.VIABLE
