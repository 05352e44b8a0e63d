"""The shared field rules (``protocol.fields``) as the protocol carries them: every text field
of every client-writable record has a rule (the drift guard), each rule is wired into
validation, the characters and shapes it allows, records read back with the rules off, and
the table in docs/protocol.md generated from the code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ValidationError

from protocol import fields
from protocol.fields import Flaw, Rule, model_rules
from protocol.records import CLIENT_WRITABLE_TYPES, RECORD_MODELS, RecordData, WalkInData
from protocol.wire import LogoutRequest, PushRequest, RefreshRequest, TokenRequest

ROOT = Path(__file__).resolve().parents[2]
INSTANT = "2026-11-23T10:00:00Z"
_FORM = {"template_id": "t1", "template_version": 1, "facilitator_id": "f1",
         "author_id": "a1", "answers": {"strengths": "Clear"}, "created_at": INSTANT,
         "updated_at": INSTANT, "supersedes": "s1", "submitted_at": INSTANT, "hlc": "1-0-d"}
# A valid payload of each writable type, every ruled field filled.
VALID: dict[str, dict[str, Any]] = {
    "attendance": {"event_id": "e1", "candidate_id": "c1", "status": "late",
                   "arrival_time": "09:20", "departure_time": "15:00", "note": "Train",
                   "marked_by": "u1", "device_id": "d1", "hlc": "1-0-d",
                   "amendment_reason": "Came back"},
    "register_submission": {"event_id": "e1", "submitted_by": "u1", "submitted_at": INSTANT,
                            "amendment_reason": "Forgot one"},
    "walk_in": {"event_id": "e1", "name": "Zoë Ó Briain", "school": "Larkrise",
                "email": "z@larkrise.sch.uk", "qualification_code": "NPQSL",
                "recorded_by": "u1", "amendment_reason": "Arrived after submission"},
    "note": {"event_id": "e1", "candidate_id": "c1", "body": "Room\n\ttoo warm",
             "author_id": "u1", "updated_at": INSTANT},
    "qa_visit": _FORM | {"event_id": "e1"},
    "coaching_conversation": _FORM | {"stage": "pre_visit", "visit_id": "v1",
                                      "held_on": "2026-11-20"},
    "self_assessment": _FORM | {"academic_year": "2026/27"},
    "event_date_choice": {"event_id": "e1", "date": "2027-01-14", "chosen_by": "u1",
                          "chosen_at": INSTANT, "hlc": "1-0-d", "warnings": ["Busy day"]},
    "training_status_request": {"candidate_id": "c1", "group_id": "g1", "kind": "deferred",
                                "reason": "parental-leave", "effective_date": "2027-01-12",
                                "note": "Back in\tSeptember", "requested_by": "u1",
                                "requested_at": INSTANT},
    "viability_decision_request": {"group_id": "g1", "kind": "merge",
                                   "merge_into_group_id": "g2", "note": "Agreed\twith us",
                                   "requested_by": "u1", "requested_at": INSTANT},
    "partner_profile_request": {
        "partner_id": "p1", "overview": "Who we are\n\tand where",
        "contacts": [{"name": "Zoë Ó Briain", "role": "NPQ lead", "email": "z@hub.org.uk",
                      "phone": "+44 1422 555010"}],
        "venues": [{"name": "The Hub", "address": "1 Square Road\nHalifax"}],
        "requested_by": "u1", "requested_at": INSTANT},
}
# What a client sends around the records; a push's mutations are checked one by one by
# the service (ids and stamps in server.services.push, data by its record model).
ENVELOPES: dict[str, type[BaseModel]] = {
    "TokenRequest": TokenRequest, "RefreshRequest": RefreshRequest,
    "LogoutRequest": LogoutRequest, "PushRequest": PushRequest}
PER_MUTATION = "mutations[]."
NAMES = ["Siân", "Zoë", "Łukasz", "Nguyễn", "Ó Briain", "O'Neill", "Wójcik", "Jean-Luc",
         "محمد", "דוד", "Nguyễn Thị Minh Khai", "Ng\u200dā", "Zo\u0308e"]


# ---- the drift guard -----------------------------------------------------------------------

def test_every_text_field_of_a_client_writable_record_has_a_rule() -> None:
    """A new free-text field on a pushable record must say which rule it follows."""
    missing = [f"{type_}.{path}" for type_ in sorted(CLIENT_WRITABLE_TYPES)
               for path, rule in model_rules(RECORD_MODELS[type_]).items() if rule is None]
    assert missing == []


def test_every_text_field_a_client_sends_around_the_records_has_a_rule() -> None:
    missing = [f"{name}.{path}" for name, model in ENVELOPES.items()
               for path, rule in model_rules(model).items()
               if rule is None and not path.startswith(PER_MUTATION)]
    assert missing == []


def test_the_guard_finds_plain_text_wherever_it_sits() -> None:
    class Inner(BaseModel):
        words: str

    class Sample(RecordData):
        ruled: Annotated[str, fields.SCHOOL]
        optional: Annotated[str, fields.ID] | None = None
        plain: str
        maybe: str | None = None
        items: list[str]
        mapping: dict[str, Any]
        nested: list[Inner]
        number: int
        answers: Annotated[dict[str, Any], fields.ANSWERS]

    found = model_rules(Sample)
    assert [path for path, rule in found.items() if rule is None] == [
        "plain", "maybe", "items[]", "mapping{}", "mapping[*]", "nested[].words"]
    assert found["ruled"] is fields.SCHOOL and found["optional"] is fields.ID
    assert found["answers{}"] is fields.QUESTION_ID and found["answers[*]"] is fields.ANSWER


def test_every_writable_type_has_a_valid_sample_filling_every_ruled_field() -> None:
    assert set(VALID) == set(CLIENT_WRITABLE_TYPES)
    for type_, data in VALID.items():
        RECORD_MODELS[type_].model_validate(data)
        top = {path.split("[")[0].split("{")[0].split(".")[0]
               for path in model_rules(RECORD_MODELS[type_])} - {"observations"}
        assert top <= set(data), (type_, top - set(data))


@pytest.mark.parametrize("type_", sorted(CLIENT_WRITABLE_TYPES))
def test_each_ruled_field_refuses_a_control_character_and_is_named(type_: str) -> None:
    """Wired, not just declared: NUL in any ruled field fails validation at that field."""
    model = RECORD_MODELS[type_]
    for path in model_rules(model):
        field = path.split("[")[0].split("{")[0].split(".")[0]
        if field == "observations":
            continue
        value = VALID[type_][field]
        hostile: Any
        if isinstance(value, list) and value and isinstance(value[0], dict):
            inner = path.split("[].", 1)[1]  # a field of a list's items: contacts[].name
            hostile = [{**value[0], inner: "\x00" + value[0][inner][1:]}]
        else:
            hostile = ([*value, "x\x00"] if isinstance(value, list)
                       else {**value, "strengths": "x\x00"} if isinstance(value, dict)
                       else "\x00" + value[1:])
        with pytest.raises(ValidationError) as caught:
            model.model_validate(VALID[type_] | {field: hostile})
        assert [e["loc"][0] for e in caught.value.errors()] == [field], (type_, path)
        assert "control character (U+0000)" in caught.value.errors()[0]["msg"]


# ---- characters ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_names_with_accents_apostrophes_and_other_scripts_pass(name: str) -> None:
    assert fields.PERSON_NAME.problem(name) is None
    assert WalkInData.model_validate(VALID["walk_in"] | {"name": name}).name == name


@pytest.mark.parametrize(("text", "flaw", "character"), [
    ("a\x00b", Flaw.CONTROL, "\x00"), ("a\x1bb", Flaw.CONTROL, "\x1b"),
    ("a\rb", Flaw.CONTROL, "\r"), ("a\x7fb", Flaw.CONTROL, "\x7f"),
    ("a\x85b", Flaw.CONTROL, "\x85"), ("a\x9fb", Flaw.CONTROL, "\x9f"),
    ("a\ud800b", Flaw.UNENCODABLE, "\ud800"), ("a\udfffb", Flaw.UNENCODABLE, "\udfff"),
    ("a\ufdd0b", Flaw.INVISIBLE, "\ufdd0"), ("a\uffffb", Flaw.INVISIBLE, "\uffff"),
    ("a\U0010fffeb", Flaw.INVISIBLE, "\U0010fffe"), ("a\u202eb", Flaw.INVISIBLE, "\u202e"),
    ("a\u2066b", Flaw.INVISIBLE, "\u2066"), ("a\nb", Flaw.LINE_BREAK, "\n"),
    ("a\tb", Flaw.LINE_BREAK, "\t"), ("a\u2028b", Flaw.LINE_BREAK, "\u2028"),
])
def test_characters_no_one_line_field_may_hold(text: str, flaw: Flaw, character: str) -> None:
    problem = fields.PERSON_NAME.problem(text)
    assert problem is not None and (problem.flaw, problem.character) == (flaw, character)


def test_multi_line_fields_allow_tab_and_newline_but_nothing_else() -> None:
    assert fields.NOTE.problem("Line one\n\tLine two\u2028") is None
    assert fields.NOTE.problem("a\rb") is not None and fields.NOTE.problem("a\x00b") is not None
    assert fields.NOTE.problem("left\u200e right\u200f \u061c") is None  # implicit marks


def test_lengths_count_characters_and_a_required_field_is_not_blank() -> None:
    assert fields.PERSON_NAME.problem("é" * 200) is None
    assert fields.PERSON_NAME.problem("é" * 201).flaw is Flaw.TOO_LONG  # type: ignore[union-attr]
    assert fields.PERSON_NAME.problem("").flaw is Flaw.REQUIRED  # type: ignore[union-attr]
    assert fields.PERSON_NAME.problem("   ").flaw is Flaw.REQUIRED  # type: ignore[union-attr]
    assert fields.SCHOOL.problem("") is None


@pytest.mark.parametrize("email", [
    "z.obriain@larkrise.sch.uk", "head+npq@school.org", "o'neill@st-marys.org.uk",
    "siân@ysgol.cymru", "a@b.co", "j_smith@école.fr", "x@mail.xn--p1ai", "",
])
def test_plain_email_addresses_pass(email: str) -> None:
    assert fields.EMAIL.problem(email) is None


@pytest.mark.parametrize("email", [
    "nope", "s.oneill at larkrise", "a@b@c.org", "@school.org", "name@", "name@school",
    "name@.school.org", "name@school..org", ".name@school.org", "name.@school.org",
    "na..me@school.org", "name@-school.org", "name@school-.org", "name@school.o-",
    "name@school.123", "a b@school.org", '"a"@school.org', "<a@school.org>",
    "a@school.org,b@school.org", "a@[127.0.0.1]", "x" * 65 + "@school.org",
    "a@" + "b" * 64 + ".org", "a@" + "b." * 130 + "org",
])
def test_what_is_not_an_email_address_is_refused(email: str) -> None:
    problem = fields.EMAIL.problem(email)
    assert problem is not None and problem.flaw in (Flaw.SHAPE, Flaw.TOO_LONG)


@pytest.mark.parametrize(("rule", "good", "bad"), [
    (fields.DATE, ["2026-11-23", "2028-02-29"], ["2026-13-01", "2027-02-29", "23/11/2026",
                                                 "2026-1-1", "２０２６-11-23"]),
    (fields.TIME, ["06:00", "09:15", "20:00"], ["05:59", "20:01", "9:15", "24:00", "0915"]),
    (fields.INSTANT, [INSTANT, "2026-11-23T10:00:00.123+00:00"], ["soon", "2026-11-23T25:00"]),
    (fields.ACADEMIC_YEAR, ["2026/27"], ["2026-27", "26/27", "2026/2027"]),
    (fields.ID, ["6f1c4f2e-9b1d-5c3e-8a47-2f0d9c1e7a53", "x"], ["", "a b", "é", "i" * 65]),
])
def test_shapes(rule: Rule, good: list[str], bad: list[str]) -> None:
    assert [g for g in good if rule.problem(g) is not None] == []
    assert [b for b in bad if rule.problem(b) is None] == []


def test_a_long_hostile_email_is_judged_quickly() -> None:
    """No catastrophic backtracking: the longest value the rule admits, built to tempt it."""
    import time

    started = time.perf_counter()
    for text in ("a" * 64 + "@" + "b-" * 94 + "!", "a." * 32 + "@" + "b" * 200,
                 "a@" + "b" * 61 + "-" + "." * 100):
        fields.EMAIL.problem(text)
    assert time.perf_counter() - started < 0.5


# ---- reading back --------------------------------------------------------------------------

def test_records_read_back_are_not_judged_by_the_rules() -> None:
    """A walk-in stored before the rules existed still arrives on a pull."""
    old = VALID["walk_in"] | {"name": "Ada\x00\x1b[2J", "school": "s" * 50_000,
                              "email": "not one", "qualification_code": "x" * 40}
    with pytest.raises(ValidationError):
        WalkInData.model_validate(old)
    read = WalkInData.model_validate(old, context=fields.READING)
    assert read.school == "s" * 50_000 and read.email == "not one"
    with pytest.raises(ValidationError):  # types are still checked
        WalkInData.model_validate(old | {"name": 5}, context=fields.READING)


# ---- the table in docs/protocol.md ---------------------------------------------------------

def rules_table() -> str:
    lines = ["| rule | length | lines | shape |", "| --- | --- | --- | --- |"]
    for rule in fields.RULES:
        length = (f"{rule.min_length}-{rule.max_length:,}" if rule.min_length
                  else f"0-{rule.max_length:,}")
        lines.append(f"| {rule.name} | {length} | {'multi' if rule.multiline else 'one'} | "
                     f"{fields.SHAPE_WORDS.get(rule.shape, 'text')} |")
    return "\n".join(lines)


def fields_table() -> str:
    lines = ["| record type | field: rule |", "| --- | --- |"]
    for type_ in sorted(CLIENT_WRITABLE_TYPES):
        found = model_rules(RECORD_MODELS[type_])
        cells = "; ".join(f"`{path}`: {rule.name if rule else 'NONE'}"
                          for path, rule in found.items())
        lines.append(f"| `{type_}` | {cells} |")
    for name, model in ENVELOPES.items():
        cells = "; ".join(f"`{path}`: {rule.name}" for path, rule in model_rules(model).items()
                          if rule is not None)
        lines.append(f"| {name} (`protocol.wire`) | {cells} |")
    return "\n".join(lines)


def test_the_table_in_docs_protocol_matches_the_code() -> None:
    text = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    section = re.search(r"^## Field rules shared by the app and the service\n(.*?)(?=^## )",
                        text, flags=re.MULTILINE | re.DOTALL)
    assert section is not None
    body = section.group(1)
    assert rules_table() in body, "docs/protocol.md should hold:\n" + rules_table()
    assert fields_table() in body, "docs/protocol.md should hold:\n" + fields_table()
