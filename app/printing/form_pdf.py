"""A QA visit record, coaching conversation or self-assessment as a PDF (A4 portrait).

Made to be emailed to the facilitator: the register's look (DejaVu Sans embedded, the same
colours and rules), a header block on the first page, a running head on the pages after
it, and on every page "Page x of y", when it was printed and who it is for. A draft carries
a light diagonal DRAFT on every page and a banner under the header, so it cannot be taken
for the signed-off record. The form holds no candidates' personal data, only the
facilitator's and the QA lead's names and the answers.

No Qt here: the UI calls ``app.printing.exporters.form_pdf`` from a worker.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from app.forms.views import FormView
from app.printing import form_text
from app.printing.fonts import BOLD, REGULAR, ensure_fonts
from app.printing.form_story import story
from app.printing.layout import LIGHT_RULE, MUTED, RENDER_LOCK
from app.printing.model import now_for_print, stamp_text

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 19 * mm  # room for the running head on pages 2, 3, ...
FOOTER_HEIGHT = 17 * mm  # from the page's bottom edge to the top of the frame
WATERMARK = colors.Color(0.62, 0.36, 0.0, alpha=0.09)


def render_form(view: FormView, target: Path | IO[bytes], *,
                printed_at: dt.datetime | None = None) -> int:
    """Write ``view`` as a PDF to ``target`` (a path or a binary file); the page count."""
    ensure_fonts()
    printed_at = printed_at or now_for_print()
    frame = Frame(MARGIN_X, FOOTER_HEIGHT, PAGE_WIDTH - 2 * MARGIN_X,
                  PAGE_HEIGHT - MARGIN_TOP - FOOTER_HEIGHT, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    on_page = _draw_watermark if view.status != "submitted" else _nothing
    title = form_text.document_title(view)
    with RENDER_LOCK:
        doc = BaseDocTemplate(
            str(target) if isinstance(target, Path) else target, pagesize=A4,
            title=f"{title} – {view.facilitator_name}", author="NPQ Partner Desk",
            creator="NPQ Partner Desk", subject=title, leftMargin=MARGIN_X,
            rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=FOOTER_HEIGHT,
            pageCompression=1)
        doc.addPageTemplates([PageTemplate(id="form", frames=[frame], onPage=on_page)])
        doc.build(story(view), canvasmaker=lambda *a, **k: _FormCanvas(
            *a, view=view, printed_at=printed_at, **k))
        return int(doc.page)


def suggested_file_name(view: FormView) -> str:
    """'QA-visit_Sian-Hughes_2026-11-12.pdf', for the save dialog."""
    return form_text.file_name(view)


# ---- page furniture ----------------------------------------------------------------------


def _nothing(_canvas: canvas.Canvas, _doc: BaseDocTemplate) -> None:
    return None


def _draw_watermark(c: canvas.Canvas, _doc: BaseDocTemplate) -> None:
    """Drawn as each page begins, so the answers print over it."""
    c.saveState()
    c.setFillColor(WATERMARK)
    c.setFont(BOLD, 120)
    c.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    c.rotate(52)
    c.drawCentredString(0, -42, "DRAFT")
    c.restoreState()


class _FormCanvas(canvas.Canvas):
    """Holds pages back until the end, so each footer can say "Page x of y"."""

    def __init__(self, *args: Any, view: FormView, printed_at: dt.datetime,
                 **kwargs: Any) -> None:
        # Not ReportLab's default Helvetica: it would be referenced (unembedded) on every page.
        kwargs["initialFontName"] = REGULAR
        super().__init__(*args, **kwargs)
        self._view = view
        self._printed_at = printed_at
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # ReportLab's name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # ReportLab's private method, not in its stubs

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self.saveState()
            if number > 1:
                self._running_head()
            self._footer(number, total)
            self.restoreState()
            canvas.Canvas.showPage(self)
        canvas.Canvas.save(self)

    def _running_head(self) -> None:
        view = self._view
        y = PAGE_HEIGHT - 11 * mm
        self.setFont(REGULAR, 7.5)
        self.setFillColor(MUTED)
        self.drawString(MARGIN_X, y, f"{form_text.document_title(view)} · "
                                     f"{view.facilitator_name}")
        state = ("signed off" if view.kind == "qa_visit" else "submitted") \
            if view.status == "submitted" else "DRAFT"
        when = view.submitted_at if view.status == "submitted" else view.updated_at
        if when is not None:
            state += f" {form_text.short_date(form_text.local_day(when))}"
        if view.revision > 1:
            state = f"revision {view.revision} · {state}"
        self.drawRightString(PAGE_WIDTH - MARGIN_X, y, state)
        self.setStrokeColor(LIGHT_RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, y - 2.2 * mm, PAGE_WIDTH - MARGIN_X, y - 2.2 * mm)

    def _footer(self, page: int, pages: int) -> None:
        y = 9 * mm
        self.setStrokeColor(LIGHT_RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, y + 4.5 * mm, PAGE_WIDTH - MARGIN_X, y + 4.5 * mm)
        self.setFont(REGULAR, 7.5)
        self.setFillColor(MUTED)
        self.drawString(MARGIN_X, y, f"Page {page} of {pages} · printed "
                                     f"{stamp_text(self._printed_at)}")
        self.setFont(BOLD, 7.5)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, y, form_text.CONFIDENTIALITY)
