"""Who is at risk: the participation threshold and events missed running (no Qt, no SQL).

- *At risk*: an active candidate whose share of face-to-face hours is below the
  participation threshold (the group's qualification's, as the central service sent it; 90 %
  until it has arrived, ``DEFAULT_THRESHOLD``), or who missed ``MISSED_RUNNING_LIMIT``
  events running. Nobody is at risk before any event has been held for them.

Each reason has its words in full (the tooltip, the detail panel, the printed page, what a
screen reader hears) and short (the table's cell, readable at 1366x768).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from protocol.fields import THRESHOLD_DEFAULT
from protocol.text import _

# The participation threshold, in percent of face-to-face hours: each qualification's comes
# from the central service (``QualificationData.participation_threshold_percent``); this
# one only while the group's qualification is not on this laptop.
DEFAULT_THRESHOLD = THRESHOLD_DEFAULT
# This many events missed one after another puts a candidate at risk.
MISSED_RUNNING_LIMIT = 2


def below_threshold(attended_minutes: int, held_minutes: int,
                    threshold: float = DEFAULT_THRESHOLD) -> bool:
    """True when the minutes attended are under ``threshold`` percent of the minutes held
    (exactly at the threshold is not below). Nothing held: not below."""
    if held_minutes <= 0:
        return False
    return attended_minutes * 100 < threshold * held_minutes


def missed_running(attended: Sequence[bool]) -> int:
    """How many of the latest events (``attended`` in date order) were missed in a row."""
    count = 0
    for was_there in reversed(attended):
        if was_there:
            break
        count += 1
    return count


def share_percent(attended_minutes: int, held_minutes: int) -> int | None:
    """The share of hours as a whole percent, rounded down (so 89.9 % never reads as 90 %);
    None when nothing was held."""
    if held_minutes <= 0:
        return None
    return attended_minutes * 100 // held_minutes


@dataclass(frozen=True)
class Risk:
    """Why a candidate is at risk, in words (one reason or two), and the same short."""

    reasons: tuple[str, ...]
    short: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "; ".join(self.reasons)

    @property
    def short_text(self) -> str:
        """'Hours 60 % · 2 missed': for a narrow column (the full words go in its tip)."""
        return " · ".join(self.short or self.reasons)


def risk(attended_minutes: int, held_minutes: int, missed_in_a_row: int,
         threshold: float = DEFAULT_THRESHOLD) -> Risk | None:
    """The at-risk verdict: below the participation threshold, or ``MISSED_RUNNING_LIMIT``
    events missed running; None when neither (or when nothing has been held)."""
    reasons: list[str] = []
    short: list[str] = []
    if below_threshold(attended_minutes, held_minutes, threshold):
        share = share_percent(attended_minutes, held_minutes)
        reasons.append(_("Below {threshold} % of face-to-face hours ({share} %)").format(
            threshold=f"{threshold:g}", share=share))
        short.append(_("Hours {share} %").format(share=share))
    if missed_in_a_row >= MISSED_RUNNING_LIMIT:
        reasons.append(_("Missed the last {n} events running").format(n=missed_in_a_row))
        short.append(_("{n} missed").format(n=missed_in_a_row))
    return Risk(tuple(reasons), tuple(short)) if reasons else None
