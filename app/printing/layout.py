"""The page every sheet is printed on: A4 portrait, header and footer on every page.

A document is a list of ``Section``s (one sheet each: a register, or a confidential sheet),
so that one PDF can hold every register of a group with its own "Page x of y" per sheet.
Headers and footers are drawn when the document is saved, once the page count of each
section is known (the "numbered canvas" pattern).
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
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
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)

from app.printing.fonts import BOLD, REGULAR, ensure_fonts
from app.printing.model import SheetHeader, stamp_text
from app.printing.qr import draw_qr

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 9 * mm
GAP_BELOW_HEADER = 2.5 * mm
FOOTER_HEIGHT = 11 * mm  # from the page's bottom edge to the top of the frame
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
QR_SIZE = 25 * mm
QR_CAPTION = 4 * mm  # "sheet 3F9A2C1B-7c21d4" under the code
# The smallest type on a sheet (the instruction line, a school set small to fit, the row
# codes, the footer): 7 pt of DejaVu Sans, a face with a tall x-height; nothing is smaller.
MIN_TYPE = 7.0
_TENTH_MM = 0.1 * mm

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

    @cached_property
    def header_height(self) -> float:
        """From the top margin down to the rule under the header: as tall as its text
        needs (a venue or a list of facilitators on two lines takes a line more)."""
        return _header_layout(self)[1]

    @property
    def body_height(self) -> float:
        """The height of the frame the section's flowables are laid out in, on each page
        (in whole tenths of a millimetre: sections with the same share one page template,
        and what is planned for it is exactly what the frame holds)."""
        room = PAGE_HEIGHT - MARGIN_TOP - self.header_height - GAP_BELOW_HEADER - FOOTER_HEIGHT
        return math.floor(room / _TENTH_MM) * _TENTH_MM


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
        self.canv._section_index = self.index  # type: ignore[attr-defined]  # the canvas is our _SectionCanvas


class _Deferred(Flowable):
    """Placeholder for a section's flowables, made when the build reaches it."""

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self.make = make

    def wrap(self, *_args: float) -> tuple[float, float]:
        return 0, 0


class _Document(BaseDocTemplate):
    def filterFlowables(self, flowables: list[Flowable]) -> None:  # ReportLab's name
        first = flowables[0]
        if isinstance(first, _Deferred):
            # None (an empty section) is skipped by ReportLab.
            flowables[0:1] = first.make() or [None]  # type: ignore[list-item]  # the stubs do not allow the None that ReportLab skips


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
        self._startPage()  # type: ignore[attr-defined]  # ReportLab's private method, not in its stubs

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
    abandon the document). Each section's pages have a frame below its own header.
    Confidential sections and the others never share a document (``ValueError``)."""
    if len({section.confidential for section in sections}) > 1:
        raise ValueError("A confidential sheet is never printed in one document with "
                         "sign-in registers: they go round the room.")
    ensure_fonts()
    story: list[Flowable] = []
    templates: dict[str, PageTemplate] = {}
    for index, section in enumerate(sections):
        template = _template_for(section, templates)
        if index:
            story += [NextPageTemplate(template), PageBreak()]
        story.append(_SectionStart(index, on_section))
        if callable(section.flowables):
            story.append(_Deferred(section.flowables))
        else:
            story.extend(section.flowables)
    with RENDER_LOCK:
        doc = _Document(
            str(target) if isinstance(target, str | Path) else target,
            pagesize=A4, title=title, author="NPQ Partner Desk", creator="NPQ Partner Desk",
            subject="Printed register", leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=FOOTER_HEIGHT, pageCompression=1)
        doc.addPageTemplates(list(templates.values()) or [_template(PAGE_HEIGHT / 2)])
        doc.build(story, canvasmaker=lambda *a, **k: _SectionCanvas(*a, sections=sections, **k))
        return int(doc.page)


def _template_for(section: Section, templates: dict[str, PageTemplate]) -> str:
    """The id of the page template whose frame fits below ``section``'s header (one per
    body height; the first section's comes first)."""
    key = f"body-{round(section.body_height / _TENTH_MM)}"
    if key not in templates:
        templates[key] = _template(section.body_height, key)
    return key


def _template(body_height: float, key: str = "body") -> PageTemplate:
    frame = Frame(MARGIN_X, FOOTER_HEIGHT, CONTENT_WIDTH, body_height, id=key,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    return PageTemplate(id=key, frames=[frame])


# ---- header and footer -----------------------------------------------------------------


def _decorate(c: canvas.Canvas, section: Section, page: int, pages: int) -> None:
    c.saveState()
    _draw_header(c, section)
    _draw_footer(c, section, page, pages)
    c.restoreState()


_Placed = tuple[Paragraph, float, float]  # a wrapped paragraph and its lower-left corner


def _header_layout(section: Section) -> tuple[list[_Placed], float]:
    """The header's paragraphs, wrapped and placed, and its height (to the rule): the
    kicker, the event, the qualification, two columns of facts beside the QR code, and
    the instruction across the page under them."""
    h = section.header
    top = PAGE_HEIGHT - MARGIN_TOP
    text_width = CONTENT_WIDTH - (QR_SIZE + 6 * mm if section.qr else 0)
    placed: list[_Placed] = []
    kicker_style = style("kicker", 8.5, bold=True,
                         color=CONFIDENTIAL if section.confidential else ACCENT)
    y = _place(placed, section.kicker.upper() if not section.confidential else section.kicker,
               kicker_style, MARGIN_X, top, text_width)
    y = _place(placed, h.event_heading, style("title", 14, bold=True), MARGIN_X, y - 1 * mm,
               text_width, max_height=2 * 14 * 1.18, min_size=10.5)
    y = _place(placed, h.qualification_text, style("qual", 9, color=MUTED), MARGIN_X,
               y - 0.6 * mm, text_width)
    y -= 1.2 * mm
    label = style("label", MIN_TYPE, bold=True, color=MUTED)
    value = style("value", 9, leading=10.5)
    left_width = (text_width - 5 * mm) * 0.54  # "To be confirmed (8 Oct – 21 Oct 2026)"
    right_width = text_width - 5 * mm - left_width
    left = [("Date", h.date_text), ("Times", h.times_text),
            ("Venue", ", ".join(p for p in (h.venue_name, h.venue_address) if p))]
    right = [("Group", h.group_code), ("Partner", h.partner_name or "—"),
             ("Facilitators", ", ".join(n.replace(" ", "\u00a0") for n in h.facilitator_names)
              or h.facilitators_text)]
    for (l_label, l_value), (r_label, r_value) in zip(left, right, strict=True):
        bottom_left = _field(placed, l_label, l_value, label, value, MARGIN_X, y, left_width,
                             label_width=12 * mm)
        bottom_right = _field(placed, r_label, r_value, label, value,
                              MARGIN_X + left_width + 5 * mm, y, right_width,
                              label_width=18 * mm)
        y = min(bottom_left, bottom_right)  # the next pair starts level
    if section.qr is not None:
        y = min(y, top - QR_SIZE - QR_CAPTION)
    y = _place(placed, section.instruction, style("instruction", 8, color=MUTED), MARGIN_X,
               y - 1.5 * mm, CONTENT_WIDTH, max_height=2 * 8 * 1.18, min_size=MIN_TYPE)
    rule_y = y - 1.5 * mm
    return placed, top - rule_y


def _draw_header(c: canvas.Canvas, section: Section) -> None:
    placed, height = _header_layout(section)
    for paragraph, x, y in placed:
        paragraph.drawOn(c, x, y)
    if section.qr is not None:
        _draw_qr(c, section)
    rule_y = PAGE_HEIGHT - MARGIN_TOP - height
    c.setStrokeColor(CONFIDENTIAL if section.confidential else RULE)
    c.setLineWidth(1.2 if section.confidential else 0.8)
    c.line(MARGIN_X, rule_y, PAGE_WIDTH - MARGIN_X, rule_y)


def _field(placed: list[_Placed], label: str, text: str, label_style: ParagraphStyle,
           value_style: ParagraphStyle, x: float, y: float, width: float, *,
           label_width: float) -> float:
    _place(placed, label, label_style, x, y - 1.1, label_width)
    bottom = _place(placed, text, value_style, x + label_width, y, width - label_width,
                    max_height=2 * value_style.leading)
    return bottom - 0.5 * mm


def _place(placed: list[_Placed], text: str, st: ParagraphStyle, x: float, top: float,
           width: float, max_height: float | None = None, min_size: float | None = None,
           ) -> float:
    """Wrap ``text`` with its top at ``top`` (fitted into ``max_height`` if given, set no
    smaller than ``min_size``), add it to ``placed``; the y of its bottom."""
    paragraph = (fitted(text, st, width, max_height,
                        max(MIN_TYPE, min_size or st.fontSize - 2))
                 if max_height else Paragraph(escape(text), st))
    _, height = paragraph.wrap(width, PAGE_HEIGHT)
    placed.append((paragraph, x, top - height))
    return top - height


def _draw_qr(c: canvas.Canvas, section: Section) -> None:
    assert section.qr is not None
    x = PAGE_WIDTH - MARGIN_X - QR_SIZE
    y = PAGE_HEIGHT - MARGIN_TOP - QR_SIZE
    draw_qr(c, section.qr, x, y, QR_SIZE)
    c.setFont(REGULAR, MIN_TYPE)
    c.setFillColor(MUTED)
    c.drawCentredString(x + QR_SIZE / 2, y - 3.2 * mm, f"sheet {section.sheet_code}")


def _draw_footer(c: canvas.Canvas, section: Section, page: int, pages: int) -> None:
    y = 6 * mm
    c.setStrokeColor(LIGHT_RULE)
    c.setLineWidth(0.5)
    c.line(MARGIN_X, y + 3.5 * mm, PAGE_WIDTH - MARGIN_X, y + 3.5 * mm)
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
