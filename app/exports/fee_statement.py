"""A partner's fee statement as a workbook (.xlsx): what a person opens in a spreadsheet.

The CSV (``app.fee_statement.statement_csv``) stays for scripts: a spreadsheet reading it
with its default import may take UTF-8 for its own 8-bit character set ("SiÃ¢n", "Â£";
LibreOffice does, whatever the byte-order mark says), while a workbook carries its text as
Unicode and its figures as figures. So here money is a number of pounds formatted "£1,250.00",
a date is a date, a count is a number, and every name is a string cell, never a formula.

One sheet, "Fee statement": who and when at the top, then the same lines as the CSV (one
per event, a total per group, the candidates counted apart, the partner's total) under
a frozen header row, then the counting rules. No Qt; openpyxl loads when a workbook is
first written.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.fee_statement import EventFee, FeeStatement, GroupFees
from protocol.text import _

if TYPE_CHECKING:
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

MONEY_FORMAT = '"£"#,##0.00'  # the pound sign quoted: a literal in every spreadsheet
DATE_FORMAT = "d mmm yyyy"  # "2 Dec 2026"
FIRST_LINE = 6  # the header row: who, when and the period above it, a blank row between

Value = str | int | float | dt.date | None


def headings() -> list[str]:
    """The header row, in the user's language (the CSV's stays English, for scripts)."""
    return [_("Group"), _("Qualification"), _("Event"), _("Title"), _("Date"),
            _("Facilitators"), _("Expected group size"), _("Expected hosting"),
            _("Expected facilitation"), _("Expected total"), _("Register"),
            _("Actual group size"), _("People hosted"), _("Actual hosting"),
            _("Actual facilitation"), _("Actual total"), _("Note")]


def statement_xlsx(statement: FeeStatement) -> bytes:
    """The statement as a workbook (the bytes of an .xlsx file)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet as Worksheet_

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet_)
    sheet.title = _("Fee statement")
    bold = Font(bold=True)
    _put(sheet, 1, [_("Fee statement"), statement.partner_name], font=bold)
    _put(sheet, 2, [_("Prepared on"), statement.prepared_on])
    if statement.period:
        _put(sheet, 3, [_("Period"), statement.period])
    _put(sheet, FIRST_LINE, headings(), font=bold)
    row = FIRST_LINE + 1
    for group in statement.groups:
        for event in group.events:
            _put(sheet, row, event_line(group, event))
            row += 1
        _put(sheet, row, group_total_line(group), font=bold)
        row += 1
        for apart in group.apart:
            _put(sheet, row, [group.group_code, group.qualification_code, apart.label,
                              apart.name, apart.effective_date, *[None] * 11, apart.words])
            row += 1
    _put(sheet, row, partner_total_line(statement), font=bold)
    last_line = row
    row += 2
    _put(sheet, row, [_("How the figures are counted")], font=bold)
    for offset, rule in enumerate(statement.counting_rules, start=1):
        _put(sheet, row + offset, [rule])
    _shape(sheet, len(headings()), last_line)
    book.properties.creator = "NPQ Partner Desk"
    book.properties.title = _("Fee statement — {partner}").format(
        partner=statement.partner_name)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def event_line(group: GroupFees, e: EventFee) -> list[Value]:
    return [group.group_code, group.qualification_code, e.number, e.title,
            e.date if e.date is not None else _("not chosen"), e.facilitators,
            e.expected_group_size, _pounds(e.expected_hosting_pence),
            _pounds(e.expected_facilitation_pence), _pounds(e.expected_pence),
            _("submitted") if e.submitted else _("not submitted"), e.actual_group_size,
            e.actual_people, _pounds(e.actual_hosting_pence),
            _pounds(e.actual_facilitation_pence), _pounds(e.actual_pence), e.note]


def group_total_line(group: GroupFees) -> list[Value]:
    submitted = _("{done} of {events} submitted").format(done=group.submitted_events,
                                                          events=len(group.events))
    return [group.group_code, group.qualification_code, _("Group total"), None, None, None,
            None, None, None, _pounds(group.expected_pence), submitted, None, None, None,
            None, _pounds(group.actual_pence), None]


def partner_total_line(statement: FeeStatement) -> list[Value]:
    return [_("Partner total"), *[None] * 8, _pounds(statement.expected_pence),
            *[None] * 5, _pounds(statement.actual_pence), None]


def _pounds(pence: int | None) -> float | None:
    """Pounds as a number (pence are whole, so two decimals are exact enough to read back
    the same pence); None stays an empty cell."""
    return None if pence is None else pence / 100


def _put(sheet: Worksheet, row: int, values: Sequence[Value], *,
         font: Font | None = None) -> None:
    for column, value in enumerate(values, start=1):
        if value is None:
            continue
        cell = sheet.cell(row, column, value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever a name begins with
        elif isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, float):  # only money is a float here
            cell.number_format = MONEY_FORMAT
        if font is not None:
            cell.font = font


def _shape(sheet: Worksheet, columns: int, last_line: int) -> None:
    """Widths that fit the lines and the date above them (not the partner's name, the
    period or the rules, which run on to the right) and every word of the header, which
    wraps on two lines and is frozen with the group's code beside every line; printed
    landscape, one page wide."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    wrap = Alignment(wrap_text=True, vertical="top")
    rows = [2, *range(FIRST_LINE + 1, last_line + 1)]
    for column in range(1, columns + 1):
        heading = sheet.cell(FIRST_LINE, column)
        heading.alignment = wrap
        width = max([len(word) for word in str(heading.value).split()]
                    + [len(_shown(sheet.cell(row, column).value)) for row in rows])
        # bold totals are about a tenth wider than the text they are measured by
        sheet.column_dimensions[get_column_letter(column)].width = min(40, max(10, round(
            width * 1.1) + 2))
    sheet.row_dimensions[FIRST_LINE].height = 32
    sheet.freeze_panes = f"B{FIRST_LINE + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"£{value:,.2f}"
    if isinstance(value, dt.date):
        return "30 Sep 2026"  # as DATE_FORMAT shows the widest
    return str(value)
