"""What a person types, checked before it is saved: the shared field rules
(``protocol.fields``, the very rules the central service applies to a push) said in words, and
the rules a mark must follow.

Every service that takes typed text calls ``check_text`` (or a checker built on it) before
it touches the store, so text that could not be stored or pushed (a control character, a
lone surrogate left by a broken paste, a school of 50,000 characters, an email address that
is not one) is refused with a message naming the field, and nothing is written.
"""

from __future__ import annotations

from app.domain import MarkStatus
from app.errors import ValidationError
from protocol import fields
from protocol.fields import Flaw, Problem, Rule, Shape
from protocol.text import _

EARLIEST = fields.EARLIEST_TIME
LATEST = fields.LATEST_TIME
MAX_NOTE = fields.MARK_NOTE.max_length


def check_text(rule: Rule, value: str | None, field: str) -> str:
    """``value`` as it is stored and pushed (a one-line field stripped of the spaces
    around it; line breaks in a multi-line field as newlines), or a ``ValidationError``
    naming ``field`` (the label the person sees, translated) and what is wrong."""
    text = value or ""
    text = text.replace("\r\n", "\n").replace("\r", "\n") if rule.multiline else text.strip()
    problem = rule.problem(text)
    if problem is not None:
        raise ValidationError(problem_message(problem, field))
    return text


def problem_message(problem: Problem, field: str) -> str:
    """What is wrong, for a person: the field's label first."""
    flaw, code = problem.flaw, problem.code_point
    if flaw is Flaw.REQUIRED:
        return _("{field} is required.").format(field=field)
    if flaw is Flaw.TOO_LONG:
        return _("{field} is too long: at most {n} characters (this has {length}).").format(
            field=field, n=f"{problem.rule.max_length:,}", length=f"{problem.length:,}")
    if flaw is Flaw.UNENCODABLE:
        return _("{field} contains a damaged character that cannot be saved (often left by "
                 "copying and pasting). Please type it again.").format(field=field)
    if flaw is Flaw.LINE_BREAK:
        return _("{field} must be on one line.").format(field=field)
    if flaw in (Flaw.CONTROL, Flaw.INVISIBLE):
        return _("{field} contains an invisible character ({code}) that cannot be saved. "
                 "Please remove it or type the text again.").format(field=field, code=code)
    return _shape_message(problem.rule.shape, field)


def _shape_message(shape: Shape, field: str) -> str:
    if shape is Shape.EMAIL:
        return _("{field} does not look like an email address (name@school.org).").format(
            field=field)
    if shape is Shape.DATE:
        return _("{field} is not a valid date.").format(field=field)
    if shape is Shape.TIME:
        return _("{field} must be a time like 09:15 (HH:MM), between {earliest} and "
                 "{latest}.").format(field=field, earliest=EARLIEST, latest=LATEST)
    if shape is Shape.ACADEMIC_YEAR:
        return _("{field} is written like 2026/27.").format(field=field)
    return _("{field} is not in a form that can be saved.").format(field=field)


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
    if fields.TIME.allows(value):
        return value
    if fields.CLOCK_TIME.fullmatch(value):
        raise ValidationError(_("The {what} must be between {earliest} and {latest}.").format(
            what=what, earliest=EARLIEST, latest=LATEST))
    raise ValidationError(_("The {what} must be a time like 09:15 (HH:MM).").format(what=what))


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
    note = check_text(fields.MARK_NOTE, (note or "").strip(), _("The note"))
    return arrival, departure, note
