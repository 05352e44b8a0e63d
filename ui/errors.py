"""One place that turns an exception into something a facilitator can read."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

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
    where = f"\n\nDetails are in the log in {_log_folder}." if _log_folder else ""
    return (
        "Something went wrong. Your saved marks are safe on this laptop; "
        f"try again, and if it keeps happening tell the central team.{where}"
    )


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show ``exc`` in a non-blocking message box; returns the box (it deletes itself)."""
    if not isinstance(exc, _expected_error_types()):
        log.error("unexpected error", exc_info=exc)
    box = QMessageBox(QMessageBox.Icon.Warning, "NPQ Partner Desk", describe_error(exc),
                      QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def install_excepthooks(log_folder: Path | None) -> None:
    """Log anything uncaught, on any thread, instead of dying silently."""
    global _log_folder
    _log_folder = log_folder

    def on_exception(kind: type[BaseException], exc: BaseException,
                     tb: TracebackType | None) -> None:
        log.critical("uncaught exception", exc_info=(kind, exc, tb))

    def on_thread_exception(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.critical("uncaught exception in thread %s", args.thread and args.thread.name,
                         exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception
