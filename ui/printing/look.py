"""The look of the printing windows, part of the app's style sheet (``ui.style``): colours
are theme roles ($role, ui/theme_colours.py)."""

from __future__ import annotations

STYLE = """
#previewTitle, #transcribeView #eventTitle { font-size: 14pt; font-weight: 600;
    color: $heading; }
#confidentialWarning { background: $danger_fill; color: $on_accent; font-size: 13pt;
    font-weight: 700; padding: 8px; border-radius: 4px; }
#rosterWarning { background: $warning_tint; color: $warning_text;
    border: 2px solid $warning_border;
    border-radius: 6px; padding: 8px 12px; font-size: 12pt; font-weight: 600; }
#keysHelp { background: $header_bg; border-radius: 4px; padding: 6px 10px; color: $heading; }
#previewStatus, #batchMessage { color: $accent_text; font-weight: 600; }
#pageLabel { font-weight: 600; padding: 0 8px; }
#printButton, #startButton { background: $accent_fill; color: $on_accent; border: none;
    border-radius: 4px; font-weight: 600; padding: 7px 18px; }
#printButton:disabled, #startButton:disabled { background: $accent_fill_disabled; }
QPushButton[segment="true"]:checked { background: $accent_fill; color: $on_accent;
    border: none;
    border-radius: 4px; padding: 6px 14px; }
#confidentialKind:checked { background: $danger_fill; }
#transcribeTable { background: $surface; alternate-background-color: $surface_alt;
    selection-background-color: $accent_fill; selection-color: $on_accent; font-size: 12pt; }
#batchProgress { min-height: 22px; }
"""
