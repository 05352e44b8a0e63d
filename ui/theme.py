"""Light or dark, following the desktop: which colour set is in use, and the one way for a
widget to read a colour (by role) and to hear that the set changed.

``apply(app)`` picks the scheme (``$NPQ_DESK_COLOR_SCHEME`` = light|dark overrides, then
Qt's ``styleHints().colorScheme()``, then the lightness of the platform's palette), sets
the palette and the app's style sheet from it, and follows the desktop's later changes.
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
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from ui.theme_colours import DARK, LIGHT

OVERRIDE_ENV = "NPQ_DESK_COLOR_SCHEME"
MIN_BASE_POINT_SIZE = 11.0  # the app's calm, large type; a larger desktop font wins


class Scheme(StrEnum):
    LIGHT = "light"
    DARK = "dark"


_SETS = {Scheme.LIGHT: LIGHT, Scheme.DARK: DARK}
_current = Scheme.LIGHT
_brushes: dict[tuple[Scheme, str], QBrush] = {}
_followed: set[int] = set()


def current() -> Scheme:
    return _current


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


def from_qt(scheme: Qt.ColorScheme, app: QGuiApplication) -> Scheme:
    """Qt's report, or (Unknown: older desktops, xcb without one) the platform palette's
    lightness."""
    if scheme == Qt.ColorScheme.Dark:
        return Scheme.DARK
    if scheme == Qt.ColorScheme.Light:
        return Scheme.LIGHT
    from ui.theme_palette import platform_is_dark

    return Scheme.DARK if platform_is_dark(app) else Scheme.LIGHT


def chosen(app: QGuiApplication) -> Scheme:
    return override() or from_qt(app.styleHints().colorScheme(), app)


def base_point_size(app: QGuiApplication) -> float:
    """The size the style sheet's fonts scale from: the desktop's font, at least 11pt."""
    return max(MIN_BASE_POINT_SIZE, app.font().pointSizeF())


def apply(app: QApplication, scheme: Scheme | None = None) -> Scheme:
    """Use ``scheme`` (the chosen one by default) for the palette and the app's style
    sheet, tell the widgets that bake colours in, and follow the desktop from now on."""
    global _current
    from ui.style import stylesheet
    from ui.theme_palette import set_palette

    target = scheme or chosen(app)
    _current = target
    set_palette(app, target)
    app.setStyleSheet(stylesheet(base_point_size(app)))
    _follow(app)
    notifier().changed.emit(target.value)
    return target


def on_system_scheme_changed(scheme: Qt.ColorScheme) -> None:
    """The desktop switched between light and dark: switch too, unless the user chose
    one in ``$NPQ_DESK_COLOR_SCHEME``."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or override() is not None:
        return
    apply(app, from_qt(scheme, app))


def _follow(app: QApplication) -> None:
    if id(app) in _followed:
        return
    _followed.add(id(app))
    app.styleHints().colorSchemeChanged.connect(on_system_scheme_changed)
    wanted = override()
    if wanted is not None and hasattr(app.styleHints(), "setColorScheme"):
        # Qt 6.8+: native dialogs and platform styles follow the override too.
        app.styleHints().setColorScheme(
            Qt.ColorScheme.Dark if wanted is Scheme.DARK else Qt.ColorScheme.Light)


class ThemeNotifier(QObject):
    """Emits ``changed(scheme)`` after ``apply``."""

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
