"""One place that turns an exception into something a facilitator can read."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.logging_setup import LOG_FILENAME
from ui.i18n import translate

APP_TITLE = "NPQ Partner Desk"  # the product's name, not translated

log = logging.getLogger(__name__)

_log_folder: Path | None = None


def _expected_error_types() -> tuple[type[BaseException], ...]:
    """Errors that carry a message written for people: shown as they are."""
    types: list[type[BaseException]] = []
    try:
        from app.errors import DomainError

        types.append(DomainError)
    except ImportError:  # pragma: no cover - while the app layer is being built
        pass
    try:
        from sync.errors import SyncError

        types.append(SyncError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(types)


def describe_error(exc: BaseException) -> str:
    """The message shown to the user for ``exc``."""
    if isinstance(exc, _expected_error_types()):
        message = getattr(exc, "message", None) or str(exc)
        return str(message)
    where = (translate("Errors", "\n\nDetails are in the log file {path}.").format(
        path=log_file()) if _log_folder else "")
    return translate(
        "Errors", "Something went wrong. Your saved marks are safe on this laptop; try again, "
        "and if it keeps happening tell the central team.{where}").format(where=where)


def explain(exc: BaseException) -> str:
    """``describe_error(exc)`` for a message shown in place (a form's error line); an
    unexpected error is logged with its traceback, as ``show_error`` does."""
    if not isinstance(exc, _expected_error_types()):
        log.error("unexpected error", exc_info=exc)
    return describe_error(exc)


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show ``exc`` in a non-blocking message box; returns the box (it deletes itself)."""
    message = explain(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_unexpected(exc: BaseException) -> None:
    """An exception nobody handled (a slot that raised): say so in a dialog that names
    the log file, and carry on; the app keeps running. Only on the GUI thread with an
    application; a burst of errors shows one dialog at a time."""
    app = QApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return
    if _open_boxes:
        return  # one is already up: the log has the rest
    box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, describe_error(exc),
                      QMessageBox.StandardButton.Ok, QApplication.activeWindow())
    box.setObjectName("unexpectedError")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_boxes.append(box)
    box.finished.connect(lambda _result: _open_boxes.remove(box))
    box.open()


_open_boxes: list[QMessageBox] = []


def log_file() -> Path | None:
    """The log file the error dialogs point to (None before ``install_excepthooks``)."""
    return _log_folder / LOG_FILENAME if _log_folder is not None else None


def install_excepthooks(log_folder: Path | None) -> None:
    """Log anything uncaught, on any thread, instead of dying silently; on the GUI thread
    also tell the person (``show_unexpected``) and keep going."""
    global _log_folder
    _log_folder = log_folder

    def on_exception(kind: type[BaseException], exc: BaseException,
                     tb: TracebackType | None) -> None:
        log.critical("uncaught exception", exc_info=(kind, exc, tb))
        if issubclass(kind, KeyboardInterrupt):
            return
        show_unexpected(exc)

    def on_thread_exception(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.critical("uncaught exception in thread %s", args.thread and args.thread.name,
                         exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception
