"""A ReportLab canvas that holds its pages until the end, so every footer can say
"Page x of y": used by the documents built with a plain ``SimpleDocTemplate`` (evaluation
reports, fee statements); the registers have their own section-aware canvas (layout.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from app.printing.fonts import REGULAR
from app.printing.layout import LIGHT_RULE, MUTED


class NumberedCanvas(canvas.Canvas):
    def __init__(self, *args: Any, footer: str, margin: float, **kwargs: Any) -> None:
        kwargs["initialFontName"] = REGULAR  # no unembedded Helvetica on any page
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._footer, self._margin = footer, margin

    def showPage(self) -> None:  # ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # ReportLab's private method, not in its stubs

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self.setStrokeColor(LIGHT_RULE)
            self.setLineWidth(0.5)
            self.line(self._margin, 13.5 * mm, A4[0] - self._margin, 13.5 * mm)
            self.setFont(REGULAR, 7.5)
            self.setFillColor(MUTED)
            self.drawString(self._margin, 9 * mm, self._footer)
            self.drawRightString(A4[0] - self._margin, 9 * mm, f"Page {number} of {total}")
            canvas.Canvas.showPage(self)
        canvas.Canvas.save(self)


def numbered(footer: str, margin: float) -> Callable[..., NumberedCanvas]:
    """The ``canvasmaker`` for ``doc.build``."""
    return lambda *args, **kwargs: NumberedCanvas(*args, footer=footer, margin=margin,
                                                  **kwargs)
