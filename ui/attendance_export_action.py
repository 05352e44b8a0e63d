"""Export attendance…: a group's attendance as a spreadsheet (.xlsx, or .csv if chosen).

``export_attendance(parent, runner, store, group_code)`` asks where to save (suggesting
``CODE_attendance_YYYY-MM-DD.xlsx`` in the home folder), then builds and writes the file
on the runner's read lane (it only reads the store) and says where it went in the window's
status bar; a failure goes to the runner's error handler like any other. Offered on the
events panel's Groups tab (``EventsPanel.export_attendance_requested``). The same file
comes from ``npq-desk export attendance --group CODE --out FILE.xlsx``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from app.exports.attendance import SUFFIXES, AttendanceMatrix, write_attendance
from app.store import Store
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.runner import Op, Runner

FILTER = QT_TRANSLATE_NOOP("AttendanceExport",
                           "Excel workbook (*.xlsx);;CSV for scripts, UTF-8 (*.csv)")
STATUS_MS = 8000
AskPath = Callable[[QWidget | None, str, str], str | None]  # parent, suggested, filter


def ask_save_path(parent: QWidget | None, suggested: str, file_filter: str) -> str | None:
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, translate("AttendanceExport", "Export attendance"), suggested, file_filter)
    return chosen or None


def suggested_file_name(group_code: str, today: dt.date) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", group_code).strip("-.") or "group"
    return f"{safe}_attendance_{today.isoformat()}.xlsx"


def export_attendance(parent: QWidget | None, runner: Runner, store: Store, group_code: str,
                      *, ask_path: AskPath = ask_save_path,
                      today: Callable[[], dt.date] = dt.date.today) -> Op | None:
    """Ask for a file name and export; None when the user cancels."""
    suggested = Path.home() / suggested_file_name(group_code, today())
    chosen = ask_path(parent, str(suggested), translate("AttendanceExport", FILTER))
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in SUFFIXES:
        path = path.with_name(path.name + ".xlsx")
    op = runner.read(write_attendance, store, group_code, path)
    op.success(lambda matrix: _saved(parent, path, matrix))
    op.with_progress(translate("AttendanceExport", "Exporting the attendance of {group}")
                     .format(group=group_code))
    op.run()
    return op


def _saved(parent: QWidget | None, path: Path, matrix: AttendanceMatrix) -> None:
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(
            translate("AttendanceExport", "Attendance of {group} saved to {path}.").format(
                group=matrix.group_code, path=path), STATUS_MS)
