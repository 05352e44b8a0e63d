"""Printing many registers at once: every event of a group, or of every group in an intake.

Runs on any thread (the UI calls it from a worker): it reads the store through its own
sessions, reports progress as ``progress(done, total)`` and checks ``cancelled()`` between
registers (and, when combining into one PDF, between the sheets it draws). Files are
written whole or not at all (``app.printing.exporters.write_pdf``), so a cancelled or
failed export never leaves half a PDF behind. One event's register alone is
``app.printing.exporters.sign_in_sheet_pdf``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO

from sqlalchemy import func, select

from app.atomic_file import write_atomically
from app.errors import NotFoundError
from app.printing import layout
from app.printing.confidential_sheet import confidential_section, render_confidential_sheet
from app.printing.exporters import rendered, write_pdf
from app.printing.model import DEFAULT_WALK_IN_ROWS, PaperRegister, load_sheets, now_for_print
from app.printing.sign_in_sheet import render_sign_in_sheet, sign_in_section
from app.store import Store
from app.store.models import Event, Group, Intake

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportCancelled(Exception):
    """Raised inside a combined build when the user cancels; never escapes this module."""


@dataclass(frozen=True)
class GroupRef:
    id: str
    code: str


def file_stem(register: PaperRegister) -> str:
    """'NPQSL-AUT26-HALIFAX-2_event-2_2026-11-23' (or '..._undated' while no date is
    chosen): sorts by group and event, and says what it is."""
    h = register.header
    day = h.date.isoformat() if h.date else "undated"
    return _safe(f"{h.group_code or 'group'}_event-{h.event_number}_{day}")


def export_registers(store: Store, event_ids: Sequence[str], out_dir: Path, *,
                     progress: Progress | None = None, cancelled: Cancelled | None = None,
                     combine: bool = False, combined_name: str = "registers.pdf",
                     confidential: bool = False, printed_at: dt.datetime | None = None,
                     walk_in_rows: int = DEFAULT_WALK_IN_ROWS) -> list[Path]:
    """Print the sign-in register of each event (and its confidential sheet if asked).

    One PDF per event in ``out_dir`` (named by ``file_stem``), or with ``combine`` a single
    ``out_dir/combined_name`` holding every sign-in register, each with its own "Page x of
    y". Confidential sheets are never in a file with sign-in registers (those go round the
    room): one ``…_CONFIDENTIAL.pdf`` per event, or with ``combine`` one
    ``…_CONFIDENTIAL.pdf`` beside the combined file holding them all. Returns the files
    written, in event order (a register before its confidential sheet). If ``cancelled()``
    turns true the export stops: the files finished so far are kept and returned (the
    combined files are written both or neither)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    printed_at = printed_at or now_for_print()
    report = progress or (lambda _done, _total: None)
    stop = cancelled or (lambda: False)
    total = len(event_ids)
    report(0, total)
    if combine:
        return _export_combined(store, event_ids, out_dir / combined_name, report, stop,
                                confidential, printed_at, walk_in_rows)
    written: list[Path] = []
    for done, event_id in enumerate(event_ids, start=1):
        if stop():
            break
        register, sheet = load_sheets(store, event_id, printed_at=printed_at,
                                      walk_in_rows=walk_in_rows)
        path = out_dir / f"{file_stem(register)}.pdf"
        written.append(write_pdf(rendered(partial(render_sign_in_sheet, register)), path))
        if confidential:
            written.append(write_pdf(
                rendered(partial(render_confidential_sheet, sheet, register=register)),
                confidential_path(path)))
        report(done, total)
    return written


def confidential_path(register_path: Path) -> Path:
    """Where the confidential sheet(s) printed with ``register_path`` go: a file of their
    own beside it, named so that it says what it is."""
    return register_path.with_name(f"{register_path.stem}_CONFIDENTIAL{register_path.suffix}")


def is_confidential(path: Path) -> bool:
    return path.stem.endswith("_CONFIDENTIAL")


def _export_combined(store: Store, event_ids: Sequence[str], path: Path, report: Progress,
                     stop: Cancelled, confidential: bool, printed_at: dt.datetime,
                     walk_in_rows: int) -> list[Path]:
    registers: list[layout.Section] = []
    secrets: list[layout.Section] = []
    for event_id in event_ids:
        if stop():
            return []
        register, sheet = load_sheets(store, event_id, printed_at=printed_at,
                                      walk_in_rows=walk_in_rows)
        registers.append(sign_in_section(register))
        if confidential:
            secrets.append(confidential_section(sheet, register))

    def on_register(index: int) -> None:
        if stop():
            raise ExportCancelled
        if index:
            report(index, len(event_ids))

    def on_secret(_index: int) -> None:
        if stop():
            raise ExportCancelled

    jobs = [(path, lambda out: layout.build(registers, out, title="Sign-in registers",
                                             on_section=on_register))]
    if confidential:
        jobs.append((confidential_path(path), lambda out: layout.build(
            secrets, out, title="Confidential facilitator sheets", on_section=on_secret)))
    try:
        _write_together(jobs)
    except ExportCancelled:
        return []
    report(len(event_ids), len(event_ids))
    return [job[0] for job in jobs]


def _write_together(jobs: Sequence[tuple[Path, Callable[[IO[bytes]], object]]]) -> None:
    """Write every file or none: each is written inside the previous one's atomic write,
    so a failure or a cancel in any of them leaves none in place."""
    if not jobs:
        return
    (path, write), *rest = jobs

    def this_then_the_rest(out: IO[bytes]) -> None:
        write(out)
        _write_together(rest)

    write_atomically(path, this_then_the_rest)


# ---- what to print -----------------------------------------------------------------------


def group_event_ids(store: Store, group: str) -> list[str]:
    """The events of a group (by id or code), in event order."""
    with store.read() as session:
        row = session.get(Group, group) or session.scalar(
            select(Group).where(Group.code == group))
        if row is None:
            raise NotFoundError(f"No group {group!r} on this laptop. Sync, or check the id.")
        return list(session.scalars(
            select(Event.id).where(Event.group_id == row.id).order_by(Event.number)))


def intake_event_ids(store: Store, intake: str) -> list[str]:
    """The events of every group in an intake (by id or label, e.g. 'Autumn 2026'),
    by group code then event number."""
    with store.read() as session:
        row = session.get(Intake, intake) or session.scalar(
            select(Intake).where(Intake.label == intake))
        intake_id = row.id if row is not None else intake
        groups = session.scalars(
            select(Group.id).where(Group.intake_id == intake_id)).all()
        if row is None and not groups:
            raise NotFoundError(f"No intake {intake!r} on this laptop. Sync, or check the id.")
        return list(session.scalars(
            select(Event.id).join(Group, Group.id == Event.group_id)
            .where(Group.intake_id == intake_id).order_by(Group.code, Event.number)))


def event_counts(store: Store) -> dict[str, int]:
    """How many events (so registers) each group on this laptop has, by group id."""
    with store.read() as session:
        rows = session.execute(select(Event.group_id, func.count()).group_by(Event.group_id))
        return {group_id: count for group_id, count in rows}


def groups_of_intake(store: Store, intake_id: str) -> list[GroupRef]:
    with store.read() as session:
        return [GroupRef(g.id, g.code) for g in session.scalars(
            select(Group).where(Group.intake_id == intake_id).order_by(Group.code))]


# ---- files ---------------------------------------------------------------------------------


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "register"
