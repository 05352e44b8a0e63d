"""One calm, readable look: large type, big targets, a colour per mark."""

from __future__ import annotations

from ui.forms.look import FORM_STYLE

STATUS_COLOURS = {
    "present": ("#2e7d32", "#256628"),
    "late": ("#b26a00", "#8f5600"),
    "absent": ("#c62828", "#a31f1f"),
    "apologies": ("#455a8a", "#384a73"),
    "left_early": ("#6d4c41", "#5a3e35"),
}

_BASE = """
QWidget { font-size: 11pt; }
QMainWindow, #registerView { background: #fafafa; }
#eventsPanel QListWidget { background: #ffffff; border: 1px solid #dddddd; }
#eventsList::item { padding: 8px 8px; border-bottom: 1px solid #eeeeee; }
#eventsList::item:selected { background: #dbe8f6; color: #102a43;
    border-left: 4px solid #1f4e79; }
#eventContext { color: #555555; font-size: 10.5pt; }
#eventTitle { font-size: 17pt; font-weight: 600; color: #102a43; }
#eventWhen { color: #333333; }
#registerCounts { font-size: 14pt; font-weight: 600; color: #1f4e79; }
#registerCountsDetail { font-size: 11pt; color: #1f4e79; }
#userLabel { font-weight: 600; color: #1f4e79; padding: 4px 2px; }
#registerTable { background: #ffffff; alternate-background-color: #f6f8fa;
    selection-background-color: #1f4e79; selection-color: #ffffff;
    border: 1px solid #dddddd; font-size: 12pt; }
QHeaderView::section { background: #eef2f6; padding: 6px; border: none;
    border-bottom: 1px solid #d0d7de; font-weight: 600; }
#nameFilter { padding: 6px; }
#timeEditor { background: #fff3d6; border: 1px solid #e0b252; border-radius: 6px; }
#timeEdit { font-size: 14pt; padding: 4px; }
#timeError { color: #b71c1c; }
#statusBar QLabel { padding: 0 10px; }
#connectionLabel[online="false"] { color: #b71c1c; font-weight: 600; }
#attentionLabel { color: #b71c1c; font-weight: 600; }
QPushButton { padding: 6px 14px; }
#conflictsButton { background: #fff3e0; color: #8a3b00; border: 1px solid #e65100;
    border-radius: 4px; font-weight: 600; padding: 4px 10px; }
#conflictsButton:hover { background: #ffe0b2; }
#conflictPanel { background: #fff3e0; border: 2px solid #e65100; border-radius: 6px; }
#conflictTitle { font-size: 13pt; font-weight: 600; color: #8a3b00; }
#conflictHint { color: #333333; }
#conflictCard { background: #ffffff; border: 1px solid #e0b98f; border-radius: 6px; }
#conflictStatus { font-size: 14pt; font-weight: 600; color: #102a43; }
#conflictSource { color: #444444; }
#conflictCard QPushButton { background: #1f4e79; color: white; border: none;
    border-radius: 4px; font-weight: 600; padding: 6px 16px; }
#conflictCard QPushButton:focus { outline: 2px solid #e65100; }
#clockWarning, #pauseBanner { color: #8a3b00; font-weight: 600; }
#pauseBanner { background: #fff3e0; border: 2px solid #e65100; border-radius: 6px;
    padding: 10px 14px; font-size: 12pt; }
#attentionButton { color: #b71c1c; font-weight: 600; }
QPushButton:focus, QToolButton:focus, QCheckBox:focus, QRadioButton:focus {
    outline: 2px solid palette(highlight); border: 2px solid palette(highlight); }
QLineEdit:focus, QSpinBox:focus, QComboBox:focus, QDateEdit:focus, QTimeEdit:focus,
QPlainTextEdit:focus, QTextEdit:focus { border: 2px solid palette(highlight); }
QTableView:focus, QListWidget:focus, QListView:focus, QTreeView:focus, QTreeWidget:focus,
#registerTable:focus, #eventsPanel QListWidget:focus {
    border: 2px solid palette(highlight); }
"""


def stylesheet() -> str:
    buttons = "".join(
        f"QPushButton[status=\"{s}\"] {{ background: {c}; color: white; border: none;"
        f" border-radius: 6px; font-size: 13pt; font-weight: 600; padding: 8px 8px; }}\n"
        f"QPushButton[status=\"{s}\"]:hover {{ background: {h}; }}\n"
        f"QPushButton[status=\"{s}\"]:disabled {{ background: #bdbdbd; }}\n"
        for s, (c, h) in STATUS_COLOURS.items()
    )
    return _BASE + buttons + FORM_STYLE
