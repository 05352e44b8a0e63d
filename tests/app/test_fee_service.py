"""The partner's fee statement on a partner lead's laptop filled by a real sync from the
real server. Every expected and actual figure is worked out again here, independently,
from the server's own records (enrolments, attendance, walk-ins, submissions), with the
pack's table written out by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import false, select

from app.domain import MarkStatus
from app.exports.fee_statement import FIRST_LINE
from app.fee_service import FeeService
from app.fee_statement import EventFee, FeeStatement, GroupFees
from app.printing.exporters import fee_statement_pdf, write_pdf
from app.store import Store
from app.store.models import RosterSnapshot
from server.models import Record, User
from server.services.roster import move_candidate
from sync.service import SyncService
from tests.conftest import TEST_TODAY
from tests.sync.conftest import PASSWORD, Client

ATTENDED = {"present", "late", "left_early"}


def pack_facilitation(size: int, facilitators: int) -> int:
    """The partner pack's facilitation table, in pence, written out again for the test."""
    if facilitators == 0:
        return 0
    if facilitators == 1 or size < 12:
        return 40_000
    return 50_000 if size <= 14 else 60_000 if size <= 18 else 70_000 if size <= 23 else 80_000


@dataclass(frozen=True)
class Figures:
    expected_size: int
    expected_pence: int
    actual_size: int | None
    actual_people: int | None
    actual_pence: int | None


class ServerRecords:
    """The server's live records, read straight from its database."""

    def __init__(self, server: Any) -> None:
        with server.database.read() as session:
            rows = session.scalars(select(Record).where(Record.deleted == false())).all()
            self.users = {u.username: u.partner_id for u in session.scalars(select(User))}
        self.by_type: dict[str, dict[str, dict[str, Any]]] = {}
        for row in rows:
            self.by_type.setdefault(row.type, {})[row.id] = dict(row.data or {})

    def of(self, type_: str, **match: Any) -> list[dict[str, Any]]:
        return [d for d in self.by_type.get(type_, {}).values()
                if all(d.get(k) == v for k, v in match.items())]

    def group(self, code: str) -> tuple[str, dict[str, Any]]:
        [(group_id, data)] = [(i, d) for i, d in self.by_type["group"].items()
                              if d["code"] == code]
        return group_id, data

    def figures(self, group_id: str, event_id: str) -> Figures:
        group = self.by_type["group"][group_id]
        event = self.by_type["event"][event_id]
        day = event.get("chosen_date")
        enrolments = self.of("enrolment", group_id=group_id)
        # deferred or withdrawn by the central service from a date on or before the event
        # (an undated event counts as after it): not expected, counted apart
        paused = {s["candidate_id"] for s in self.of("training_status", group_id=group_id)
                  if s["status"] != "active" and (day is None or s["effective_date"] <= day)}
        active = [e for e in enrolments if e["status"] == "active"
                  and (day is None or e["enrolled_on"] <= day)]
        expected_size = sum(1 for e in active if e["candidate_id"] not in paused)
        facilitators = len(set(group["facilitator_ids"]))
        expected = expected_size * 2_500 + pack_facilitation(expected_size, facilitators)
        if not self.of("register_submission", event_id=event_id):
            return Figures(expected_size, expected, None, None, None)
        marks = {a["candidate_id"]: a["status"] for a in self.of("attendance", event_id=event_id)}
        came_since_left = [e for e in enrolments if e["status"] == "withdrawn"
                           and marks.get(e["candidate_id"]) in ATTENDED]
        paused_away = [e for e in active if e["candidate_id"] in paused
                       and marks.get(e["candidate_id"]) not in ATTENDED]
        size = len(active) + len(came_since_left) - len(paused_away)
        people = (sum(1 for s in marks.values() if s in ATTENDED)
                  + sum(1 for w in self.of("walk_in", event_id=event_id)
                        if w["status"] in ATTENDED))
        return Figures(expected_size, expected, size, people,
                       people * 2_500 + pack_facilitation(size, facilitators))


def shown(fee: EventFee) -> Figures:
    return Figures(fee.expected_group_size, fee.expected_pence, fee.actual_group_size,
                   fee.actual_people, fee.actual_pence)


def group_by_code(statement: FeeStatement, code: str) -> GroupFees:
    [group] = [g for g in statement.groups if g.group_code == code]
    return group


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., Client]]:
    """A laptop per user: its own store on disk, signed in to the real server."""
    stores: list[Store] = []

    def make(url: str, username: str) -> Client:
        store = Store.open(tmp_path / "laptops" / username / "desk.sqlite3")
        stores.append(store)
        sync = SyncService(store, url)
        return Client(store, sync, sync.login(username, PASSWORD))

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def partner(live_server: Any, make_client: Callable[..., Client]) -> Client:
    lead = make_client(live_server.base_url, "partner")
    lead.sync.sync_once()
    return lead


@pytest.fixture
def statement(partner: Client) -> Iterator[FeeStatement]:
    yield FeeService(partner.store).statement(TEST_TODAY)


def test_the_statement_holds_exactly_the_partners_groups_with_their_intakes(
        live_server: Any, statement: FeeStatement) -> None:
    records = ServerRecords(live_server)
    pennine = records.users["partner"]
    [partner_name] = [p["name"] for i, p in records.by_type["partner"].items() if i == pennine]
    codes = sorted(g["code"] for g in records.of("group", partner_id=pennine))
    assert statement.partner_name == partner_name == "Pennine Teaching School Hub"
    assert [g.group_code for g in statement.groups] == codes and len(codes) == 3
    assert statement.intakes == ("Autumn 2026", "Spring 2027")
    assert statement.period == "Autumn 2026 and Spring 2027 intakes"
    for group in statement.groups:
        group_id, _data = records.group(group.group_code)
        assert {e.event_id for e in group.events} == {
            i for i, e in records.by_type["event"].items() if e["group_id"] == group_id}


def test_every_figure_matches_the_server_records_worked_out_by_hand(
        live_server: Any, statement: FeeStatement) -> None:
    records = ServerRecords(live_server)
    submitted_groups = 0
    for group in statement.groups:
        group_id, data = records.group(group.group_code)
        assert len(set(data["facilitator_ids"])) == 2  # every Pennine group is co-facilitated
        for fee in group.events:
            assert shown(fee) == records.figures(group_id, fee.event_id), fee.title
        assert group.expected_pence == sum(records.figures(group_id, e.event_id).expected_pence
                                           for e in group.events)
        assert group.actual_pence == sum(records.figures(group_id, e.event_id).actual_pence or 0
                                         for e in group.events)
        submitted_groups += group.submitted_events > 0
    assert submitted_groups == 2  # the two autumn groups have submitted registers
    assert statement.expected_pence == sum(g.expected_pence for g in statement.groups)
    assert statement.actual_pence == sum(g.actual_pence for g in statement.groups) > 0


def test_a_walk_in_is_hosted_and_absences_neither_host_nor_lower_the_band(
        live_server: Any, statement: FeeStatement) -> None:
    group = group_by_code(statement, "NPQSL-AUT26-HALIFAX-2")
    first = group.events[0]
    assert first.submitted and first.actual_group_size == 18
    # 17 of the 18 on the register came (one sent apologies: the seed's at-risk story),
    # and one walk-in
    assert first.actual_people == 18
    assert (first.actual_hosting_pence, first.actual_facilitation_pence) == (45_000, 60_000)
    ml = group_by_code(statement, "NPQML-AUT26-HALIFAX-1")
    second = ml.events[1]  # three candidates sent apologies
    assert second.actual_group_size == 21 and second.actual_people == 18
    assert second.actual_facilitation_pence == second.expected_facilitation_pence == 70_000
    assert not group.events[1].submitted and group.events[1].actual_pence is None


def test_todays_register_submitted_by_a_facilitator_reaches_the_partners_actual_fees(
        live_server: Any, make_client: Callable[..., Client], partner: Client) -> None:
    facilitator = make_client(live_server.base_url, "facilitator")
    facilitator.sync.sync_once()
    event_id = facilitator.todays_event()
    people = facilitator.markable(event_id)
    registers = facilitator.registers
    for candidate, status in zip(people, (MarkStatus.ABSENT, MarkStatus.APOLOGIES,
                                          MarkStatus.LATE, MarkStatus.LEFT_EARLY), strict=False):
        times = {"arrival_time": "09:40"} if status is MarkStatus.LATE else (
            {"departure_time": "14:10"} if status is MarkStatus.LEFT_EARLY else {})
        registers.mark(event_id, candidate, status, **times)
    registers.mark_rest_present(event_id)
    registers.add_walk_in(event_id, "Thi Nguyễn", "Moorside Primary School")
    registers.add_walk_in(event_id, "Zoë Ó Briain", "Park School", status=MarkStatus.ABSENT)
    registers.submit(event_id)
    facilitator.sync.sync_once()
    partner.sync.sync_once()

    fees = FeeService(partner.store).statement(TEST_TODAY)
    [today] = [e for g in fees.groups for e in g.events if e.event_id == event_id]
    group_id, _data = ServerRecords(live_server).group("NPQSL-AUT26-HALIFAX-2")
    assert shown(today) == ServerRecords(live_server).figures(group_id, event_id)
    assert today.actual_group_size == len(people) == 18
    assert today.actual_people == len(people) - 2 + 1  # absent and apologies out, a walk-in in
    assert today.actual_pence == 17 * 2_500 + 60_000


def test_a_candidate_who_attended_then_moved_group_still_counts_on_those_registers(
        live_server: Any, partner: Client) -> None:
    records = ServerRecords(live_server)
    ml_id, _ml = records.group("NPQML-AUT26-HALIFAX-1")
    sl_id, _sl = records.group("NPQSL-AUT26-HALIFAX-2")
    [first_event] = [i for i, e in records.by_type["event"].items()
                     if e["group_id"] == ml_id and e["number"] == 1]
    came = [a["candidate_id"] for a in records.of("attendance", event_id=first_event)
            if a["status"] in ATTENDED]
    with live_server.database.write() as session:
        move_candidate(session, candidate_id=came[0], to_group_id=sl_id, on=TEST_TODAY)
    partner.sync.sync_once()

    fees = FeeService(partner.store).statement(TEST_TODAY)
    after = ServerRecords(live_server)
    ml = group_by_code(fees, "NPQML-AUT26-HALIFAX-1")
    first = ml.events[0]
    assert first.expected_group_size == 20  # no longer enrolled here
    assert (first.actual_group_size, first.actual_people) == (21, 21)  # but was there
    assert shown(first) == after.figures(ml_id, first_event)
    sl = group_by_code(fees, "NPQSL-AUT26-HALIFAX-2")
    assert [e.expected_group_size for e in sl.events[:2]] == [18, 19]  # joins from today
    for fee in sl.events:
        assert shown(fee) == after.figures(sl_id, fee.event_id)
    with partner.store.read() as session:  # reading the statement fixed no register
        assert session.scalar(select(RosterSnapshot.event_id).limit(1)) is None


def test_a_small_co_facilitated_group_and_a_single_facilitator_are_paid_400(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    lead = make_client(live_server.base_url, "lead.severnvale")
    lead.sync.sync_once()
    fees = FeeService(lead.store).statement(TEST_TODAY)
    records = ServerRecords(live_server)
    assert len(fees.groups) == 3
    small = [g for g in fees.groups if g.events[0].expected_group_size < 12]
    single = [g for g in fees.groups if g.events[0].facilitators == 1]
    assert small and single and small != single
    for fee in small[0].events:
        assert fee.facilitators == 2 and fee.expected_facilitation_pence == 40_000
        assert "single-facilitator rate" in fee.note
    assert all(e.expected_facilitation_pence == 40_000 for e in single[0].events)
    for group in fees.groups:
        group_id, _data = records.group(group.group_code)
        for fee in group.events:
            assert shown(fee) == records.figures(group_id, fee.event_id)


def test_one_group_can_be_stated_alone(partner: Client, statement: FeeStatement) -> None:
    one = statement.groups[1]
    alone = FeeService(partner.store).statement(TEST_TODAY, group_ids={one.group_id})
    assert alone.groups == (one,) and alone.expected_pence == one.expected_pence
    assert alone.intakes == (one.intake_label,)


def test_the_csv_reads_back_as_the_statement(partner: Client, statement: FeeStatement,
                                             tmp_path: Path) -> None:
    service = FeeService(partner.store)
    rows = list(csv.reader(io.StringIO(service.csv(TEST_TODAY))))
    assert rows[0] == ["Fee statement", "Pennine Teaching School Hub", "Prepared 2026-11-23",
                       "Autumn 2026 and Spring 2027 intakes"]
    header = rows[1]
    body = [dict(zip(header, r, strict=True)) for r in rows[2:] if len(r) == len(header)]
    events = [r for r in body if r["Event"].isdigit()]
    fees = [(g, e) for g in statement.groups for e in g.events]
    assert len(events) == len(fees) == 17
    for row, (group, fee) in zip(events, fees, strict=True):
        assert (row["Group"], int(row["Event"])) == (group.group_code, fee.number)
        assert round(float(row["Expected total (£)"]) * 100) == fee.expected_pence
        assert row["Register"] == ("submitted" if fee.submitted else "not submitted")
        actual = row["Actual total (£)"]
        assert (round(float(actual) * 100) if actual else None) == fee.actual_pence
        if fee.submitted:
            assert int(row["People hosted"]) == fee.actual_people
    [total] = [r for r in body if r["Group"] == "Partner total"]
    assert round(float(total["Expected total (£)"]) * 100) == statement.expected_pence
    assert round(float(total["Actual total (£)"]) * 100) == statement.actual_pence
    assert any("Group size" in r[0] for r in rows if r)

    written = service.export_csv(TEST_TODAY, tmp_path / "exports" / "fees.csv")
    raw = written.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a spreadsheet then reads the pound sign
    assert raw.decode("utf-8-sig") == service.csv(TEST_TODAY)
    assert [p.name for p in written.parent.iterdir()] == ["fees.csv"]  # no temporary left


def test_the_workbook_reads_back_as_the_statement(partner: Client, statement: FeeStatement,
                                                  tmp_path: Path) -> None:
    written = FeeService(partner.store).export_xlsx(TEST_TODAY, tmp_path / "x" / "fees.xlsx")
    assert [p.name for p in written.parent.iterdir()] == ["fees.xlsx"]  # no temporary left
    sheet = load_workbook(written).active
    assert sheet["B1"].value == statement.partner_name
    header = [c.value for c in sheet[FIRST_LINE]]
    lines = []
    for row in sheet.iter_rows(min_row=FIRST_LINE + 1):
        if row[0].value is None:
            break  # the blank row before the counting rules
        lines.append(dict(zip(header, (c.value for c in row), strict=True)))
    events = [line for line in lines if isinstance(line["Event"], int)]
    fees = [(g, e) for g in statement.groups for e in g.events]
    assert len(events) == len(fees) == 17
    for line, (group, fee) in zip(events, fees, strict=True):
        assert (line["Group"], line["Event"]) == (group.group_code, fee.number)
        assert round(line["Expected total"] * 100) == fee.expected_pence
        actual = line["Actual total"]
        assert (round(actual * 100) if actual is not None else None) == fee.actual_pence
        day = line["Date"].date() if fee.date else line["Date"]
        assert day == (fee.date or "not chosen")
    apart = [(line["Title"], line["Date"].date()) for line in lines
             if line["Event"] in ("Deferred", "Withdrawn")]
    assert apart == [(a.name, a.effective_date) for g in statement.groups for a in g.apart]
    [total] = [line for line in lines if line["Group"] == "Partner total"]
    assert round(total["Expected total"] * 100) == statement.expected_pence
    assert round(total["Actual total"] * 100) == statement.actual_pence


def test_the_pdf_export_states_the_partner_totals(partner: Client, statement: FeeStatement,
                                                  tmp_path: Path) -> None:
    path = write_pdf(fee_statement_pdf(FeeService(partner.store), TEST_TODAY,
                                       printed_at=dt.datetime(2026, 11, 23, 10, 5)),
                     tmp_path / "fees.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Pennine Teaching School Hub" in text
    assert f"£{statement.expected_pence // 100:,}.00" in text
    assert f"£{statement.actual_pence // 100:,}.00" in text


def test_an_empty_laptop_gives_an_empty_statement(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "empty.sqlite3")
    try:
        empty = FeeService(store).statement(TEST_TODAY)
    finally:
        store.close()
    assert empty.groups == () and empty.expected_pence == 0 and empty.intakes == ()


def test_the_seeded_deferral_and_withdrawal_are_counted_apart_and_read_back(
        live_server: Any, partner: Client, statement: FeeStatement, tmp_path: Path) -> None:
    records = ServerRecords(live_server)
    [group] = [g for g in statement.groups if g.apart]
    group_id, _data = records.group(group.group_code)
    decided = {s["candidate_id"]: s for s in records.of("training_status", group_id=group_id)}
    assert {(a.candidate_id, a.status, a.effective_date.isoformat()) for a in group.apart} == {
        (c, s["status"], s["effective_date"]) for c, s in decided.items()}
    assert {a.status for a in group.apart} == {"deferred", "withdrawn"}
    [day] = {a.effective_date for a in group.apart}
    enrolled = {e["candidate_id"] for e in records.of("enrolment", group_id=group_id,
                                                      status="active")}
    before = [e for e in group.events if e.date is not None and e.date < day]
    after = [e for e in group.events if e.date is None or e.date >= day]
    assert before and after
    # enrolled all along (the seed enrols before the first event): every place expected
    # before the date, the two counted apart from it
    assert all(e.expected_group_size == len(enrolled) for e in before)
    assert all(e.expected_group_size == len(enrolled) - 2 for e in after)
    assert all(e.expected_hosting_pence == e.expected_group_size * 2_500 for e in after)

    rows = list(csv.reader(io.StringIO(FeeService(partner.store).csv(TEST_TODAY))))
    apart = [r for r in rows if r[:1] == [group.group_code] and r[2] in ("Deferred",
                                                                       "Withdrawn")]
    assert [(r[2], r[3], r[4]) for r in apart] == [
        (a.label, a.name, a.effective_date.isoformat()) for a in group.apart]

    path = write_pdf(fee_statement_pdf(FeeService(partner.store), TEST_TODAY,
                                       printed_at=dt.datetime(2026, 11, 23, 10, 5)),
                     tmp_path / "fees.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "Counted apart" in text
    for a in group.apart:
        assert f"{a.name}: {a.label.lower()} from {a.effective_date.strftime('%d %b %Y')}" \
            in text
