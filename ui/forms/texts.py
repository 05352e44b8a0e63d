"""How form facts read in the window (titles, answers, dates, file names): en-GB, plain."""

from __future__ import annotations

import datetime as dt
import re

from app.forms.views import FormView
from protocol.records import Answer, TemplateQuestion
from ui.i18n import QT_TRANSLATE_NOOP, translate

KIND_TITLES = {"qa_visit": QT_TRANSLATE_NOOP("FormTexts", "QA visit"),
               "coaching_conversation": QT_TRANSLATE_NOOP("FormTexts", "Coaching conversation"),
               "self_assessment": QT_TRANSLATE_NOOP("FormTexts", "Self-assessment")}
STAGE_TITLES = {"pre_visit": QT_TRANSLATE_NOOP("FormTexts", "Pre-visit coaching conversation"),
                "post_visit": QT_TRANSLATE_NOOP("FormTexts", "Post-visit coaching conversation")}


def long_date(day: dt.date) -> str:
    """'Thursday 12 November 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    """'Thu 12 Nov' (the year only when it is not this one's)."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == dt.date.today().year else f"{text} {day.year}"


def form_title(view: FormView) -> str:
    if view.kind == "coaching_conversation":
        return translate("FormTexts",
                         STAGE_TITLES.get(view.stage or "", KIND_TITLES[view.kind]))
    if view.kind == "self_assessment" and view.academic_year:
        return translate("FormTexts", "Self-assessment {year}").format(year=view.academic_year)
    if view.kind in KIND_TITLES:
        return translate("FormTexts", KIND_TITLES[view.kind])
    return view.template.title


def tab_title(view: FormView) -> str:
    """'QA visit · Siân Hughes' (the tab of an open form)."""
    short = {"pre_visit": translate("FormTexts", "Pre-visit conversation"),
             "post_visit": translate("FormTexts", "Post-visit conversation")}
    what = short.get(view.stage or "") or form_title(view)
    if view.kind == "self_assessment":
        return what
    return translate("FormTexts", "{what} · {facilitator}").format(
        what=what, facilitator=view.facilitator_name)


def answer_text(question: TemplateQuestion, value: Answer) -> str:
    """A read-only answer: '3 Secure', 'Yes', 'Thursday 12 November 2026', the text."""
    if value is None or value == "":
        return translate("FormTexts", "Not answered")
    if question.kind == "rating":
        level = next((lv for lv in question.levels if lv.value == value), None)
        return f"{level.value} {level.label}" if level else str(value)
    if question.kind == "yes_no":
        return translate("FormTexts", "Yes") if value else translate("FormTexts", "No")
    if question.kind == "date" and isinstance(value, str):
        try:
            return long_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def form_day(view: FormView) -> dt.date:
    """The day a form is about: a conversation's, else its sign-off, else its last save."""
    if view.held_on is not None:
        return view.held_on
    when = view.submitted_at or view.updated_at
    return when.astimezone().date()


def pdf_file_name(view: FormView) -> str:
    """'QA visit - Siân Hughes - 2026-11-12.pdf' (no characters a file system refuses)."""
    what = form_title(view)
    name = f"{what} - {view.facilitator_name} - {form_day(view).isoformat()}.pdf"
    return re.sub(r'[\\/:*?"<>|]+', "-", name)
