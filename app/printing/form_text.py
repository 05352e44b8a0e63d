"""What a printed QA form says, as plain text: titles, header fields, status, answers.

Kept apart from the ReportLab layout so the wording (en-GB dates, "3 Secure", "Signed off
by ... on ...") is decided in one place and can be read and tested without a PDF.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from app.forms.views import FormView
from protocol.records import Answer, RatingLevel, TemplateQuestion

NOT_ANSWERED = "Not answered"
CONFIDENTIALITY = "Confidential — for the facilitator and the QA lead"

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_STAGES = {"pre_visit": "before the visit", "post_visit": "after the visit"}
_MODES = {"co_facilitated": "Co-facilitated", "observed": "Observed"}


def long_date(day: dt.date) -> str:
    """'Thursday 12 November 2026' (English whatever the machine's locale)."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """'12 Nov 2026'."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def local_day(moment: dt.datetime) -> dt.date:
    """The calendar day of an instant on this laptop: stored instants are UTC, and a form
    signed off at 00:30 on a British summer morning was signed off that morning."""
    return (moment.astimezone() if moment.tzinfo is not None else moment).date()


def document_title(view: FormView) -> str:
    """'QA visit record', 'Coaching conversation — before the visit',
    'Facilitator self-assessment 2026/27'."""
    if view.kind == "qa_visit":
        return "QA visit record"
    if view.kind == "coaching_conversation":
        stage = _STAGES.get(view.stage or "")
        return f"Coaching conversation — {stage}" if stage else "Coaching conversation"
    year = view.academic_year or ""
    return f"Facilitator self-assessment {year}".rstrip()


def header_fields(view: FormView) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The (label, value) pairs under the title: who (left column) and what (right)."""
    if view.kind == "self_assessment":
        return ([("Facilitator", view.facilitator_name), ("Completed by", view.author_name)],
                [("Academic year", view.academic_year or "—")])
    people = [("Facilitator", view.facilitator_name), ("QA lead", view.author_name)]
    session = _unbroken_parts(view.event_label or "—")
    if view.kind == "qa_visit":
        return people, [("Session", session), ("Visit", _MODES.get(view.mode or "", "—"))]
    minutes = view.duration_minutes
    about = [("Session", session)] if view.event_label else []
    return people, [*about, ("Date", long_date(view.held_on) if view.held_on else "—"),
                    ("Duration", f"{minutes} minutes" if minutes else "—")]


def _unbroken_parts(label: str) -> str:
    """'NPQSL-AUT26-LEEDS-1 · Session 1 · Thu 12 Nov 2026' wrapped only between its parts:
    each short part kept whole, and each "·" kept with the part before it."""
    parts = [part.replace(" ", "\u00a0") if len(part) <= 20 else part
             for part in label.split(" · ")]
    return "\u00a0· ".join(parts)


def _verb(view: FormView) -> str:
    return "signed off" if view.kind == "qa_visit" else "submitted"


def status_line(view: FormView) -> str:
    """'Signed off by Ciarán Ó Briain on Thursday 12 November 2026' for a submitted visit,
    'Submitted on ...' for the other kinds, 'Draft — not signed off ...' for a draft."""
    if view.status != "submitted":
        return f"Draft — not {_verb(view)}, last saved {long_date(local_day(view.updated_at))}"
    when = view.submitted_at or view.updated_at
    if view.kind == "qa_visit":
        return f"Signed off by {view.author_name} on {long_date(local_day(when))}"
    return f"Submitted on {long_date(local_day(when))}"


def draft_banner(view: FormView) -> str:
    final = "the QA lead signs it off" if view.kind == "qa_visit" else "it is submitted"
    return f"This is a draft and may still change: it is not the final record until {final}."


def revision_line(view: FormView) -> str | None:
    """'Revision 2, replaces the record signed off on Thursday 12 November 2026'; None for
    a first revision."""
    if view.revision <= 1:
        return None
    replaced = view.supersedes_submitted_at
    if replaced is None:
        return f"Revision {view.revision}, replaces an earlier {_verb(view)} record"
    return (f"Revision {view.revision}, replaces the record {_verb(view)} on "
            f"{long_date(local_day(replaced))}")


def template_line(view: FormView) -> str:
    return f"Form: {view.template.title}, version {view.template.version}"


# ---- answers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingText:
    headline: str  # "3 Secure", or "—"
    descriptor: str  # the chosen level's descriptor, or "Not answered"
    answered: bool


def is_answered(value: Answer) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def rating_text(question: TemplateQuestion, value: Answer) -> RatingText:
    if not is_answered(value):
        return RatingText("—", NOT_ANSWERED, answered=False)
    level = level_for(question, value)
    if level is None:
        return RatingText(str(value), "", answered=True)
    return RatingText(f"{level.value} {level.label}", level.descriptor, answered=True)


def level_for(question: TemplateQuestion, value: Answer) -> RatingLevel | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
    return next((level for level in question.levels if level.value == number), None)


def scale_text(question: TemplateQuestion) -> str:
    """'1 Emerging · 2 Developing · 3 Secure · 4 Strong'."""
    return " · ".join(f"{level.value} {level.label}"
                      for level in sorted(question.levels, key=lambda lv: lv.value))


def answer_text(question: TemplateQuestion, value: Answer) -> str | None:
    """A non-rating answer as it is printed; None when unanswered."""
    if not is_answered(value):
        return None
    if question.kind == "yes_no":
        if isinstance(value, bool):
            return "Yes" if value else "No"
        folded = str(value).strip().casefold()
        return {"yes": "Yes", "true": "Yes", "no": "No", "false": "No"}.get(folded, str(value))
    if question.kind == "date":
        try:
            return long_date(dt.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if question.kind == "rating":
        return rating_text(question, value).headline
    return str(value)


def paragraphs(text: str) -> list[list[str]]:
    """A free-text answer as paragraphs (split at blank lines) of lines (kept as typed)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    blocks = re.split(r"\n[ \t]*\n+", normalised)
    return [block.split("\n") for block in blocks if block.strip()]


# ---- files -----------------------------------------------------------------------------

# Letters that do not decompose into a base letter and an accent.
_ASCII_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                              "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i"})


def file_name(view: FormView) -> str:
    """'QA-visit_Sian-Hughes_2026-11-12.pdf': a suggestion for the save dialog, ASCII so
    it survives email attachments and shared drives."""
    kind = {"qa_visit": "QA-visit", "coaching_conversation":
            f"Coaching-{'before' if view.stage == 'pre_visit' else 'after'}-visit",
            "self_assessment": f"Self-assessment-{(view.academic_year or '').replace('/', '-')}"
            }[view.kind]
    when = view.submitted_at or view.updated_at
    folded = unicodedata.normalize("NFKD", view.facilitator_name.translate(_ASCII_EXTRA))
    name = "".join(ch for ch in folded if not unicodedata.combining(ch))
    stem = f"{kind}_{name}_{local_day(when).isoformat()}"
    if view.status != "submitted":
        stem += "_DRAFT"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") + ".pdf"
