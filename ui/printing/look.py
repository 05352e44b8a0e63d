"""The look of the printing windows, on top of the app's style (``ui.style``)."""

from __future__ import annotations

STYLE = """
#previewTitle, #transcribeView #eventTitle { font-size: 14pt; font-weight: 600;
    color: #102a43; }
#confidentialWarning { background: #b71c1c; color: white; font-size: 13pt;
    font-weight: 700; padding: 8px; border-radius: 4px; }
#rosterWarning { background: #fff3e0; color: #8a3b00; border: 2px solid #e65100;
    border-radius: 6px; padding: 8px 12px; font-size: 12pt; font-weight: 600; }
#keysHelp { background: #eef2f6; border-radius: 4px; padding: 6px 10px; color: #102a43; }
#previewStatus, #batchMessage { color: #1f4e79; font-weight: 600; }
#pageLabel { font-weight: 600; padding: 0 8px; }
#printButton, #startButton { background: #1f4e79; color: white; border: none;
    border-radius: 4px; font-weight: 600; padding: 7px 18px; }
#printButton:disabled, #startButton:disabled { background: #9fb3c8; }
QPushButton[segment="true"]:checked { background: #1f4e79; color: white; border: none;
    border-radius: 4px; padding: 6px 14px; }
#confidentialKind:checked { background: #b71c1c; }
#transcribeTable { background: #ffffff; alternate-background-color: #f6f8fa;
    selection-background-color: #1f4e79; selection-color: #ffffff; font-size: 12pt; }
#batchProgress { min-height: 22px; }
"""
