"""What a printed sheet says: paper order, codes, roster version, header facts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.errors import NotFoundError
from app.printing.codes import parse_sheet_reference, row_codes
from app.printing.model import load_confidential_sheet, load_paper_register, paper_sort_key
from app.store import Store
from tests.printing.builders import add_candidate, seed_groups
from tests.printing.conftest import PRINTED_AT


def test_rows_are_in_paper_order_with_accents_folded(
        store: Store, groups: dict) -> None:
    register = load_paper_register(store, groups[12].event_ids[0], printed_at=PRINTED_AT)
    families = [row.family_name for row in register.rows]
    assert families == sorted(families, key=lambda f: paper_sort_key(f, "", ""))
    # "Ó Briain" sorts among the Os, "Łukasz Nowak" by N, "Dvořák" by D.
    assert families.index("Ó Briain") > families.index("Nowak")
    assert families.index("Dvořák") < families.index("Hughes")
    assert [row.number for row in register.rows] == list(range(1, 13))
    assert register.row(3) is register.rows[2]


def test_withdrawn_candidates_are_left_out_and_counted(store: Store, groups: dict) -> None:
    group = groups[30]
    register = load_paper_register(store, group.event_ids[0], printed_at=PRINTED_AT)
    ids = {row.candidate_id for row in register.rows}
    assert ids == set(group.candidate_ids)
    assert not ids & set(group.withdrawn_ids)
    assert register.left_out == len(group.withdrawn_ids) == 1


def test_header_holds_the_event_facts(store: Store, groups: dict) -> None:
    group = groups[12]
    dated = load_paper_register(store, group.event_ids[0], printed_at=PRINTED_AT).header
    assert dated.times_text == "Arrival from 08:30 · 09:00–16:00"
    assert dated.date_text == "Monday 12 October 2026"
    assert dated.event_heading == "Event 1: Setting direction"
    assert dated.group_code == group.code and dated.partner_name == "Calder Learning Trust"
    assert dated.facilitator_names == ("Siân Hughes", "Ciarán Ó Briain")
    assert dated.qualification_text.startswith("NPQSL · National Professional Qualification")
    undated = load_paper_register(store, group.event_ids[1], printed_at=PRINTED_AT).header
    assert undated.date is None
    assert undated.date_text == "To be confirmed (19 Nov – 2 Dec 2026)"


def test_row_codes_are_short_unique_and_stable(store: Store, groups: dict) -> None:
    group = groups[60]
    first = load_paper_register(store, group.event_ids[0], printed_at=PRINTED_AT)
    second = load_paper_register(store, group.event_ids[1], printed_at=PRINTED_AT)
    codes = [row.code for row in first.rows]
    assert len(set(codes)) == len(codes) and all(3 <= len(c) <= 4 for c in codes)
    assert {r.candidate_id: r.code for r in first.rows} == {
        r.candidate_id: r.code for r in second.rows}
    assert not set("01OIL") & set("".join(codes))
    # Clashing codes lengthen for the whole sheet rather than repeat.
    many = [f"candidate-{n}" for n in range(2000)]
    assert len(set(row_codes(many))) == 2000


def test_the_roster_version_changes_when_the_roster_changes(tmp_path: Path) -> None:
    with Store.open(tmp_path / "desk.sqlite3") as store:
        group = seed_groups(store, [12], events=1)[0]
        event_id = group.event_ids[0]
        before = load_paper_register(store, event_id, printed_at=PRINTED_AT)
        again = load_paper_register(store, event_id, printed_at=PRINTED_AT + dt.timedelta(1))
        assert again.roster_version == before.roster_version  # printing again: same roster
        add_candidate(store, group, "Zoë", "Zielińska")
        after = load_paper_register(store, event_id, printed_at=PRINTED_AT)
    assert after.roster_version != before.roster_version
    assert after.sheet_code != before.sheet_code
    assert len(after.rows) == 13 and after.rows[-1].name == "Zielińska, Zoë"


def test_sheet_codes_and_qr_payloads_read_back(store: Store, groups: dict) -> None:
    event_id = groups[30].event_ids[0]
    register = load_paper_register(store, event_id, printed_at=PRINTED_AT)
    scanned = parse_sheet_reference(register.qr_payload())
    assert scanned is not None and scanned.event_id == event_id
    assert scanned.roster_version == register.roster_version
    typed = parse_sheet_reference(f"  {register.sheet_code.lower()} ")
    assert typed is not None and typed.event_id is None and typed.matches(event_id)
    assert typed.roster_version == register.roster_version
    assert not typed.matches(groups[30].event_ids[1])
    assert parse_sheet_reference("hello") is None


def test_the_confidential_sheet_lists_only_requirements_in_paper_order(
        store: Store, groups: dict) -> None:
    group = groups[30]
    register = load_paper_register(store, group.event_ids[0], printed_at=PRINTED_AT)
    sheet = load_confidential_sheet(store, group.event_ids[0], printed_at=PRINTED_AT)
    assert {e.candidate_id: e.requirement for e in sheet.entries} == group.requirements
    order = [r.candidate_id for r in register.rows]
    assert [e.candidate_id for e in sheet.entries] == sorted(
        (e.candidate_id for e in sheet.entries), key=order.index)
    assert sheet.sheet_code == register.sheet_code


def test_an_unknown_event_says_so(store: Store) -> None:
    with pytest.raises(NotFoundError, match="not on this laptop"):
        load_paper_register(store, "no-such-event", printed_at=PRINTED_AT)


def test_a_sheet_code_opens_its_register_in_printed_order(store: Store, groups: dict) -> None:
    from app.printing.lookup import open_sheet

    event_id = groups[30].event_ids[0]
    printed = load_paper_register(store, event_id, printed_at=PRINTED_AT)
    for text in (printed.qr_payload(), printed.sheet_code):
        match = open_sheet(store, text)
        assert match.register.header.event_id == event_id and match.roster_matches
        assert [r.candidate_id for r in match.register.rows] == [
            r.candidate_id for r in printed.rows]
    stale = open_sheet(store, printed.sheet_code.split("-")[0] + "-000000")
    assert not stale.roster_matches
    with pytest.raises(NotFoundError, match="not a sheet code"):
        open_sheet(store, "hello")
    with pytest.raises(NotFoundError, match="No event"):
        open_sheet(store, "00000000-abcdef")
