"""The shared field rules on the central service: every client-writable type, pushed over
real HTTP with hostile text (NUL, ESC, a lone surrogate, a bidirectional override, 50,000
characters, a value of the wrong shape), is rejected as ``invalid`` with the field named in
a readable message, and nothing is stored; the same record, clean, is then applied. On
SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from protocol.records import CLIENT_WRITABLE_TYPES, attendance_id, event_date_choice_id
from server.embedded import EmbeddedServer
from tests.server import event_date_lookups as dates
from tests.server import lookups
from tests.server.api import Api, mutation
from tests.server.conftest import TODAY
from tests.server.qa_forms import form, people, stamp
from tests.server.recruitment_lookups import seeded_small_groups

# Hostile text for any free-text field (each also tried in a one-line field and an id).
HOSTILE = {
    "NUL": "Ada\x00Walk",
    "ESC": "Ada \x1b[2J\x1b[31mWalk",
    "lone surrogate": "Ada \ud800 Walk",
    "bidi override": "Ada \u202eklaW",
    "DEL": "Ada\x7fWalk",
    "50,000 characters": "x" * 50_000,
}


@dataclass(frozen=True)
class Pushable:
    """A valid record of one type, who may push it, and where hostile values go."""

    user: str
    record_id: str
    data: dict[str, Any]
    text: str  # a free-text field: every HOSTILE value goes here
    more: tuple[tuple[str, str, Any], ...] = ()  # (case, field, value): other fields


def _walk_in(server: EmbeddedServer) -> Pushable:
    event = _today(server)
    return Pushable("facilitator", str(uuid.uuid4()), {
        "event_id": event.event_id, "name": "Siân O'Neill-Wójcik", "school": "Larkrise Academy",
        "email": "s.oneill@larkrise.sch.uk", "qualification_code": "NPQSL", "recorded_by": "x"},
        "name", (("a 50,000-character school", "school", "Academy " * 6_250),
                 ("an email that is not one", "email", "s.oneill at larkrise"),
                 ("an email with two @", "email", "a@b@larkrise.sch.uk"),
                 ("a name on two lines", "name", "Siân\nO'Neill"),
                 ("a blank name", "name", "   "),
                 ("an event id with a space", "event_id", "event 1")))


def _attendance(server: EmbeddedServer) -> Pushable:
    event = _today(server)
    candidate = event.candidate_ids[0]
    return Pushable("facilitator", attendance_id(event.event_id, candidate), {
        "event_id": event.event_id, "candidate_id": candidate, "status": "late",
        "arrival_time": "09:20", "note": "Train delayed", "marked_by": "x"},
        "note", (("an oversized note", "note", "n" * 2_001),
                 ("a time that is not one", "arrival_time", "25:61"),
                 ("a reason with ESC", "amendment_reason", "late\x1b")))


def _note(server: EmbeddedServer) -> Pushable:
    return Pushable("facilitator", str(uuid.uuid4()), {
        "event_id": _today(server).event_id, "body": "Room too warm\n\tWindows stuck",
        "visibility": "private", "author_id": "x", "updated_at": "2026-11-23T10:00:00Z"},
        "body", (("an oversized note", "body", "n" * 20_001),
                 ("an instant that is not one", "updated_at", "yesterday")))


def _register_submission(server: EmbeddedServer) -> Pushable:
    return Pushable("facilitator", str(uuid.uuid4()), {
        "event_id": _today(server).event_id, "submitted_by": "x",
        "submitted_at": "2026-11-23T16:05:00Z", "amendment_reason": None},
        "amendment_reason", (("an instant that is not one", "submitted_at", "tea time"),))


def _qa_visit(server: EmbeddedServer) -> Pushable:
    who = people(server.database)
    return Pushable("qa", str(uuid.uuid4()), form(
        "qa_visit", facilitator_id=who.siân, author_id=who.qa,
        answers={"strengths": "Warm, clear openings"}), "answers.strengths",
        (("a question id with a space", "answers", {"no such id": "x"}),
         ("a 5,000-character question id with NUL", "answers", {"\x00" * 5000: "x"}),
         ("a session id with NUL", "event_id", "e\x00")))


def _coaching_conversation(server: EmbeddedServer) -> Pushable:
    who = people(server.database)
    return Pushable("qa", str(uuid.uuid4()), form(
        "coaching_conversation", facilitator_id=who.colleague, author_id=who.qa,
        answers={"notes": "Talked about pacing"}), "answers.notes",
        (("a date that is not one", "held_on", "2026-13-45"),))


def _self_assessment(server: EmbeddedServer) -> Pushable:
    who = people(server.database)
    return Pushable("facilitator", str(uuid.uuid4()), form(
        "self_assessment", facilitator_id=who.siân, author_id=who.siân,
        answers={"support_wanted": "Co-facilitating with Ciarán"}), "answers.support_wanted",
        (("an academic year of the wrong shape", "academic_year", "2026-2027"),))


def _event_date_choice(server: EmbeddedServer) -> Pushable:
    partner = lookups.user_partner(server.database, "partner")
    event, day = dates.undated_with_clear_day(server.database, lookups.partner_groups(
        server.database, partner))
    return Pushable("partner", event_date_choice_id(event.id), {
        "event_id": event.id, "date": day.isoformat(),
        "chosen_by": "x", "chosen_at": "2026-11-23T10:00:00Z"},
        "date", (("a date written the British way", "date", "14/01/2027"),))


def _training_status_request(server: EmbeddedServer) -> Pushable:
    facts = next(iter(lookups.attended(server.database, "facilitator")))
    return Pushable("facilitator", str(uuid.uuid4()), {
        "candidate_id": facts[1], "group_id": facts[0], "kind": "deferred",
        "reason": "parental-leave", "effective_date": facts[2],
        "note": "Back in September,\nall being well", "requested_by": "x",
        "requested_at": "2026-11-23T10:00:00Z"},
        "note", (("a reason code with a space", "reason", "parental leave"),
                 ("a date that is not one", "effective_date", "12 Jan"),
                 ("an oversized note", "note", "n" * 1_001)))


def _viability_decision_request(server: EmbeddedServer) -> Pushable:
    group = seeded_small_groups(server.database)[0]
    return Pushable(group.lead, str(uuid.uuid4()), {
        "group_id": group.group_id, "kind": "run_below_minimum",
        "note": "Agreed with the central team:\n8 is enough this year", "requested_by": "x",
        "requested_at": "2026-11-23T10:00:00Z"},
        "note", (("a kind that is not one", "kind", "cancel"),
                 ("an oversized note", "note", "n" * 1_001),
                 ("a group id with a space", "merge_into_group_id", "group 2")))


def _partner_profile_request(server: EmbeddedServer) -> Pushable:
    return Pushable("partner", str(uuid.uuid4()), {
        "partner_id": lookups.user_partner(server.database, "partner"),
        "overview": "Siân's hub: 140 schools,\nsix venues", "requested_by": "x",
        "contacts": [{"name": "Zoë Łukasz-Nguyễn", "email": "z.nguyen@hub.org.uk"}],
        "venues": [{"name": "The Hub", "address": "1 Square Road\nHalifax"}],
        "requested_at": "2026-11-23T10:00:00Z"},
        "overview", (("an oversized overview", "overview", "o" * 5_001),
                     ("a partner id with a space", "partner_id", "partner 1")))


PUSHABLE: dict[str, Callable[[EmbeddedServer], Pushable]] = {
    "walk_in": _walk_in, "attendance": _attendance, "note": _note,
    "register_submission": _register_submission, "qa_visit": _qa_visit,
    "coaching_conversation": _coaching_conversation, "self_assessment": _self_assessment,
    "event_date_choice": _event_date_choice,
    "training_status_request": _training_status_request,
    "viability_decision_request": _viability_decision_request,
    "partner_profile_request": _partner_profile_request,
}


def _today(server: EmbeddedServer) -> lookups.EventFacts:
    return lookups.event_on(server.database,
                            lookups.assigned_groups(server.database, "facilitator"), TODAY)


def _with(data: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    """``data`` with ``field`` ("answers.notes": inside a mapping) set to ``value``."""
    head, _, rest = field.partition(".")
    if rest:
        return data | {head: _with(dict(data.get(head) or {}), rest, value)}
    return data | {head: value}


def test_every_client_writable_type_is_pushed_with_hostile_text() -> None:
    assert set(PUSHABLE) == set(CLIENT_WRITABLE_TYPES)


@pytest.mark.parametrize("type_", sorted(PUSHABLE))
def test_hostile_text_is_rejected_invalid_naming_the_field_and_nothing_is_stored(
        type_: str, api: Api, server: EmbeddedServer) -> None:
    record = PUSHABLE[type_](server)
    client = api.login(record.user, device_id="laptopA")
    cases = [(name, record.text, value) for name, value in HOSTILE.items()] + list(record.more)
    pushed = [mutation(type_, record.record_id, _with(record.data, field, value), stamp(n))
              for n, (_case, field, value) in enumerate(cases)]
    results = client.push(*pushed)
    for (case, field, _value), result in zip(cases, results, strict=True):
        assert result["status"] == "rejected", (case, result)
        assert result["error"]["code"] == "invalid", (case, result)
        message = result["error"]["message"]
        assert message.startswith(f"{field.partition('.')[0]}: "), (case, message)
        assert field.partition(".")[2] in message, (case, message)
        assert len(message) < 200 and message.isprintable(), (case, message)
    assert client.get(f"/records/{type_}/{record.record_id}").status_code == 404
    clean = mutation(type_, record.record_id, record.data, stamp(len(cases)))
    assert client.push(clean)[0]["status"] == "applied"
    stored = client.get(f"/records/{type_}/{record.record_id}").json()["data"]
    head = record.text.partition(".")[0]
    assert stored[head] == record.data[head]


def test_names_with_accents_and_apostrophes_are_applied(api: Api,
                                                        server: EmbeddedServer) -> None:
    client = api.login("facilitator", device_id="laptopA")
    base = _walk_in(server)
    names = ["Siân", "Zoë", "Łukasz", "Nguyễn", "Ó Briain", "O'Neill", "Wójcik",
             "محمد", "דוד", "Ng\u200dā"]
    pushed = [mutation("walk_in", str(uuid.uuid4()), base.data | {"name": name}, stamp(n))
              for n, name in enumerate(names)]
    assert [r["status"] for r in client.push(*pushed)] == ["applied"] * len(names)


@pytest.mark.parametrize(("path", "body"), [
    ("/auth/token", {"username": "facili\x00tator", "password": "npq-demo", "device_id": "d1"}),
    ("/auth/token", {"username": "facilitator", "password": "npq-demo", "device_id": "d\x1b1"}),
    ("/auth/token", {"username": "facilitator", "password": "npq-demo", "device_id": "d1",
                     "device_name": "Siân's laptop\x00"}),
    ("/auth/refresh", {"refresh_token": "a\x00b"}),
    ("/auth/logout", {"refresh_token": "a\x00b"}),
    ("/sync/push", {"device_id": "lap\x00top", "mutations": []}),
])
def test_the_envelopes_refuse_hostile_text_with_a_422_naming_the_field(
        api: Api, path: str, body: dict[str, Any]) -> None:
    """Before the rules, a NUL in a username reached PostgreSQL (which cannot hold one): a
    500 and a traceback."""
    client = api.login("facilitator") if path != "/auth/token" else api
    answer = client.post(path, json=body)
    assert answer.status_code == 422, answer.text
    field = next(k for k, v in body.items() if isinstance(v, str) and not v.isprintable())
    assert f"body.{field}: holds a control character" in answer.json()["detail"]
