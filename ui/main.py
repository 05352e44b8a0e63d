"""``npq-desk``: the desktop app and its demo mode. A headless command (``sync``,
``calendar``, ``print``) is handed to ``desk.cli``, which parses and runs them without Qt;
this module only adds the demo laptop (``--demo``) they may run on. Nothing here imports Qt
until the window is wanted."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app import paths
from app.logging_setup import setup_logging as setup_logging  # (tests and benchmarks)
from desk import cli
from desk.cli import parse_args as parse_args  # the window's options are the commands'
from desk.cli import print_arguments as print_arguments

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

# Test hook (the packaged-bundle test and smoke checks): with this set to a number of
# milliseconds, the app prints "main window shown" once its main window appears and quits
# cleanly that long after; if no main window has appeared within QUIT_DEADLINE_S it exits
# with status 3, so a smoke run can tell "ran and showed its window" from "hung".
QUIT_AFTER_ENV = "NPQ_DESK_QUIT_AFTER_MS"
QUIT_DEADLINE_S = 120
WINDOW_SHOWN_LINE = "main window shown"


@contextmanager
def demo_laptop(role: str) -> Iterator[Path]:
    """A throwaway demo laptop signed in as ``role`` to an embedded demo server (started
    here: only ui may start it), for ``npq-desk --demo COMMAND``; its home folder."""
    from ui.demo_backend import DemoBackend

    backend = DemoBackend()
    try:
        yield backend.signed_in_home(role)
    finally:
        backend.close()


def make_application(*, translated: bool = True, font_pt: float | None = None
                     ) -> QApplication:
    """The QApplication as npq-desk sets it up (also for the benchmarks and screenshots):
    the user's language (``translated``), the app's names and icon, light or dark as the
    system is. ``font_pt`` (screenshots) sets the desktop font first; the theme sizes its
    type from it."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from ui import style
    from ui.i18n import install_translator
    from ui.icons import icon

    app = QApplication(sys.argv[:1])
    if translated:
        install_translator(app)  # before any window: the user's language, when there is one
    app.setApplicationName("NPQ Partner Desk")
    app.setOrganizationName("NPQ")
    app.setDesktopFileName("npq-partner-desk")  # Wayland/taskbar: the installed .desktop
    app.setWindowIcon(icon("app"))
    if font_pt:
        font = QFont(app.font())
        font.setPointSizeF(font_pt)
        app.setFont(font)
    style.apply(app)  # light or dark as the system is, and follows a change
    return app


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QSettings

    from app.errors import LocalProblem
    from ui.errors import install_excepthooks, show_error
    from ui.gui_gc import GuiThreadCollector
    from ui.runner import Runner

    app = make_application()
    GuiThreadCollector(app)  # cycles are freed on this thread, never on a worker's
    install_excepthooks(paths.log_dir())
    quit_after = quit_after_ms()
    if quit_after is not None:
        install_quit_after(app, quit_after)
    runner = Runner(on_error=lambda exc: show_error(app.activeWindow(), exc))
    if args.demo:
        from ui.demo import Demo, DemoBackend

        backend = DemoBackend()
        demo = Demo(runner, backend)
        demo.failed.connect(lambda exc: _fatal(app, exc) if demo.window is None
                            else show_error(demo.window, exc))
        demo.open(args.role)
        try:
            return app.exec()
        finally:
            runner.wait_for_done()
            backend.close()
    from ui.launcher import Launcher
    from ui.single_instance import SingleInstance, bring_to_front

    instance = SingleInstance(paths.data_dir())
    try:
        acquired = instance.acquire()
    except LocalProblem as exc:  # a full disk, or a folder that cannot be written
        _fatal(app, exc)
        return 1
    if not acquired:
        return _already_running(instance)
    try:
        if not store_ready():
            return 1
        settings = QSettings(str(paths.data_dir() / "window.ini"), QSettings.Format.IniFormat)
        launcher = Launcher(runner, settings)
        instance.raise_requested.connect(
            lambda: bring_to_front(launcher.window or launcher.login))
        launcher.start()
        try:
            return app.exec()
        finally:
            launcher.close()
    finally:
        instance.release()


def _already_running(instance: object) -> int:
    """A second start on the same data folder: hand over to the first, never open the
    database. 0 when the first came to the front, 1 when it did not answer."""
    from PySide6.QtWidgets import QMessageBox

    from ui.errors import APP_TITLE
    from ui.i18n import translate
    from ui.single_instance import SingleInstance

    assert isinstance(instance, SingleInstance)
    if instance.hand_over():
        log.info("already running: handed over to the first instance")
        print(translate("Startup", "NPQ Partner Desk is already open on this computer with "
                        "the same data folder; its window has been brought to the front."),
              file=sys.stderr)
        return 0
    log.warning("data folder held by an instance that does not answer")
    QMessageBox.warning(None, APP_TITLE, translate(
        "Startup", "NPQ Partner Desk is already open on this computer with the same data "
        "folder, but it did not answer. Close it (or wait for it to finish closing) and "
        "start again."))
    return 1


def quit_after_ms() -> int | None:
    """``$NPQ_DESK_QUIT_AFTER_MS`` as a number, or None when unset or not a number."""
    value = os.environ.get(QUIT_AFTER_ENV, "").strip()
    return int(value) if value.isdigit() else None


def install_quit_after(app: QApplication, delay_ms: int) -> None:
    """The smoke-test hook: watch for the first MainWindow shown, say so on stdout and in
    the log, and quit ``delay_ms`` later; exit 3 if none appears in QUIT_DEADLINE_S."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from ui.main_window import MainWindow

    class WindowWatch(QObject):
        def __init__(self) -> None:
            super().__init__(app)
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (not self.seen and event.type() == QEvent.Type.Show
                    and isinstance(watched, MainWindow)):
                self.seen = True
                log.info(WINDOW_SHOWN_LINE)
                print(WINDOW_SHOWN_LINE, flush=True)
                QTimer.singleShot(delay_ms, app.quit)
            return False

    watch = WindowWatch()
    app.installEventFilter(watch)
    QTimer.singleShot(QUIT_DEADLINE_S * 1000,
                      lambda: None if watch.seen else app.exit(3))


def store_ready() -> bool:
    """Before any window: can the local database be opened? If its key is missing it says
    so and stops (the database is left alone); with no secure keyring it says so and asks
    whether to keep the data unencrypted (saved as a setting), else stops."""
    from PySide6.QtWidgets import QMessageBox

    from app.errors import LocalProblem
    from app.store.keys import InsecureKeyring
    from desk.session import accept_unencrypted, prepare_store
    from ui.errors import APP_TITLE
    from ui.i18n import translate

    try:
        prepare_store()
        return True
    except InsecureKeyring as exc:  # a LocalProblem too, but this one offers a way on
        log.warning("no secure keyring")
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, exc.message)
        box.setObjectName("insecureKeyring")
        accept = box.addButton(translate("Startup", "Keep data unencrypted"),
                               QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Close))
        box.exec()
        if box.clickedButton() is not accept:
            return False
    except LocalProblem as exc:  # locked (its key is not in the keyring), a folder in the way
        log.error("database cannot be opened: %s", type(exc).__name__)
        QMessageBox.critical(None, APP_TITLE, exc.message)
        return False
    accept_unencrypted()
    return store_ready()


def _fatal(app: object, exc: BaseException) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.errors import APP_TITLE, describe_error

    QMessageBox.critical(None, APP_TITLE, describe_error(exc))
    QApplication.quit()


def main(argv: Sequence[str] | None = None) -> int:
    """``npq-desk``: a headless command (``desk.cli``, also on a demo laptop with
    ``--demo``), or the window."""
    words = list(sys.argv[1:] if argv is None else argv)
    printing = print_arguments(words)
    args = parse_args(printing[0] if printing is not None else words)
    failed = cli.start(args)
    if failed is not None:
        return failed
    print_words = printing[1] if printing is not None else None
    if cli.is_headless(args, print_words):
        return cli.run(args, print_words, demo=demo_laptop)
    log.info("npq-desk starting (demo=%s, window)", args.demo)
    return run_gui(args)


if __name__ == "__main__":
    raise SystemExit(main())
