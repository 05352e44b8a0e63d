"""The headless command line, without Qt: parsing and dispatch of every command that runs
without a window, for both ``npq-desk COMMAND …`` and ``python -m desk COMMAND …``.

    sync                     one sync with the sign-in saved on this laptop
    calendar --out FILE.ics  your events (and briefings) as an iCalendar file
    export attendance --group CODE --out FILE.xlsx|FILE.csv   a group's attendance
    export progress --group CODE --out FILE.pdf   a page of progress per candidate
    export flyer --out FILE.pdf   the partner's allocation-code flyer (A5)
    print register|group|intake …   paper sign-in registers as PDF (``desk.print_command``)

``npq-desk`` also opens the window (no command) and runs every command on a throwaway demo
laptop (``npq-desk --demo [--role R] COMMAND …``): the window's entry point (``ui.main``)
passes in a ``DemoLaptop``, because only the ui layer may start the embedded demo server.
``python -m desk`` has no window and no demo; with no command it syncs.

Every command ends with one message on stderr when it stops and one exit code from the one
table (``app.exit_codes``): 0 done, 1 try again later, 2 sign in, 3 wrong address or app too
old, 4 a problem on this laptop, 64 a wrong command line.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from functools import partial
from pathlib import Path

from app import paths
from app.logging_setup import ScrubbingFormatter, setup_logging
from app.version import app_version
from desk.headless import (
    ArgumentParser,
    calendar_command,
    export_attendance_command,
    export_flyer_command,
    export_progress_command,
    fail,
    sync_command,
)

log = logging.getLogger(__name__)

# Every headless command, by name. ``print`` takes the rest of the command line as its own
# (``desk.print_command``; ``print_arguments`` splits it off before the options are parsed);
# the others are parsed here.
COMMANDS = ("sync", "calendar", "export", "print")
# What ``export`` writes: ``export attendance --group CODE --out FILE.xlsx|FILE.csv``, and
# ``export progress --group CODE --out FILE.pdf``, and the partner's allocation-code flyer,
# ``export flyer --out FILE.pdf`` (no group); each with the suffixes it writes.
EXPORTS = ("attendance", "progress", "flyer")
EXPORT_SUFFIXES = {"attendance": (".xlsx", ".csv"),  # as app.exports.attendance.SUFFIXES
                   "progress": (".pdf",), "flyer": (".pdf",)}
GROUPLESS_EXPORTS = ("flyer",)
# Options that take a value (to find ``print`` among the arguments).
_VALUED = ("--home", "--role", "--out", "--group")
ROLES = ("facilitator", "cofacilitator", "partner", "qa")
EXIT_CODES = ("Exit codes of the commands: 0 done, 1 try again later, 2 sign in, 3 wrong "
              "address or app too old, 4 a problem on this laptop, 64 a wrong command line.")

# ``npq-desk --demo``: given a demo role, a context whose value is the home folder of a
# throwaway demo laptop signed in as that role (and synced), removed when it ends.
DemoLaptop = Callable[[str], AbstractContextManager[Path]]


def _parser(prog: str, *, window: bool) -> ArgumentParser:
    """The options before (or around) a command. ``window``: ``npq-desk``, which opens the
    window when no command is given and has the demo; else ``python -m desk``."""
    what = ("NPQ Partner Desk" if window
            else "NPQ Partner Desk's headless commands (no window); no command: sync")
    parser = ArgumentParser(
        prog=prog, description=what,
        epilog=f"{prog} [OPTIONS] print register|group|intake …: print paper registers "
               f"without a window ({prog} print --help). {EXIT_CODES}")
    parser.add_argument("command", nargs="?", choices=COMMANDS, metavar="COMMAND",
                        default=None if window else "sync",
                        help="'sync': run one sync without opening a window; 'calendar': "
                             "write your events (and briefings) as an .ics file (--out); "
                             "'export attendance': a group's attendance as a spreadsheet "
                             "(--group, --out FILE.xlsx or FILE.csv); 'export progress': "
                             "a page of progress per candidate as a PDF (--group, --out "
                             "FILE.pdf); 'export flyer': the partner's allocation-code "
                             "flyer as an A5 PDF (--out FILE.pdf); "
                             "'print register|group|intake …': paper sign-in registers "
                             f"({prog} print --help)")
    parser.add_argument("what", nargs="?", choices=EXPORTS, metavar="WHAT",
                        help="what 'export' writes: 'attendance', 'progress' or 'flyer'")
    parser.add_argument("--group", metavar="CODE",
                        help="the group (its code or id) to export (with 'export')")
    parser.add_argument("--out", type=Path,
                        help="the .ics file to write (with 'calendar'); the .xlsx or .csv "
                             "file (with 'export attendance'), the .pdf (with 'export "
                             "progress')")
    if window:
        parser.add_argument("--demo", action="store_true",
                            help="an embedded demo server, signed in (with a command: run "
                                 "it on a throwaway demo laptop)")
        parser.add_argument("--role", default="facilitator", choices=ROLES,
                            help="the demo user to sign in as (with --demo)")
    parser.add_argument("--home", type=Path,
                        help="the app's home folder: data and logs in this folder (default: "
                             "$NPQ_DESK_HOME or the platform's data folder)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log to stderr too")
    parser.add_argument("--version", action="version",
                        version=f"NPQ Partner Desk {app_version()}")
    return parser


def parse_args(argv: Sequence[str] | None, *, prog: str = "npq-desk",
               window: bool = True) -> argparse.Namespace:
    """The options and the command (``None``: the window) of ``argv`` without its
    ``print …`` part (``print_arguments``)."""
    parser = _parser(prog, window=window)
    args = parser.parse_args(argv)
    if args.command == "calendar" and args.out is None:
        parser.error(f"say where to write the calendar: {prog} calendar --out FILE.ics")
    if args.command == "export":
        _check_export(parser, args, prog)
    elif args.what is not None:
        parser.error(f"unrecognized arguments: {args.what}")
    if not window:
        args.demo, args.role = False, None
    return args


def _check_export(parser: ArgumentParser, args: argparse.Namespace, prog: str) -> None:
    usage = (f"{prog} export attendance --group CODE --out FILE.xlsx (or FILE.csv), or "
             f"{prog} export progress --group CODE --out FILE.pdf, or "
             f"{prog} export flyer --out FILE.pdf")
    needs_group = args.what not in GROUPLESS_EXPORTS
    if args.what is None or (needs_group and args.group is None) or args.out is None:
        parser.error(f"say what to export, of which group and where: {usage}")
    suffixes = EXPORT_SUFFIXES[args.what]
    if args.out.suffix.lower() not in suffixes:
        parser.error(f"the {args.what} is written as {' or '.join(suffixes)}, not "
                     f"{args.out.name!r}: {usage}")


def print_arguments(argv: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """``[OPTIONS] print ARGS…`` split into (OPTIONS, ARGS) for ``desk.print_command``;
    None when the command is not ``print``."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word == "print":
            return list(argv[:index]), list(argv[index + 1:])
        if not word.startswith("-"):
            return None  # another command
        index += 2 if word in _VALUED else 1
    return None


def is_headless(args: argparse.Namespace, printing: list[str] | None) -> bool:
    """Whether the command line names a headless command (else it is the window)."""
    return printing is not None or args.command is not None


def start(args: argparse.Namespace) -> int | None:
    """Set up what every entry point needs before its work: the home folder (``--home``)
    and the log file (and stderr with ``-v``). An exit code when that fails, else None."""
    if args.home is not None:
        os.environ[paths.HOME_ENV] = str(args.home.expanduser().resolve())
    try:
        setup_logging(paths.log_dir())
    except OSError as exc:  # a home that cannot hold the log (a file, no permission)
        return fail(exc)
    if args.verbose:
        echo = logging.StreamHandler()
        echo.setFormatter(ScrubbingFormatter("%(levelname)s %(name)s: %(message)s"))
        logging.getLogger().addHandler(echo)
    return None


def run(args: argparse.Namespace, printing: list[str] | None, *, prog: str = "npq-desk",
        demo: DemoLaptop | None = None) -> int:
    """Run the headless command ``args`` names (``printing``: the arguments of ``print``),
    on a demo laptop when ``args.demo``. Call ``start`` first."""
    command: Callable[[], int]
    if printing is not None:
        from desk.print_command import main as print_main

        command = partial(print_main, printing, prog=f"{prog} print")
    elif args.command == "sync":
        command = sync_command
    elif args.command == "calendar":
        command = partial(calendar_command, args.out)
    elif args.command == "export" and args.what == "flyer":
        command = partial(export_flyer_command, args.out)
    elif args.command == "export":
        command = partial(export_attendance_command if args.what == "attendance"
                          else export_progress_command, args.group, args.out)
    else:
        raise ValueError(f"not a headless command: {args.command!r}")
    log.info("%s %s starting (demo=%s)", prog, "print" if printing is not None
             else args.command, args.demo)
    if not args.demo:
        return command()
    if demo is None:
        raise ValueError("a demo command needs a demo laptop")
    return run_in_demo(demo, args.role, command)


def run_in_demo(demo: DemoLaptop, role: str, command: Callable[[], int]) -> int:
    """``npq-desk --demo [--role R] COMMAND``: the command on a throwaway demo laptop,
    signed in to an embedded demo server, exactly as it runs for a real user."""
    try:
        with demo(role) as home:
            os.environ[paths.HOME_ENV] = str(home)
            return command()
    except Exception as exc:  # the demo could not start (no room for it, ...)
        return fail(exc)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m desk [--home DIR] [-v] [COMMAND …]``: a headless command (sync when none
    is named), the same as ``npq-desk COMMAND …`` with the same exit codes."""
    prog = "python -m desk"
    words = list(sys.argv[1:] if argv is None else argv)
    printing = print_arguments(words)
    args = parse_args(printing[0] if printing is not None else words, prog=prog,
                      window=False)
    failed = start(args)
    if failed is not None:
        return failed
    return run(args, printing[1] if printing is not None else None, prog=prog)
