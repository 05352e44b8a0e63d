"""What is due in facilitators' QA cycles: the QA lead's workspace and a facilitator's own
"My development".

The rules (one academic year, September to August, the year ``today`` is in):
- A facilitator's first face-to-face session is the earliest event this academic year of
  the groups they facilitate, dated by its chosen date or else its window's first day.
- The pre-visit conversation is due the day before it, the QA visit on it, the post-visit
  conversation 14 days after it; with no first session known they are NOT_YET.
- This academic year's self-assessment is due on 18 December of the autumn term.
- An item is DONE when a submitted form for it exists; OVERDUE when its due date has passed
  (also with a draft); IN_PROGRESS with a draft; DUE otherwise.
- A visit or conversation counts for this year when its date (the visit's session, the
  conversation's date held, or else the day it was started) falls in the year; a
  self-assessment by its ``academic_year``.
- Facilitators with the earliest date still open come first (overdue ones, then the next
  due), those with nothing open last; upcoming first sessions are those from today on.
Only forms this user may see count (their own drafts and submitted forms).

One read for the whole workspace: the groups, their events and the facilitators' forms are
read once (``_Cycles``), not once per facilitator; a QA lead's workspace is the first page
they see at start, and per facilitator it read every group again (105 statements for the
demo's 13 facilitators).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalogue import display_name
from app.forms.academic_year import academic_year_of, start_year, year_window
from app.forms.reading import optional_instant, visible
from app.forms.validation import parse_date
from app.forms.views import CycleItem, DueState, FacilitatorQa, FirstSession, QaWorkspace
from app.store import Store
from app.store.models import Assignment, Event, Form, Group, QaAssignment
from protocol.records import FormKind
from protocol.text import _

PRE_VISIT_DAYS_BEFORE = 1
POST_VISIT_DAYS_AFTER = 14
SELF_ASSESSMENT_DUE_MONTH_DAY = (12, 18)  # 18 December of the autumn term

ItemKey = tuple[FormKind, str | None]  # (form kind, conversation stage)
PRE_VISIT: ItemKey = ("coaching_conversation", "pre_visit")
VISIT: ItemKey = ("qa_visit", None)
POST_VISIT: ItemKey = ("coaching_conversation", "post_visit")
SELF_ASSESSMENT: ItemKey = ("self_assessment", None)


PRE_VISIT_LEAD = dt.timedelta(weeks=6)


def self_assessment_due(today: dt.date) -> dt.date:
    month, day = SELF_ASSESSMENT_DUE_MONTH_DAY
    return dt.date(start_year(today), month, day)


def qa_workspace(store: Store, user_id: str, today: dt.date) -> QaWorkspace:
    """The QA lead's facilitators, most urgent first, and their upcoming first sessions."""
    with store.read() as session:
        facilitator_ids = sorted(set(session.scalars(
            select(QaAssignment.facilitator_id).where(QaAssignment.qa_lead_id == user_id))))
        cycles = _Cycles(session, facilitator_ids, user_id, today)
        rows = [cycles.facilitator_qa(fid) for fid in facilitator_ids]
    rows.sort(key=lambda f: (f.next_due is None, f.next_due or dt.date.max,
                             f.name.casefold(), f.facilitator_id))
    upcoming = sorted((f.first_session for f in rows
                       if f.first_session is not None and f.first_session.date >= today),
                      key=lambda s: (s.date, s.group_code))
    return QaWorkspace(academic_year=academic_year_of(today), facilitators=tuple(rows),
                       upcoming_first_sessions=tuple(upcoming))


def own_cycle(store: Store, user_id: str, today: dt.date) -> FacilitatorQa:
    """A facilitator's own QA cycle this academic year ("My development")."""
    with store.read() as session:
        return _Cycles(session, [user_id], user_id, today).facilitator_qa(user_id)


class _Cycles:
    """Facilitators' QA cycles as ``viewer`` sees them, from one read of the groups, their
    events and the facilitators' forms (``session.get`` then finds events and linked
    visits already loaded, without a statement each)."""

    def __init__(self, session: Session, facilitator_ids: list[str], viewer: str,
                 today: dt.date) -> None:
        self.session, self.viewer, self.today = session, viewer, today
        self.groups = {g.id: g for g in session.scalars(select(Group))}
        self.facilitated: dict[str, set[str]] = {}
        for group in self.groups.values():
            for fid in group.facilitator_ids or []:
                self.facilitated.setdefault(fid, set()).add(group.id)
        for fid, group_id in session.execute(select(Assignment.user_id, Assignment.group_id)
                                             .where(Assignment.role == "facilitator")):
            self.facilitated.setdefault(fid, set()).add(group_id)
        self.events: dict[str, list[Event]] = {}
        for event in session.scalars(select(Event)):
            self.events.setdefault(event.group_id, []).append(event)
        self.forms: dict[str, list[Form]] = {}
        for form in session.scalars(select(Form).where(
                Form.facilitator_id.in_(facilitator_ids)).order_by(Form.id)):
            self.forms.setdefault(form.facilitator_id, []).append(form)

    def facilitator_qa(self, facilitator_id: str) -> FacilitatorQa:
        today = self.today
        first = self.first_session(facilitator_id)
        forms = _this_years_forms(self.session, self.forms.get(facilitator_id, []),
                                  self.viewer, today)
        day = first.date if first is not None else None
        year = academic_year_of(today)
        plan: list[tuple[ItemKey, str, dt.date | None]] = [
            (PRE_VISIT, _("Pre-visit conversation"),
             day - dt.timedelta(days=PRE_VISIT_DAYS_BEFORE) if day else None),
            (VISIT, _("QA visit"), day),
            (POST_VISIT, _("Post-visit conversation"),
             day + dt.timedelta(days=POST_VISIT_DAYS_AFTER) if day else None),
            (SELF_ASSESSMENT, _("Self-assessment {year}").format(year=year),
             self_assessment_due(today)),
        ]
        items = tuple(_item(key, label, due, forms.get(key, []), today)
                      for key, label, due in plan)
        open_dates = [i.due_on for i in items if i.state is not DueState.DONE and i.due_on]
        return FacilitatorQa(facilitator_id=facilitator_id,
                             name=display_name(self.session, facilitator_id),
                             first_session=first, items=items,
                             next_due=min(open_dates, default=None))

    def first_session(self, facilitator_id: str) -> FirstSession | None:
        """The earliest event this academic year of the groups the facilitator
        facilitates."""
        start, end = year_window(self.today)
        best: tuple[dt.date, int, Event] | None = None
        for group_id in sorted(self.facilitated.get(facilitator_id, ())):
            for event in self.events.get(group_id, []):
                day = dt.date.fromisoformat(event.chosen_date or event.window_start)
                if start <= day <= end and (best is None or (day, event.number) < best[:2]):
                    best = (day, event.number, event)
        if best is None:
            return None
        day, _number, event = best
        group = self.groups.get(event.group_id)
        return FirstSession(event_id=event.id, group_code=group.code if group else "",
                            qualification_code=group.qualification_code if group else "",
                            title=event.title, date=day,
                            date_chosen=event.chosen_date is not None,
                            venue_name=event.venue_name)


def _item(key: ItemKey, label: str, due: dt.date | None, forms: list[Form],
          today: dt.date) -> CycleItem:
    submitted = [f for f in forms if f.status == "submitted"]
    latest = max(submitted or forms, key=lambda f: (f.updated_at, f.id), default=None)
    if submitted:
        state = DueState.DONE
    elif due is not None and due < today:
        state = DueState.OVERDUE
    elif forms:
        state = DueState.IN_PROGRESS
    elif due is None:
        state = DueState.NOT_YET
    else:
        state = DueState.DUE
    return CycleItem(kind=key[0], stage=key[1], label=label, state=state,
                     due_on=due, form_id=latest.id if latest else None)


def _this_years_forms(session: Session, rows: Iterable[Form], viewer: str,
                      today: dt.date) -> dict[ItemKey, list[Form]]:
    """A facilitator's forms (``rows``) that count for this academic year, by item."""
    start, end = year_window(today)
    year = academic_year_of(today)
    found: dict[ItemKey, list[Form]] = {}
    for row in rows:
        if not visible(row, viewer):
            continue
        data = row.data or {}
        if row.kind == "self_assessment":
            if data.get("academic_year") == year:
                found.setdefault(SELF_ASSESSMENT, []).append(row)
            continue
        day = _form_day(session, row)
        # A pre-visit talk prepares a first session early in the year: held up to six
        # weeks before the year starts, it counts for this year.
        early = PRE_VISIT_LEAD if data.get("stage") == "pre_visit" else dt.timedelta(0)
        if day is None or not start - early <= day <= end:
            continue
        key: ItemKey = (VISIT if row.kind == "qa_visit"
                        else ("coaching_conversation", data.get("stage")))
        found.setdefault(key, []).append(row)
    return found


def _form_day(session: Session, row: Form) -> dt.date | None:
    """The day that places a form in an academic year: a visit's session; a conversation
    linked to a visit, that visit's session (a pre-visit talk in late August prepares a
    September visit); otherwise the day it was held, or started."""
    data = row.data or {}
    if row.kind == "coaching_conversation" and data.get("visit_id"):
        visit = session.get(Form, data["visit_id"])
        if visit is not None and visit.kind == "qa_visit":
            return _form_day(session, visit)
    if row.kind == "qa_visit" and row.event_id:
        event = session.get(Event, row.event_id)
        if event is not None:
            return dt.date.fromisoformat(event.chosen_date or event.window_start)
    if row.kind == "coaching_conversation" and data.get("held_on"):
        held = parse_date(data["held_on"])
        if held is not None:
            return held
    created = optional_instant(data.get("created_at"))
    return created.date() if created else None
