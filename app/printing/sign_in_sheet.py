"""The sign-in register that goes round the room (A4 portrait).

One row per candidate in paper order (number and row code, name, school, arrival time,
morning and afternoon signatures), then blank rows for walk-ins. Every row has the same
height, so a page holds exactly ``ROWS_PER_PAGE`` candidates and the page count of a
register is known in advance (``expected_pages``). Never printed here: special
requirements, candidates' email addresses.
"""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path
from typing import IO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.printing import layout
from app.printing.fonts import REGULAR
from app.printing.layout import (
    CONTENT_WIDTH,
    FRAME_HEIGHT,
    HEAD_FILL,
    INK,
    LIGHT_RULE,
    MUTED,
    RULE,
    STRIPE,
    Section,
    fits_on_one_line,
    fitted,
    style,
)
from app.printing.model import PaperRegister

ROW_HEIGHT = 10 * mm
HEAD_ROW_HEIGHT = 8 * mm
PAD = 1.6 * mm
V_PAD = 0.8 * mm  # above and below text in a body row: two lines of 10 pt fit in 10 mm
# Columns (mm): number, name, school, arrived, morning, afternoon.
COLUMNS = [11 * mm, 50 * mm, 46 * mm, 15 * mm, 28 * mm, 28 * mm]
# Walk-ins: name, school, email, arrived, morning, afternoon.
WALK_IN_COLUMNS = [38 * mm, 34 * mm, 42 * mm, 16 * mm, 24 * mm, 24 * mm]
WALK_IN_HEADING = 13 * mm  # the heading and note above the walk-in table
WALK_IN_GAP = 6 * mm
ROWS_PER_PAGE = int((FRAME_HEIGHT - HEAD_ROW_HEIGHT) // ROW_HEIGHT)

KICKER = "Sign-in register"
INSTRUCTION = ("Please find your name, write the time you arrived, and sign in the morning "
               "and again after lunch. Not on the list? Add yourself at the end.")

assert abs(sum(COLUMNS) - CONTENT_WIDTH) < 1 and abs(sum(WALK_IN_COLUMNS) - CONTENT_WIDTH) < 1


def expected_pages(candidates: int, walk_in_rows: int) -> int:
    """How many pages a register of ``candidates`` rows plus ``walk_in_rows`` blank rows
    takes: full pages of candidates, then the walk-in block kept whole (on the last page
    if it fits there, else on a page of its own)."""
    pages = max(1, math.ceil(candidates / ROWS_PER_PAGE))
    if walk_in_rows <= 0:
        return pages
    on_last = candidates - (pages - 1) * ROWS_PER_PAGE
    used = HEAD_ROW_HEIGHT + on_last * ROW_HEIGHT if on_last else 0
    block = WALK_IN_GAP + WALK_IN_HEADING + HEAD_ROW_HEIGHT + walk_in_rows * ROW_HEIGHT
    return pages if used + block <= FRAME_HEIGHT else pages + 1


def render_sign_in_sheet(register: PaperRegister, target: str | Path | IO[bytes]) -> int:
    """Write the register's PDF to ``target`` (a path or a binary file); its page count."""
    return layout.build([sign_in_section(register)], target, title=document_title(register))


def document_title(register: PaperRegister) -> str:
    h = register.header
    return f"Sign-in register – {h.group_code} – Event {h.event_number}"


def sign_in_section(register: PaperRegister) -> Section:
    return Section(
        header=register.header, kicker=KICKER, instruction=INSTRUCTION,
        flowables=partial(_flowables, register), printed_at=register.printed_at,
        roster_version=register.roster_version, sheet_code=register.sheet_code,
        qr=register.qr_payload())


def _flowables(register: PaperRegister) -> list[Flowable]:
    story: list[Flowable] = []
    if register.rows:
        story.append(_candidate_table(register))
    else:
        story.append(Paragraph("No candidates on the roster yet.",
                               style("empty", 10, color=MUTED)))
    if register.walk_in_rows:
        story.append(Spacer(1, WALK_IN_GAP))
        story.append(KeepTogether([_walk_in_heading(), _walk_in_table(register.walk_in_rows)]))
    return story


def _head(labels: list[str]) -> list[Paragraph]:
    head = style("head", 8, bold=True, color=INK, leading=9.2)
    centred = style("head-centred", 8, bold=True, color=INK, leading=9.2, alignment=1)
    return [Paragraph(text, centred if text == "#" else head) for text in labels]


def _candidate_table(register: PaperRegister) -> Table:
    name_style = style("name", 10.5, bold=True)
    school_style = style("school", 8.5, color=INK)
    number_style = style("number", 10, bold=True, alignment=1, leading=11)
    code_style = style("code", 6.5, color=MUTED, alignment=1, leading=7.5)
    inner = ROW_HEIGHT - 2 * V_PAD
    data: list[list[object]] = [_head(["#", "Name", "School", "Arrived",
                                       "Morning signature", "Afternoon signature"])]
    name_width, school_width = COLUMNS[1] - 2 * PAD, COLUMNS[2] - 2 * PAD
    for row in register.rows:
        # Plain strings (drawn in the column's font, fast) when they fit on one line.
        data.append([
            [Paragraph(str(row.number), number_style), Paragraph(row.code, code_style)],
            row.name if fits_on_one_line(row.name, name_style, name_width)
            else fitted(row.name, name_style, name_width, inner, 8),
            row.school if fits_on_one_line(row.school, school_style, school_width)
            else fitted(row.school, school_style, school_width, inner, 6.5),
            ":",
            "", "",
        ])
    table = Table(data, colWidths=COLUMNS, rowHeights=[HEAD_ROW_HEIGHT]
                  + [ROW_HEIGHT] * len(register.rows), repeatRows=1)
    style_ = _grid_style(len(register.rows), signature_from=3, valign_first_col="TOP")
    for command in _text_columns((1, name_style), (2, school_style)):
        style_.add(*command)
    table.setStyle(style_)
    return table


def _text_columns(*columns: tuple[int, ParagraphStyle]) -> list[tuple[object, ...]]:
    """Font and colour of the plain-string cells of the given columns (the body rows)."""
    commands: list[tuple[object, ...]] = []
    for column, st in columns:
        commands += [("FONTNAME", (column, 1), (column, -1), st.fontName),
                     ("FONTSIZE", (column, 1), (column, -1), st.fontSize),
                     ("LEADING", (column, 1), (column, -1), st.fontSize * 1.18),
                     ("TEXTCOLOR", (column, 1), (column, -1), st.textColor)]
    return commands


def _walk_in_heading() -> Flowable:
    heading = style("walk-in-heading", 10.5, bold=True)
    note = style("walk-in-note", 8, color=MUTED)
    return Table(
        [[Paragraph("Not on the list?", heading)],
         [Paragraph("Please print your name, school and email address; the facilitator "
                    "will check them with the NPQ team.", note)]],
        colWidths=[CONTENT_WIDTH], rowHeights=[6 * mm, WALK_IN_HEADING - 6 * mm],
        style=TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR),
                          ("LEFTPADDING", (0, 0), (-1, -1), 0),
                          ("TOPPADDING", (0, 0), (-1, -1), 0),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                          ("VALIGN", (0, 0), (-1, -1), "TOP")]))


def _walk_in_table(rows: int) -> Table:
    data: list[list[object]] = [_head(["Name", "School", "Email", "Arrived",
                                       "Morning", "Afternoon"])]
    data += [["", "", "", ":", "", ""] for _ in range(rows)]
    table = Table(data, colWidths=WALK_IN_COLUMNS,
                  rowHeights=[HEAD_ROW_HEIGHT] + [ROW_HEIGHT] * rows)
    table.setStyle(_grid_style(rows, signature_from=1, valign_first_col="MIDDLE",
                               stripes=False, time_column=3))
    return table


def _grid_style(rows: int, *, signature_from: int, valign_first_col: str,
                stripes: bool = True, time_column: int = 3) -> TableStyle:
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # for empty cells; else Helvetica is used
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (0, 1), (0, -1), valign_first_col),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), V_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), V_PAD),
        ("LEFTPADDING", (0, 0), (0, -1), 0.5 * mm),
        ("RIGHTPADDING", (0, 0), (0, -1), 0.5 * mm),
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
    if stripes:
        commands += [("BACKGROUND", (0, r), (signature_from - 1, r), STRIPE)
                     for r in range(2, rows + 1, 2)]
    return TableStyle(commands)
