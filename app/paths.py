"""Where the app keeps its data and logs: platform conventions, or ``$NPQ_DESK_HOME``.

``NPQ_DESK_HOME`` (used by tests, ``--home`` and portable installs) puts the data in
``$NPQ_DESK_HOME/data`` and the logs in ``$NPQ_DESK_HOME/logs``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "NPQ Partner Desk"
APP_AUTHOR = "NPQ"
HOME_ENV = "NPQ_DESK_HOME"
DATABASE_FILENAME = "desk.sqlite3"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """The folder holding the local database (not created here)."""
    home = _home()
    if home is not None:
        return home / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    """The folder holding the rotating log files (not created here)."""
    home = _home()
    if home is not None:
        return home / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def database_path() -> Path:
    """The local SQLite file: one per user profile."""
    return data_dir() / DATABASE_FILENAME
