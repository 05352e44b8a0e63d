"""A partner's fee statement as an A4 PDF, for the finance officer's file.

One table per group: each event on two lines, what is expected (from enrolment and the
facilitators assigned) and what is actual (from the submitted register; blank until then),
with the group's subtotals under it, then the candidates the central service has deferred or
withdrawn, listed apart with the date from which they are not expected. The partner's
totals follow, then the counting rules written out, so that every figure can be checked
by hand. Money is right-aligned as "£1,250.00"; DejaVu fonts, so names and "£" print
everywhere; "Page x of y" on every page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)
from reportlab.platypus import TableStyle as Style

from app.fee_statement import EventFee, FeeStatement, GroupFees
from app.fees import pounds
from app.printing.fonts import REGULAR, ensure_fonts
from app.printing.layout import (
    ACCENT,
    HEAD_FILL,
    INK,
    LIGHT_RULE,
    MUTED,
    RENDER_LOCK,
    RULE,
    STRIPE,
    style,
)
from app.printing.numbered_canvas import numbered

MARGIN = 16 * mm
WIDTH = A4[0] - 2 * MARGIN
COLUMNS = ("Event", "Date", "", "Group size", "People", "Hosting", "Facilitation", "Total")
WIDTHS = [w * mm for w in (46, 21, 19, 14, 13, 20, 20, 21)]
NOT_SUBMITTED = "Actual figures stay blank until the event's register has been submitted."


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "kicker": style("fee-kicker", 9, bold=True, color=ACCENT),
        "title": style("fee-title", 17, bold=True, spaceAfter=2),
        "line": style("fee-line", 9.5, color=MUTED),
        "heading": style("fee-heading", 11.5, bold=True, spaceBefore=2, spaceAfter=1),
        "sub": style("fee-sub", 8.5, color=MUTED, spaceAfter=3),
        "cell": style("fee-cell", 8),
        "cell-bold": style("fee-cell-bold", 8, bold=True),
        "head": style("fee-head", 7.5, bold=True, color=MUTED),
        "money": style("fee-money", 8, alignment=2),
        "money-bold": style("fee-money-bold", 8, bold=True, alignment=2),
        "head-right": style("fee-head-right", 7.5, bold=True, color=MUTED, alignment=2),
        "note": style("fee-note", 7.5, color=MUTED),
        "rule": style("fee-rule", 9, leading=12, leftIndent=9, bulletIndent=0, spaceAfter=3,
                      bulletFontName=REGULAR),
        "total": style("fee-total", 10),
        "total-money": style("fee-total-money", 10, bold=True, alignment=2),
    }


def _p(text: str, st: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), st)


def _day(day: dt.date | None) -> str:
    return day.strftime("%d %b %Y") if day is not None else "not chosen"


def _money(pence: int | None, st: ParagraphStyle) -> Paragraph | str:
    return "" if pence is None else _p(pounds(pence), st)


def _event_rows(e: EventFee, st: dict[str, ParagraphStyle]) -> list[list[Any]]:
    expected = [_p(f"{e.number}. {e.title}", st["cell"]), _p(_day(e.date), st["cell"]),
                _p("Expected", st["cell"]), _p(str(e.expected_group_size), st["money"]),
                _p(str(e.expected_group_size), st["money"]),
                _money(e.expected_hosting_pence, st["money"]),
                _money(e.expected_facilitation_pence, st["money"]),
                _money(e.expected_pence, st["money-bold"])]
    if e.submitted:
        actual = ["", "", _p("Actual", st["cell"]), _p(str(e.actual_group_size), st["money"]),
                  _p(str(e.actual_people), st["money"]),
                  _money(e.actual_hosting_pence, st["money"]),
                  _money(e.actual_facilitation_pence, st["money"]),
                  _money(e.actual_pence, st["money-bold"])]
    else:
        actual = ["", "", _p("Actual", st["cell"]),
                  _p("register not submitted yet", st["note"]), "", "", "", ""]
    rows: list[list[Any]] = [expected, actual]
    if e.note:
        rows.append(["", _p(e.note, st["note"]), "", "", "", "", "", ""])
    return rows


def group_table(group: GroupFees, st: dict[str, ParagraphStyle]) -> Table:
    """The group's events (expected and actual lines) and its subtotals."""
    head = [_p(c, st["head-right"] if i >= 3 else st["head"]) for i, c in enumerate(COLUMNS)]
    rows: list[list[Any]] = [head]
    commands: list[tuple[Any, ...]] = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # empty cells: no Helvetica in the file
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 1.8), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
    ]
    for index, e in enumerate(group.events):
        first = len(rows)
        block = _event_rows(e, st)
        rows += block
        last = first + len(block) - 1
        commands += [("SPAN", (0, first), (0, first + 1)), ("SPAN", (1, first), (1, first + 1)),
                     ("LINEBELOW", (0, last), (-1, last), 0.4, LIGHT_RULE)]
        if not e.submitted:
            commands.append(("SPAN", (3, first + 1), (-1, first + 1)))
        if e.note:
            commands.append(("SPAN", (1, last), (-1, last)))
        if index % 2:
            commands.append(("BACKGROUND", (0, first), (-1, last), STRIPE))
    first_total = len(rows)
    submitted = [e for e in group.events if e.submitted]
    rows.append([_p("Group total, expected", st["cell-bold"]), "", "", "", "",
                 _money(sum(e.expected_hosting_pence for e in group.events), st["money"]),
                 _money(sum(e.expected_facilitation_pence for e in group.events), st["money"]),
                 _money(group.expected_pence, st["money-bold"])])
    rows.append([_p(f"Group total, actual ({group.submitted_events} of {len(group.events)} "
                    "registers submitted)", st["cell-bold"]), "", "", "", "",
                 _money(sum(e.actual_hosting_pence or 0 for e in submitted), st["money"]),
                 _money(sum(e.actual_facilitation_pence or 0 for e in submitted), st["money"]),
                 _money(group.actual_pence, st["money-bold"])])
    commands += [("LINEABOVE", (0, first_total), (-1, first_total), 0.8, INK),
                 ("SPAN", (0, first_total), (4, first_total)),
                 ("SPAN", (0, first_total + 1), (4, first_total + 1))]
    table = Table(rows, colWidths=WIDTHS, repeatRows=1)
    table.setStyle(Style(commands))
    return table


def apart_lines(group: GroupFees, st: dict[str, ParagraphStyle]) -> list[Any]:
    """The group's deferred and withdrawn candidates, counted apart from the fees above."""
    if not group.apart:
        return []
    lines: list[Any] = [Spacer(1, 1.5 * mm),
                        _p("Counted apart (not expected from the date shown)", st["cell-bold"])]
    lines += [Paragraph(escape(f"{a.name}: {a.label.lower()} from "
                               f"{_day(a.effective_date)}"), st["cell"], bulletText="•")
              for a in group.apart]
    return lines


def _group_heading(group: GroupFees, st: dict[str, ParagraphStyle]) -> list[Any]:
    counts = sorted({e.facilitators for e in group.events})
    who = "" if len(counts) != 1 else _facilitators(counts[0])
    details = " · ".join(p for p in (group.qualification_code, group.intake_label,
                                     f"{len(group.events)} events", who) if p)
    return [_p(group.group_code, st["heading"]), _p(details, st["sub"])]


def _facilitators(n: int) -> str:
    return {0: "no facilitator assigned", 1: "1 facilitator"}.get(n, f"{n} facilitators")


def _totals(statement: FeeStatement, st: dict[str, ParagraphStyle]) -> Table:
    events = [e for g in statement.groups for e in g.events]
    done = [e for e in events if e.submitted]
    rows = [
        [_p(f"Expected for all {len(events)} events", st["total"]),
         _p(pounds(statement.expected_pence), st["total-money"])],
        [_p(f"Actual so far ({len(done)} of {len(events)} registers submitted)", st["total"]),
         _p(pounds(statement.actual_pence), st["total-money"])],
        [_p("Expected for those same events", st["total"]),
         _p(pounds(sum(e.expected_pence for e in done)), st["total-money"])],
    ]
    table = Table(rows, colWidths=[WIDTH - 40 * mm, 40 * mm])
    table.setStyle(Style([("BOX", (0, 0), (-1, -1), 0.8, RULE),
                          ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                          ("BACKGROUND", (0, 0), (-1, -1), STRIPE),
                          ("LINEBELOW", (0, 0), (-1, 0), 0.4, LIGHT_RULE),
                          ("TOPPADDING", (0, 0), (-1, -1), 4),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                          ("LEFTPADDING", (0, 0), (-1, -1), 6),
                          ("RIGHTPADDING", (0, 0), (-1, -1), 6)]))
    return table


def statement_story(statement: FeeStatement, printed_at: dt.datetime) -> list[Any]:
    st = _styles()
    prepared = statement.prepared_on.strftime("%d %B %Y").lstrip("0")
    story: list[Any] = [
        _p("FEE STATEMENT", st["kicker"]),
        _p(statement.partner_name, st["title"]),
        _p(f"Period: {statement.period or 'no intakes on this laptop'}", st["line"]),
        _p(f"As at {prepared} · printed {printed_at.strftime('%d/%m/%Y %H:%M')}", st["line"]),
        Spacer(1, 4 * mm),
        _p("Partner total", st["heading"]),
        _totals(statement, st),
        Spacer(1, 2 * mm),
        _p(NOT_SUBMITTED, st["note"]),
        Spacer(1, 3 * mm),
    ]
    if not statement.groups:
        story.append(_p("No groups on this laptop yet: sync, then print again.", st["total"]))
    for group in statement.groups:
        story += [KeepTogether([*_group_heading(group, st), group_table(group, st),
                                *apart_lines(group, st)]),
                  Spacer(1, 5 * mm)]
    rules: list[Flowable] = [_p("How the figures are counted", st["heading"])]
    rules += [Paragraph(escape(rule), st["rule"], bulletText="•")
              for rule in statement.counting_rules]
    story.append(KeepTogether(rules))
    return story


def write_fee_statement_pdf(statement: FeeStatement, target: str | Path | IO[bytes], *,
                            printed_at: dt.datetime) -> None:
    """Write ``statement`` to ``target`` (a path or a binary file)."""
    ensure_fonts()
    story = statement_story(statement, printed_at)
    footer = (f"NPQ Partner Desk · fee statement · {statement.partner_name} · as at "
              f"{statement.prepared_on.strftime('%d/%m/%Y')}")
    with RENDER_LOCK:
        doc = SimpleDocTemplate(
            str(target) if isinstance(target, str | Path) else target, pagesize=A4,
            leftMargin=MARGIN, rightMargin=MARGIN, topMargin=14 * mm, bottomMargin=20 * mm,
            title=f"Fee statement: {statement.partner_name}", author="NPQ Partner Desk",
            subject=f"Fee statement as at {statement.prepared_on.isoformat()}")
        doc.build(story, canvasmaker=numbered(footer, MARGIN))
