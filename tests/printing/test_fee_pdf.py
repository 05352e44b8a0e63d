"""The fee statement PDF, read back with pypdf: what a finance officer files must carry the
partner, the period, every group's lines and subtotals, the partner totals, blanks where a
register is not submitted yet, and the counting rules; money right-aligned as £1,250.00."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.fee_statement import (
    COUNTING_RULES,
    EventFeeInput,
    FeeStatement,
    GroupFeeInput,
    RegisterTally,
    fee_statement,
)
from app.printing.fee_pdf import write_fee_statement_pdf
from app.printing.fonts import BOLD, REGULAR, ensure_fonts

PRINTED = dt.datetime(2026, 11, 23, 16, 40)


def event(number: int, enrolled: int, facilitators: int = 2,
          register: RegisterTally | None = None) -> EventFeeInput:
    return EventFeeInput(f"e{number}-{enrolled}", number, f"Day {number}: Łukasz's session",
                         dt.date(2026, 9, 28) + dt.timedelta(weeks=6 * number), enrolled,
                         facilitators, register)


def statement(groups: int = 2) -> FeeStatement:
    big = GroupFeeInput("g1", "NPQSL-AUT26-LEEDS-1", "NPQSL", (
        event(1, 24, register=RegisterTally(24, 20, 1)), event(2, 24), event(3, 24)),
        "Autumn 2026")
    small = GroupFeeInput("g2", "NPQML-SPR27-LEEDS-2", "NPQML", (event(1, 11),), "Spring 2027")
    extra = [GroupFeeInput(f"x{i}", f"NPQH-AUT26-BRADFORD-{i}", "NPQH",
                           tuple(event(n, 15 + i) for n in range(1, 7)), "Autumn 2026")
             for i in range(groups - 2)]
    return fee_statement("Siân's Learning Trust", [big, small, *extra], dt.date(2026, 11, 23),
                         intakes=["Autumn 2026", "Spring 2027"])


def pdf(of: FeeStatement) -> PdfReader:
    out = io.BytesIO()
    write_fee_statement_pdf(of, out, printed_at=PRINTED)
    return PdfReader(io.BytesIO(out.getvalue()))


def text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_statement_names_the_partner_period_groups_and_totals() -> None:
    shown = statement()
    body = text(pdf(shown))
    assert "Siân's Learning Trust" in body
    assert "Period: Autumn 2026 and Spring 2027 intakes" in body
    assert "NPQSL-AUT26-LEEDS-1" in body and "NPQML-SPR27-LEEDS-2" in body
    assert "NPQSL · Autumn 2026 · 3 events · 2 facilitators" in body
    # 24 enrolled, two facilitators: 24 x £25 + £800 per event
    assert body.count("£1,400.00") >= 3
    # actual: 20 came and a walk-in: 21 x £25 + £800 (the band counts the 24 enrolled)
    assert "£1,325.00" in body
    assert shown.expected_pence == 3 * 1_400_00 + 11 * 25_00 + 400_00
    assert "Expected for all 4 events" in body and "£4,875.00" in body
    assert "Actual so far (1 of 4 registers submitted)" in body
    assert "Group total, actual (1 of 3 registers submitted)" in body


def test_an_event_without_a_submitted_register_has_blank_actuals_and_says_so() -> None:
    body = re.sub(r"\s+", " ", text(pdf(statement())))
    assert body.count("register not submitted yet") == 3
    assert "Actual figures stay blank until the event's register has been submitted." in body
    # 11 candidates and two facilitators: the single-facilitator rate, and the line says why
    assert "paid at the single-facilitator rate" in body


def test_the_counting_rules_are_written_out() -> None:
    body = re.sub(r"\s+", " ", text(pdf(statement())))
    assert "How the figures are counted" in body
    for rule in COUNTING_RULES:
        assert re.sub(r"\s+", " ", rule) in body


def test_a_long_statement_numbers_every_page_and_embeds_dejavu() -> None:
    reader = pdf(statement(groups=9))
    pages = len(reader.pages)
    assert pages >= 3
    for number, page in enumerate(reader.pages, 1):
        assert f"Page {number} of {pages}" in page.extract_text()
        fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
        assert fonts and all("DejaVuSans" in f for f in fonts), fonts
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


def test_money_is_right_aligned_in_its_column() -> None:
    ensure_fonts()
    ends: dict[str, list[float]] = {"£525.00": [], "£800.00": []}
    spots: list[tuple[str, float, str]] = []

    def visit(piece: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if size != 8:
            return  # the partner totals above the tables are set larger, in a box
        if piece.strip() in ends or piece.strip() in ("£1,400.00", "£1,325.00"):
            name = str(font["/BaseFont"]) if font else ""
            x = float(tm[4]) * float(cm[0]) + float(tm[5]) * float(cm[2]) + float(cm[4])
            spots.append((piece.strip(), x, name))

    pdf(statement()).pages[0].extract_text(visitor_text=visit)
    rights: dict[str, set[float]] = {}
    for value, x, font in spots:
        width = stringWidth(value, BOLD if "Bold" in font else REGULAR, 8)
        rights.setdefault(value, set()).add(round(x + width))
    # the hosting amounts end where the hosting column ends, the totals where totals end
    assert len(rights["£525.00"]) == 1 and len(rights["£800.00"]) == 1
    assert len(rights["£1,400.00"] | rights["£1,325.00"]) == 1
    assert min(rights["£1,400.00"]) > min(rights["£800.00"]) > min(rights["£525.00"])
