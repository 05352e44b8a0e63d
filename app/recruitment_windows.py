"""Registration windows and the partner's yearly expectations, as plain functions (no
store, no Qt).

- **Windows**: each intake takes applications from ``opens_on`` through ``closes_on``
  (its ``registration_window`` record; without one, the intake's registration deadline
  closes it and it opens the day after the previous intake's deadline). ``window_words``
  says what is open now and what opens next: "Spring 2027 registration open until 16 Jan
  2027; Autumn 2027 opens 17 Jan 2027". With no later intake published, the next window
  still opens the day after the open one closes (docs/protocol.md).
- **Expectations**: a partner runs at least one group of each ``required_each_year``
  qualification (the recruitment rules; NPQML and NPQSL by default) each academic year
  (September to August). A group's year is the academic year its intake starts in (an
  autumn intake on 1 September, a spring one on 1 January); closed groups do not count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.forms.academic_year import academic_year_of, start_year
from protocol.text import _

DEFAULT_REQUIRED = ("NPQML", "NPQSL")


def intake_start(term: str, year: int) -> dt.date:
    """An autumn intake starts on 1 September, a spring one on 1 January."""
    return dt.date(year, 9, 1) if term == "autumn" else dt.date(year, 1, 1)


def short_day(day: dt.date) -> str:
    """'16 Jan 2027'."""
    return f"{day.day} {day:%b %Y}"


@dataclass(frozen=True)
class Window:
    intake_id: str
    label: str  # "Spring 2027"
    opens_on: dt.date | None  # None: not known (the first intake, no record)
    closes_on: dt.date

    def is_open(self, today: dt.date) -> bool:
        return (self.opens_on is None or self.opens_on <= today) and today <= self.closes_on

    @property
    def words(self) -> str:
        """'13 Sep 2026 – 16 Jan 2027', or 'until 16 Jan 2027'."""
        if self.opens_on is None:
            return _("until {day}").format(day=short_day(self.closes_on))
        return f"{short_day(self.opens_on)} – {short_day(self.closes_on)}"


def windows(intakes: Iterable[tuple[str, str, dt.date]],
            published: dict[str, tuple[dt.date, dt.date]]) -> list[Window]:
    """Each intake's window, by closing day. ``intakes``: (id, label, deadline);
    ``published``: the ``registration_window`` records, (opens_on, closes_on) by intake."""
    found: list[Window] = []
    previous_close: dt.date | None = None
    for intake_id, label, deadline in sorted(intakes, key=lambda i: (i[2], i[1])):
        opens: dt.date | None
        if intake_id in published:
            opens, closes = published[intake_id]
        else:
            closes = deadline
            opens = previous_close + dt.timedelta(days=1) if previous_close else None
        found.append(Window(intake_id, label, opens, closes))
        previous_close = closes
    return sorted(found, key=lambda w: (w.closes_on, w.label))


def window_words(found: Sequence[Window], today: dt.date) -> str:
    """What is open now and what opens next, in one line."""
    open_now = [w for w in found if w.is_open(today)]
    later = [w for w in found if w.opens_on is not None and w.opens_on > today]
    parts = [_("{label} registration open until {day}").format(
        label=w.label, day=short_day(w.closes_on)) for w in open_now]
    if later:
        first = min(later, key=lambda w: w.opens_on or today)
        assert first.opens_on is not None
        parts.append(_("{label} opens {day}").format(label=first.label,
                                                     day=short_day(first.opens_on)))
    elif open_now:
        last = max(open_now, key=lambda w: w.closes_on)
        parts.append(_("the next intake's registration opens {day}").format(
            day=short_day(last.closes_on + dt.timedelta(days=1))))
    if not parts:
        return _("No registration window is open, and none is published to open")
    if not open_now:
        parts.insert(0, _("No registration window is open now"))
    return "; ".join(parts)


@dataclass(frozen=True)
class YearExpectation:
    """Whether a partner runs a group of each required qualification in one academic year."""

    year: str  # "2026/27"
    scheduled: tuple[tuple[str, bool], ...]  # (qualification code, at least one group)

    @property
    def met(self) -> bool:
        return all(ok for _code, ok in self.scheduled)

    @property
    def words(self) -> str:
        """'2026/27: NPQML ✓, NPQSL not yet scheduled'."""
        parts = [code + " ✓" if ok else _("{code} not yet scheduled").format(code=code)
                 for code, ok in self.scheduled]
        return f"{self.year}: {', '.join(parts)}"

    @property
    def spoken(self) -> str:
        """The same for a screen reader: 'scheduled' for the tick."""
        parts = [_("{code} scheduled").format(code=code) if ok
                 else _("{code} not yet scheduled").format(code=code)
                 for code, ok in self.scheduled]
        return f"{self.year}: {', '.join(parts)}"


def group_year(term: str, year: int) -> int:
    """The academic year (its first calendar year) a group of this intake belongs to."""
    return start_year(intake_start(term, year))


def expectations(groups: Iterable[tuple[str, int]], required: Sequence[str],
                 today: dt.date) -> tuple[YearExpectation, ...]:
    """For this academic year and the next. ``groups``: (qualification code, academic year
    start) of the partner's open groups."""
    held = set(groups)
    this = start_year(today)
    return tuple(YearExpectation(academic_year_of(dt.date(y, 9, 1)),
                                 tuple((code, (code, y) in held) for code in required))
                 for y in (this, this + 1))


def expectation_words(found: Sequence[YearExpectation]) -> str:
    """'2026/27: NPQML ✓, NPQSL ✓ · 2027/28: NPQML ✓, NPQSL not yet scheduled'."""
    return " · ".join(e.words for e in found)
