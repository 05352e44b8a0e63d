"""Light or dark, following the desktop: which colour set is in use, and the one way for a
widget to read a colour (by role) and to hear that the set changed.

``chosen(app)`` is the scheme to use (``$NPQ_DESK_COLOR_SCHEME`` = light|dark overrides,
then Qt's ``styleHints().colorScheme()``, then the lightness of the platform's palette);
``ui.style.apply(app)`` puts it on the app (``ui.theme_palette`` for the palette, the style
sheet) and follows the desktop's later changes. The three import in one direction:
``theme`` ← ``theme_palette`` ← ``style``.

Models hand colours to views through ForegroundRole/BackgroundRole by calling
``brush(role)`` in ``data()``, so the repaint after a change picks up the new set; the few
widgets that bake a colour in (charts, list headings, rich text) redo it through
``on_change``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from ui.theme_colours import DARK, LIGHT

OVERRIDE_ENV = "NPQ_DESK_COLOR_SCHEME"
MIN_BASE_POINT_SIZE = 11.0  # the app's calm, large type; a larger desktop font wins


class Scheme(StrEnum):
    LIGHT = "light"
    DARK = "dark"


_SETS = {Scheme.LIGHT: LIGHT, Scheme.DARK: DARK}
_current = Scheme.LIGHT
_brushes: dict[tuple[Scheme, str], QBrush] = {}


def current() -> Scheme:
    return _current


def use(scheme: Scheme) -> None:
    """Make ``scheme`` the set every role is read from (``ui.style.apply`` calls it)."""
    global _current
    _current = scheme


def roles(scheme: Scheme | None = None) -> dict[str, str]:
    """Role name → "#rrggbb" for ``scheme`` (the one in use by default)."""
    return _SETS[scheme or _current]


def css(role: str) -> str:
    """The role's colour as a style-sheet / rich-text value ("#rrggbb")."""
    return _SETS[_current][role]


def colour(role: str) -> QColor:
    return QColor(_SETS[_current][role])


def brush(role: str) -> QBrush:
    """A brush of the role's colour in the current set; cheap enough for ``data()``."""
    key = (_current, role)
    found = _brushes.get(key)
    if found is None:
        found = _brushes[key] = QBrush(QColor(_SETS[_current][role]))
    return found


def override() -> Scheme | None:
    """``$NPQ_DESK_COLOR_SCHEME`` when it names a scheme (tests, screenshots, desktops
    that do not report theirs)."""
    value = os.environ.get(OVERRIDE_ENV, "").strip().lower()
    return Scheme(value) if value in ("light", "dark") else None


def is_dark(palette: QPalette) -> bool:
    """Dark when the window is darker than its text."""
    return (palette.color(QPalette.ColorRole.Window).lightness()
            < palette.color(QPalette.ColorRole.WindowText).lightness())


def platform_is_dark(app: QGuiApplication) -> bool:
    """Whether the platform's own palette is dark. Puts the platform palette back on the
    app to read it: only call it just before setting ours (``theme_palette.set_palette``)."""
    app.setPalette(QPalette())
    return is_dark(app.palette())


def from_qt(scheme: Qt.ColorScheme, app: QGuiApplication) -> Scheme:
    """Qt's report, or (Unknown: older desktops, xcb without one) the platform palette's
    lightness."""
    if scheme == Qt.ColorScheme.Dark:
        return Scheme.DARK
    if scheme == Qt.ColorScheme.Light:
        return Scheme.LIGHT
    return Scheme.DARK if platform_is_dark(app) else Scheme.LIGHT


def chosen(app: QGuiApplication) -> Scheme:
    return override() or from_qt(app.styleHints().colorScheme(), app)


def base_point_size(app: QGuiApplication) -> float:
    """The size the style sheet's fonts scale from: the desktop's font, at least 11pt."""
    return max(MIN_BASE_POINT_SIZE, app.font().pointSizeF())


class ThemeNotifier(QObject):
    """Emits ``changed(scheme)`` after ``ui.style.apply``."""

    changed = Signal(str)


_notifier: ThemeNotifier | None = None


def notifier() -> ThemeNotifier:
    global _notifier
    if _notifier is None:
        _notifier = ThemeNotifier()
    return _notifier


Owner = TypeVar("Owner", bound=QObject)


class _Binding(QObject):
    """A child of the widget that re-runs its colouring; gone (and disconnected) with
    the widget. The callback gets the widget as its argument so it need not capture it."""

    def __init__(self, owner: QObject, callback: Callable[[QObject], None]) -> None:
        super().__init__(owner)
        self._callback = callback
        notifier().changed.connect(self.refresh)

    @Slot()
    def refresh(self) -> None:
        owner = self.parent()
        if owner is not None:
            self._callback(owner)


def on_change(owner: Owner, callback: Callable[[Owner], None], *, now: bool = True) -> None:
    """Call ``callback(owner)`` now (unless ``now=False``) and after each scheme change,
    for as long as ``owner`` lives."""
    binding = _Binding(owner, callback)  # type: ignore[arg-type]  # it is called with this owner only
    if now:
        binding.refresh()


def bind_style(widget: QWidget, sheet: Callable[[], str]) -> None:
    """A widget's own style sheet, rebuilt from the current roles after each change."""
    on_change(widget, lambda w: w.setStyleSheet(sheet()))


_TEXT_ROLE = "themeTextRole"


def set_text_role(widget: QWidget, role: str | None) -> None:
    """Colour one widget's text with ``role`` (None: the palette's), kept across changes."""
    first = widget.property(_TEXT_ROLE) is None
    widget.setProperty(_TEXT_ROLE, role or "")
    if first:
        on_change(widget, _colour_text)
    else:
        _colour_text(widget)


def _colour_text(widget: QWidget) -> None:
    role = widget.property(_TEXT_ROLE)
    widget.setStyleSheet(f"color: {css(role)};" if role else "")
