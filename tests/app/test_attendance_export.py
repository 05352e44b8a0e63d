"""A group's attendance as a spreadsheet (``app.exports.attendance``): built from a real
store marked through the register, written as XLSX and CSV, read back with openpyxl and
csv, and every total worked out again here from the raw attendance rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app import paths
from app.clock import shared_clock
from app.domain import Identity, MarkStatus
from app.errors import NotFoundError
from app.exports.attendance import (
    attendance_csv,
    load_attendance,
    write_attendance,
)
from app.identity import set_identity
from app.names import fold
from app.progress import ProgressService
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from app.store.models import Attendance, Event, WalkIn
from desk.cli import main as desk_main
from tests.printing.builders import SeededGroup, add_candidate, seed_groups

AS_OF = dt.date(2026, 12, 1)  # the first two events held (12 Oct, 23 Nov), the third undated
ME = "11111111-1111-4111-8111-111111111111"


def _hours(start: str, end: str, arrival: str | None, departure: str | None) -> float:
    """Hours in the room, worked out here by hand (not with the app's rule)."""
    def minutes(hhmm: str) -> int:
        return int(hhmm[:2]) * 60 + int(hhmm[3:])
    came = max(minutes(start), minutes(arrival)) if arrival else minutes(start)
    went = min(minutes(end), minutes(departure)) if departure else minutes(end)
    return max(0, went - came) / 60


@pytest.fixture
def marked(tmp_path: Path) -> tuple[Store, SeededGroup, dict[str, str]]:
    """A group of 6 (one withdrawn beside them) with Wójcik and Seán added, three events;
    the first two marked in every way, some left unmarked, one walk-in."""
    store = Store.open(tmp_path / "home" / "data" / paths.DATABASE_FILENAME)
    group = seed_groups(store, [6], events=3)[0]
    ids = {"wojcik": add_candidate(store, group, "Agnieszka", "Wójcik"),
           "sean": add_candidate(store, group, "Seán", "Ó Súilleabháin")}
    first, second = group.event_ids[:2]
    one = RegisterService(store, shared_clock(store), ME, today=lambda: dt.date(2026, 10, 12))
    people = group.candidate_ids
    one.mark(first, people[0], MarkStatus.PRESENT)
    one.mark(first, people[1], MarkStatus.LATE, "09:30")
    one.mark(first, people[2], MarkStatus.LEFT_EARLY, None, "14:00")
    one.mark(first, people[3], MarkStatus.ABSENT)
    one.mark(first, people[4], MarkStatus.APOLOGIES)
    one.mark(first, ids["wojcik"], MarkStatus.LATE, "10:15")
    one.mark(first, ids["wojcik"], MarkStatus.LEFT_EARLY, None, "15:00")  # 10:15–15:00
    one.mark(first, ids["sean"], MarkStatus.PRESENT)
    # people[5] not marked at the first event
    one.add_walk_in(first, "Bartosz Kowalczyk", school="Łódź Academy",
                    email="b.k@lodz.sch.uk")
    two = RegisterService(store, shared_clock(store), ME, today=lambda: dt.date(2026, 11, 23))
    two.mark(second, people[0], MarkStatus.PRESENT)
    two.mark(second, people[1], MarkStatus.PRESENT)
    two.mark(second, ids["wojcik"], MarkStatus.PRESENT)
    two.mark(second, ids["sean"], MarkStatus.LATE, "11:00")
    two.mark(second, people[3], MarkStatus.PRESENT)
    two.undo(two.mark_rest_present(second)[1])  # taken back: not marked again
    try:
        yield store, group, ids
    finally:
        store.close()


def raw_expectations(store: Store, group: SeededGroup
                     ) -> tuple[dict[str, tuple[int, float, float]], dict[str, list[int]]]:
    """From the attendance and walk-in rows as stored: per candidate (days attended, hours,
    hours due), per event [present, late, left early, absent, apologies]."""
    with store.read() as session:
        events = {e.id: e for e in session.scalars(select(Event))}
        marks = session.scalars(select(Attendance)).all()
        walk_ins = session.scalars(select(WalkIn)).all()
    held = group.event_ids[:2]  # as of AS_OF
    people: dict[str, tuple[int, float, float]] = {}
    for candidate in group.candidate_ids:
        days = hours = 0.0
        for event_id in held:
            mark = next((m for m in marks if m.event_id == event_id
                         and m.candidate_id == candidate), None)
            event = events[event_id]
            if mark is not None and mark.status in ("present", "late", "left_early"):
                days += 1
                hours += _hours(event.start_time, event.end_time, mark.arrival_time,
                                mark.departure_time)
        people[candidate] = (int(days), hours, 7.0 * len(held))
    statuses = ["present", "late", "left_early", "absent", "apologies"]
    per_event = {event_id: [sum(1 for m in marks if m.event_id == event_id and m.status == s)
                            + sum(1 for w in walk_ins if w.event_id == event_id
                                  and w.status == s) for s in statuses]
                 for event_id in group.event_ids}
    return people, per_event


def test_totals_match_the_raw_attendance_rows(marked) -> None:
    store, group, ids = marked
    matrix = load_attendance(store, group.code, AS_OF)
    assert [e.held for e in matrix.events] == [True, True, False]
    people, per_event = raw_expectations(store, group)
    rows = {r.id: r for r in matrix.rows if not r.walk_in}
    assert set(rows) == set(people) | set(group.withdrawn_ids)  # the withdrawn one too
    assert all(rows[w].withdrawn for w in group.withdrawn_ids)
    for candidate, (days, hours, due) in people.items():
        row = rows[candidate]
        assert (row.days_attended, row.days_held) == (days, 2), row.name
        assert row.hours == pytest.approx(hours, abs=0.01), row.name
        assert row.share == pytest.approx(hours / due), row.name
    wojcik = rows[ids["wojcik"]]
    assert wojcik.cells[0].text == "Left early 10:15–15:00"
    assert wojcik.hours == pytest.approx(4.75 + 7)
    for column, total in zip(matrix.events, matrix.totals, strict=True):
        assert [total.present, total.late, total.left_early, total.absent,
                total.apologies] == per_event[column.id], column.title
    first, second, third = matrix.totals
    assert first.not_marked == 1  # people[5]
    assert second.not_marked == len(group.candidate_ids) - 5  # the undo took them back
    assert third.not_marked == 0  # not held yet


def test_an_event_dated_but_not_marked_yet_is_not_held_as_in_the_progress_view(
        marked) -> None:
    """An event whose day has come but whose register has no mark yet (08:45, before the
    first person arrives) is not held: nobody has missed it. The export and the progress
    view count the same days for everyone."""
    store, group, _ids = marked
    third = group.event_ids[2]
    with store.write() as session:
        event = session.get(Event, third)
        assert event is not None
        event.chosen_date = AS_OF.isoformat()
    matrix = load_attendance(store, group.code, AS_OF)
    assert [e.held for e in matrix.events] == [True, True, False]
    progress = {r.candidate_id: r for r in ProgressService(store).group(group.group_id, AS_OF).rows}
    for row in matrix.rows:
        if not row.walk_in and row.id in progress and not row.withdrawn:
            line = progress[row.id]
            assert (row.days_attended, row.days_held) == (line.days_attended,
                                                          line.days_held), row.name


def test_rows_in_paper_order_with_the_walk_in_last_and_marked(marked) -> None:
    store, group, _ids = marked
    matrix = load_attendance(store, group.group_id, AS_OF)  # by id as well as by code
    names = [(r.family_name, r.walk_in) for r in matrix.rows]
    assert names[-1] == ("Kowalczyk", True)
    roster = [r for r in matrix.rows if not r.walk_in]
    assert [fold(r.family_name) for r in roster] == sorted(fold(r.family_name)
                                                           for r in roster)
    walk_in = matrix.rows[-1]
    assert [c.status for c in walk_in.cells] == [MarkStatus.PRESENT, None, None]
    assert (walk_in.days_attended, walk_in.days_held) == (1, 1)
    assert [c.text for c in walk_in.cells] == ["Present", "", ""]


def test_xlsx_reads_back_with_accents_totals_and_no_special_requirements(
        marked, tmp_path: Path) -> None:
    store, group, _ids = marked
    out = write_attendance(store, group.code, tmp_path / "out" / "attendance.xlsx",
                           as_of=AS_OF)
    book = load_workbook(tmp_path / "out" / "attendance.xlsx")
    assert book.sheetnames == ["Attendance", "Long list"]
    sheet = book["Attendance"]
    assert sheet.freeze_panes == "B2"
    grid = [[c.value for c in row] for row in sheet.iter_rows()]
    header = grid[0]
    assert header[0] == "Candidate" and header[-4:] == [
        "Days attended", "Days held", "Hours attended", "Share of hours"]
    by_name = {row[0]: row for row in grid[1:] if row[0]}
    assert "Wójcik, Agnieszka" in by_name and "Ó Súilleabháin, Seán" in by_name
    assert "Kowalczyk, Bartosz (walk-in)" in by_name
    wojcik = by_name["Wójcik, Agnieszka"]
    assert wojcik[2:4] == ["Left early 10:15–15:00", 4.75]
    assert wojcik[-4:-1] == [2, 2, 11.75]
    assert wojcik[-1] == pytest.approx(11.75 / 14)
    unmarked = next(row for row in grid[1:] if row[2] == "Not marked")
    assert unmarked[3] is None
    present = next(row for row in grid if row[0] == "Present")
    assert present[2] == out.totals[0].present and present[4] == out.totals[1].present
    text = "\n".join(str(v) for row in grid for v in row if v is not None)
    longlist = "\n".join(str(c.value) for row in book["Long list"].iter_rows() for c in row
                         if c.value is not None)
    for needs in group.requirements.values():
        assert needs not in text and needs not in longlist
    assert sheet.column_dimensions["A"].width >= len("Ó Súilleabháin, Seán")


def test_csv_is_utf8_with_a_bom_one_line_per_candidate_and_event(marked,
                                                               tmp_path: Path) -> None:
    store, group, _ids = marked
    path = tmp_path / "attendance.csv"
    matrix = write_attendance(store, group.code, path, as_of=AS_OF)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(lines) == len(matrix.rows) * 3
    wojcik = [line for line in lines if line["Family name"] == "Wójcik"]
    assert [line["Status"] for line in wojcik] == ["Left early", "Present", ""]
    assert wojcik[0]["Arrival"] == "10:15" and wojcik[0]["Hours attended"] == "4.75"
    assert {line["Walk-in"] for line in lines if line["Family name"] == "Kowalczyk"} == {"Yes"}
    assert any(line["Given name"] == "Seán" for line in lines)
    for needs in group.requirements.values():
        assert needs not in raw.decode("utf-8-sig")


def test_a_name_that_looks_like_a_formula_stays_text(marked, tmp_path: Path) -> None:
    store, group, _ids = marked
    service = RegisterService(store, shared_clock(store), ME,
                              today=lambda: dt.date(2026, 11, 23))
    service.add_walk_in(group.event_ids[1], "=HYPERLINK(\"http://x\") Evil")
    matrix = load_attendance(store, group.code, AS_OF)
    assert b"'=HYPERLINK" in attendance_csv(matrix)
    write_attendance(store, group.code, tmp_path / "a.xlsx", as_of=AS_OF)
    sheet = load_workbook(tmp_path / "a.xlsx")["Attendance"]
    cell = next(c for row in sheet.iter_rows() for c in row
                if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s"


def test_an_unknown_group_or_suffix_writes_nothing(marked, tmp_path: Path) -> None:
    store, group, _ids = marked
    with pytest.raises(NotFoundError, match="No group 'NOWHERE' on this laptop"):
        write_attendance(store, "NOWHERE", tmp_path / "a.xlsx")
    with pytest.raises(ValueError, match=r"\.xlsx or \.csv"):
        write_attendance(store, group.code, tmp_path / "a.pdf")
    assert list(tmp_path.glob("a.*")) == []


# ---- headless: npq-desk export attendance ----------------------------------------------

def sign_in_here(store: Store) -> None:
    set_identity(store, Identity(user_id=ME, name="Siân Hughes", roles=("facilitator",),
                                 username="facilitator", server_url="http://127.0.0.1:9",
                                 device_id=""))


@pytest.mark.parametrize("name", ["attendance.xlsx", "attendance.CSV"])
def test_the_headless_command_writes_the_file_on_a_signed_in_laptop(
        marked, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    store, group, _ids = marked
    sign_in_here(store)
    out = tmp_path / "exports" / name
    code = desk_main(["--home", str(tmp_path / "home"), "export", "attendance", "--group",
                      group.code, "--out", str(out)])
    said = capsys.readouterr()
    assert code == 0, said.err
    assert f"Attendance of {group.code} written to {out}" in said.out
    assert "1 walk-in(s), 3 events" in said.out
    if out.suffix == ".xlsx":
        names = [row[0].value for row in load_workbook(out)["Attendance"].iter_rows()]
        assert "Wójcik, Agnieszka" in names
    else:
        assert "Ó Súilleabháin" in out.read_bytes().decode("utf-8-sig")


def test_the_headless_command_signed_out_unknown_group_and_wrong_suffix(
        marked, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, group, _ids = marked
    home = ["--home", str(tmp_path / "home")]
    out = tmp_path / "a.xlsx"
    command = ["export", "attendance", "--group", group.code, "--out", str(out)]
    assert desk_main([*home, *command]) == 2  # nobody signed in here
    assert "sign in" in capsys.readouterr().err
    sign_in_here(store)
    assert desk_main([*home, "export", "attendance", "--group", "NPQSL-NOWHERE",
                      "--out", str(out)]) == 64
    assert "No group 'NPQSL-NOWHERE' on this laptop. Sync, or check the id." in (
        capsys.readouterr().err)
    for wrong in (["export", "attendance", "--group", group.code, "--out", "a.pdf"],
                  ["export", "attendance", "--out", str(out)],
                  ["export", "progress", "--group", group.code, "--out", str(out)],
                  ["sync", "attendance"]):
        with pytest.raises(SystemExit) as stopped:
            desk_main([*home, *wrong])
        assert stopped.value.code == 64, wrong
        assert "usage:" in capsys.readouterr().err
    assert not out.exists()


def test_a_candidate_enrolled_mid_course_counts_the_same_in_the_spreadsheet_and_progress(
        marked) -> None:
    """Enrolled from 1 November, their enrolment reaching this laptop after both registers
    were marked (so neither register's roster has them): the first event (12 Oct) is not
    theirs, the second (23 Nov) is, missed. And someone marked not applicable at the first
    event owes it in neither. The spreadsheet and the progress view agree line by line."""
    store, group, _ids = marked
    late = str(uuid.uuid4())
    apply_page(store, [
        PulledChange(type="candidate", id=late, deleted=False,
                     data={"given_name": "Nia", "family_name": "Mid-Course",
                           "school": "Harbour School"}),
        PulledChange(type="enrolment", id=str(uuid.uuid4()), deleted=False,
                     data={"group_id": group.group_id, "candidate_id": late,
                           "status": "active", "enrolled_on": "2026-11-01",
                           "register_order": 99}),
    ], f"cursor-{uuid.uuid4()}", shared_clock(store))
    first = group.event_ids[0]
    RegisterService(store, shared_clock(store), ME, today=lambda: dt.date(2026, 10, 12)).mark(
        first, group.candidate_ids[5], MarkStatus.NOT_APPLICABLE)
    matrix = load_attendance(store, group.code, AS_OF)
    rows = {r.id: r for r in matrix.rows if not r.walk_in}
    progress = {r.candidate_id: r
                for r in ProgressService(store).group(group.group_id, AS_OF).rows}
    newcomer = rows[late]
    assert (newcomer.days_attended, newcomer.days_held) == (0, 1)
    assert (progress[late].days_attended, progress[late].days_held) == (0, 1)
    assert newcomer.cells[0].text == "" and not newcomer.cells[0].counts  # before they came
    assert newcomer.cells[1].text == "Not marked" and newcomer.cells[1].counts
    excused = rows[group.candidate_ids[5]]
    assert excused.cells[0].text == "Not applicable" and not excused.cells[0].counts
    assert excused.days_held == progress[group.candidate_ids[5]].days_held == 1
    for candidate_id, line in progress.items():
        if line.status != "active":
            continue
        row = rows[candidate_id]
        assert (row.days_attended, row.days_held, row.minutes, row.due_minutes) == (
            line.days_attended, line.days_held, line.attended_minutes, line.held_minutes), \
            row.name
    # the event's totals count the newcomer as not marked at the second event
    assert matrix.totals[1].not_marked == len(group.candidate_ids) - 5 + 1
    assert matrix.totals[0].not_marked == 0  # people[5] is not applicable now
