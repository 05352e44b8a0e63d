"""One calm, readable look: large type, big targets, a colour per mark.

Colours are theme roles (``$role``, see ui/theme_colours.py), never hex values here, and
sizes are points for an 11pt base that ``render`` scales to the desktop's font.
``apply(app)`` puts the look on the app: the scheme (``ui.theme``), its palette
(``ui.theme_palette``) and this style sheet."""

from __future__ import annotations

import re
from string import Template

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from resources import icon_path
from ui import theme
from ui.forms.look import FORM_STYLE
from ui.printing.look import STYLE as PRINTING_STYLE
from ui.theme_palette import set_palette

DESIGN_POINT_SIZE = 11.0  # the sizes below are for an 11pt base font

MARKS = ("present", "late", "absent", "apologies", "left_early")

_BASE = """
QWidget { font-size: 11pt; }
QMainWindow, #registerView, #registerScroll { background: $canvas; }
#eventsPanel QListWidget { background: $surface; border: 1px solid $border; }
#eventsList::item { padding: 8px 8px; border-bottom: 1px solid $border_soft; }
#eventsList::item:selected { background: $selection_soft; color: $heading;
    border-left: 4px solid $accent_text; }
#eventContext { color: $text_secondary; font-size: 10.5pt; }
#eventTitle { font-size: 17pt; font-weight: 600; color: $heading; }
#eventWhen { color: $text_body; }
#registerCounts { font-size: 14pt; font-weight: 600; color: $accent_text; }
#registerCountsDetail { font-size: 11pt; color: $accent_text; }
#partnerName { font-size: 14pt; font-weight: 600; color: $heading; }
#partnerCode { font-size: 20pt; font-weight: 600; color: $accent_text; }
#userLabel { font-weight: 600; color: $accent_text; padding: 4px 2px; }
#registerTable { background: $surface; alternate-background-color: $surface_alt;
    selection-background-color: $accent_fill; selection-color: $on_accent;
    border: 1px solid $border; font-size: 12pt; }
QHeaderView::section { background: $header_bg; color: $text; padding: 6px; border: none;
    border-bottom: 1px solid $border; font-weight: 600; }
#nameFilter { padding: 6px; }
#keysHint { color: $text_secondary; font-size: 10.5pt; }
#noMatch { background: $note_tint; border: 1px solid $note_border; border-radius: 6px; }
#noMatchMessage { font-size: 13pt; color: $heading; }
#timeEditor { background: $note_tint; border: 1px solid $note_border; border-radius: 6px; }
#timeEdit { font-size: 14pt; padding: 4px; }
#timeError { color: $danger_text; }
#statusBar QLabel { padding: 0 10px; }
#connectionLabel[online="false"] { color: $danger_text; font-weight: 600; }
#attentionLabel { color: $danger_text; font-weight: 600; }
QPushButton { padding: 6px 14px; }
#conflictsButton { background: $warning_tint; color: $warning_text;
    border: 1px solid $warning_border; border-radius: 4px; font-weight: 600; padding: 4px 10px; }
#conflictsButton:hover { background: $warning_tint_hover; }
#conflictPanel { background: $warning_tint; border: 2px solid $warning_border;
    border-radius: 6px; }
#conflictTitle { font-size: 13pt; font-weight: 600; color: $warning_text; }
#conflictHint { color: $text_body; }
#conflictCard { background: $surface; border: 1px solid $border; border-radius: 6px; }
#conflictStatus { font-size: 14pt; font-weight: 600; color: $heading; }
#conflictSource { color: $text_body; }
#conflictCard QPushButton { background: $accent_fill; color: $on_accent; border: none;
    border-radius: 4px; font-weight: 600; padding: 6px 16px; }
#conflictCard QPushButton:focus { outline: 2px solid $warning_border; }
#clockWarning, #pauseBanner, #backupBanner { color: $warning_text; font-weight: 600; }
#pauseBanner, #backupBanner { background: $warning_tint; border: 2px solid $warning_border;
    border-radius: 6px; padding: 10px 14px; font-size: 12pt; }
#attentionButton { color: $danger_text; font-weight: 600; }
QRadioButton, QCheckBox { border: 2px solid transparent; }  /* room for the focus ring */
QRadioButton::indicator, QCheckBox::indicator { width: 14px; height: 14px;
    border: 2px solid $control_border; background: $surface; }
QRadioButton::indicator { border-radius: 9px; }
QCheckBox::indicator { border-radius: 3px; }
QRadioButton::indicator:checked { background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5,
    fx: 0.5, fy: 0.5, stop: 0 $control_checked, stop: 0.5 $control_checked, stop: 0.56 $surface,
    stop: 1 $surface); }
QCheckBox::indicator:checked { background: $control_checked; border-color: $control_checked;
    image: url($icon_check); }
QRadioButton::indicator:disabled, QCheckBox::indicator:disabled {
    border-color: $border; }
QPushButton:focus, QToolButton:focus, QCheckBox:focus, QRadioButton:focus {
    outline: 2px solid $focus; border: 2px solid $focus; }
QLineEdit:focus, QSpinBox:focus, QComboBox:focus, QDateEdit:focus, QTimeEdit:focus,
QPlainTextEdit:focus, QTextEdit:focus { border: 2px solid $focus; }
QTableView:focus, QListWidget:focus, QListView:focus, QTreeView:focus, QTreeWidget:focus,
#registerTable:focus, #eventsPanel QListWidget:focus {
    border: 2px solid $focus; }
"""

_MARK_BUTTON = """
QPushButton[status="{mark}"] { background: $mark_{mark}; color: $on_mark; border: none;
    border-radius: 6px; font-size: 13pt; font-weight: 600; padding: 8px 8px; }
QPushButton[status="{mark}"]:hover { background: $mark_{mark}_hover; }
QPushButton[status="{mark}"]:focus { border: 3px solid $focus; padding: 5px 5px; }
QPushButton[status="{mark}"]:disabled { background: $mark_disabled; }
"""

_CHECK_ICONS = {theme.Scheme.LIGHT: icon_path("check").as_posix(),  # on_control_checked
                theme.Scheme.DARK: icon_path("check_dark").as_posix()}
_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")
_base_point_size = DESIGN_POINT_SIZE


def render(template: str, base_point_size: float | None = None) -> str:
    """A style sheet written with $role colours and sizes in points for an 11pt base:
    colours from the current theme, point sizes scaled to ``base_point_size`` (the last
    one the app's sheet used by default), so a larger desktop font makes all text larger."""
    scale = (base_point_size or _base_point_size) / DESIGN_POINT_SIZE
    tick = _CHECK_ICONS[theme.current()]
    sheet = Template(template).substitute(theme.roles(), icon_check=tick)
    if scale == 1:
        return sheet
    return _POINTS.sub(lambda m: f"{round(float(m.group(1)) * scale, 1):g}pt", sheet)


def points(size: float) -> float:
    """A font size in points written for the 11pt design, at the app's current base."""
    return round(size * _base_point_size / DESIGN_POINT_SIZE, 1)


def stylesheet(base_point_size: float = DESIGN_POINT_SIZE) -> str:
    """The app's style sheet in the current theme (``apply`` sets it)."""
    global _base_point_size
    _base_point_size = base_point_size
    buttons = "".join(_MARK_BUTTON.replace("{mark}", mark) for mark in MARKS)
    return render(_BASE + buttons + FORM_STYLE + PRINTING_STYLE)


_followed: set[int] = set()


def apply(app: QApplication, scheme: theme.Scheme | None = None) -> theme.Scheme:
    """Use ``scheme`` (the chosen one by default) for the palette and the app's style
    sheet, tell the widgets that bake colours in, and follow the desktop from now on."""
    target = scheme or theme.chosen(app)
    theme.use(target)
    set_palette(app, target)
    app.setStyleSheet(stylesheet(theme.base_point_size(app)))
    _follow(app)
    theme.notifier().changed.emit(target.value)
    return target


def on_system_scheme_changed(scheme: Qt.ColorScheme) -> None:
    """The desktop switched between light and dark: switch too, unless the user chose
    one in ``$NPQ_DESK_COLOR_SCHEME``."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or theme.override() is not None:
        return
    apply(app, theme.from_qt(scheme, app))


def _follow(app: QApplication) -> None:
    if id(app) in _followed:
        return
    _followed.add(id(app))
    app.styleHints().colorSchemeChanged.connect(on_system_scheme_changed)
    wanted = theme.override()
    if wanted is not None and hasattr(app.styleHints(), "setColorScheme"):
        # Qt 6.8+: native dialogs and platform styles follow the override too.
        app.styleHints().setColorScheme(
            Qt.ColorScheme.Dark if wanted is theme.Scheme.DARK else Qt.ColorScheme.Light)
