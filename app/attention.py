"""Changes the central service did not accept, described for the person who made them.

Each says what the change was, the server's reason, and what the user can do about it;
the user then tries again or discards it (``app.outbox.retry`` / ``discard``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.domain import MarkStatus
from app.outbox import OutboxItem, needs_attention
from app.store import Store
from app.store.models import Candidate, Event, Group
from app.viability_decisions import short_words
from protocol.event_dates import long_date
from protocol.text import N_, _

# Marked only (N_): _advice translates the one it gives.
ADVICE = {
    "register_submitted": N_("The register had already been submitted. Discard this change, "
                             "then mark again and give a reason for the amendment."),
    "not_found": N_("This person or event is no longer in your groups. If that is wrong, tell "
                    "the central team and try again once they have fixed it; otherwise "
                    "discard this change."),
    "forbidden_role": N_("Only the group's facilitators can do this. Discard this change, or "
                         "ask a facilitator of the group to make it."),
    "invalid": N_("The central service could not accept it as it is. Discard this change and "
                  "make it again."),
}
# Advice for a refused date choice, where it differs from a register change's.
DATE_ADVICE = {
    "date_not_allowed": N_("Discard this change, then choose another date in the event's "
                           "window (Choose date… on the event)."),
    "forbidden_role": N_("Only the partner lead of the group's partner chooses an event's "
                         "date. Discard this change."),
    "not_found": N_("This event is no longer in your groups. Discard this change."),
}
# Advice for a refused deferral or withdrawal.
STATUS_ADVICE = {
    "no_engagement": N_("Nobody recorded this candidate attending before that date. Check "
                        "the registers; if they never started, ask the central team to take "
                        "them off the group. Then discard this change."),
    "unknown_reason": N_("Discard this change and ask again with a reason from the list."),
    "date_not_allowed": N_("Discard this change and ask again with an earlier date."),
    "already_withdrawn": N_("This candidate is already withdrawn. Discard this change."),
    "not_found": N_("This candidate is no longer in your groups. Discard this change."),
}
# Advice for a refused viability decision (issue 16).
DECISION_ADVICE = {
    "invalid": N_("The central service could not carry out this decision (the reason says "
                  "why). Discard it, then record another decision for the group."),
    "forbidden_role": N_("Only the leads of the group's partner decide for it. Discard this "
                         "change."),
    "not_found": N_("This group is no longer in your groups. Discard this change."),
}
# Advice for a refused change to the partner's published profile.
PROFILE_ADVICE = {
    "invalid": N_("The central service could not accept this profile as it is (the reason "
                  "says why). Discard it, then propose the change again, put right."),
    "forbidden_role": N_("Only the partner's leads propose a change to its profile. Discard "
                         "this change."),
    "not_found": N_("This partner is no longer yours on the central service. Discard this "
                    "change."),
}
DEFAULT_ADVICE = N_("Try again once the cause has been put right (the central team can help); "
                    "otherwise discard this change.")


@dataclass(frozen=True)
class AttentionItem:
    mutation_id: str
    what: str  # "Mark for Zoë Adams: Late, arrived 09:20 — Event 2: Leading teaching"
    reason: str  # the server's reason, in its words
    advice: str  # what the user can do
    created_at: str


def attention_items(store: Store) -> list[AttentionItem]:
    """Every rejected change, oldest first, described in plain words."""
    items = needs_attention(store)
    with store.read() as session:
        return [AttentionItem(i.mutation_id, _what(session, i),
                              i.error_message or _("The central service refused this change."),
                              _advice(i), i.created_at)
                for i in items]


def _advice(item: OutboxItem) -> str:
    code = item.error_code or ""
    if item.type == "event_date_choice" and code in DATE_ADVICE:
        return _(DATE_ADVICE[code])
    if item.type == "training_status_request" and code in STATUS_ADVICE:
        return _(STATUS_ADVICE[code])
    if item.type == "viability_decision_request" and code in DECISION_ADVICE:
        return _(DECISION_ADVICE[code])
    if item.type == "partner_profile_request" and code in PROFILE_ADVICE:
        return _(PROFILE_ADVICE[code])
    return _(ADVICE.get(code, DEFAULT_ADVICE))


def _what(session: Session, item: OutboxItem) -> str:
    data = item.data
    event = session.get(Event, data.get("event_id") or "")
    what = _what_alone(session, item, data)
    if event is None:
        return what
    return _("{what} — Event {number}: {title}").format(what=what, number=event.number,
                                                        title=event.title)


def _what_alone(session: Session, item: OutboxItem, data: dict[str, Any]) -> str:
    """The change itself, without its event."""
    if item.type == "attendance":
        person = session.get(Candidate, data.get("candidate_id") or "")
        name = f"{person.given_name} {person.family_name}" if person else _("a candidate")
        try:
            status = MarkStatus(data.get("status") or "").label
        except ValueError:
            status = str(data.get("status"))
        times = data.get("arrival_time") or data.get("departure_time")
        if times:
            return _("Mark for {name}: {status} at {time}").format(name=name, status=status,
                                                                   time=times)
        return _("Mark for {name}: {status}").format(name=name, status=status)
    if item.type == "walk_in":
        return _("Walk-in {name}").format(name=data.get("name", ""))
    if item.type == "register_submission":
        return _("Submitting the register")
    if item.type == "note":
        return _("A note")
    if item.type == "event_date_choice":
        try:
            day = long_date(dt.date.fromisoformat(str(data.get("date"))))
        except ValueError:
            day = str(data.get("date"))
        return _("Choosing {day} as the date").format(day=day)
    if item.type == "training_status_request":
        person = session.get(Candidate, data.get("candidate_id") or "")
        name = f"{person.given_name} {person.family_name}" if person else _("a candidate")
        try:
            day = long_date(dt.date.fromisoformat(str(data.get("effective_date"))))
        except ValueError:
            day = str(data.get("effective_date"))
        if data.get("kind") == "withdrawn":
            return _("Withdrawing {name} from {day}").format(name=name, day=day)
        return _("Deferring {name} from {day}").format(name=name, day=day)
    if item.type == "viability_decision_request":
        return _decision_what(session, data)
    if item.type == "partner_profile_request":
        return _("Proposing a change to the partner's profile")
    return _("A change ({kind})").format(kind=item.type)


def _decision_what(session: Session, data: dict[str, Any]) -> str:
    """'Decision for NPQSL-AUT26-LEEDS-1: merge into NPQSL-AUT26-LEEDS-2'."""
    group = session.get(Group, data.get("group_id") or "")
    code = group.code if group is not None else _("a group")
    target = session.get(Group, data.get("merge_into_group_id") or "")
    what = short_words(str(data.get("kind") or ""),
                       target.code if target is not None else _("a group"))
    return _("Decision for {code}: {what}").format(code=code, what=what)
