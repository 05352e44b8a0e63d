"""Time in the room at a face-to-face event, and which held events count for a candidate:
the one rule the register, the progress view and the central service's declarations share.

- ``time_in_room``: (minutes attended, minutes of the day) between the event's start and
  end, from the arrival and departure times of someone marked present, late or left early
  (without times, the whole day); None for anyone else.
- ``event_minutes``: how a *held* event (dated on or before the day looked at, with a mark
  that is not "unmarked" on its register) counts for one candidate: (minutes in the room,
  minutes of the day), or None when it does not count for them (not enrolled by its day,
  or marked "not applicable", unless they attended anyway).

Statuses are the wire's strings (``protocol.records``), so the app's ``MarkStatus`` (a
``StrEnum``) passes as is.
"""

from __future__ import annotations

from protocol.records import ATTENDED_STATUSES as ATTENDED

NOT_APPLICABLE = "not_applicable"


def minutes(hhmm: str) -> int:
    """'09:30' -> 570."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def time_in_room(status: str | None, arrival: str | None, departure: str | None,
                 start: str = "09:00", end: str = "16:00") -> tuple[int, int] | None:
    """(minutes attended, minutes in the day) between the event's start and end, or None
    for someone not attended or not marked. Without times, the day's start and end."""
    if status is None or status not in ATTENDED:
        return None
    day_start, day_end = minutes(start), minutes(end)
    came = max(day_start, minutes(arrival)) if arrival else day_start
    went = min(day_end, minutes(departure)) if departure else day_end
    return max(0, went - came), max(1, day_end - day_start)


def event_minutes(status: str | None, arrival: str | None, departure: str | None,
                  start: str, end: str, enrolled: bool) -> tuple[int, int] | None:
    """How a held event counts for a candidate: (minutes in the room, minutes of the day),
    or None when it does not count for them. ``status``: their mark (None when not marked
    or "unmarked"); ``enrolled``: enrolled by the event's day."""
    attended = status is not None and status in ATTENDED
    if not attended and (not enrolled or status == NOT_APPLICABLE):
        return None
    span = time_in_room(status, arrival, departure, start, end)
    day = time_in_room("present", None, None, start, end)
    assert day is not None
    return (span[0] if span else 0), day[1]
