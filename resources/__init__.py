"""Icons, fonts, templates and demo data shipped with the app."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def icon_path(name: str) -> Path:
    """The path of ``resources/icons/<name>.svg``."""
    return ROOT / "icons" / f"{name}.svg"
