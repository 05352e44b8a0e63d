"""Rules a mark must follow before it is saved."""

from __future__ import annotations

import re

from app.domain import MarkStatus
from app.errors import ValidationError
from app.text import _

EARLIEST = "06:00"
LATEST = "20:00"
MAX_NOTE = 2000
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def parse_status(status: MarkStatus | str) -> MarkStatus:
    try:
        return MarkStatus(status)
    except ValueError:
        raise ValidationError(
            _("“{status}” is not a register mark.").format(status=status)) from None


def check_time(value: str | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    value = value.strip()
    if not _TIME.match(value):
        raise ValidationError(_("The {what} must be a time like 09:15 (HH:MM).").format(what=what))
    if not EARLIEST <= value <= LATEST:
        raise ValidationError(_("The {what} must be between {earliest} and {latest}.").format(
            what=what, earliest=EARLIEST, latest=LATEST))
    return value


def check_mark(status: MarkStatus, arrival: str | None, departure: str | None,
               note: str | None) -> tuple[str | None, str | None, str]:
    """The times and note to store for this mark, or a ValidationError."""
    arrival = check_time(arrival, _("arrival time"))
    departure = check_time(departure, _("departure time"))
    if status is MarkStatus.LATE and arrival is None:
        raise ValidationError(_("A late arrival needs the time they arrived."))
    if status is MarkStatus.LEFT_EARLY and departure is None:
        raise ValidationError(_("Someone who left early needs the time they left."))
    if not status.attended:
        arrival = departure = None  # times mean nothing for someone not in the room
    if arrival and departure and departure <= arrival:
        raise ValidationError(_("The departure time must be after the arrival time."))
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(
            _("A note can be at most {n} characters.").format(n=MAX_NOTE))
    return arrival, departure, note
