"""QR codes drawn straight onto a canvas (one filled path), computed once per payload.

ReportLab's ``QrCodeWidget`` builds a shape per dark run and takes ~140 ms a code; the
encoder alone takes ~25 ms (cached here per payload), and the path is written once per
document.
"""

from __future__ import annotations

import hashlib
import itertools
from functools import lru_cache

from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 0  # modules of white border; the sheet's margin is the quiet zone


@lru_cache(maxsize=512)
def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules of ``payload``'s QR code, top row first."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


def draw_qr(c: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the code of ``payload`` as a ``size`` square with its lower-left at (x, y).

    The code is drawn once per document, in module units, as a form XObject; each page
    places it (scaled) by reference."""
    modules = qr_modules(payload)
    count = len(modules) + 2 * QUIET_ZONE
    name = "qr" + hashlib.sha1(payload.encode("utf-8")).hexdigest()[:12]
    if not c.hasForm(name):
        c.beginForm(name, lowerx=0, lowery=0, upperx=count, uppery=count)
        path = c.beginPath()
        for r, row in enumerate(modules):
            column = 0
            for dark, run in itertools.groupby(row):
                length = len(list(run))
                if dark:
                    path.rect(column + QUIET_ZONE, count - (r + QUIET_ZONE + 1), length, 1)
                column += length
        c.setFillColorRGB(0, 0, 0)
        c.drawPath(path, stroke=0, fill=1)
        c.endForm()
    c.saveState()
    c.translate(x, y)
    c.scale(size / count, size / count)
    c.doForm(name)
    c.restoreState()
