"""Every record type of the protocol is declared once on the client: its payload model,
where it is kept and how a pulled change lands (``app.store.record_types``)."""

from __future__ import annotations

import pytest

from app.store.landing import RowType, WholeType
from app.store.models import Note
from app.store.record_types import (
    CLIENT_RECORD_TYPES,
    declare,
    record_type,
    registration_problems,
)
from protocol.records import RECORD_MODELS, NoteData, RecordData, WalkInData


def test_every_protocol_type_has_exactly_one_client_declaration() -> None:
    assert registration_problems(RECORD_MODELS) == []
    assert set(CLIENT_RECORD_TYPES) == set(RECORD_MODELS)
    for name, declared in CLIENT_RECORD_TYPES.items():
        assert declared.name == name
        assert declared.model is RECORD_MODELS[name]


def test_a_type_added_to_the_protocol_without_a_declaration_is_reported() -> None:
    class ParkingData(RecordData):
        bay: str

    grown = {**RECORD_MODELS, "parking": ParkingData}
    assert registration_problems(grown) == ["parking: no client declaration"]


def test_a_declaration_with_another_model_or_of_no_protocol_type_is_reported() -> None:
    wrong = {**CLIENT_RECORD_TYPES, "note": RowType("note", WalkInData, Note),
             "gone": WholeType("gone", NoteData)}
    assert registration_problems(RECORD_MODELS, wrong) == [
        "gone: declared here but not a protocol record type",
        "note: declared with WalkInData, the protocol says NoteData"]


def test_a_type_declared_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="'note' declared twice"):
        declare([RowType("note", NoteData, Note), WholeType("note", NoteData)])


def test_a_type_this_version_does_not_know_is_kept_whole_as_it_came() -> None:
    unknown = record_type("future_type")
    assert unknown.name == "future_type"
    assert unknown.read({"any": [1]})[1] == {"any": [1]}
    assert record_type("note") is CLIENT_RECORD_TYPES["note"]
