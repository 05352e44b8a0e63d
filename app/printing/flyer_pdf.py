"""The allocation-code flyer (A5 portrait), for a head teachers' meeting or a staff room.

The partner's name, the qualifications it runs in the intake open now and the next one
with their registration deadlines, the allocation code large in a box, the application
page's address, and a QR code of the application link carrying the code
(``AllocationCode.apply_link``), so a phone camera opens the form with the code filled in.
Nothing personal is printed. Made from an ``app.partner_page.AllocationCode``; no Qt.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from app.partner_page import AllocationCode, IntakeOffer
from app.printing.fonts import BOLD, REGULAR
from app.printing.layout import ACCENT, INK, MUTED, RENDER_LOCK, RULE, style
from app.printing.qr import draw_qr
from protocol.event_dates import long_date
from protocol.text import _

PAGE_WIDTH, PAGE_HEIGHT = A5
MARGIN = 12 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 38 * mm
CODE_BOX_HEIGHT = 20 * mm


def _paragraph(c: Canvas, text: str, size: float, y: float, *, bold: bool = False,
               color: object = INK, x: float = MARGIN, width: float = WIDTH) -> float:
    """Draw ``text`` (plain) wrapped to ``width`` with its top at ``y``; the y below it."""
    para = Paragraph(escape(text), style("flyer", size, bold=bold, color=color))
    _w, height = para.wrapOn(c, width, PAGE_HEIGHT)
    para.drawOn(c, x, y - height)
    return y - height


def _intake_lines(offer: IntakeOffer) -> str:
    codes = ", ".join(f"{code} ({title})" if title != code else code
                      for code, title in offer.qualifications)
    return _("{intake}: {codes}. Registration closes on {deadline}.").format(
        intake=offer.label, codes=codes, deadline=long_date(offer.closes_on))


def render_flyer(code: AllocationCode, printed_at: dt.datetime | None = None) -> bytes:
    """The flyer as PDF bytes."""
    out = io.BytesIO()
    with RENDER_LOCK:
        c = Canvas(out, pagesize=A5, pageCompression=1)
        c.setTitle(_("Allocation code {code}: {partner}").format(code=code.code,
                                                                 partner=code.partner_name))
        c.setAuthor(code.partner_name)
        c.setCreator("NPQ Partner Desk")
        y = PAGE_HEIGHT - MARGIN
        y = _paragraph(c, _("National Professional Qualifications"), 11, y, color=MUTED)
        y = _paragraph(c, code.partner_name, 18, y - 1 * mm, bold=True, color=ACCENT)
        y = _paragraph(c, _("Apply for an NPQ with us: enter our allocation code when you "
                            "apply, so that your application comes to us."), 10.5,
                       y - 3 * mm)
        y -= 4 * mm
        c.setStrokeColor(ACCENT)
        c.setLineWidth(1.5)
        c.roundRect(MARGIN, y - CODE_BOX_HEIGHT, WIDTH, CODE_BOX_HEIGHT, 3 * mm)
        c.setFillColor(MUTED)
        c.setFont(REGULAR, 8.5)
        c.drawCentredString(PAGE_WIDTH / 2, y - 5 * mm, _("Our allocation code"))
        c.setFillColor(INK)
        c.setFont(BOLD, 24)
        c.drawCentredString(PAGE_WIDTH / 2, y - CODE_BOX_HEIGHT + 5 * mm, code.code)
        y -= CODE_BOX_HEIGHT + 5 * mm
        offers = [o for o in (code.this_intake, code.next_intake) if o is not None]
        if offers:
            y = _paragraph(c, _("What we run"), 11, y, bold=True)
            for offer in offers:
                y = _paragraph(c, _intake_lines(offer), 10, y - 1.5 * mm)
            y -= 4 * mm
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
        y -= 4 * mm
        if code.apply_link:
            draw_qr(c, code.apply_link, MARGIN, y - QR_SIZE, QR_SIZE)
            text_x = MARGIN + QR_SIZE + 6 * mm
            text_width = WIDTH - QR_SIZE - 6 * mm
            below = _paragraph(c, _("Scan to apply, or go to:"), 10, y - 2 * mm, bold=True,
                               x=text_x, width=text_width)
            below = _paragraph(c, code.application_url, 10, below - 1.5 * mm, color=ACCENT,
                               x=text_x, width=text_width)
            _paragraph(c, _("and enter the code {code}.").format(code=code.code), 10,
                       below - 1.5 * mm, x=text_x, width=text_width)
        else:
            _paragraph(c, _("Apply online and enter the code {code}.").format(code=code.code),
                       10, y)
        if printed_at is not None:
            c.setFont(REGULAR, 7)
            c.setFillColor(MUTED)
            c.drawString(MARGIN, MARGIN / 2, _("Printed {day}").format(
                day=long_date(printed_at.date())))
        c.showPage()
        c.save()
    return out.getvalue()
