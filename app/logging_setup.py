"""The app's one log: a rotating file in the platform's log folder, with personal data
scrubbed from every line before it is written.

Log calls in the code name ids, never people; but text the code does not write can still
carry personal data: pydantic's ``ValidationError`` prints ``input_value=`` with the whole
payload that failed (a malformed candidate record pulled from the server holds names,
email and special requirements), and a traceback shows the chain of exceptions. So the
formatter scrubs the finished line, traceback included: ``input_value=…`` parts, the
values of known personal fields (``'given_name': '…'``, ``special_requirements=…``) and
anything shaped like an email address.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import re
import sys
import time
from pathlib import Path
from typing import Any

from app.disk_space import is_no_room

LOG_FILENAME = "npq-desk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
REDACTED = "<redacted>"

PERSONAL_FIELDS = ("given_name", "family_name", "name", "email", "special_requirements",
                   "school", "role", "note", "notes", "password", "refresh_token",
                   "access_token", "answers", "comment", "text")
_FIELDS = "|".join(PERSONAL_FIELDS)
_VALUE = r"""(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^,}\])\s]+)"""
_INPUT_VALUE = re.compile(r"input_value=.*?(?=, input_type=|\]$|\]\n|$)",
                          re.MULTILINE | re.DOTALL)
_FIELD_VALUE = re.compile(
    rf"""(?P<key>['"]?\b(?:{_FIELDS})\b['"]?\s*(?::|=)\s*){_VALUE}""", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def scrub(text: str) -> str:
    """``text`` with payload dumps, personal field values and email addresses removed."""
    text = _INPUT_VALUE.sub(f"input_value={REDACTED}", text)
    text = _FIELD_VALUE.sub(lambda m: f"{m.group('key')}{REDACTED}", text)
    return _EMAIL.sub(REDACTED, text)


class ScrubbingFormatter(logging.Formatter):
    """A formatter whose every line (message, exception, stack) goes through ``scrub``."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class ScrubbingFilter(logging.Filter):
    """For handlers that format for themselves: scrubs the message and its arguments and
    the exception text before any handler sees the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class RoomAwareFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log, which a full disk neither stops nor turns into a flood of
    "--- Logging error ---" tracebacks on stderr: while the disk has no room, lines are
    dropped (one line on stderr says so, once), and writing resumes by itself
    ``PAUSE_S`` later. Any other logging error is handled as ``logging`` does."""

    PAUSE_S = 60.0

    def __init__(self, filename: Path, **kwargs: Any) -> None:
        super().__init__(filename, **kwargs)
        self._paused_until = 0.0
        self._said = False

    def emit(self, record: logging.LogRecord) -> None:
        if time.monotonic() >= self._paused_until:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        if error is None or not is_no_room(error):
            super().handleError(record)
            return
        self._paused_until = time.monotonic() + self.PAUSE_S
        if self.stream is not None:  # drop what could not be written; reopened later
            with contextlib.suppress(OSError, ValueError):
                self.stream.close()
            self.stream = None
        if not self._said:
            self._said = True
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(f"NPQ Partner Desk: the disk holding {self.baseFilename} "
                                 "is full; the log is paused until there is room.\n")


def setup_logging(folder: Path) -> logging.Handler:
    """The rotating log file in ``folder`` (set up once; a second call returns it)."""
    root = logging.getLogger()
    for existing in root.handlers:
        if getattr(existing, "npq_desk", False):
            return existing
    folder.mkdir(parents=True, exist_ok=True)
    handler = RoomAwareFileHandler(
        folder / LOG_FILENAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(ScrubbingFormatter(
        "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    handler.npq_desk = True  # type: ignore[attr-defined]  # a marker on our handler, read back with getattr
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return handler
