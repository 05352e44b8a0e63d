"""The headless commands, without Qt: ``npq-desk sync`` (and ``python -m desk``, which runs
the same function), ``npq-desk calendar``, ``npq-desk export attendance``, ``export
progress`` and ``export flyer``, and the parts
``npq-desk print`` shares.

Each opens the database as the window does (``app.startup.open_store``: the daily backup and
the retention purge included), prints what it did on stdout, and turns every failure into a
message on stderr and an exit code from the one table (``app.exit_codes``), never a
traceback. What the commands print stays in English (docs/assumptions.md).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from app import exit_codes
from app.errors import DomainError, LocalProblem, NotFoundError, NotSignedInError
from app.identity import get_identity
from app.store import Store
from protocol.wire import CLOCK_SKEW_WARNING_SECONDS
from sync.errors import SyncError

log = logging.getLogger(__name__)

NOT_SIGNED_IN = "Not signed in on this computer: open NPQ Partner Desk and sign in first."
UNEXPECTED = ("Something went wrong. Nothing saved on this laptop was lost; try again, and if "
              "it keeps happening tell the central team (details are in the log file).")


class NothingToExport(DomainError):
    """An export this laptop has nothing for (not this user's, not synced yet): said, exit 1."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a wrong command line exits ``USAGE`` (64): its default, 2, means
    "sign in" in our table. Subcommand parsers inherit the class."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(exit_codes.USAGE, f"{self.prog}: error: {message}\n")


def exit_code(exc: BaseException) -> int:
    """The exit code for a command stopped by ``exc`` (``app.exit_codes``)."""
    if isinstance(exc, SyncError):
        return exc.exit_code
    if isinstance(exc, NotSignedInError):
        return exit_codes.SIGN_IN
    if isinstance(exc, LocalProblem | OSError):
        return exit_codes.LOCAL
    return exit_codes.RETRY


def message(exc: BaseException) -> str:
    """What the person running the command reads for ``exc``."""
    if isinstance(exc, DomainError | SyncError):
        return exc.message
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return (f"Could not use{where}: {exc.strerror or type(exc).__name__}. Nothing was "
                "changed; check the path and its permissions.")
    return UNEXPECTED


def fail(exc: BaseException) -> int:
    """Say why the command stopped; its exit code."""
    code = exit_code(exc)
    if code == exit_codes.RETRY and not isinstance(exc, SyncError):
        log.error("headless command failed", exc_info=exc)
    else:
        log.info("headless command stopped: %s (exit %s)", type(exc).__name__, code)
    print(message(exc), file=sys.stderr)
    return code


def on_local_store(work: Callable[[Store], int]) -> int:
    """Run ``work`` on this laptop's database, opened as the window opens it. A daily
    backup skipped for want of room is said on stderr, and the work goes on."""
    from app.daily_backup import skipped
    from app.startup import open_store

    try:
        store = open_store()
    except Exception as exc:  # locked, no secure keyring, a folder in the way, ...
        return fail(exc)
    if warning := skipped(store):
        print(warning, file=sys.stderr)
    try:
        return work(store)
    except KeyboardInterrupt:
        print("Cancelled.", file=sys.stderr)
        return exit_codes.RETRY
    except Exception as exc:
        return fail(exc)
    finally:
        store.close()


def sync_command() -> int:
    """One sync with the sign-in saved on this laptop."""
    return on_local_store(_sync)


def _sync(store: Store) -> int:
    from sync.service import SyncService

    identity = get_identity(store)
    service = SyncService(store, identity.server_url) if identity is not None else None
    if service is None or service.resume() is None:
        print(NOT_SIGNED_IN, file=sys.stderr)
        return exit_codes.SIGN_IN
    report = service.sync_once()
    print(f"Synced with {service.server_url}: {report.describe()}.")
    attention = service.status().needs_attention
    if attention:
        print(f"{attention} change(s) need attention: open the app to see why.")
    skew = report.clock_skew_seconds
    if skew is not None and abs(skew) > CLOCK_SKEW_WARNING_SECONDS:
        print(f"This laptop's clock is {abs(skew) / 60:.0f} minutes off the server's.")
    return exit_codes.OK


def calendar_command(out: Path) -> int:
    """``npq-desk calendar --out FILE.ics``: what this laptop holds, no network needed."""
    from app.calendar_service import write_calendar

    target = out.expanduser()

    def calendar(store: Store) -> int:
        identity = get_identity(store)
        if identity is None:
            print(NOT_SIGNED_IN, file=sys.stderr)
            return exit_codes.SIGN_IN
        try:
            written = write_calendar(store, identity.user_id, target)
        except OSError as exc:  # a folder that cannot be written, ...
            print(f"Could not write the calendar to {target}: {exc.strerror or exc}. "
                  "Nothing was changed.", file=sys.stderr)
            return exit_codes.LOCAL
        print(f"Calendar written to {written}.")
        return exit_codes.OK

    return on_local_store(calendar)


def _export_command(what: str, target: Path, write: Callable[[Store], str]) -> int:
    """The shape of every ``npq-desk export``: what this laptop holds, no network needed.
    ``write`` writes ``what`` to ``target`` and returns the line to print. Signed out is 2;
    an unknown group a wrong command line (64), said as ``npq-desk print group`` says it;
    a file that cannot be written 4, with nothing changed."""

    def export(store: Store) -> int:
        if get_identity(store) is None:
            print(NOT_SIGNED_IN, file=sys.stderr)
            return exit_codes.SIGN_IN
        try:
            done = write(store)
        except NotFoundError as exc:
            print(exc.message, file=sys.stderr)
            return exit_codes.USAGE
        except NothingToExport as exc:
            print(exc.message, file=sys.stderr)
            return exit_codes.RETRY
        except OSError as exc:  # a folder that cannot be written, ...
            print(f"Could not write the {what} to {target}: {exc.strerror or exc}. "
                  "Nothing was changed.", file=sys.stderr)
            return exit_codes.LOCAL
        print(done)
        return exit_codes.OK

    return on_local_store(export)


def export_attendance_command(group: str, out: Path) -> int:
    """``npq-desk export attendance --group CODE --out FILE.xlsx|FILE.csv``."""
    from app.exports.attendance import write_attendance

    target = out.expanduser()

    def write(store: Store) -> str:
        matrix = write_attendance(store, group, target)
        walk_ins = sum(1 for row in matrix.rows if row.walk_in)
        people = f"{len(matrix.rows) - walk_ins} candidates" + (
            f" and {walk_ins} walk-in(s)" if walk_ins else "")
        return (f"Attendance of {matrix.group_code} written to {target} ({people}, "
                f"{len(matrix.events)} events).")

    return _export_command("attendance", target, write)


def export_progress_command(group: str, out: Path) -> int:
    """``npq-desk export progress --group CODE --out FILE.pdf``: a page of progress per
    candidate, as at today."""
    from app.printing.exporters import progress_pdf, write_pdf
    from app.progress import ProgressService

    target = out.expanduser()

    def write(store: Store) -> str:
        write_pdf(progress_pdf(ProgressService(store), group), target)
        return f"Progress summary of {group} written to {target}."

    return _export_command("progress summary", target, write)


def export_flyer_command(out: Path) -> int:
    """``npq-desk export flyer --out FILE.pdf``: the partner lead's allocation-code flyer
    (A5), from what this laptop holds. Someone who is not a partner lead, or a laptop that
    holds no partner yet, is told so (exit 1: nothing to print here)."""
    from app.partner_page import PartnerPageService
    from app.printing.exporters import write_pdf
    from app.printing.flyer_pdf import render_flyer
    from app.printing.model import now_for_print

    target = out.expanduser()

    def write(store: Store) -> str:
        identity = get_identity(store)
        if identity is not None and "partner_lead" not in identity.roles:
            raise NothingToExport("The allocation-code flyer is the partner lead's: sign in "
                                  "as your partner's lead to print it.")
        try:
            code = PartnerPageService(store).allocation_code()
        except NotFoundError as exc:  # no partner here: nothing to print yet, not a usage error
            raise NothingToExport(exc.message) from None
        write_pdf(render_flyer(code, now_for_print()), target)
        return f"Allocation-code flyer of {code.partner_name} ({code.code}) written to {target}."

    return _export_command("flyer", target, write)
