"""Print registers without the app's windows, for scripting.

    python -m app.printing register EVENT_ID --out FILE [--confidential FILE]
    python -m app.printing group GROUP_ID_OR_CODE --out-dir DIR [--combine] [--confidential]
    python -m app.printing intake INTAKE_ID_OR_LABEL --out-dir DIR [--combine] [--confidential]

Works on the signed-in user's local database (``--home`` as for the app, or
``$NPQ_DESK_HOME``); reads it only. Exit codes: 0 done, 1 nothing to print, cancelled, or
the database cannot be opened (locked: its key is not in the keyring; or no secure keyring),
2 an unknown id or a missing database, 4 a full disk (each with a message saying what to
do; no partial PDF is left). A locked database is left exactly as it is.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import exit_codes, paths
from app.errors import LocalProblem, NotFoundError
from app.printing.batch import (
    export_event,
    export_registers,
    group_event_ids,
    intake_event_ids,
)
from app.printing.model import DEFAULT_WALK_IN_ROWS
from app.store import Store
from app.store.keys import InsecureKeyring, StoreLocked


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app.printing",
        description="Print paper sign-in registers (A4 PDF) from the local database.")
    home = argparse.ArgumentParser(add_help=False)
    home.add_argument("--home", type=Path, default=argparse.SUPPRESS,
                      help="the app's home folder (as the app's --home; default: yours)")
    home.add_argument("--walk-ins", type=int, default=DEFAULT_WALK_IN_ROWS, metavar="N",
                      help=f"blank rows for walk-ins (default {DEFAULT_WALK_IN_ROWS})")
    parser.add_argument("--home", type=Path, default=None, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("register", help="one event's sign-in register",
                              parents=[home])
    one.add_argument("event_id")
    one.add_argument("--out", type=Path, required=True, help="the PDF to write")
    one.add_argument("--confidential", type=Path, metavar="FILE",
                     help="also write the confidential facilitator sheet to FILE")
    for name, what in (("group", "every event of a group (id or code)"),
                       ("intake", "every event of every group in an intake (id or label)")):
        many = commands.add_parser(name, help=what, parents=[home])
        many.add_argument(f"{name}_id")
        many.add_argument("--out-dir", type=Path, required=True)
        many.add_argument("--combine", action="store_true",
                          help="one PDF holding every register instead of one per event")
        many.add_argument("--confidential", action="store_true",
                          help="also print each event's confidential facilitator sheet")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.home is not None:
        os.environ[paths.HOME_ENV] = str(args.home.expanduser())
    database = paths.database_path()
    if not database.exists():
        print(f"No local database at {database}. Sign in with NPQ Partner Desk on this "
              "computer first (or pass --home).", file=sys.stderr)
        return 2
    try:
        store = Store.open(database)
    except (StoreLocked, InsecureKeyring) as exc:  # the app's own words, no traceback
        print(exc.message, file=sys.stderr)
        return 1
    except LocalProblem as exc:  # a full disk: which one, and what to free
        print(exc.message, file=sys.stderr)
        return exit_codes.LOCAL
    with store:
        try:
            return _run(store, args)
        except NotFoundError as exc:
            print(_unknown(args, exc), file=sys.stderr)
            return 2
        except LocalProblem as exc:  # no partial PDF is left (app.atomic_file)
            print(exc.message, file=sys.stderr)
            return exit_codes.LOCAL
        except KeyboardInterrupt:
            print("Cancelled.", file=sys.stderr)
            return 1


def _run(store: Store, args: argparse.Namespace) -> int:
    if args.command == "register":
        register = export_event(store, args.event_id, args.out,
                                confidential_path=args.confidential,
                                walk_in_rows=args.walk_ins)
        pages = f"{len(register.rows)} candidates"
        print(f"Wrote {args.out} ({pages}, roster v{register.roster_version}).")
        if args.confidential:
            print(f"Wrote {args.confidential} (confidential: facilitators only).")
        return 0
    if args.command == "group":
        event_ids = group_event_ids(store, args.group_id)
        name = f"{_safe_name(args.group_id)}_registers.pdf"
    else:
        event_ids = intake_event_ids(store, args.intake_id)
        name = f"{_safe_name(args.intake_id)}_registers.pdf"
    if not event_ids:
        print("Nothing to print: no events found.", file=sys.stderr)
        return 1
    written = export_registers(store, event_ids, args.out_dir, combine=args.combine,
                               combined_name=name, confidential=args.confidential,
                               progress=_progress, walk_in_rows=args.walk_ins)
    if sys.stderr.isatty():
        print(file=sys.stderr)  # end the progress line
    for path in written:
        print(path)
    print(f"Wrote {len(written)} file(s) for {len(event_ids)} event(s) to {args.out_dir}.")
    return 0


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\rPrinting registers: {done} of {total}", end="", file=sys.stderr, flush=True)


def _unknown(args: argparse.Namespace, exc: NotFoundError) -> str:
    if args.command == "register":
        return (f"No event {args.event_id!r} in the local database. Check the id (the app "
                "shows it under the event's details), or sync and try again.")
    return str(exc)


def _safe_name(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in text).strip("-.")
