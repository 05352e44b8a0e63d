"""Icons loaded once, when the UI starts (never from a model's ``data()``)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from resources import icon_path


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(icon_path(name)))
