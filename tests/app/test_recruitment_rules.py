"""The pipeline's rules at their edges, as plain functions: counting, the minimum, the
trend, the forecast (no applications, deadline passed, already viable, zero rate),
registration windows (open now, opens next, none) and the yearly expectations (met, not
met, next year)."""

from __future__ import annotations

import datetime as dt
import itertools

from app.recruitment_counts import (
    Application,
    Enrolled,
    by_status,
    conversion,
    forecast,
    minimum,
    trend_days,
    weekly_rate,
    weekly_trend,
)
from app.recruitment_windows import (
    Window,
    expectation_words,
    expectations,
    group_year,
    window_words,
    windows,
)

TODAY = dt.date(2026, 11, 23)
DEADLINE = dt.date(2027, 1, 16)  # 54 days: 7.7 weeks
_ids = itertools.count()


def app(status: str = "applied", days_ago: int = 10, source: str = "allocation_code",
        decided_days_ago: int | None = None, candidate: str | None = None) -> Application:
    decided = (TODAY - dt.timedelta(days=decided_days_ago)
               if decided_days_ago is not None else None)
    return Application(f"a{next(_ids)}", "g", "i", "p", "NPQSL", source, status,
                       TODAY - dt.timedelta(days=days_ago), decided, candidate)


def predict(apps: list[Application], enrolled: int = 5, deadline: dt.date = DEADLINE,
            ids: frozenset[str] = frozenset()) -> tuple[int | None, str]:
    f = forecast(code="NPQSL-SPR27-LEEDS-3", applications=apps, enrolled_now=enrolled,
                 enrolled_ids=ids, minimum_size=12, deadline=deadline, today=TODAY)
    return f.expected, f.words


def test_statuses_are_counted_and_own_recruits_told_from_allocated() -> None:
    apps = [app("applied"), app("accepted"), app("rejected", source="allocated"),
            app("withdrawn", source="preferred_partner"), app("applied", source="allocated")]
    counts = by_status(apps)
    assert (counts.applied, counts.accepted, counts.rejected, counts.withdrawn) == (2, 1, 1, 1)
    assert counts.total == 5
    assert [a.own for a in apps] == [True, True, False, True, False]


def test_the_minimum_is_the_rules_then_the_groups_then_twelve() -> None:
    assert minimum(10, 15) == 10
    assert minimum(None, 15) == 15
    assert minimum(None, None) == 12
    assert minimum(0, 0) == 12


def test_the_rate_counts_the_last_four_weeks_still_in_play() -> None:
    apps = [app(days_ago=1), app(days_ago=27), app(days_ago=28), app(days_ago=29),
            app("rejected", days_ago=3, decided_days_ago=1)]
    # the 28 days up to today: 28 days ago is out, and the rejected one
    assert weekly_rate(apps, TODAY) == 2 / 4


def test_conversion_is_the_share_accepted_of_those_decided() -> None:
    assert conversion([app("applied")]) is None
    assert conversion([app("accepted"), app("accepted"), app("rejected"), app("applied")]
                      ) == 2 / 3


def test_no_applications_forecasts_the_enrolled_and_says_the_rate_is_zero() -> None:
    expected, words = predict([], enrolled=5)
    assert expected == 5
    assert words == ("No new applications in the last 4 weeks: NPQSL-SPR27-LEEDS-3 will be "
                     "at about 5 by 16 Jan: 7 short of 12")


def test_at_the_current_rate_the_words_give_the_rate_and_the_shortfall() -> None:
    # 8 in play in the last 4 weeks: 2 a week; none decided: every one counts
    apps = [app(days_ago=d) for d in (1, 3, 5, 8, 10, 15, 20, 25)]
    expected, words = predict(apps, enrolled=0)
    # 8 undecided + 2 a week for 54/7 weeks = 8 + 15.4 -> 23
    assert expected == 23
    assert words == ("At the current rate (2 a week) NPQSL-SPR27-LEEDS-3 will reach about "
                     "23 by 16 Jan: enough for 12")
    # half of those decided are accepted: it lands halfway
    decided = [*apps, app("accepted", days_ago=40, decided_days_ago=35, candidate="c1"),
               app("rejected", days_ago=40, decided_days_ago=35)]
    expected, words = predict(decided, enrolled=1, ids=frozenset({"c1"}))
    assert expected == 1 + round((8 + 2 * 54 / 7) / 2)
    assert words.endswith(": enough for 12") or "short of 12" in words


def test_accepted_but_not_yet_enrolled_count_in_full() -> None:
    apps = [app("accepted", days_ago=40, decided_days_ago=39, candidate="c1"),
            app("accepted", days_ago=40, decided_days_ago=39, candidate="c2"),
            app("accepted", days_ago=40, decided_days_ago=39, candidate=None)]
    expected, words = predict(apps, enrolled=1, ids=frozenset({"c1"}))
    assert expected == 3  # c1 enrolled; c2 and the one without a candidate yet to come
    assert "9 short of 12" in words


def test_a_passed_deadline_is_no_forecast_but_what_it_closed_with() -> None:
    expected, words = predict([app()], enrolled=9, deadline=dt.date(2026, 9, 12))
    assert expected is None
    assert words == "Registration closed on 12 Sep with 9 of 12: 3 short of 12"
    _expected, words = predict([], enrolled=14, deadline=dt.date(2026, 9, 12))
    assert words == "Registration closed on 12 Sep with 14 of 12: enough for 12"


def test_an_already_viable_group_says_so_and_where_it_is_heading() -> None:
    expected, words = predict([app(days_ago=2)], enrolled=13)
    assert expected is not None and expected >= 13
    assert words.startswith("NPQSL-SPR27-LEEDS-3 has 13 of the 12 needed")


def test_the_trend_runs_weekly_to_the_deadline_up_to_today() -> None:
    days = trend_days(DEADLINE, TODAY)
    assert days[0] == DEADLINE - dt.timedelta(weeks=12)
    assert all(d <= TODAY for d in days) and days[-1] == TODAY
    assert all((b - a).days == 7 for a, b in itertools.pairwise(days[:-1]))
    passed = trend_days(dt.date(2026, 9, 12), TODAY)
    assert len(passed) == 13 and passed[-1] == dt.date(2026, 9, 12)
    assert trend_days(dt.date(2027, 9, 12), TODAY) == []  # its trend has not begun


def test_the_trend_counts_in_play_and_enrolled_as_at_each_week() -> None:
    apps = [app(days_ago=20), app("withdrawn", days_ago=20, decided_days_ago=5)]
    people = [Enrolled(TODAY - dt.timedelta(days=10)),
              Enrolled(TODAY - dt.timedelta(days=30), left_on=TODAY - dt.timedelta(days=2))]
    points = {p.day: p for p in weekly_trend(apps, people, DEADLINE, TODAY)}
    week = TODAY - dt.timedelta(days=9)  # a week end: the deadline less 9 weeks
    assert week in points
    assert (points[week].in_play, points[week].enrolled) == (2, 2)
    assert (points[TODAY].in_play, points[TODAY].enrolled) == (1, 1)


def test_a_window_open_now_and_the_next_to_open() -> None:
    found = windows([("a", "Autumn 2026", dt.date(2026, 9, 12)),
                     ("s", "Spring 2027", dt.date(2027, 1, 16)),
                     ("n", "Autumn 2027", dt.date(2027, 9, 11))], {})
    assert found[1].opens_on == dt.date(2026, 9, 13)  # the day after Autumn 2026 closed
    assert found[0].opens_on is None  # the first: not known
    assert window_words(found, TODAY) == ("Spring 2027 registration open until 16 Jan 2027; "
                                          "Autumn 2027 opens 17 Jan 2027")


def test_a_published_window_wins_and_none_open_says_so() -> None:
    found = windows([("s", "Spring 2027", dt.date(2027, 1, 16))],
                    {"s": (dt.date(2026, 12, 1), dt.date(2027, 1, 10))})
    assert found == [Window("s", "Spring 2027", dt.date(2026, 12, 1), dt.date(2027, 1, 10))]
    assert window_words(found, TODAY) == ("No registration window is open now; "
                                          "Spring 2027 opens 1 Dec 2026")
    assert window_words(found, dt.date(2027, 2, 1)) == (
        "No registration window is open, and none is published to open")
    assert window_words([], TODAY).startswith("No registration window is open")


def test_with_no_later_intake_the_next_window_opens_after_this_one_closes() -> None:
    found = windows([("a", "Autumn 2026", dt.date(2026, 9, 12)),
                     ("s", "Spring 2027", dt.date(2027, 1, 16))], {})
    assert window_words(found, TODAY) == ("Spring 2027 registration open until 16 Jan 2027; "
                                          "the next intake's registration opens 17 Jan 2027")


def test_a_groups_year_is_the_academic_year_its_intake_starts_in() -> None:
    assert group_year("autumn", 2026) == 2026
    assert group_year("spring", 2027) == 2026  # January 2027 is in 2026/27
    assert group_year("autumn", 2027) == 2027


def test_expectations_met_not_met_and_next_year() -> None:
    years = expectations([("NPQML", 2026), ("NPQSL", 2026), ("NPQSL", 2027), ("NPQH", 2027)],
                         ("NPQML", "NPQSL"), TODAY)
    assert [y.year for y in years] == ["2026/27", "2027/28"]
    assert years[0].met and not years[1].met
    assert expectation_words(years) == ("2026/27: NPQML ✓, NPQSL ✓ · "
                                        "2027/28: NPQML not yet scheduled, NPQSL ✓")
    assert "NPQML scheduled" in years[0].spoken and "✓" not in years[0].spoken
    nothing = expectations([], ("NPQML",), dt.date(2027, 8, 31))
    assert [y.year for y in nothing] == ["2026/27", "2027/28"]
    assert not any(y.met for y in nothing)
