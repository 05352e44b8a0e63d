"""School holidays in the date rules (issue 13, point 12): a day in the holidays of the
venue's local authority is warned about, never refused and never suggested; with no term
dates for the authority nothing is judged by them and the picker's note says so."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.event_date_views import holidays_note
from protocol.event_dates import (
    EventWindow,
    TermDates,
    check_date,
    date_options,
    long_date,
    suggest_dates,
)
from resources import resource_path

D = dt.date
CALDERDALE: dict[str, Any] = json.loads(
    resource_path("term_dates", "calderdale-2026-27.json").read_text(encoding="utf-8"))
TERMS = TermDates.from_payloads("Calderdale", [CALDERDALE])
EASTER_WINDOW = EventWindow(D(2027, 3, 28), D(2027, 4, 10))  # the demo's undated event 6
HALF_TERMS = {
    "October half-term": (D(2026, 10, 26), D(2026, 10, 30)),
    "February half-term": (D(2027, 2, 15), D(2027, 2, 19)),
    "May half-term": (D(2027, 5, 31), D(2027, 6, 4)),
}


def test_the_seeded_year_is_a_typical_english_authoritys() -> None:
    names = [h.name for h in TERMS.holidays]
    assert names == ["October half-term", "Christmas holiday", "February half-term",
                     "Easter holiday", "May half-term", "Summer holiday"]
    assert TERMS.authority == "Calderdale" and TERMS.known
    assert TERMS.covers(D(2026, 9, 1)) and TERMS.covers(D(2027, 8, 31))
    assert not TERMS.covers(D(2027, 9, 1)) and not TERMS.covers(D(2026, 8, 31))


@pytest.mark.parametrize("day", [D(2027, 4, 7), D(2027, 4, 8), D(2027, 4, 9),
                                 D(2027, 3, 30), D(2027, 4, 1)])
def test_a_day_in_the_easter_holiday_is_warned_about_not_refused(day: dt.date) -> None:
    problems = check_date(day, EASTER_WINDOW, term_dates=TERMS)
    assert [(p.code, p.blocking) for p in problems] == [("school_holiday", False)]
    assert problems[0].message == (
        f"{long_date(day)} is in the Easter holiday of schools in Calderdale (26 March to "
        "9 April 2027): candidates may be away.")


def test_the_easter_window_suggests_no_day_at_all() -> None:
    """7–9 April were suggested before: every weekday of this window is a bank holiday or
    in the Easter holiday, so there is nothing to suggest."""
    assert suggest_dates(EASTER_WINDOW) == [D(2027, 3, 30), D(2027, 3, 31), D(2027, 4, 1),
                                            D(2027, 4, 2), D(2027, 4, 5), D(2027, 4, 6),
                                            D(2027, 4, 7), D(2027, 4, 8), D(2027, 4, 9)]
    assert suggest_dates(EASTER_WINDOW, term_dates=TERMS) == []
    options = date_options(EASTER_WINDOW, term_dates=TERMS)
    warned = [o.date for o in options if o.selectable]
    assert warned == suggest_dates(EASTER_WINDOW)  # still choosable, with the warning


@pytest.mark.parametrize("name", sorted(HALF_TERMS))
def test_no_half_term_day_is_suggested(name: str) -> None:
    first, last = HALF_TERMS[name]
    window = EventWindow.two_weeks_from(first - dt.timedelta(days=first.weekday() + 7))
    suggested = suggest_dates(window, term_dates=TERMS)
    assert suggested and not [d for d in suggested if first <= d <= last]
    for day in (first + dt.timedelta(days=n) for n in range((last - first).days + 1)):
        problems = check_date(day, window, term_dates=TERMS)
        if day.weekday() < 5 and not any(p.blocking for p in problems):
            assert [p.code for p in problems] == ["school_holiday"]
            assert name in problems[0].message


def test_a_weekend_or_bank_holiday_in_the_holidays_is_refused_for_that_alone() -> None:
    for day in (D(2027, 4, 3), D(2027, 3, 29), D(2026, 12, 25)):
        problems = check_date(day, EventWindow(day, day), term_dates=TERMS)
        assert [p.code for p in problems] in (["weekend"], ["bank_holiday"])


def test_without_term_dates_no_day_is_judged_by_them_and_the_note_says_so() -> None:
    nothing = TermDates.from_payloads("Worcestershire", [CALDERDALE])
    assert not nothing.known and nothing.authority == "Worcestershire"
    assert suggest_dates(EASTER_WINDOW, term_dates=nothing) == suggest_dates(EASTER_WINDOW)
    assert holidays_note(nothing, EASTER_WINDOW) == (
        "School holidays are not checked: the central service holds no term dates for "
        "Worcestershire for these weeks. Ask the central team to load them.")
    assert holidays_note(TermDates(""), EASTER_WINDOW) == (
        "School holidays are not checked: this event's venue has no local authority "
        "recorded. Ask the central team to add it.")
    assert holidays_note(TERMS, EASTER_WINDOW) == (
        "School holidays are checked against Calderdale's term dates.")


def test_a_window_past_the_years_held_says_which_days_are_not_checked() -> None:
    window = EventWindow(D(2027, 8, 23), D(2027, 9, 5))
    assert holidays_note(TERMS, window) == (
        "School holidays are checked against Calderdale's term dates, except 1 to 3 "
        "September 2027: no term dates are held for those days yet.")
    assert suggest_dates(window, term_dates=TERMS) == [D(2027, 9, 1), D(2027, 9, 2),
                                                       D(2027, 9, 3)]
    later = EventWindow(D(2027, 9, 6), D(2027, 9, 19))
    assert holidays_note(TERMS, later).startswith("School holidays are not checked")


def test_the_authority_is_matched_whatever_its_spacing_and_case() -> None:
    assert TermDates.from_payloads("  calderdale ", [CALDERDALE]).holidays == TERMS.holidays
    assert TermDates.from_payloads("calderdale", [CALDERDALE]).authority == "Calderdale"


def test_a_payload_whose_dates_do_not_read_is_left_out_not_fatal() -> None:
    broken = dict(CALDERDALE, first_day="soon")
    assert TermDates.from_payloads("Calderdale", [broken, {"nonsense": 1}]) == \
        TermDates("Calderdale")
    assert TermDates.from_payloads("Calderdale", [broken, CALDERDALE]) == TERMS


@settings(max_examples=300, deadline=None)
@given(start=st.dates(D(2026, 8, 20), D(2027, 8, 31)))
def test_no_window_of_the_year_ever_suggests_a_holiday_and_every_holiday_weekday_warns(
        start: dt.date) -> None:
    window = EventWindow.two_weeks_from(start)
    options = date_options(window, term_dates=TERMS)
    for option in options:
        holiday = TERMS.holiday(option.date)
        codes = [p.code for p in option.problems]
        if holiday is None:
            assert "school_holiday" not in codes
            continue
        assert not option.clear  # never suggested
        if option.date.weekday() < 5 and option.selectable:
            assert codes == ["school_holiday"]  # warned, and choosable
    assert not any(TERMS.holiday(d) for d in suggest_dates(window, term_dates=TERMS))
