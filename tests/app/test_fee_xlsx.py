"""The fee statement as a workbook, read back with openpyxl: names exactly as written
(accents, a name a spreadsheet would run as a formula), money as numbers formatted in
pounds equal to the statement's pence, dates as dates, and a service-written file whole."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import load_workbook

from app.exports.fee_statement import FIRST_LINE, headings, statement_xlsx
from app.fee_statement import (
    ApartCandidate,
    EventFeeInput,
    FeeStatement,
    GroupFeeInput,
    RegisterTally,
    fee_statement,
)

PARTNER = "Ysgol Siân Wójcik — Ŵyl Dewi Trust"
DAY = dt.date(2026, 11, 23)


def _event(number: int, enrolled: int, day: dt.date | None,
           register: RegisterTally | None = None) -> EventFeeInput:
    return EventFeeInput(f"e{number}", number, f"Arweinyddiaeth {number} — “ôl”", day,
                         enrolled, 2, register)


def accented_statement() -> FeeStatement:
    """Two groups, accented names, one that reads as a formula, a date not chosen."""
    apart = (ApartCandidate("c1", "Nguyễn, Siân", "deferred", dt.date(2027, 1, 12)),
             ApartCandidate("c2", "=Ó Briain, Aoife", "withdrawn", dt.date(2026, 12, 1)))
    first = GroupFeeInput("g1", "NPQSL-AUT26-BANGOR-1", "NPQSL", (
        _event(1, 15, dt.date(2026, 11, 2), RegisterTally(15, 13, 1)),
        _event(2, 14, dt.date(2027, 1, 18)), _event(3, 14, None)),
        intake_label="Autumn 2026", apart=apart)
    second = GroupFeeInput("g2", "+NPQH-SPR27-ÅS", "NPQH", (
        _event(1, 24, dt.date(2027, 3, 1), RegisterTally(24, 20, 0)),),
        intake_label="Spring 2027")
    return fee_statement(PARTNER, [first, second], DAY,
                         intakes=["Autumn 2026", "Spring 2027"])


def _lines(data: bytes) -> tuple[Any, list[dict[str, Any]]]:
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[FIRST_LINE]]
    lines = []
    for row in sheet.iter_rows(min_row=FIRST_LINE + 1):
        cells = dict(zip(header, row, strict=True))
        if cells[header[0]].value is None:
            break  # the blank row before the counting rules
        lines.append(cells)
    return sheet, lines


def _pence(cell: Any) -> int | None:
    if cell.value is None:
        return None
    assert isinstance(cell.value, (int, float)) and "£" in cell.number_format
    return round(cell.value * 100)


def test_names_money_and_dates_read_back_as_the_statement() -> None:
    statement = accented_statement()
    sheet, lines = _lines(statement_xlsx(statement))
    assert sheet.title == "Fee statement"
    assert sheet["A1"].value == "Fee statement" and sheet["B1"].value == PARTNER
    assert sheet["B2"].value == dt.datetime(2026, 11, 23) and sheet["B2"].is_date
    assert sheet["B3"].value == "Autumn 2026 and Spring 2027 intakes"
    assert [c.value for c in sheet[FIRST_LINE]] == headings()

    events = [line for line in lines if isinstance(line["Event"].value, int)]
    fees = [(g, e) for g in statement.groups for e in g.events]
    assert len(events) == len(fees) == 4
    for line, (group, fee) in zip(events, fees, strict=True):
        assert line["Group"].value == group.group_code  # "+NPQH-…" stays text
        assert line["Group"].data_type == "s"
        assert line["Title"].value == fee.title
        if fee.date is None:
            assert line["Date"].value == "not chosen"
        else:
            assert line["Date"].is_date and line["Date"].value.date() == fee.date
        assert line["Expected group size"].value == fee.expected_group_size
        assert _pence(line["Expected hosting"]) == fee.expected_hosting_pence
        assert _pence(line["Expected facilitation"]) == fee.expected_facilitation_pence
        assert _pence(line["Expected total"]) == fee.expected_pence
        assert _pence(line["Actual total"]) == fee.actual_pence
        assert line["People hosted"].value == fee.actual_people

    totals = [line for line in lines if line["Event"].value == "Group total"]
    assert [_pence(t["Expected total"]) for t in totals] == [
        g.expected_pence for g in statement.groups]
    assert [_pence(t["Actual total"]) for t in totals] == [
        g.actual_pence for g in statement.groups]
    assert [t["Register"].value for t in totals] == [
        f"{g.submitted_events} of {len(g.events)} submitted" for g in statement.groups]
    assert "1 of 3 submitted" in [t["Register"].value for t in totals]
    [partner] = [line for line in lines if line["Group"].value == "Partner total"]
    assert _pence(partner["Expected total"]) == statement.expected_pence
    assert _pence(partner["Actual total"]) == statement.actual_pence


def test_candidates_counted_apart_keep_their_names_and_dates() -> None:
    statement = accented_statement()
    _sheet, lines = _lines(statement_xlsx(statement))
    apart = [line for line in lines if line["Event"].value in ("Deferred", "Withdrawn")]
    [expected] = [g.apart for g in statement.groups if g.apart]
    assert [(a["Title"].value, a["Date"].value.date(), a["Note"].value) for a in apart] == [
        (c.name, c.effective_date, c.words) for c in expected]
    assert apart[0]["Title"].value == "=Ó Briain, Aoife"  # text, never run as a formula
    assert all(a["Title"].data_type == "s" for a in apart)


def test_the_counting_rules_follow_the_lines() -> None:
    statement = accented_statement()
    sheet, lines = _lines(statement_xlsx(statement))
    below = [row[0].value for row in sheet.iter_rows(min_row=FIRST_LINE + len(lines) + 2)]
    assert below[0] == "How the figures are counted"
    assert tuple(below[1:]) == statement.counting_rules
