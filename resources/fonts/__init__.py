"""Fonts shipped with the app: DejaVu Sans (regular and bold), for printed registers.

DejaVu Sans covers every name we print (Siân, Zoë, Łukasz, Nguyễn, Ó Briain); its licence
(Bitstream Vera / Arev, DejaVu changes in the public domain) is in ``LICENSE-DejaVu.txt``.
"""

from __future__ import annotations

from resources import resource_path

FONTS_DIR = resource_path("fonts")
DEJAVU_SANS = FONTS_DIR / "DejaVuSans.ttf"
DEJAVU_SANS_BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"
DEJAVU_LICENCE = FONTS_DIR / "LICENSE-DejaVu.txt"
