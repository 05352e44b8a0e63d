"""What a form's header offers: the facilitator's sessions, and their QA visits. Runs on a
worker (it reads the store through the services)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from app.domain import EventSummary, GroupSummary
from app.forms.views import FormView
from ui.forms.header import HeaderChoices
from ui.forms.service import FormService
from ui.forms.texts import long_date
from ui.i18n import QT_TRANSLATE_NOOP, translate

# A form's status as its header choices show it (marked only; translated where shown).
STATUS_WORDS = {"draft": QT_TRANSLATE_NOOP("FormChoices", "draft"),
                "submitted": QT_TRANSLATE_NOOP("FormChoices", "submitted")}


class Catalogue(Protocol):
    def groups(self) -> list[GroupSummary]: ...
    def events(self, today: dt.date) -> list[EventSummary]: ...


def event_label(event: EventSummary) -> str:
    """'NPQSL-AUT26-LEEDS-1 · Event 1 · Thursday 12 November 2026 · Leeds'."""
    day = long_date(event.date) if event.date else translate(
        "FormChoices", "date to choose {start} – {end}").format(
        start=f"{event.window_start:%d %b}", end=f"{event.window_end:%d %b %Y}")
    return translate("FormChoices", "{group} · Event {number} · {day} · {venue}").format(
        group=event.group_code, number=event.number, day=day, venue=event.venue_name)


def facilitator_events(catalogue: Catalogue, facilitator_id: str,
                       today: dt.date) -> list[EventSummary]:
    """The events of the groups the facilitator facilitates, by date."""
    groups = {g.id for g in catalogue.groups() if facilitator_id in g.facilitator_ids}
    events = [e for e in catalogue.events(today) if e.group_id in groups]
    return sorted(events, key=lambda e: (e.date or e.window_start, e.number))


def status_word(status: str) -> str:
    """'draft' / 'submitted' in the user's language (an unknown status as it is)."""
    return translate("FormChoices", STATUS_WORDS[status]) if status in STATUS_WORDS else status


def header_choices(forms: FormService, catalogue: Catalogue, today: dt.date,
                   view: FormView) -> HeaderChoices:
    if view.kind == "qa_visit":
        events = facilitator_events(catalogue, view.facilitator_id, today)
        return HeaderChoices(events=tuple((e.id, event_label(e)) for e in events))
    if view.kind == "coaching_conversation":
        visits = forms.forms(facilitator_id=view.facilitator_id, kind="qa_visit")
        return HeaderChoices(visits=tuple(
            (v.id, f"{v.title} · {status_word(v.status)} · {v.updated_at.astimezone():%d %b %Y}")
            for v in visits if not v.superseded))
    return HeaderChoices()
