"""Every document the app prints, as PDF bytes, and the one way to write them to a file.

Each document has one exporter of the same shape: what it is made from (the local store,
a service that reads it, or a form's view), which one, and ``printed_at`` (the time stamped
on it; now by default), giving the PDF as bytes:

- ``sign_in_sheet_pdf(store, event_id)``: an event's sign-in register;
- ``confidential_sheet_pdf(store, event_id)``: its confidential facilitator sheet;
- ``evaluation_report_pdf(reports, event_id)``: an event's evaluation report and its
  group's trend;
- ``fee_statement_pdf(fees, today, group_ids)``: the partner's fee statement;
- ``form_pdf(view)``: a QA visit record, coaching conversation or self-assessment;
- ``progress_pdf(progress, group)``: a group's progress summary, a page per candidate.

``write_pdf(data, path)`` writes any of them whole or not at all. The window and the command
line call them the same way, ``write_pdf(<document>_pdf(...), path)``; a print preview or the
system print dialog takes the bytes. Printing many registers at once (with progress, cancel
and a combined file) is ``app.printing.batch``.

No Qt here: everything runs on any thread (the window calls it from a worker). Each
exporter imports its printer when first called: ReportLab takes a noticeable part of a
second to load, and the app starts without it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Collection
from pathlib import Path
from typing import IO, TYPE_CHECKING

from app.atomic_file import write_atomically
from app.printing.model import DEFAULT_WALK_IN_ROWS, load_sheets, now_for_print
from app.store import Store
from protocol.text import _

if TYPE_CHECKING:  # named in annotations only: the command line need not load them
    from app.fee_service import FeeService
    from app.forms.views import FormView
    from app.progress import ProgressService
    from app.reports import ReportService


def write_pdf(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` whole or not at all (a temporary file beside it, renamed
    into place), so a failed export never leaves half a file nor breaks an earlier one;
    ``DiskFull`` when the disk has no room for it. The path written."""
    path = Path(path)
    write_atomically(path, lambda out: out.write(data))
    return path


def rendered(render: Callable[[IO[bytes]], object]) -> bytes:
    """The bytes ``render`` writes to a binary file."""
    buffer = io.BytesIO()
    render(buffer)
    return buffer.getvalue()


def sign_in_sheet_pdf(store: Store, event_id: str, *, printed_at: dt.datetime | None = None,
                      walk_in_rows: int = DEFAULT_WALK_IN_ROWS) -> bytes:
    """An event's sign-in register, with ``walk_in_rows`` blank rows for walk-ins."""
    from app.printing.sign_in_sheet import render_sign_in_sheet

    register, _sheet = load_sheets(store, event_id, printed_at=printed_at or now_for_print(),
                                   walk_in_rows=walk_in_rows)
    return rendered(lambda out: render_sign_in_sheet(register, out))


def confidential_sheet_pdf(store: Store, event_id: str, *,
                           printed_at: dt.datetime | None = None,
                           walk_in_rows: int = DEFAULT_WALK_IN_ROWS) -> bytes:
    """An event's confidential facilitator sheet, each person with their number on the
    sign-in register printed with the same ``printed_at`` and ``walk_in_rows``."""
    from app.printing.confidential_sheet import render_confidential_sheet

    register, sheet = load_sheets(store, event_id, printed_at=printed_at or now_for_print(),
                                  walk_in_rows=walk_in_rows)
    return rendered(lambda out: render_confidential_sheet(sheet, out, register))


def evaluation_report_pdf(reports: ReportService, event_id: str, *, with_trend: bool = True,
                          printed_at: dt.datetime | None = None) -> bytes:
    """An event's evaluation report and (``with_trend``) its group's trend on a page of its
    own. ``LookupError`` when this laptop holds no report for the event."""
    from app.printing.report_pdf import write_report_pdf

    report = reports.event_report(event_id)
    if report is None:
        raise LookupError(_("This event has no evaluation report on this computer."))
    trend = reports.group_trend(report.group_id) if with_trend else None
    return rendered(lambda out: write_report_pdf(report, out, trend=trend,
                                                 printed_at=printed_at))


def fee_statement_pdf(fees: FeeService, today: dt.date,
                      group_ids: Collection[str] | None = None, *,
                      printed_at: dt.datetime | None = None) -> bytes:
    """The fee statement as of ``today`` for the partner's groups (or only ``group_ids``)."""
    from app.printing.fee_pdf import write_fee_statement_pdf

    statement = fees.statement(today, group_ids)
    when = printed_at or dt.datetime.now().astimezone()
    return rendered(lambda out: write_fee_statement_pdf(statement, out, printed_at=when))


def form_pdf(view: FormView, *, printed_at: dt.datetime | None = None) -> bytes:
    """A QA visit record, coaching conversation or self-assessment, to send to the
    facilitator."""
    from app.printing.form_pdf import render_form

    return rendered(lambda out: render_form(view, out, printed_at=printed_at))


def progress_pdf(progress: ProgressService, group_code_or_id: str,
                 printed_at: dt.datetime | None = None, *,
                 today: dt.date | None = None) -> bytes:
    """A group's progress summary as at ``today`` (the day printed by default): one page
    per candidate, the whole group in one file. ``NotFoundError`` for an unknown group."""
    from app.printing.progress_pdf import load_progress_sheet, write_progress_pdf

    when = printed_at or dt.datetime.now().astimezone()
    sheet = load_progress_sheet(progress, group_code_or_id, today or when.date())
    return rendered(lambda out: write_progress_pdf(sheet, out, printed_at=when))
