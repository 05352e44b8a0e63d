"""Arrival times are typed as digits and shown as HH:MM."""

from __future__ import annotations

import datetime as dt

import pytest

from ui.time_editor import parse_time, rounded


@pytest.mark.parametrize(("typed", "shown"), [
    ("0915", "09:15"), ("915", "09:15"), ("9:15", "09:15"), ("09.15", "09:15"),
    ("1400", "14:00"), ("2360", None), ("2500", None), ("nine", None), ("", None),
])
def test_typed_times_are_read_generously(typed, shown):
    assert parse_time(typed) == shown


def test_the_suggested_time_is_now_rounded_to_five_minutes():
    assert rounded(dt.datetime(2026, 11, 23, 9, 12, 0)) == "09:10"
    assert rounded(dt.datetime(2026, 11, 23, 9, 13, 0)) == "09:15"
    assert rounded(dt.datetime(2026, 11, 23, 23, 58, 0)) == "23:59"
