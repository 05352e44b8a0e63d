"""Worker-side helpers: turning PDF bytes into printed pages.

These run on a runner worker, never on the GUI thread. Painting onto a ``QPrinter`` (or a
``QImage``) from another thread is supported by Qt; no widget is touched here.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from ui.i18n import translate

MAX_RENDER_DPI = 300  # sharp on paper; a 1200 dpi raster of A4 is 140 MB and takes seconds
POINTS_PER_INCH = 72


class PrintFailed(Exception):
    """The printer could not be started (no printer, or it refused the job)."""


def pdf_buffer(data: bytes, parent: QObject | None = None) -> QBuffer:
    """An open, read-only buffer over ``data`` for ``QPdfDocument.load``."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return buffer


def open_pdf(data: bytes) -> tuple[QPdfDocument, QBuffer]:
    """A loaded document and the buffer it reads from (keep both alive together)."""
    buffer = pdf_buffer(data)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise PrintFailed(translate("PrintPaper", "The register could not be read back "
                                                  "({error}).").format(error=document.error().name))
    return document, buffer


def page_range(printer: QPrinter, page_count: int) -> range:
    """The pages (0-based) the print dialog asked for: all unless a range was chosen."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        return range(page_count)
    return range(max(0, first - 1), min(page_count, last))


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Draw every page of ``data`` onto ``printer``; returns the number of pages printed."""
    document, _buffer = open_pdf(data)
    pages = page_range(printer, document.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(translate("PrintPaper", "The printer could not be started. Check it is "
                                                  "switched on and connected, then try again."))
    try:
        dpi = min(printer.resolution(), MAX_RENDER_DPI)
        for count, page in enumerate(pages):
            if count:
                printer.newPage()
            size = document.pagePointSize(page)
            image = document.render(page, QSize(round(size.width() * dpi / POINTS_PER_INCH),
                                                round(size.height() * dpi / POINTS_PER_INCH)))
            painter.drawImage(_fit(painter.viewport(), image.size()), image)
    finally:
        painter.end()
    return len(pages)


def _fit(area: QRect, size: QSize) -> QRect:
    """``size`` scaled to fit ``area``, keeping its shape, centred."""
    scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    left = area.x() + (area.width() - scaled.width()) // 2
    top = area.y() + (area.height() - scaled.height()) // 2
    return QRect(left, top, scaled.width(), scaled.height())
