"""The user's settings: a small JSON file in the data folder (``settings.json``).

Typed, with defaults; a value of the wrong type or out of its range, or a file that cannot
be read, falls back to the default (a warning is logged) rather than stopping the app.
Window geometry stays in ``QSettings``; secrets only in the keyring.

``allow_unencrypted``: where no secure keyring is available the app refuses to keep
personal data unencrypted unless the user has explicitly accepted it here (the settings
dialog offers it; nothing sets it by default). ``retention_days``: a group's personal data
is purged this many days after its last event (``app.retention``).
``sync_interval_minutes``: how often the app syncs by itself (``ui.sync_controller``).
``server_url``: the address the sign-in dialog proposes (the signed-in identity keeps the
one actually used; changing it in the settings dialog means signing in again).

``problems(settings)`` says, in words a person can act on, what is out of range; the
settings dialog shows it and saves nothing until it is empty.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import Field, asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from app import paths
from app.disk_space import no_room_is_disk_full
from protocol.text import _

log = logging.getLogger(__name__)

SETTINGS_FILENAME = "settings.json"
DEFAULT_RETENTION_DAYS = 90
DEFAULT_SYNC_INTERVAL_MINUTES = 3
# The one declaration of each number's range: ``load`` holds the file to it, the settings
# dialog bounds its spin boxes with it, ``problems`` words it.
RETENTION_RANGE = (7, 3650)  # a week at least, ten years at most
SYNC_INTERVAL_RANGE = (1, 240)  # minutes: at most every minute, at least every four hours
RANGE = "range"  # the field metadata key holding a number's (lowest, highest)


@dataclass(frozen=True)
class Settings:
    allow_unencrypted: bool = False
    retention_days: int = field(default=DEFAULT_RETENTION_DAYS,
                                metadata={RANGE: RETENTION_RANGE})
    sync_interval_minutes: int = field(default=DEFAULT_SYNC_INTERVAL_MINUTES,
                                       metadata={RANGE: SYNC_INTERVAL_RANGE})
    server_url: str = ""

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def settings_path(data_dir: Path | None = None) -> Path:
    return (data_dir if data_dir is not None else paths.data_dir()) / SETTINGS_FILENAME


def load(data_dir: Path | None = None) -> Settings:
    """The saved settings. Anything missing takes its default; anything of the wrong type,
    out of its range (the same declaration the settings dialog uses) or in a file that
    cannot be read takes its default too, with a warning logged: never a crash."""
    try:
        raw = json.loads(settings_path(data_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        log.warning("settings file unreadable: defaults used")
        return Settings()
    if not isinstance(raw, dict):
        log.warning("settings file holds no settings: defaults used")
        return Settings()
    defaults = Settings()
    values: dict[str, Any] = {}
    for declared in fields(Settings):
        default = getattr(defaults, declared.name)
        if declared.name not in raw:
            values[declared.name] = default
            continue
        value = raw[declared.name]
        wrong = _wrong(declared, value, default)
        if wrong:
            log.warning("setting %s %s: its default is used", declared.name, wrong)
            value = default
        values[declared.name] = value
    return Settings(**values)


def _wrong(declared: Field[Any], value: object, default: object) -> str | None:
    """Why ``value`` cannot be the setting ``declared`` (None when it can)."""
    # bool is an int: check it first so that `true` is never a number of days.
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "is not true or false"
    if isinstance(default, str):
        if not isinstance(value, str):
            return "is not text"
        if declared.name == "server_url" and value.strip() and not server_url_ok(value):
            return "is not a server address"
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        return "is not a whole number"
    low, high = declared.metadata[RANGE]
    return None if low <= value <= high else f"is outside {low} to {high}"


def save(settings: Settings, data_dir: Path | None = None) -> None:
    """Write the settings atomically (write, fsync, rename); ``DiskFull`` when the disk
    has no room, the old file kept and no temporary one left."""
    path = settings_path(data_dir)
    temporary = path.with_suffix(".tmp")
    with no_room_is_disk_full(path.parent):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(temporary, "w", encoding="utf-8") as handle:
                json.dump(asdict(settings), handle, indent=2)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


def problems(settings: Settings) -> list[str]:
    """What is wrong with ``settings``, one sentence each (empty when they can be saved)."""
    found: list[str] = []
    url = settings.server_url.strip()
    if url and not server_url_ok(url):
        found.append(_("The server address must start with https:// (or http:// for a "
                       "server on this computer) followed by the server's name, for example "
                       "https://npq.example.org."))
    low, high = SYNC_INTERVAL_RANGE
    if not low <= settings.sync_interval_minutes <= high:
        found.append(_("Sync every {low} to {high} minutes.").format(low=low, high=high))
    low, high = RETENTION_RANGE
    if not low <= settings.retention_days <= high:
        found.append(_("Keep a group's personal data for {low} to {high} days after its "
                       "last event.").format(low=low, high=high))
    return found


def server_url_ok(url: str) -> bool:
    """An http(s) address with a host and nothing after the path (no spaces, query)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return (parts.scheme in ("https", "http") and bool(parts.hostname)
            and not parts.query and not parts.fragment and " " not in url)
