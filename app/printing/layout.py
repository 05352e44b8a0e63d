"""The page every sheet is printed on: A4 portrait, header and footer on every page.

A document is a list of ``Section``s (one sheet each: a register, or a confidential sheet),
so that one PDF can hold every register of a group with its own "Page x of y" per sheet.
Headers and footers are drawn when the document is saved, once the page count of each
section is known (the "numbered canvas" pattern).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
)

from app.printing.fonts import BOLD, REGULAR, ensure_fonts
from app.printing.model import SheetHeader, stamp_text
from app.printing.qr import draw_qr

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 13 * mm
HEADER_HEIGHT = 47 * mm  # from MARGIN_TOP down to the rule under the header
GAP_BELOW_HEADER = 5 * mm
FOOTER_HEIGHT = 16 * mm  # from the page's bottom edge to the top of the frame
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_TOP = PAGE_HEIGHT - MARGIN_TOP - HEADER_HEIGHT - GAP_BELOW_HEADER
FRAME_HEIGHT = FRAME_TOP - FOOTER_HEIGHT
QR_SIZE = 25 * mm

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
RULE = colors.HexColor("#b8c0cc")
LIGHT_RULE = colors.HexColor("#d5dbe3")
ACCENT = colors.HexColor("#1d4e89")
STRIPE = colors.HexColor("#f3f5f8")
HEAD_FILL = colors.HexColor("#e6ebf2")
CONFIDENTIAL = colors.HexColor("#a61b1b")

# ReportLab keeps per-document state in shared font objects: one document at a time.
RENDER_LOCK = threading.Lock()


def style(name: str, size: float, *, bold: bool = False, color: Any = INK,
          leading: float | None = None, **extra: Any) -> ParagraphStyle:
    ensure_fonts()
    return ParagraphStyle(name, fontName=BOLD if bold else REGULAR, fontSize=size,
                          leading=leading or size * 1.22, textColor=color, **extra)


def fits_on_one_line(text: str, st: ParagraphStyle, width: float) -> bool:
    return stringWidth(text, st.fontName, st.fontSize) <= width


def fitted(text: str, base: ParagraphStyle, width: float, height: float,
           min_size: float) -> Paragraph:
    """A paragraph of ``text`` that fits ``width`` x ``height``: wrapped first, then set
    smaller (down to ``min_size``), and only as a last resort cut short with an ellipsis."""
    size = base.fontSize
    while True:
        candidate = base.clone(f"{base.name}-{size}", fontSize=size, leading=size * 1.18)
        paragraph = Paragraph(escape(text), candidate)
        _, needed = paragraph.wrap(width, height * 10)
        if needed <= height:
            return paragraph
        if size - 0.5 < min_size:
            break
        size -= 0.5
    words = text.split()
    while len(words) > 1:
        words.pop()
        paragraph = Paragraph(escape(" ".join(words)) + "…", candidate)
        if paragraph.wrap(width, height * 10)[1] <= height:
            return paragraph
    return paragraph


@dataclass
class Section:
    """One sheet of a document: its header, what it says, and how it is stamped."""

    header: SheetHeader
    kicker: str  # "Sign-in register" / "CONFIDENTIAL — for facilitators only, ..."
    instruction: str  # one line under the header details
    # The flowables, or a callable making them when the build reaches this section: a long
    # document (every register of an intake) then holds one section's at a time, not all.
    flowables: list[Flowable] | Callable[[], list[Flowable]]
    printed_at: dt.datetime
    roster_version: str
    sheet_code: str
    qr: str | None = None  # what the QR code in the corner holds; None: no QR code
    confidential: bool = False
    pages: int = field(default=0)  # filled in when the document is saved


class _SectionStart(Flowable):
    """Zero-size marker: the pages from here on belong to section ``index``."""

    def __init__(self, index: int, hook: Callable[[int], None] | None) -> None:
        super().__init__()
        self.index = index
        self.hook = hook

    def wrap(self, *_args: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        if self.hook is not None:
            self.hook(self.index)
        self.canv._section_index = self.index  # type: ignore[attr-defined]


class _Deferred(Flowable):
    """Placeholder for a section's flowables, made when the build reaches it."""

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self.make = make

    def wrap(self, *_args: float) -> tuple[float, float]:
        return 0, 0


class _Document(BaseDocTemplate):
    def filterFlowables(self, flowables: list[Flowable | None]) -> None:  # ReportLab's name
        first = flowables[0]
        if isinstance(first, _Deferred):
            # None (an empty section) is skipped by ReportLab.
            flowables[0:1] = first.make() or [None]


class _SectionCanvas(canvas.Canvas):
    def __init__(self, *args: Any, sections: Sequence[Section], **kwargs: Any) -> None:
        # Not ReportLab's default Helvetica: it would be referenced (unembedded) on every page.
        kwargs["initialFontName"] = REGULAR
        super().__init__(*args, **kwargs)
        self._sections = sections
        self._section_index = 0
        self._saved_pages: list[tuple[dict[str, Any], int]] = []

    def showPage(self) -> None:  # ReportLab's name
        self._saved_pages.append((dict(self.__dict__), self._section_index))
        self._startPage()

    def save(self) -> None:
        totals: dict[int, int] = {}
        for _, index in self._saved_pages:
            totals[index] = totals.get(index, 0) + 1
        for index, total in totals.items():
            self._sections[index].pages = total
        seen: dict[int, int] = {}
        for state, index in self._saved_pages:
            self.__dict__.update(state)
            seen[index] = seen.get(index, 0) + 1
            _decorate(self, self._sections[index], seen[index], totals[index])
            canvas.Canvas.showPage(self)
        canvas.Canvas.save(self)


def build(sections: Sequence[Section], target: str | Path | IO[bytes], *, title: str,
          on_section: Callable[[int], None] | None = None) -> int:
    """Write ``sections`` as one PDF to ``target``; the number of pages written.
    ``on_section(i)`` is called as section ``i`` starts to be laid out (it may raise to
    abandon the document)."""
    ensure_fonts()
    story: list[Flowable] = []
    for index, section in enumerate(sections):
        if index:
            story.append(PageBreak())
        story.append(_SectionStart(index, on_section))
        if callable(section.flowables):
            story.append(_Deferred(section.flowables))
        else:
            story.extend(section.flowables)
    frame = Frame(MARGIN_X, FOOTER_HEIGHT, CONTENT_WIDTH, FRAME_HEIGHT, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    with RENDER_LOCK:
        doc = _Document(
            str(target) if isinstance(target, str | Path) else target,
            pagesize=A4, title=title, author="NPQ Partner Desk", creator="NPQ Partner Desk",
            subject="Printed register", leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=FOOTER_HEIGHT, pageCompression=1)
        doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame])])
        doc.build(story, canvasmaker=lambda *a, **k: _SectionCanvas(*a, sections=sections, **k))
        return int(doc.page)


# ---- header and footer -----------------------------------------------------------------


def _decorate(c: canvas.Canvas, section: Section, page: int, pages: int) -> None:
    c.saveState()
    _draw_header(c, section)
    _draw_footer(c, section, page, pages)
    c.restoreState()


def _draw_header(c: canvas.Canvas, section: Section) -> None:
    h = section.header
    top = PAGE_HEIGHT - MARGIN_TOP
    text_width = CONTENT_WIDTH - (QR_SIZE + 6 * mm if section.qr else 0)
    y = top
    kicker_style = style("kicker", 9, bold=True,
                         color=CONFIDENTIAL if section.confidential else ACCENT)
    y = _para(c, section.kicker.upper() if not section.confidential else section.kicker,
              kicker_style, MARGIN_X, y, text_width)
    y -= 1.2 * mm
    y = _para(c, h.event_heading, style("title", 15, bold=True), MARGIN_X, y, text_width,
              max_height=15 * 1.22, min_size=10.5)
    y -= 0.8 * mm
    y = _para(c, h.qualification_text, style("qual", 9.5, color=MUTED), MARGIN_X, y,
              text_width)
    y -= 2.5 * mm
    label = style("label", 7.5, bold=True, color=MUTED)
    value = style("value", 9.5)
    left_width = (text_width - 5 * mm) * 0.5
    right_width = text_width - 5 * mm - left_width
    left = [("Date", h.date_text), ("Times", h.times_text),
            ("Venue", ", ".join(p for p in (h.venue_name, h.venue_address) if p))]
    right = [("Group", h.group_code), ("Partner", h.partner_name or "—"),
             ("Facilitators", ", ".join(n.replace(" ", "\u00a0") for n in h.facilitator_names)
              or h.facilitators_text)]
    y_left = y_right = y
    for (l_label, l_value), (r_label, r_value) in zip(left, right, strict=True):
        y_left = _field(c, l_label, l_value, label, value, MARGIN_X, y_left, left_width,
                        label_width=13 * mm)
        y_right = _field(c, r_label, r_value, label, value, MARGIN_X + left_width + 5 * mm,
                         y_right, right_width, label_width=19.5 * mm)
    if section.qr is not None:
        _draw_qr(c, section)
    rule_y = top - HEADER_HEIGHT
    _para(c, section.instruction, style("instruction", 8.5, color=MUTED), MARGIN_X,
          rule_y + 5.2 * mm, CONTENT_WIDTH, max_height=4.5 * mm)
    c.setStrokeColor(CONFIDENTIAL if section.confidential else RULE)
    c.setLineWidth(1.2 if section.confidential else 0.8)
    c.line(MARGIN_X, rule_y, PAGE_WIDTH - MARGIN_X, rule_y)


def _field(c: canvas.Canvas, label: str, text: str, label_style: ParagraphStyle,
           value_style: ParagraphStyle, x: float, y: float, width: float, *,
           label_width: float) -> float:
    _para(c, label, label_style, x, y - 0.9, label_width)
    bottom = _para(c, text, value_style, x + label_width, y, width - label_width,
                   max_height=2 * value_style.leading)
    return bottom - 1.2 * mm


def _para(c: canvas.Canvas, text: str, st: ParagraphStyle, x: float, top: float,
          width: float, max_height: float | None = None, min_size: float | None = None,
          ) -> float:
    """Draw ``text`` with its top at ``top`` (fitted into ``max_height`` if given, set no
    smaller than ``min_size``); the y of its bottom."""
    paragraph = (fitted(text, st, width, max_height, min_size or st.fontSize - 2)
                 if max_height else Paragraph(escape(text), st))
    _, height = paragraph.wrap(width, PAGE_HEIGHT)
    paragraph.drawOn(c, x, top - height)
    return top - height


def _draw_qr(c: canvas.Canvas, section: Section) -> None:
    assert section.qr is not None
    x = PAGE_WIDTH - MARGIN_X - QR_SIZE
    y = PAGE_HEIGHT - MARGIN_TOP - QR_SIZE
    draw_qr(c, section.qr, x, y, QR_SIZE)
    c.setFont(REGULAR, 6.5)
    c.setFillColor(MUTED)
    c.drawCentredString(x + QR_SIZE / 2, y - 3.2 * mm, f"sheet {section.sheet_code}")


def _draw_footer(c: canvas.Canvas, section: Section, page: int, pages: int) -> None:
    y = 9 * mm
    c.setStrokeColor(LIGHT_RULE)
    c.setLineWidth(0.5)
    c.line(MARGIN_X, y + 4.5 * mm, PAGE_WIDTH - MARGIN_X, y + 4.5 * mm)
    stamp = (f"Page {page} of {pages} · printed {stamp_text(section.printed_at)} "
             f"from roster v{section.roster_version} · sheet {section.sheet_code}")
    c.setFont(REGULAR, 7.5)
    c.setFillColor(MUTED)
    c.drawString(MARGIN_X, y, stamp)
    if section.confidential:
        c.setFont(BOLD, 7.5)
        c.setFillColor(CONFIDENTIAL)
        c.drawRightString(PAGE_WIDTH - MARGIN_X, y, "CONFIDENTIAL")
    else:
        c.drawRightString(PAGE_WIDTH - MARGIN_X, y, "NPQ Partner Desk")
