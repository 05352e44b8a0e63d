"""Print registers without the app's windows, for scripting.

    npq-desk print register EVENT_ID --out FILE [--confidential FILE]
    npq-desk print group GROUP_ID_OR_CODE --out-dir DIR [--combine] [--confidential]
    npq-desk print intake INTAKE_ID_OR_LABEL --out-dir DIR [--combine] [--confidential]

(or ``python -m desk print …``, or ``npq-desk --demo [--role R] print …`` on a demo laptop;
parsed and dispatched by ``desk.cli``).

Confidential facilitator sheets are always written to files of their own, never into a
file with sign-in registers (those go round the room): ``--combine --confidential`` writes
``NAME_registers.pdf`` and ``NAME_registers_CONFIDENTIAL.pdf``.

Works on the signed-in user's local database (``--home`` as for the app, or
``$NPQ_DESK_HOME``); reads it only. Exit codes (the table in ``app.exit_codes``), each with a
message saying what to do: 0 done; 1 nothing to print, or cancelled; 2 no database yet (sign
in with the app first); 4 the database cannot be used (locked: its key is not in the
keyring; no secure keyring; a folder where the file should be); 64 a wrong command line or
an id that names nothing here. A locked database is left exactly as it is.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import exit_codes, paths
from app.errors import NotFoundError
from app.printing.batch import (
    export_registers,
    group_event_ids,
    intake_event_ids,
    is_confidential,
)
from app.printing.exporters import confidential_sheet_pdf, sign_in_sheet_pdf, write_pdf
from app.printing.model import (
    DEFAULT_WALK_IN_ROWS,
    MAX_WALK_IN_ROWS,
    load_paper_register,
    now_for_print,
)
from app.startup import check_database_path
from app.store import Store
from desk.headless import ArgumentParser, fail


def _parser(prog: str) -> ArgumentParser:
    parser = ArgumentParser(
        prog=prog,
        description="Print paper sign-in registers (A4 PDF) from the local database.")
    home = ArgumentParser(add_help=False)
    home.add_argument("--home", type=Path, default=argparse.SUPPRESS,
                      help="the app's home folder (as the app's --home; default: yours)")
    home.add_argument("--walk-ins", type=_walk_ins, default=DEFAULT_WALK_IN_ROWS, metavar="N",
                      help=f"blank rows for walk-ins, 0 to {MAX_WALK_IN_ROWS} "
                           f"(default {DEFAULT_WALK_IN_ROWS})")
    parser.add_argument("--home", type=Path, default=None, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("register", help="one event's sign-in register",
                              parents=[home])
    one.add_argument("event_id")
    one.add_argument("--out", type=Path, required=True, help="the PDF to write")
    one.add_argument("--confidential", type=Path, metavar="FILE",
                     help="also write the confidential facilitator sheet to FILE (a file "
                          "of its own: never the sign-in register's)")
    for name, what in (("group", "every event of a group (id or code)"),
                       ("intake", "every event of every group in an intake (id or label)")):
        many = commands.add_parser(name, help=what, parents=[home])
        many.add_argument(f"{name}_id")
        many.add_argument("--out-dir", type=Path, required=True)
        many.add_argument("--combine", action="store_true",
                          help="one PDF holding every sign-in register instead of one per "
                               "event")
        many.add_argument("--confidential", action="store_true",
                          help="also print each event's confidential facilitator sheet, in "
                               "files of their own (..._CONFIDENTIAL.pdf; with --combine one "
                               "such file beside the combined one), never in a file with "
                               "sign-in registers")
    return parser


def main(argv: Sequence[str] | None = None, *, prog: str = "npq-desk print") -> int:
    """``print ARGS…`` (``argv``: what follows ``print``); its exit code."""
    args = _parser(prog).parse_args(argv)
    if args.home is not None:
        os.environ[paths.HOME_ENV] = str(args.home.expanduser())
    database = paths.database_path()
    if not database.exists():
        print(f"No local database at {database}. Sign in with NPQ Partner Desk on this "
              "computer first (or pass --home).", file=sys.stderr)
        return exit_codes.SIGN_IN
    try:
        check_database_path(database)
        store = Store.open(database)
    except Exception as exc:  # locked, no secure keyring, a folder: the app's own words
        return fail(exc)
    with store:
        try:
            return _run(store, args)
        except NotFoundError as exc:
            print(_unknown(args, exc), file=sys.stderr)
            return exit_codes.USAGE
        except KeyboardInterrupt:
            print("Cancelled.", file=sys.stderr)
            return exit_codes.RETRY
        except Exception as exc:
            return fail(exc)


def _run(store: Store, args: argparse.Namespace) -> int:
    if args.command == "register" and _same_file(args.out, args.confidential):
        print("The confidential sheet goes in a file of its own, never with the sign-in "
              "register that goes round the room: give --confidential another file than "
              "--out.", file=sys.stderr)
        return exit_codes.USAGE
    if args.command == "register":
        printed_at, rows = now_for_print(), args.walk_ins
        register = load_paper_register(store, args.event_id, printed_at=printed_at,
                                       walk_in_rows=rows)
        write_pdf(sign_in_sheet_pdf(store, args.event_id, printed_at=printed_at,
                                    walk_in_rows=rows), args.out)
        if args.confidential:
            write_pdf(confidential_sheet_pdf(store, args.event_id, printed_at=printed_at,
                                             walk_in_rows=rows), args.confidential)
        pages = f"{len(register.rows)} candidates"
        print(f"Wrote {args.out} ({pages}, roster v{register.roster_version}).")
        if args.confidential:
            print(f"Wrote {args.confidential} (confidential: for facilitators only; print "
                  "it apart from the register).")
        return exit_codes.OK
    if args.command == "group":
        event_ids = group_event_ids(store, args.group_id)
        name = f"{_safe_name(args.group_id)}_registers.pdf"
    else:
        event_ids = intake_event_ids(store, args.intake_id)
        name = f"{_safe_name(args.intake_id)}_registers.pdf"
    if not event_ids:
        print("Nothing to print: no events found.", file=sys.stderr)
        return exit_codes.RETRY
    written = export_registers(store, event_ids, args.out_dir, combine=args.combine,
                               combined_name=name, confidential=args.confidential,
                               progress=_progress, walk_in_rows=args.walk_ins)
    if sys.stderr.isatty():
        print(file=sys.stderr)  # end the progress line
    for path in written:
        print(path)
    print(f"Wrote {len(written)} file(s) for {len(event_ids)} event(s) to {args.out_dir}.")
    secrets = sum(is_confidential(path) for path in written)
    if secrets:
        print(f"{secrets} of them (..._CONFIDENTIAL.pdf) hold the confidential facilitator "
              "sheets, apart from the sign-in registers: for facilitators only, never to go "
              "round the room.")
    return exit_codes.OK


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\rPrinting registers: {done} of {total}", end="", file=sys.stderr, flush=True)


def _unknown(args: argparse.Namespace, exc: NotFoundError) -> str:
    if args.command == "register":
        return (f"No event {args.event_id!r} in the local database. Check the id (the app "
                "shows it under the event's details), or sync and try again.")
    return str(exc)


def _walk_ins(text: str) -> int:
    try:
        rows = int(text)
    except ValueError:
        rows = -1
    if not 0 <= rows <= MAX_WALK_IN_ROWS:
        raise argparse.ArgumentTypeError(
            f"give a whole number from 0 to {MAX_WALK_IN_ROWS}, not {text!r}")
    return rows


def _same_file(one: Path, other: Path | None) -> bool:
    return other is not None and one.expanduser().resolve() == other.expanduser().resolve()


def _safe_name(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in text).strip("-.")


if __name__ == "__main__":
    sys.exit(main())
