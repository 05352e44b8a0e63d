"""Typed text on a real store: every service that takes it checks it with the shared field
rules before touching the database. Text that cannot be stored or pushed (a lone surrogate
left by a broken paste, NUL, ESC, a bidirectional override, 50,000 characters, an email that
is not one) is refused with a ``ValidationError`` naming the field; nothing is written and
the store goes on working. The app and the service accept exactly the same strings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError as PayloadError
from sqlalchemy import select

from app.clock import shared_clock
from app.domain import MarkStatus
from app.errors import ValidationError
from app.forms.service import FormService
from app.forms.validation import answer_problem
from app.notes import NoteService
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from app.store.models import Base, WalkIn
from app.validation import check_mark, check_text
from app.walk_ins import check_walk_in
from protocol import fields
from protocol.records import (
    AttendanceData,
    NoteData,
    QaVisitData,
    TemplateQuestion,
    WalkInData,
)
from tests.app.conftest import ME, Roster
from tests.app.forms_data import QA_LEAD, seed_forms

SURROGATE = "Siân \ud800 Hughes"
HOSTILE = {"lone surrogate": SURROGATE, "NUL": "Siân\x00", "ESC": "Siân \x1b[2J",
           "bidi override": "Siân \u202esehguH", "DEL": "Siân\x7f"}


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: a refused action must leave all of it as it was."""
    with store.read() as session:
        return {table.name: sorted(tuple(map(repr, row)) for row in session.execute(
                    select(table)).all()) for table in Base.metadata.sorted_tables}


def refused(store: Store, action: Callable[[], object], field: str) -> str:
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        action()
    assert snapshot(store) == before
    message = caught.value.message
    assert message.startswith(field), message
    assert "\ud800" not in message and message.isprintable()
    return message


@pytest.fixture
def notes(store: Store) -> NoteService:
    return NoteService(store, shared_clock(store), ME)


@pytest.fixture
def lead(store: Store, roster: Roster) -> FormService:
    seed_forms(store)
    return FormService(store, shared_clock(store), QA_LEAD)


# ---- a lone surrogate, and the other hostile characters, service by service --------------

@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_note_with_hostile_text_is_refused_naming_it(case: str, store: Store, roster: Roster,
                                                       notes: NoteService) -> None:
    event_id = roster.event_ids["today"]
    message = refused(store, lambda: notes.save(event_id, HOSTILE[case]), "The note")
    assert ("damaged character" in message) == (case == "lone surrogate")
    assert notes.save(event_id, "Room too warm\n\tWindows stuck").body.startswith("Room")


def test_an_oversized_note_is_refused_with_the_limit(store: Store, roster: Roster,
                                                     notes: NoteService) -> None:
    event_id = roster.event_ids["today"]
    message = refused(store, lambda: notes.save(event_id, "n" * 20_001), "The note")
    assert message == "The note is too long: at most 20,000 characters (this has 20,001)."


@pytest.mark.parametrize(("field", "label", "value"), [
    ("name", "Name", SURROGATE), ("name", "Name", "Ada\x00Walk"),
    ("name", "Name", "Ada \x1b[31mWalk"), ("name", "Name", "Ada\nWalk"),
    ("school", "School", "Academy " * 6_250), ("school", "School", SURROGATE),
    ("email", "Email", "ada at hill"), ("email", "Email", "ada@hill@school.org"),
    ("email", "Email", "ada\ud800@hill.sch.uk"),
    ("qualification_code", "Qualification", "NPQ\x00SL"),
])
def test_a_walk_in_with_hostile_text_is_refused_naming_the_field(
        field: str, label: str, value: str, store: Store, roster: Roster,
        registers: RegisterService) -> None:
    event_id = roster.event_ids["today"]
    typed = {"name": "Ada Walk", "school": "Hill School", "email": "ada@hill.sch.uk",
             "qualification_code": "NPQSL"} | {field: value}
    refused(store, lambda: registers.add_walk_in(event_id, **typed), label)
    registers.add_walk_in(event_id, "Zoë Ó Briain", "Hill School", "z@hill.sch.uk")
    with store.read() as session:
        assert session.scalars(select(WalkIn.name)).all() == ["Zoë Ó Briain"]


def test_a_fifty_thousand_character_school_is_refused_not_cut_short(
        store: Store, roster: Roster, registers: RegisterService) -> None:
    message = refused(store, lambda: registers.add_walk_in(
        roster.event_ids["today"], "Ada Walk", "s" * 50_000), "School")
    assert message == "School is too long: at most 300 characters (this has 50,000)."


@pytest.mark.parametrize("value", [SURROGATE, "late\x1b", "first\nsecond", "r" * 501])
def test_an_amendment_reason_that_cannot_be_saved_is_refused(
        value: str, store: Store, roster: Roster, registers: RegisterService) -> None:
    event_id, candidate = roster.event_ids["today"], roster.candidates["Hughes"]
    registers.mark(event_id, candidate, MarkStatus.PRESENT)
    registers.submit(event_id)
    label = "The reason for the change"
    refused(store, lambda: registers.mark(event_id, candidate, MarkStatus.ABSENT,
                                          amendment_reason=value), label)
    refused(store, lambda: registers.mark_rest_present(event_id, amendment_reason=value), label)
    refused(store, lambda: registers.submit(event_id, amendment_reason=value), label)
    row = registers.mark(event_id, candidate, MarkStatus.ABSENT, amendment_reason="Left ill")
    assert row.amendment_reason == "Left ill"


def test_a_mark_note_that_cannot_be_saved_is_refused(store: Store, roster: Roster,
                                                     registers: RegisterService) -> None:
    event_id, candidate = roster.event_ids["today"], roster.candidates["Hughes"]
    refused(store, lambda: registers.mark(event_id, candidate, MarkStatus.PRESENT,
                                          note=SURROGATE), "The note")
    assert registers.mark(event_id, candidate, MarkStatus.PRESENT, note="Fine").note == "Fine"


def test_a_qa_form_answer_and_header_that_cannot_be_saved_are_refused(
        store: Store, roster: Roster, lead: FormService) -> None:
    view = lead.start_visit(ME)
    refused(store, lambda: lead.save_answer(view.id, "strengths", SURROGATE), "Strengths")
    refused(store, lambda: lead.save_answer(view.id, "strengths", "a\x00b"), "Strengths")
    refused(store, lambda: lead.save_answer(view.id, "strengths", "s" * 20_001), "Strengths")
    refused(store, lambda: lead.save_header(view.id, event_id="\ud800"), "Session visited")
    talk = lead.start_conversation(ME, "pre_visit")
    refused(store, lambda: lead.save_header(talk.id, held_on="2026-11-2\ud800"),
            "Date of the conversation")
    assert lead.save_answer(view.id, "strengths", "Warm\n\tclear").answers == {
        "strengths": "Warm\n\tclear"}


def test_an_academic_year_that_cannot_be_saved_is_refused(store: Store, roster: Roster,
                                                         lead: FormService) -> None:
    facilitator = FormService(store, shared_clock(store), ME)
    refused(store, lambda: facilitator.start_self_assessment("2026/2\ud800"), "An academic")


def test_pulled_records_that_break_the_rules_are_still_stored(store: Store,
                                                               roster: Roster) -> None:
    """Rules judge what is typed or pushed; a record stored before them still arrives."""
    old = {"event_id": roster.event_ids["today"], "name": "Ada\x1bWalk", "school": "s" * 5_000,
           "email": "not one", "qualification_code": "NPQSL", "recorded_by": "u1"}
    apply_page(store, [PulledChange("walk_in", "w-old", False, old)], "c-2",
               shared_clock(store))
    with store.read() as session:
        assert session.get(WalkIn, "w-old").school == "s" * 5_000  # type: ignore[union-attr]


# ---- the app's checks and the service's models accept the same strings ---------------------

HOSTILE_ALPHABET = st.sampled_from([
    "a", "Z", "é", "ŵ", "Ł", "ễ", "'", "-", " ", ".", "@", "+", "_", "1", "\t", "\n", "\r",
    "\x00", "\x1b", "\x7f", "\x85", "\ud800", "\udc00", "\u202e", "\u2066", "\u200e",
    "\u2028", "\ufdd0", "\uffff", "\u00a0", "محمد", "school.org", "@hill.sch.uk",
])


def hostile_text(max_repeat: int) -> st.SearchStrategy[str]:
    """Short mixes of hostile and friendly pieces, sometimes repeated past a limit."""
    pieces = st.lists(HOSTILE_ALPHABET, max_size=12).map("".join)
    return st.tuples(pieces, st.integers(1, max_repeat)).map(lambda t: t[0] * t[1])


def _app_accepts(check: Callable[[], object]) -> bool:
    try:
        check()
    except ValidationError:
        return False
    return True


def _service_accepts(model: Any, data: dict[str, Any]) -> bool:
    try:
        model.model_validate(data)
    except PayloadError:
        return False
    return True


WALK_IN = {"event_id": "e1", "name": "Ada", "school": "", "email": "", "recorded_by": "u1"}
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize(("field", "repeat"), [("name", 40), ("school", 60), ("email", 30),
                                               ("qualification_code", 5)])
def test_the_app_and_the_service_accept_the_same_walk_in_fields(field: str,
                                                                 repeat: int) -> None:
    """For any typed value: the app accepts it exactly when the service accepts what the
    app would send (the value trimmed), and what the app sends is that value."""
    seen: set[bool] = set()

    @PROPERTY
    @given(hostile_text(repeat))
    def check(typed: str) -> None:
        values = {"name": "Ada", "school": "", "email": "", "qualification_code": ""}
        values[field] = typed
        app = _app_accepts(lambda: check_walk_in(**values))
        sent = WALK_IN | {k: v.strip() for k, v in values.items()}
        assert app == _service_accepts(WalkInData, sent), repr(typed)
        if app:
            assert check_walk_in(**values)[list(values).index(field)] == typed.strip()
        seen.add(app)

    check()
    assert seen == {True, False}  # both outcomes met: the property is not vacuous


def test_the_app_and_the_service_accept_the_same_notes_and_mark_notes() -> None:
    seen: set[tuple[str, bool]] = set()

    @PROPERTY
    @given(hostile_text(3_000))
    def check(typed: str) -> None:
        normalised = typed.replace("\r\n", "\n").replace("\r", "\n")
        app = _app_accepts(lambda: check_text(fields.NOTE, typed, "The note"))
        note = {"event_id": "e1", "body": normalised, "author_id": "u1",
                "updated_at": "2026-11-23T10:00:00Z"}
        assert app == _service_accepts(NoteData, note), repr(typed)
        mark_app = _app_accepts(lambda: check_mark(MarkStatus.PRESENT, None, None, typed))
        mark = {"event_id": "e1", "candidate_id": "c1", "status": "present",
                "marked_by": "u1", "note": typed.strip().replace("\r\n", "\n")
                .replace("\r", "\n")}
        assert mark_app == _service_accepts(AttendanceData, mark), repr(typed)
        seen.update({("note", app), ("mark", mark_app)})

    check()
    assert seen == {("note", True), ("note", False), ("mark", True), ("mark", False)}


def test_the_app_and_the_service_accept_the_same_text_answers() -> None:
    question = TemplateQuestion(id="strengths", kind="text", label="Strengths")
    form = {"template_id": "t1", "template_version": 1, "facilitator_id": "f1",
            "author_id": "a1", "created_at": "2026-11-23T10:00:00Z",
            "updated_at": "2026-11-23T10:00:00Z", "event_id": None}
    seen: set[bool] = set()

    @PROPERTY
    @given(hostile_text(3_000))
    def check(typed: str) -> None:
        app = answer_problem(question, typed) is None
        assert app == _service_accepts(QaVisitData, form | {"answers": {"strengths": typed}})
        seen.add(app)

    check()
    assert seen == {True, False}


def test_the_rules_are_the_ones_the_payload_models_carry() -> None:
    assert fields.model_rules(WalkInData)["school"] is fields.SCHOOL
    assert fields.model_rules(NoteData)["body"] is fields.NOTE
