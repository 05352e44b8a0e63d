"""DejaVu Sans, registered with ReportLab once per process (thread-safe)."""

from __future__ import annotations

import threading
from typing import Literal

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from resources.fonts import DEJAVU_SANS, DEJAVU_SANS_BOLD

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_lock = threading.Lock()
_registered = False


def ensure_fonts() -> None:
    """Register the shipped TTFs (embedded, subset, in every PDF that uses them)."""
    global _registered
    with _lock:
        if _registered:
            return
        # Binary (zlib) streams rather than ASCII85-armoured ones: valid PDF, 20% smaller,
        # and ReportLab's pure-Python ASCII85 encoder was a fifth of the time of a register.
        rl_config.useA85 = 0
        pdfmetrics.registerFont(TTFont(REGULAR, str(DEJAVU_SANS)))
        pdfmetrics.registerFont(TTFont(BOLD, str(DEJAVU_SANS_BOLD)))
        faces: tuple[tuple[Literal[0, 1], Literal[0, 1], str], ...] = (
            (0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD))
        for bold, italic, name in faces:
            addMapping(REGULAR, bold, italic, name)
        _registered = True
