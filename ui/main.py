"""``npq-desk``: the desktop app, its demo mode, and the headless commands (``sync``,
``calendar``, ``print``; ``desk.headless``, no Qt), each also on a demo laptop (``--demo``).
Nothing here imports Qt until the window is wanted."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from app import paths
from app.logging_setup import setup_logging
from app.version import app_version
from desk.headless import ArgumentParser, calendar_command, fail, sync_command

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


COMMANDS = ("sync", "calendar")
# Options of npq-desk that take a value (to find the command among the arguments).
_VALUED = ("--home", "--role", "--out")


def _parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="npq-desk", description="NPQ Partner Desk",
        epilog="npq-desk [--home DIR | --demo [--role R]] print register|group|intake …: "
               "print paper registers without a window (npq-desk print --help). Exit codes "
               "of the commands: 0 done, 1 try again later, 2 sign in, 3 wrong address or "
               "app too old, 4 a problem on this laptop, 64 a wrong command line.")
    parser.add_argument("command", nargs="?", choices=COMMANDS,
                        help="'sync': run one sync without opening a window; 'calendar': "
                             "write your events (and briefings) as an .ics file (--out)")
    parser.add_argument("--out", type=Path,
                        help="the .ics file to write (with 'calendar')")
    parser.add_argument("--demo", action="store_true",
                        help="an embedded demo server, signed in (with a command: run it "
                             "on a throwaway demo laptop)")
    parser.add_argument("--role", default="facilitator",
                        choices=["facilitator", "cofacilitator", "partner", "qa"],
                        help="the demo user to sign in as (with --demo)")
    parser.add_argument("--home", type=Path, help="keep data and logs in this folder")
    parser.add_argument("--version", action="version",
                        version=f"NPQ Partner Desk {app_version()}")
    return parser


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "calendar" and args.out is None:
        parser.error("say where to write the calendar: npq-desk calendar --out FILE.ics")
    return args


def print_arguments(argv: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """``npq-desk [OPTIONS] print ARGS…`` split into (OPTIONS, ARGS) for
    ``desk.print_command``; None when the command is not ``print``."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word == "print":
            return list(argv[:index]), list(argv[index + 1:])
        if not word.startswith("-"):
            return None  # another command
        index += 2 if word in _VALUED else 1
    return None


def run_in_demo(role: str, command: Callable[[], int]) -> int:
    """``npq-desk --demo [--role R] COMMAND``: the command on a throwaway demo laptop,
    signed in to an embedded demo server, exactly as it runs for a real user."""
    from ui.demo_backend import DemoBackend

    backend = DemoBackend()
    try:
        os.environ[paths.HOME_ENV] = str(backend.signed_in_home(role))
        return command()
    except Exception as exc:
        return fail(exc)
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
    from ui.errors import APP_TITLE
    from ui.i18n import translate
    from ui.session import accept_unencrypted, prepare_store

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
    words = list(sys.argv[1:] if argv is None else argv)
    printing = print_arguments(words)
    args = parse_args(printing[0] if printing is not None else words)
    if args.home is not None:
        os.environ[paths.HOME_ENV] = str(args.home.expanduser().resolve())
    try:
        setup_logging(paths.log_dir())
    except OSError as exc:  # a home that cannot hold the log (a file, no permission)
        return fail(exc)
    log.info("npq-desk starting (demo=%s, command=%s)", args.demo,
             "print" if printing is not None else args.command)
    command: Callable[[], int]
    if printing is not None:
        from desk.print_command import main as print_main

        command = partial(print_main, printing[1])
    elif args.command == "sync":
        command = sync_command
    elif args.command == "calendar":
        command = partial(calendar_command, args.out)
    else:
        return run_gui(args)
    return run_in_demo(args.role, command) if args.demo else command()


if __name__ == "__main__":
    raise SystemExit(main())
