"""The app's version, read from one place: ``pyproject.toml`` ``[project] version``.

The installed distribution's metadata carries that version (``pip install -e .`` or a wheel
writes it); the frozen bundle carries the same metadata because ``packaging/npq-desk.spec``
copies it in (PyInstaller's ``copy_metadata``). So nothing else ever spells the number, and
``packaging/build.sh`` refuses to build when the installed metadata lags behind pyproject.
"""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "npq-partner-desk"
UNKNOWN = "0+unknown"


def app_version() -> str:
    """The version string, or ``0+unknown`` when running from a checkout never installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return UNKNOWN
