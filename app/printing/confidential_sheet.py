"""The confidential facilitator sheet: special requirements, for facilitators only.

Same header as the sign-in register (so the two are recognisably a pair, with the same
sheet code and roster version), marked CONFIDENTIAL on every page, no QR code (it is
never transcribed). Lists only the candidates who have a requirement recorded, by their
number on the sign-in register.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.printing import layout
from app.printing.fonts import REGULAR
from app.printing.layout import (
    CONFIDENTIAL,
    CONTENT_WIDTH,
    HEAD_FILL,
    LIGHT_RULE,
    MUTED,
    RULE,
    Section,
    style,
)
from app.printing.model import ConfidentialSheet, PaperRegister

KICKER = "CONFIDENTIAL — for facilitators only, do not circulate"
INSTRUCTION = ("Special category data. Keep this sheet with you; do not leave it in the room, "
               "and shred it after the event.")
NONE_RECORDED = "No special requirements recorded"
PAD = 2 * mm
COLUMNS = [12 * mm, 58 * mm, CONTENT_WIDTH - 70 * mm]


def render_confidential_sheet(sheet: ConfidentialSheet, target: str | Path | IO[bytes],
                              register: PaperRegister | None = None) -> int:
    """Write the sheet's PDF to ``target``; its page count. With the matching ``register``
    each person is listed with their number on the sign-in register."""
    return layout.build([confidential_section(sheet, register)], target,
                        title=document_title(sheet))


def document_title(sheet: ConfidentialSheet) -> str:
    h = sheet.header
    return f"Confidential facilitator sheet – {h.group_code} – Event {h.event_number}"


def confidential_section(sheet: ConfidentialSheet,
                         register: PaperRegister | None = None) -> Section:
    numbers = {row.candidate_id: row.number for row in register.rows} if register else {}
    return Section(
        header=sheet.header, kicker=KICKER, instruction=INSTRUCTION,
        flowables=partial(_flowables, sheet, numbers), printed_at=sheet.printed_at,
        roster_version=sheet.roster_version, sheet_code=sheet.sheet_code, qr=None,
        confidential=True)


def _flowables(sheet: ConfidentialSheet, numbers: dict[str, int]) -> list[Flowable]:
    if not sheet.entries:
        return [Spacer(1, 4 * mm),
                Paragraph(f"{NONE_RECORDED} for the candidates on this register.",
                          style("none", 11, color=MUTED))]
    head = style("head", 8, bold=True)
    name = style("name", 10.5, bold=True)
    text = style("requirement", 10, leading=13)
    number = style("number", 10, bold=True, alignment=1)
    data: list[list[object]] = [[Paragraph("#", head), Paragraph("Name", head),
                                 Paragraph("Special requirement", head)]]
    for entry in sheet.entries:
        position = numbers.get(entry.candidate_id)
        data.append([Paragraph(str(position) if position else "", number),
                     Paragraph(escape(entry.name), name),
                     Paragraph(escape(entry.requirement).replace("\n", "<br/>"), text)])
    table = Table(data, colWidths=COLUMNS, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2.4 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.4 * mm),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, LIGHT_RULE),
        ("BOX", (0, 0), (-1, -1), 0.8, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 1.6, CONFIDENTIAL),
    ]))
    count = len(sheet.entries)
    summary = (f"{count} {'person has' if count == 1 else 'people have'} special requirements "
               "recorded. Numbers are their rows on the sign-in register.")
    return [Paragraph(summary, style("summary", 9, color=MUTED)), Spacer(1, 3 * mm), table]
