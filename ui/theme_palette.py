"""The Qt palette of each colour set, and the style it needs.

Decision: the app always sets its own palette from the theme's roles (light and dark), so
that every text/background pair on screen is one the contrast test checks, whatever the
platform would have given. When the chosen scheme differs from the platform's own (a dark
scheme on xcb/offscreen without a desktop, or Windows' "windowsvista" style, which only
draws light; or the override asks for light on a dark desktop), the platform style cannot
draw it, so the app switches to Fusion, which draws everything from the palette, and
switches back to the platform style when the two agree again.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from ui.theme import Scheme, platform_is_dark, roles

FUSION = "fusion"
_platform_style: dict[int, str] = {}

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def build_palette(scheme: Scheme) -> QPalette:
    c = {name: QColor(value) for name, value in roles(scheme).items()}
    palette = QPalette(c["window"])  # derives Light/Mid/Dark/Shadow for bevels
    for role, name in ((Role.Window, "window"), (Role.WindowText, "text"),
                       (Role.Base, "surface"), (Role.AlternateBase, "surface_alt"),
                       (Role.Text, "text"), (Role.Button, "window"),
                       (Role.ButtonText, "text"), (Role.Highlight, "accent_fill"),
                       (Role.HighlightedText, "on_accent"), (Role.ToolTipBase, "surface"),
                       (Role.ToolTipText, "text"), (Role.PlaceholderText, "text_muted"),
                       (Role.Link, "accent_text"), (Role.LinkVisited, "accent_text"),
                       (Role.BrightText, "on_accent")):
        palette.setColor(Group.Active, role, c[name])
        palette.setColor(Group.Inactive, role, c[name])
        palette.setColor(Group.Disabled, role, c[name])
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, c["text_disabled"])
    palette.setColor(Group.Disabled, Role.Highlight, c["accent_fill_disabled"])
    return palette


def _style_name(app: QApplication) -> str:
    """The name of the style under the app's style sheet. A style sheet hides it (the
    app's style is then Qt's style-sheet style), so the sheet is taken off: only call it
    from ``ui.style.apply``, which puts the sheet back."""
    name = app.style().name().lower()
    if not name:
        app.setStyleSheet("")
        name = app.style().name().lower()
    return name


def set_palette(app: QApplication, scheme: Scheme) -> None:
    """The scheme's palette on the app, under a style that can draw it (call it only from
    ``ui.style.apply``, which sets the style sheet afterwards)."""
    platform_dark = platform_is_dark(app)
    key = id(app)
    style_name = _style_name(app)
    if platform_dark != (scheme is Scheme.DARK):
        if style_name != FUSION:
            _platform_style.setdefault(key, style_name)
            app.setStyle(QStyleFactory.create(FUSION))
    elif key in _platform_style and style_name == FUSION:
        app.setStyle(QStyleFactory.create(_platform_style.pop(key)))
    app.setPalette(build_palette(scheme))
