"""File > Export calendar…: the signed-in user's events (and briefings) as an .ics file.

``export_calendar(parent, runner, session)`` asks where to save (suggesting
``npq-events-YYYY-MM-DD.ics`` in the home folder), then builds and writes the file on the
runner's write lane (it keeps each entry's SEQUENCE in the store) and says where it went
in the window's status bar. The same file comes from ``npq-desk calendar --out FILE.ics``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from app.calendar_service import suggested_file_name, write_calendar
from app.domain import Identity
from app.store import Store
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.runner import Op, Runner

FILTER = QT_TRANSLATE_NOOP("CalendarExport", "iCalendar files (*.ics)")
STATUS_MS = 8000


class SignedIn(Protocol):
    @property
    def store(self) -> Store: ...
    @property
    def identity(self) -> Identity: ...


def export_calendar(parent: QWidget | None, runner: Runner, session: SignedIn) -> Op | None:
    """Ask for a file name and export; None when the user cancels."""
    suggested = Path.home() / suggested_file_name(dt.datetime.now(dt.UTC))
    chosen, _ = QFileDialog.getSaveFileName(
        parent, translate("CalendarExport", "Export calendar"), str(suggested),
        translate("CalendarExport", FILTER))
    if not chosen:
        return None
    path = Path(chosen) if chosen.lower().endswith(".ics") else Path(chosen + ".ics")
    # a write: the export keeps each entry's SEQUENCE (app.calendar_service)
    op = runner.write(write_calendar, session.store, session.identity.user_id, path)
    op.success(lambda written: _saved(parent, written))
    op.run()
    return op


def _saved(parent: QWidget | None, path: Path) -> None:
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(
            translate("CalendarExport", "Calendar saved to {path}: import it into Outlook, "
                      "Google Calendar or Apple Calendar.").format(path=path), STATUS_MS)
