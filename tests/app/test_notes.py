"""Facilitator notes: saved as typed (note and outbox in one transaction, same id), private
or shared, with author and time; a co-facilitator's shared note is read-only here."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from app.clock import shared_clock
from app.errors import ValidationError
from app.notes import NoteService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from app.store.models import Note, OutboxEntry
from tests.app.conftest import ME, Roster

COLLEAGUE = "22222222-2222-4222-8222-222222222222"


@pytest.fixture
def notes(store: Store) -> NoteService:
    return NoteService(store, shared_clock(store), ME)


def test_each_save_updates_the_same_note_and_queues_it_in_the_same_transaction(
        store: Store, roster: Roster, notes: NoteService) -> None:
    event_id = roster.event_ids["today"]
    first = notes.save(event_id, "Room 4")
    second = notes.save(event_id, "Room 4, projector broken", note_id=first.id, shared=True)
    assert second.id == first.id and second.shared and second.mine
    with store.read() as session:
        assert session.get(Note, first.id).body == "Room 4, projector broken"
        entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
    assert [(e.type, e.record_id, e.data["visibility"]) for e in entries] == [
        ("note", first.id, "private"), ("note", first.id, "shared")]


def test_event_notes_and_candidate_notes_are_kept_apart(
        roster: Roster, notes: NoteService) -> None:
    event_id, cid = roster.event_ids["today"], roster.candidates["Hughes"]
    notes.save(event_id, "About the day")
    notes.save(event_id, "Wants to talk about the assessment", candidate_id=cid)
    assert [n.body for n in notes.notes(event_id)] == ["About the day"]
    assert [n.body for n in notes.notes(event_id, cid)] == [
        "Wants to talk about the assessment"]


def test_a_colleagues_shared_note_is_shown_with_their_name_and_cannot_be_changed(
        store: Store, roster: Roster, notes: NoteService) -> None:
    event_id = roster.event_ids["today"]
    theirs, private = str(uuid.uuid4()), str(uuid.uuid4())
    apply_page(store, [
        PulledChange("user", COLLEAGUE, False, {"name": "Tomos Evans",
                                                "roles": ["facilitator"]}),
        PulledChange("note", theirs, False, {
            "event_id": event_id, "body": "I'll take the afternoon", "visibility": "shared",
            "author_id": COLLEAGUE, "updated_at": "2026-11-23T08:40:00.000Z"}),
        PulledChange("note", private, False, {
            "event_id": event_id, "body": "not for you", "visibility": "private",
            "author_id": COLLEAGUE, "updated_at": "2026-11-23T08:41:00.000Z"}),
    ], "c-notes", shared_clock(store))
    mine = notes.save(event_id, "Mine")
    shown = notes.notes(event_id)
    assert [(n.body, n.author_name, n.mine) for n in shown] == [
        ("Mine", mine.author_name, True), ("I'll take the afternoon", "Tomos Evans", False)]
    with pytest.raises(ValidationError, match="author"):
        notes.save(event_id, "edited", note_id=theirs)
