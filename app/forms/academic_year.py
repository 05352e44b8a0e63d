"""The academic year (September to August) that QA cycles and self-assessments belong to."""

from __future__ import annotations

import datetime as dt

FIRST_MONTH = 9  # September


def academic_year_of(day: dt.date) -> str:
    """ "2026/27" for any day from 1 Sep 2026 to 31 Aug 2027."""
    start = start_year(day)
    return f"{start}/{(start + 1) % 100:02d}"


def start_year(day: dt.date) -> int:
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def year_window(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the academic year ``day`` is in."""
    start = start_year(day)
    return dt.date(start, FIRST_MONTH, 1), dt.date(start + 1, FIRST_MONTH, 1) - dt.timedelta(1)


def parse_academic_year(text: str) -> int | None:
    """The starting calendar year of "2026/27"; None if ``text`` is not one."""
    head, _, tail = text.partition("/")
    if not (head.isdigit() and tail.isdigit() and len(head) == 4 and len(tail) == 2):
        return None
    start = int(head)
    return start if (start + 1) % 100 == int(tail) else None
