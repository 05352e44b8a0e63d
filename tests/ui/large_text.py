"""The app as it starts on a desktop whose font is ``points`` large: the application font
set first, then the style sheet scaled from it (as ``ui.main`` and
scripts/screenshot_theme.py's ``--font-pt`` do); put back as it was afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from ui import style, theme


@contextmanager
def desktop_font(app: QApplication, points: float) -> Iterator[None]:
    font, sheet, palette = QFont(app.font()), app.styleSheet(), QPalette(app.palette())
    scheme, base = theme.current(), style._base_point_size
    large = QFont(font)
    large.setPointSizeF(points)
    app.setFont(large)
    style.apply(app, theme.Scheme.LIGHT)
    try:
        yield
    finally:
        app.setFont(font)
        style.apply(app, scheme)
        style.stylesheet(base)  # the base later renders scale from
        app.setStyleSheet(sheet)
        app.setPalette(palette)
