"""Fonts shipped with the app: DejaVu Sans (regular and bold), for printed registers.

DejaVu Sans covers every name we print (Siân, Zoë, Łukasz, Nguyễn, Ó Briain); its licence
(Bitstream Vera / Arev, DejaVu changes in the public domain) is in ``LICENSE-DejaVu.txt``.
"""

from __future__ import annotations

from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent
DEJAVU_SANS = FONTS_DIR / "DejaVuSans.ttf"
DEJAVU_SANS_BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"
