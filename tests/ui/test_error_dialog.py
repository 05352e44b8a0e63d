"""An exception nobody handles (a slot that raises) is logged, shown in a dialog that
names the log file, and the app carries on: the same button works again afterwards."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.logging_setup import LOG_FILENAME, setup_logging
from ui import errors


@pytest.fixture
def hooks(tmp_path: Path) -> Iterator[Path]:
    """The app's excepthooks and log file, put back as they were afterwards."""
    saved = sys.excepthook, threading.excepthook, errors._log_folder
    root = logging.getLogger()
    # An app started earlier in this process (a test of ui.main) may have left its log
    # handler behind; setup_logging would hand that one back instead of this test's file.
    earlier = [h for h in root.handlers if getattr(h, "npq_desk", False)]
    for existing in earlier:
        root.removeHandler(existing)
    handler = setup_logging(tmp_path / "logs")
    errors.install_excepthooks(tmp_path / "logs")
    try:
        yield tmp_path / "logs" / LOG_FILENAME
    finally:
        sys.excepthook, threading.excepthook, errors._log_folder = saved
        root.removeHandler(handler)
        handler.close()
        for existing in earlier:
            root.addHandler(existing)


def _error_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "unexpectedError"
            and w.isVisible()]


@pytest.mark.qt_no_exception_capture
def test_a_slot_that_raises_shows_the_log_file_and_the_app_carries_on(qtbot, hooks) -> None:
    clicks: list[int] = []
    button = QPushButton("Go")
    qtbot.addWidget(button)

    def go() -> None:
        clicks.append(1)
        if len(clicks) == 1:
            raise RuntimeError("boom in a slot")

    button.clicked.connect(go)
    button.show()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_error_boxes()), timeout=5_000)
    box = _error_boxes()[0]
    assert "Something went wrong" in box.text()
    assert str(hooks) in box.text()
    box.accept()
    qtbot.waitUntil(lambda: not _error_boxes(), timeout=5_000)

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # still running, still working
    assert clicks == [1, 1]
    assert not _error_boxes()
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = hooks.read_text(encoding="utf-8")
    assert "uncaught exception" in logged and "RuntimeError: boom in a slot" in logged


@pytest.mark.qt_no_exception_capture
def test_an_error_on_a_worker_thread_is_logged_without_a_dialog(qtbot, hooks) -> None:
    worker = threading.Thread(target=lambda: 1 / 0, name="worker-test")
    worker.start()
    worker.join()
    QApplication.processEvents()
    assert not _error_boxes()
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "ZeroDivisionError" in hooks.read_text(encoding="utf-8")
