"""What a PDF page draws, read back: its text runs (where, how big, in which font) and its
straight lines, in millimetres from the page's lower-left corner. Used to measure the
sign-in register as printed: rows, signature boxes, type sizes."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream

MM = 72 / 25.4  # points in a millimetre
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


@dataclass(frozen=True)
class TextRun:
    text: str
    x: float  # mm, of its baseline's start
    y: float
    size: float  # pt, as printed
    font: str

    @property
    def bold(self) -> bool:
        return "Bold" in self.font


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y2) < 0.01

    @property
    def vertical(self) -> bool:
        return abs(self.x1 - self.x2) < 0.01


@dataclass(frozen=True)
class Page:
    texts: list[TextRun]
    lines: list[Line]
    forms: list[str]  # the XObjects placed on it (the QR code is one)

    @property
    def text(self) -> str:
        return " ".join(run.text for run in self.texts)


def read_pages(pdf: bytes | Path) -> list[Page]:
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    pages = []
    for page in reader.pages:
        lines, forms = _drawn(reader, page)
        pages.append(Page(_texts(page), lines, forms))
    return pages


def _multiply(a: Matrix, b: Matrix) -> Matrix:
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _texts(page: PageObject) -> list[TextRun]:
    runs: list[TextRun] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None,
              size: float) -> None:
        if not text.strip():
            return
        m = _multiply(tuple(tm), tuple(cm))  # type: ignore[arg-type]
        runs.append(TextRun(text.strip(), m[4] / MM, m[5] / MM,
                            round(size * math.hypot(m[0], m[1]), 2),
                            str((font or {}).get("/BaseFont", ""))))

    page.extract_text(visitor_text=visit)
    return runs


def _drawn(reader: PdfReader, page: PageObject) -> tuple[list[Line], list[str]]:
    """Every straight segment drawn with ``m`` then ``l`` (what ReportLab's tables draw),
    through the ``cm`` transforms in force; the names of the XObjects placed."""
    ctm, stack, start = IDENTITY, [], (0.0, 0.0)
    lines: list[Line] = []
    forms: list[str] = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif operator == b"m":
            start = _apply(ctm, float(operands[0]), float(operands[1]))
        elif operator == b"l":
            end = _apply(ctm, float(operands[0]), float(operands[1]))
            lines.append(Line(start[0] / MM, start[1] / MM, end[0] / MM, end[1] / MM))
            start = end
        elif operator == b"Do":
            forms.append(str(operands[0]))
    return lines, forms


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]
