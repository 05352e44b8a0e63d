"""An operator loads an authority's school term dates (``npq-server load-term-dates``) and
says which authority a venue is in (``set-local-authority``), on both backends: a good file
is loaded, replaced or left unchanged; a bad one is refused whole with a message naming
what is wrong, and nothing is written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import false, select

from protocol.records import term_dates_id
from server.cli import main
from server.db import Database
from server.models import Record
from server.services.term_dates import TermDatesError, checked

KIRKLEES: dict[str, Any] = {
    "authority": "Kirklees", "academic_year": "2026/27",
    "holidays": [
        {"name": "October half-term", "first_day": "2026-10-26", "last_day": "2026-10-30"},
        {"name": "Christmas holiday", "first_day": "21/12/2026", "last_day": "01/01/2027"},
        {"name": "Easter holiday", "first_day": "2027-03-29", "last_day": "2027-04-09"},
    ]}


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setenv("NPQ_DATABASE_URL", database_url)
    database = Database(database_url)
    yield database
    database.dispose()


def _held(database: Database) -> dict[str, tuple[int, dict[str, Any]]]:
    with database.read() as session:
        return {r.id: (r.seq, dict(r.data or {})) for r in session.scalars(
            select(Record).where(Record.type == "term_dates", Record.deleted == false()))}


def _file(tmp_path: Path, body: Any, name: str = "terms.json") -> str:
    path = tmp_path / name
    path.write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")
    return str(path)


def test_a_file_is_loaded_then_unchanged_then_replaced(
        cli: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record_id = term_dates_id("Kirklees", "2026/27")
    assert main(["load-term-dates", _file(tmp_path, KIRKLEES)]) == 0
    out = capsys.readouterr().out
    assert f"Kirklees 2026/27: loaded ({record_id})." in out
    assert "no event's venue is in Kirklees yet" in out
    seq, data = _held(cli)[record_id]
    assert (data["first_day"], data["last_day"]) == ("2026-09-01", "2027-08-31")
    assert data["holidays"][1] == {"name": "Christmas holiday", "first_day": "2026-12-21",
                                   "last_day": "2027-01-01"}

    assert main(["load-term-dates", _file(tmp_path, [KIRKLEES])]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert _held(cli)[record_id][0] == seq

    later = dict(KIRKLEES, holidays=[*KIRKLEES["holidays"], {
        "name": "May half-term", "first_day": "2027-05-31", "last_day": "2027-06-04"}])
    assert main(["load-term-dates", _file(tmp_path, later)]) == 0
    assert "replaced" in capsys.readouterr().out
    new_seq, data = _held(cli)[record_id]
    assert new_seq > seq and len(data["holidays"]) == 4


def test_a_csv_file_gives_one_record_per_authority_and_year(
        cli: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = ["authority,academic_year,holiday,first_day,last_day",
            "Leeds,2026/27,Easter holiday,2027-03-29,2027-04-09",
            "Leeds,2026/27,May half-term,31/05/2027,04/06/2027",
            "Bristol, City of,2026/27,Easter holiday,2027-03-29,2027-04-09",
            "",
            "Leeds,2027/28,October half-term,2027-10-25,2027-10-29"]
    rows[3] = '"Bristol, City of",2026/27,Easter holiday,2027-03-29,2027-04-09'
    assert main(["load-term-dates", _file(tmp_path, "\n".join(rows), "terms.csv")]) == 0
    held = _held(cli)
    for authority, year, count in (("Leeds", "2026/27", 2), ("Bristol, City of", "2026/27", 1),
                                   ("Leeds", "2027/28", 1)):
        assert len(held[term_dates_id(authority, year)][1]["holidays"]) == count
    assert "Bristol, City of 2026/27: loaded" in capsys.readouterr().out


def _broken(name: str) -> tuple[Any, str]:
    easter = KIRKLEES["holidays"][2]
    cases: dict[str, tuple[Any, str]] = {
        "not json": ("{authority: Kirklees", "is not JSON"),
        "unknown field": (dict(KIRKLEES, holidys=[]), "unknown field 'holidys'"),
        "no holidays": (dict(KIRKLEES, holidays=[]), "list the school holidays"),
        "no authority": (dict(KIRKLEES, authority="  "), "name the local authority"),
        "year": (dict(KIRKLEES, academic_year="2026-27"), "written like 2026/27"),
        "year not next": (dict(KIRKLEES, academic_year="2026/28"), "written like 2026/27"),
        "date": (dict(KIRKLEES, holidays=[dict(easter, first_day="29 March")]),
                 "'29 March' is not a date"),
        "backwards": (dict(KIRKLEES, holidays=[dict(easter, last_day="2027-03-01")]),
                      "ends (2027-03-01) before it starts (2027-03-29)"),
        "outside": (dict(KIRKLEES, holidays=[dict(easter, last_day="2027-09-09")]),
                    "is outside the year (2026-09-01 to 2027-08-31)"),
        "overlap": (dict(KIRKLEES, holidays=[easter, dict(easter, name="Spring break")]),
                    "'Easter holiday' and 'Spring break' overlap"),
        "too many": (dict(KIRKLEES, holidays=[easter] * 21), "21 holidays; at most 20"),
        "NUL": (dict(KIRKLEES, authority="Kirk\x00lees"), "control character"),
        "bidi": (dict(KIRKLEES, holidays=[dict(easter, name="Easter\u202e")]),
                 "holds a character that is not allowed (U+202E)"),
        "too long": (dict(KIRKLEES, authority="K" * 50_000), "at most 1,000 characters"),
        "not an object": ([KIRKLEES, 3], "expected an object"),
        "one good one bad": ([dict(KIRKLEES, authority="Wakefield"),
                              dict(KIRKLEES, first_day="2026-13-01")], "first_day"),
        "twice": ([KIRKLEES, KIRKLEES], "one authority's school year twice"),
    }
    return cases[name]


@pytest.mark.parametrize("case", ["not json", "unknown field", "no holidays", "no authority",
                                  "year", "year not next", "date", "backwards", "outside",
                                  "overlap", "too many", "NUL", "bidi", "too long",
                                  "not an object", "one good one bad", "twice"])
def test_a_bad_file_is_refused_whole_with_what_is_wrong(
        cli: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    body, words = _broken(case)
    before = _held(cli)

    assert main(["load-term-dates", _file(tmp_path, body)]) == 1

    error = capsys.readouterr().err
    assert error.startswith("npq-server: ") and words in error, error
    assert "Traceback" not in error and "\x00" not in error and len(error) < 400
    assert _held(cli) == before


def test_a_csv_without_its_header_or_with_a_short_row_is_refused(
        cli: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load-term-dates", _file(tmp_path, "Leeds,2026/27,Easter,x,y",
                                          "t.csv")]) == 1
    assert "the first line must be the header" in capsys.readouterr().err
    short = "authority,academic_year,holiday,first_day,last_day\nLeeds,2026/27,Easter"
    assert main(["load-term-dates", _file(tmp_path, short, "t.csv")]) == 1
    assert "line 2: 3 columns, expected 5" in capsys.readouterr().err
    assert main(["load-term-dates", str(tmp_path / "missing.json")]) == 1
    assert "missing.json" in capsys.readouterr().err


def test_set_local_authority_restamps_the_venues_events(
        cli: Database, capsys: pytest.CaptureFixture[str]) -> None:
    with cli.read() as session:
        before = {r.id: r.seq for r in session.scalars(select(Record).where(
            Record.type == "event")) if r.data and r.data["venue_name"] == "Coquet House"}
    assert before

    assert main(["set-local-authority", " North   Tyneside ", "--venue", "Coquet House"]) == 0
    assert main(["set-local-authority", "Kirklees", "--venue", "No Such Hall"]) == 1
    assert "no event is held at a venue called 'No Such Hall'" in capsys.readouterr().err

    with cli.read() as session:
        after = {r.id: (r.seq, (r.data or {})["local_authority"]) for r in session.scalars(
            select(Record).where(Record.type == "event", Record.id.in_(before)))}
    assert after.keys() == before.keys()
    assert all(seq > before[i] and name == "North Tyneside" for i, (seq, name) in after.items())
    assert main(["set-local-authority", "North Tyneside", "--venue", "Coquet House"]) == 0
    assert capsys.readouterr().out.startswith("0 event(s)")


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)
FIELDS = st.fixed_dictionaries({}, optional={
    "authority": JSON | st.text(max_size=30), "academic_year": JSON | st.just("2026/27"),
    "first_day": JSON, "last_day": JSON,
    "holidays": JSON | st.lists(st.fixed_dictionaries({}, optional={
        "name": JSON, "first_day": JSON | st.just("2027-04-01"),
        "last_day": JSON | st.just("31/03/2027")}), max_size=3)})


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=FIELDS)
def test_any_shape_of_file_is_loaded_or_refused_in_words(body: dict[str, Any]) -> None:
    try:
        data = checked(body)
    except TermDatesError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert data.holidays and data.academic_year == "2026/27"
