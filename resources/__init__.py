"""Icons, fonts, templates and demo data shipped with the app, found the same way whether
the app runs from a checkout, an installed wheel or the frozen one-folder bundle.

Every file under ``resources/`` is reached through ``resource_path`` (or ``ROOT``): in a
PyInstaller bundle the files sit under ``sys._MEIPASS/resources`` (the spec copies them
there), otherwise beside this module. Code never builds paths from its own ``__file__``
to reach these files.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent


ROOT = _root()


def resource_path(*parts: str) -> Path:
    """The path of ``resources/<parts…>`` (not checked for existence)."""
    return ROOT.joinpath(*parts)


def icon_path(name: str) -> Path:
    """The path of ``resources/icons/<name>.svg``."""
    return resource_path("icons", f"{name}.svg")
