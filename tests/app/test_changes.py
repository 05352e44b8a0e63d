"""What a write or a sync changed: the flags combine, a page hears only what it shows, and a
sync says what it changed from the record types it pulled."""

from __future__ import annotations

import dataclasses

from app.changes import (
    AFTER_FAILED_SYNC,
    BY_RECORD_TYPE,
    Changes,
    of_record_types,
    of_sync,
)
from app.domain import SyncReport
from protocol.records import RECORD_MODELS


def test_changes_combine_and_are_false_only_when_nothing_changed() -> None:
    assert not Changes()
    assert not Changes.NOTHING
    assert Changes(marks=True)
    both = Changes(marks=True) | Changes(dates=True)
    assert both == Changes(marks=True, dates=True)
    assert (Changes() | Changes()) == Changes()


def test_a_page_hears_only_what_it_shows_and_where_a_change_was_made_concerns_none() -> None:
    register = Changes(marks=True, notes=True)
    assert Changes(marks=True).touches(register)
    assert not Changes(reports=True).touches(register)
    assert not Changes(local=True).touches(Changes(local=True, marks=True))
    saved = Changes.saved_here(notes=True)
    assert saved.local and saved.notes and not saved.marks
    assert saved.touches(register)


def test_everything_is_every_flag_but_where_it_was_made() -> None:
    flags = {f.name for f in dataclasses.fields(Changes)}
    on = {name for name in flags if getattr(Changes.EVERYTHING, name)}
    assert on == flags - {"local"}


def test_every_record_type_of_the_wire_says_what_it_changes() -> None:
    assert set(BY_RECORD_TYPE) == set(RECORD_MODELS)
    assert all(BY_RECORD_TYPE.values())


def test_record_types_map_to_what_the_pages_show() -> None:
    assert of_record_types(["attendance", "walk_in"]) == Changes(marks=True)
    assert of_record_types(["evaluation_summary"]) == Changes(reports=True)
    assert of_record_types(["qa_visit", "note"]) == Changes(forms=True, notes=True)
    assert of_record_types(["event_date_choice"]) == Changes(dates=True)
    assert of_record_types([]) == Changes()
    # a type from a newer central service that this laptop does not know: anything
    assert of_record_types(["something_new"]) == Changes.EVERYTHING


def test_a_sync_says_what_it_pulled_and_that_the_outbox_moved_when_it_sent() -> None:
    assert of_sync(SyncReport()) == Changes()
    assert of_sync(SyncReport(pulled=2, pulled_types=frozenset({"evaluation_summary"}))) == (
        Changes(reports=True))
    assert of_sync(SyncReport(pushed=1)) == Changes(outbox=True)
    assert of_sync(SyncReport(rejected=1, pulled=1, pulled_types=frozenset({"attendance"}))) == (
        Changes(marks=True, outbox=True))
    assert of_sync(SyncReport(purged=3)) == Changes.EVERYTHING
    assert not of_sync(SyncReport(pulled=5, pulled_types=frozenset({"note"}))).local
    assert AFTER_FAILED_SYNC.outbox and not AFTER_FAILED_SYNC.local
