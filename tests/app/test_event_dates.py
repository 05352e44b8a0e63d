"""Picking an event's date: weekdays in the window, no bank holidays in England, and the
flags for a busy venue or an event too close to the group's previous one."""

from __future__ import annotations

import datetime as dt

import pytest

from protocol.event_dates import (
    MIN_GAP_DAYS,
    BookedEvent,
    EventWindow,
    bank_holiday,
    check_date,
    date_options,
    long_date,
    suggest_dates,
)

D = dt.date
CHRISTMAS_WINDOW = EventWindow(D(2026, 12, 21), D(2027, 1, 3))


def codes(problems: list) -> list[str]:
    return [p.code for p in problems]


def test_a_weekday_inside_the_window_has_no_problem() -> None:
    window = EventWindow.two_weeks_from(D(2026, 11, 30))
    assert window.end == D(2026, 12, 13)
    assert check_date(D(2026, 12, 2), window) == []


@pytest.mark.parametrize("day", [D(2026, 12, 5), D(2026, 12, 6)])
def test_weekends_are_refused(day: dt.date) -> None:
    window = EventWindow.two_weeks_from(D(2026, 11, 30))
    [problem] = check_date(day, window)
    assert problem.code == "weekend" and problem.blocking
    assert problem.message == f"{long_date(day)} is a weekend: events run on weekdays only."


@pytest.mark.parametrize(("day", "name"), [
    (D(2026, 12, 25), "Christmas Day"),
    (D(2026, 12, 28), "Boxing Day (substitute day)"),  # Boxing Day 2026 is a Saturday
    (D(2027, 1, 1), "New Year's Day"),
])
def test_christmas_bank_holidays_are_refused_with_their_name(day: dt.date, name: str) -> None:
    [problem] = check_date(day, CHRISTMAS_WINDOW)
    assert problem.code == "bank_holiday" and problem.blocking
    assert problem.message == f"{long_date(day)} is a bank holiday in England ({name})."


def test_the_substitute_day_message_reads_like_gov_uk() -> None:
    [problem] = check_date(D(2027, 12, 27), EventWindow.two_weeks_from(D(2027, 12, 20)))
    assert problem.message == ("Monday 27 December 2027 is a bank holiday in England "
                               "(Christmas Day (substitute day)).")


@pytest.mark.parametrize(("day", "name"), [
    (D(2027, 3, 26), "Good Friday"), (D(2027, 3, 29), "Easter Monday"),
    (D(2027, 5, 3), "Early May bank holiday"), (D(2027, 5, 31), "Spring bank holiday"),
    (D(2027, 8, 30), "Summer bank holiday"),
])
def test_easter_and_may_bank_holidays(day: dt.date, name: str) -> None:
    assert bank_holiday(day) == name
    assert codes(check_date(day, EventWindow.two_weeks_from(day))) == ["bank_holiday"]


def test_days_around_easter_are_open() -> None:
    window = EventWindow(D(2027, 3, 22), D(2027, 4, 2))
    assert bank_holiday(D(2027, 3, 25)) is None
    assert D(2027, 3, 26) not in suggest_dates(window)
    assert D(2027, 3, 29) not in suggest_dates(window)
    assert suggest_dates(window) == [D(2027, 3, 22), D(2027, 3, 23), D(2027, 3, 24),
                                     D(2027, 3, 25), D(2027, 3, 30), D(2027, 3, 31),
                                     D(2027, 4, 1), D(2027, 4, 2)]


def test_bank_holidays_in_scotland_only_are_working_days_in_england() -> None:
    assert bank_holiday(D(2026, 11, 30)) is None  # St Andrew's Day
    assert bank_holiday(D(2027, 1, 4)) is None  # 2 January substitute day in Scotland


def test_a_day_outside_the_window_is_refused_with_the_window() -> None:
    window = EventWindow(D(2026, 11, 30), D(2026, 12, 11))
    [problem] = check_date(D(2026, 12, 14), window)
    assert problem.code == "outside_window" and problem.blocking
    assert problem.message == ("Monday 14 December 2026 is outside this event's window "
                               "(Monday 30 November to Friday 11 December 2026).")


@pytest.mark.parametrize("day", [D(2026, 11, 30), D(2026, 12, 11)])
def test_both_ends_of_the_window_are_inside_it(day: dt.date) -> None:
    assert check_date(day, EventWindow(D(2026, 11, 30), D(2026, 12, 11))) == []


def test_a_day_that_has_passed_is_refused() -> None:
    window = EventWindow(D(2026, 11, 16), D(2026, 11, 27))
    assert codes(check_date(D(2026, 11, 20), window, today=D(2026, 11, 23))) == ["in_the_past"]
    assert check_date(D(2026, 11, 23), window, today=D(2026, 11, 23)) == []


def test_a_clash_at_the_venue_is_flagged_not_refused() -> None:
    window = EventWindow(D(2026, 11, 30), D(2026, 12, 11))
    booked = [BookedEvent("other", "NPQH-AUT26-LEEDS-3, event 2", D(2026, 12, 3)),
              BookedEvent("self", "this event", D(2026, 12, 3))]
    [problem] = check_date(D(2026, 12, 3), window, other_events_at_venue=booked,
                           event_id="self")
    assert problem.code == "venue_clash" and not problem.blocking
    assert problem.message == ("NPQH-AUT26-LEEDS-3, event 2 is already at this venue on "
                               "Thursday 3 December 2026.")
    assert check_date(D(2026, 12, 4), window, other_events_at_venue=booked) == []


@pytest.mark.parametrize(("gap", "flagged"), [(1, True), (13, True), (14, False), (40, False)])
def test_the_previous_event_too_close_is_flagged(gap: int, flagged: bool) -> None:
    day = D(2026, 12, 2)
    problems = check_date(day, EventWindow.two_weeks_from(D(2026, 11, 30)),
                          previous_event_date=day - dt.timedelta(days=gap))
    assert codes(problems) == (["too_close_to_previous"] if flagged else [])
    assert all(not p.blocking for p in problems)
    assert MIN_GAP_DAYS == 14


def test_the_gap_message_names_the_previous_event() -> None:
    [problem] = check_date(D(2026, 12, 2), EventWindow.two_weeks_from(D(2026, 11, 30)),
                           previous_event_date=D(2026, 11, 23))
    assert problem.message == ("Only 9 days after the group's previous event on Monday 23 "
                               "November 2026: leave at least 14 days between events.")


def test_events_keep_their_order() -> None:
    window = EventWindow.two_weeks_from(D(2026, 11, 30))
    before = check_date(D(2026, 12, 2), window, previous_event_date=D(2026, 12, 2))
    assert codes(before) == ["not_after_previous"] and before[0].blocking
    after = check_date(D(2026, 12, 9), window, next_event_date=D(2026, 12, 8))
    assert codes(after) == ["not_before_next"] and after[0].blocking
    near = check_date(D(2026, 12, 9), window, next_event_date=D(2026, 12, 15))
    assert codes(near) == ["too_close_to_next"] and not near[0].blocking


def test_blocking_problems_come_first() -> None:
    problems = check_date(D(2026, 12, 26), CHRISTMAS_WINDOW,
                          previous_event_date=D(2026, 12, 20),
                          other_events_at_venue=[BookedEvent("x", "Other", D(2026, 12, 26))])
    assert codes(problems) == ["weekend", "too_close_to_previous", "venue_clash"]


def test_the_christmas_window_offers_only_working_days() -> None:
    assert suggest_dates(CHRISTMAS_WINDOW) == [
        D(2026, 12, 21), D(2026, 12, 22), D(2026, 12, 23), D(2026, 12, 24),
        D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31)]


def test_the_picker_shows_every_day_and_which_can_be_chosen() -> None:
    window = EventWindow(D(2027, 4, 26), D(2027, 5, 7))
    booked = [BookedEvent("x", "NPQML-SPR27-YORK-1, event 3", D(2027, 4, 28))]
    options = date_options(window, other_events_at_venue=booked,
                           previous_event_date=D(2027, 4, 14))
    assert [o.date for o in options] == window.days() and len(options) == 12
    by_day = {o.date: o for o in options}
    assert not by_day[D(2027, 5, 3)].selectable  # Early May bank holiday
    assert by_day[D(2027, 4, 28)].selectable and not by_day[D(2027, 4, 28)].clear
    assert by_day[D(2027, 4, 26)].selectable and not by_day[D(2027, 4, 26)].clear  # 12 days
    assert suggest_dates(window, other_events_at_venue=booked,
                         previous_event_date=D(2027, 4, 14)) == [
        D(2027, 4, 29), D(2027, 4, 30), D(2027, 5, 4), D(2027, 5, 5), D(2027, 5, 6),
        D(2027, 5, 7)]


def test_a_window_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        EventWindow(D(2026, 12, 2), D(2026, 12, 1))


def test_dates_are_written_in_english_whatever_the_locale() -> None:
    assert long_date(D(2026, 12, 28)) == "Monday 28 December 2026"
    assert EventWindow(D(2026, 12, 21), D(2027, 1, 3)).describe() == (
        "Monday 21 December 2026 to Sunday 3 January 2027")
