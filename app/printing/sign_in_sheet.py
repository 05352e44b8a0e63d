"""The sign-in register that goes round the room (A4 portrait).

One row per candidate in paper order (number and row code, name, school, arrival time,
morning and afternoon signatures), then blank rows for walk-ins. Never printed here:
special requirements, candidates' email addresses.

How the rows fall on pages is planned before anything is drawn (``plan_pages``): as few
pages as rows of at least ``MIN_ROW_HEIGHT`` allow (22 people and 6 walk-in rows fit on
one page), rows as tall as the fullest page allows up to ``MAX_ROW_HEIGHT``, the same height
on every page, and the people spread across the pages so that each is about as full as the
others, never one name alone on a page (a widow/orphan rule). The walk-in rows stay whole,
on the last page.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from app.printing import layout
from app.printing.fonts import REGULAR
from app.printing.layout import (
    CONTENT_WIDTH,
    HEAD_FILL,
    INK,
    LIGHT_RULE,
    MIN_TYPE,
    MUTED,
    RULE,
    STRIPE,
    Section,
    fits_on_one_line,
    fitted,
    style,
)
from app.printing.model import MAX_WALK_IN_ROWS, PaperRegister, PaperRow

# One TableStyle command: its name, the first and last cell, then its values.
TableCommand = tuple[str, tuple[int, int], tuple[int, int], *tuple[Any, ...]]

# Rows: 10 mm when there is room; never below 7.5 mm, the height at which a name that needs
# two lines still prints at MIN_NAME_TYPE and the signature boxes stay 28 x 7.5 mm (the
# 8 mm feint ruling of a school exercise book is the line people are used to writing in).
MAX_ROW_HEIGHT = 10 * mm
MIN_ROW_HEIGHT = 7.5 * mm
MIN_NAME_TYPE = 8.0  # a name is set no smaller (MIN_TYPE for a school)
HEAD_ROW_HEIGHT = 6.5 * mm  # "Morning / signature": two lines of 7.5 pt
WALK_IN_HEAD_ROW_HEIGHT = 5.5 * mm  # one line of 7.5 pt
PAD = 1.6 * mm
V_PAD = 0.4 * mm  # above and below the text of a row
# Columns (mm): number, name, school, arrived, morning, afternoon. A long name still fits
# on two lines of 8 pt, and a school as long as "Holy Trinity Church of England Voluntary
# Aided Junior and Infant School" on two lines of 7 pt, in the smallest rows.
COLUMNS = [10 * mm, 44 * mm, 54 * mm, 14 * mm, 28 * mm, 28 * mm]
# Walk-ins: name, school, email, arrived, morning, afternoon.
WALK_IN_COLUMNS = [38 * mm, 32 * mm, 42 * mm, 14 * mm, 26 * mm, 26 * mm]
WALK_IN_GAP = 3 * mm
WALK_IN_HEADING = 6 * mm  # "Not on the list? ..." above the walk-in rows
WALK_IN_BLOCK = WALK_IN_GAP + WALK_IN_HEADING + WALK_IN_HEAD_ROW_HEIGHT  # beside its rows
_STEP = 0.05 * mm  # row heights are whole twentieths of a millimetre

KICKER = "Sign-in register"
INSTRUCTION = ("Find your name, write the time you arrived and sign in the morning and after "
               "lunch. Not on the list? Add yourself at the end.")

assert abs(sum(COLUMNS) - CONTENT_WIDTH) < 1 and abs(sum(WALK_IN_COLUMNS) - CONTENT_WIDTH) < 1


@dataclass(frozen=True)
class PagePlan:
    """How a register falls on its pages."""

    rows: tuple[int, ...]  # people on each page; the walk-in rows follow the last page's
    row_height: float  # of every row, people's and walk-ins', on every page
    walk_in_rows: int

    @property
    def pages(self) -> int:
        return len(self.rows)


def plan_pages(people: int, walk_in_rows: int, body_height: float) -> PagePlan:
    """The plan for ``people`` rows and ``walk_in_rows`` blank rows in frames of
    ``body_height``: fewest pages; then the tallest rows; then the pages most evenly full;
    then the earlier pages the fuller. Every page of a longer register has two people or
    more."""
    walk_ins = min(max(walk_in_rows, 0), MAX_WALK_IN_ROWS)
    for pages in range(1, max(1, people // 2) + 1):
        candidates = []
        for split in _splits(people, pages):
            height = _row_height(split, walk_ins, body_height)
            if height >= MIN_ROW_HEIGHT:
                candidates.append((-height, _fullest(split, walk_ins, height),
                                   [-n for n in split], split, height))
        if candidates:
            *_, split, height = min(candidates)
            return PagePlan(rows=split, row_height=height, walk_in_rows=walk_ins)
    # Not even two people a page fit (a frame shorter than any header leaves): the
    # smallest rows, as many a page as fit; the table then runs on over the pages.
    per_page = max(2, int((body_height - HEAD_ROW_HEIGHT) // MIN_ROW_HEIGHT))
    pages = max(1, math.ceil(people / per_page))
    return PagePlan(rows=tuple(_even(people, pages)), row_height=MIN_ROW_HEIGHT,
                    walk_in_rows=walk_ins)


def _splits(people: int, pages: int) -> Iterator[tuple[int, ...]]:
    """Ways to share ``people`` over ``pages``: each number on the last page, the rest
    spread evenly over the others (larger shares first), two or more on every page."""
    if pages == 1:
        yield (people,)
        return
    for last in range(2, people - 2 * (pages - 1) + 1):
        yield (*_even(people - last, pages - 1), last)


def _even(people: int, pages: int) -> list[int]:
    share, extra = divmod(people, pages)
    return [share + 1] * extra + [share] * (pages - extra)


def _fixed_and_rows(split: Sequence[int], walk_ins: int) -> Iterator[tuple[float, int]]:
    """For each page: the height of what is not a row (the table heads, the walk-in
    heading), and the number of rows."""
    for index, people in enumerate(split):
        fixed, rows = HEAD_ROW_HEIGHT, people  # with no people: "No candidates yet"
        if index == len(split) - 1 and walk_ins:
            fixed, rows = fixed + WALK_IN_BLOCK, rows + walk_ins
        yield fixed, rows


def _row_height(split: Sequence[int], walk_ins: int, body_height: float) -> float:
    """The tallest row (up to MAX_ROW_HEIGHT) with which every page of ``split`` fits."""
    height = math.inf
    for fixed, rows in _fixed_and_rows(split, walk_ins):
        if fixed > body_height:
            return 0.0
        if rows:
            height = min(height, (body_height - fixed) / rows)
    return MAX_ROW_HEIGHT if height >= MAX_ROW_HEIGHT else math.floor(height / _STEP) * _STEP


def _fullest(split: Sequence[int], walk_ins: int, height: float) -> float:
    return max(fixed + rows * height for fixed, rows in _fixed_and_rows(split, walk_ins))


def page_plan(register: PaperRegister) -> PagePlan:
    """How ``register`` falls on its pages (what ``render_sign_in_sheet`` prints)."""
    return plan_pages(len(register.rows), register.walk_in_rows,
                      sign_in_section(register).body_height)


def render_sign_in_sheet(register: PaperRegister, target: str | Path | IO[bytes]) -> int:
    """Write the register's PDF to ``target`` (a path or a binary file); its page count."""
    return layout.build([sign_in_section(register)], target, title=document_title(register))


def document_title(register: PaperRegister) -> str:
    h = register.header
    return f"Sign-in register – {h.group_code} – Event {h.event_number}"


def sign_in_section(register: PaperRegister) -> Section:
    section = Section(
        header=register.header, kicker=KICKER, instruction=INSTRUCTION, flowables=[],
        printed_at=register.printed_at, roster_version=register.roster_version,
        sheet_code=register.sheet_code, qr=register.qr_payload())
    section.flowables = lambda: _flowables(register, section.body_height)
    return section


def _flowables(register: PaperRegister, body_height: float) -> list[Flowable]:
    """Each page's people as a table of their own (so the plan, not the layout engine,
    says where a page ends), then the walk-in rows on the last page."""
    plan = plan_pages(len(register.rows), register.walk_in_rows, body_height)
    story: list[Flowable] = []
    first = 0
    for page, people in enumerate(plan.rows):
        if page:
            story.append(PageBreak())
        if people:
            story.append(_candidate_table(register.rows[first:first + people],
                                          plan.row_height))
        first += people
    if not register.rows:
        story.append(Paragraph("No candidates on the roster yet.",
                               style("empty", 10, color=MUTED)))
    if plan.walk_in_rows:
        story += [Spacer(1, WALK_IN_GAP), _walk_in_heading(),
                  _walk_in_table(plan.walk_in_rows, plan.row_height)]
    return story


def _head(labels: list[str]) -> list[Paragraph]:
    head = style("head", 7.5, bold=True, color=INK, leading=8.4)
    centred = style("head-centred", 7.5, bold=True, color=INK, leading=8.4, alignment=1)
    return [Paragraph(text, centred if text == "#" else head) for text in labels]


def _candidate_table(rows: Sequence[PaperRow], row_height: float) -> Table:
    name_style = style("name", 10.5, bold=True)
    school_style = style("school", 8.5, color=INK)
    number_style = style("number", 9.5, bold=True, alignment=1, leading=10.5)
    code_style = style("code", MIN_TYPE, color=MUTED, alignment=1, leading=8)
    inner = row_height - 2 * V_PAD
    data: list[list[Any]] = [_head(["#", "Name", "School", "Arrived",
                                       "Morning signature", "Afternoon signature"])]
    name_width, school_width = COLUMNS[1] - 2 * PAD, COLUMNS[2] - 2 * PAD
    for row in rows:
        # Plain strings (drawn in the column's font, fast) when they fit on one line.
        data.append([
            [Paragraph(str(row.number), number_style), Paragraph(row.code, code_style)],
            row.name if fits_on_one_line(row.name, name_style, name_width)
            else fitted(row.name, name_style, name_width, inner, MIN_NAME_TYPE),
            row.school if fits_on_one_line(row.school, school_style, school_width)
            else fitted(row.school, school_style, school_width, inner, MIN_TYPE),
            ":",
            "", "",
        ])
    table = Table(data, colWidths=COLUMNS, rowHeights=[HEAD_ROW_HEIGHT]
                  + [row_height] * len(rows), repeatRows=1)
    style_ = _grid_style(len(rows), signature_from=3, numbered=True)
    for command in _text_columns((1, name_style), (2, school_style)):
        style_.add(*command)
    table.setStyle(style_)
    return table


def _text_columns(*columns: tuple[int, ParagraphStyle]) -> list[TableCommand]:
    """Font and colour of the plain-string cells of the given columns (the body rows)."""
    commands: list[TableCommand] = []
    for column, st in columns:
        commands += [("FONTNAME", (column, 1), (column, -1), st.fontName),
                     ("FONTSIZE", (column, 1), (column, -1), st.fontSize),
                     ("LEADING", (column, 1), (column, -1), st.fontSize * 1.18),
                     ("TEXTCOLOR", (column, 1), (column, -1), st.textColor)]
    return commands


def _walk_in_heading() -> Flowable:
    """'Not on the list?' and what to write, on one line above the walk-in rows."""
    heading = style("walk-in-heading", 9.5, bold=True)
    note = style("walk-in-note", 8, color=MUTED)
    title = "Not on the list?"
    width = stringWidth(title, heading.fontName, heading.fontSize) + 2.5 * mm
    return Table([[Paragraph(title, heading),
                   Paragraph("Please print your name, school and email address; the "
                             "facilitator will check them with the NPQ team.", note)]],
                 colWidths=[width, CONTENT_WIDTH - width], rowHeights=[WALK_IN_HEADING],
                 style=TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
                                   ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))


def _walk_in_table(rows: int, row_height: float) -> Table:
    data: list[list[Any]] = [_head(["Name", "School", "Email", "Arrived",
                                       "Morning", "Afternoon"])]
    data += [["", "", "", ":", "", ""] for _ in range(rows)]
    table = Table(data, colWidths=WALK_IN_COLUMNS,
                  rowHeights=[WALK_IN_HEAD_ROW_HEIGHT] + [row_height] * rows)
    table.setStyle(_grid_style(rows, signature_from=1, numbered=False, stripes=False))
    return table


def _grid_style(rows: int, *, signature_from: int, numbered: bool, stripes: bool = True,
                time_column: int = 3) -> TableStyle:
    commands: list[TableCommand] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # for empty cells; else Helvetica is used
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), V_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), V_PAD),
        ("TOPPADDING", (0, 0), (-1, 0), 0.2 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 0.2 * mm),
        ("LEFTPADDING", (time_column, 0), (time_column, -1), 1 * mm),  # "Arrived" in 14 mm
        ("RIGHTPADDING", (time_column, 0), (time_column, -1), 1 * mm),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, LIGHT_RULE),
        ("BOX", (0, 0), (-1, -1), 0.8, RULE),
        # The boxes people write in: arrival time and both signatures.
        ("LINEBEFORE", (signature_from, 0), (-1, -1), 0.6, RULE),
        # A light colon in the arrival box, for "09:20".
        ("ALIGN", (time_column, 1), (time_column, -1), "CENTER"),
        ("FONTSIZE", (time_column, 1), (time_column, -1), 11),
        ("TEXTCOLOR", (time_column, 1), (time_column, -1), RULE),
    ]
    if numbered:  # the row number and its code, centred in 10 mm
        commands += [("LEFTPADDING", (0, 0), (0, -1), 0.5 * mm),
                     ("RIGHTPADDING", (0, 0), (0, -1), 0.5 * mm)]
    if stripes:
        commands += [("BACKGROUND", (0, r), (signature_from - 1, r), STRIPE)
                     for r in range(2, rows + 1, 2)]
    return TableStyle(commands)
