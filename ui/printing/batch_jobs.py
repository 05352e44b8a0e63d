"""What the batch dialog runs on its worker: choose the events, print them, count them.

Plain Python apart from nothing: no widgets, no Qt (so its words go through app's ``_``).
``progress`` and ``cancelled`` are the callables ``app.printing.batch.export_registers`` takes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.catalogue import CatalogueService
from app.printing.batch import (
    event_counts,
    export_registers,
    group_event_ids,
    intake_event_ids,
    is_confidential,
)
from app.store import Store
from protocol.text import _


@dataclass(frozen=True)
class Choice:
    """A group or an intake the user can print every register of."""

    key: str  # group id, or intake label
    label: str  # what the list shows
    events: int = 0  # registers it would print: one per event


@dataclass(frozen=True)
class Choices:
    groups: tuple[Choice, ...]
    intakes: tuple[Choice, ...]


@dataclass(frozen=True)
class BatchRequest:
    whole_intake: bool
    key: str  # group id or intake label
    name: str  # for the combined file: the group code or the intake label
    out_dir: Path
    combine: bool
    confidential: bool


@dataclass(frozen=True)
class BatchResult:
    files: tuple[Path, ...]
    registers: int  # sign-in registers written
    events: int  # events asked for
    cancelled: bool
    out_dir: Path
    combined: bool

    def summary(self) -> str:
        """'240 registers saved in /home/…/Registers' (what the dialog says at the end),
        and where the confidential sheets went if they were printed."""
        one = self.registers == 1
        registers = [p for p in self.files if not is_confidential(p)]
        where = (_("one PDF, {name}, in {folder}").format(name=registers[0].name,
                                                          folder=self.out_dir)
                 if self.combined and registers else str(self.out_dir))
        if self.cancelled:
            if not self.registers:
                return _("Cancelled: no registers were saved.")
            text = (_("Cancelled: 1 of {events} register saved in {where}.") if one else
                    _("Cancelled: {n} of {events} registers saved in {where}."))
        elif not self.events:
            return _("Nothing to print: there are no events yet.")
        else:
            text = (_("1 register saved in {where}.") if one
                    else _("{n} registers saved in {where}."))
        return " ".join((text.format(n=self.registers, events=self.events, where=where),
                         self._confidential_note())).strip()

    def _confidential_note(self) -> str:
        secrets = [p for p in self.files if is_confidential(p)]
        if not secrets:
            return ""
        if self.combined:
            return _("The confidential sheets are in a file of their own, {name}, for "
                     "facilitators only.").format(name=secrets[0].name)
        return _("Each confidential sheet is in a file of its own (…_CONFIDENTIAL.pdf), for "
                 "facilitators only.")


def choices(catalogue: CatalogueService, store: Store) -> Choices:
    """The groups and intakes on this laptop, for the dialog's lists."""
    groups = catalogue.groups()
    events = event_counts(store)
    intakes = sorted({g.intake_label for g in groups if g.intake_label})
    per_intake = {label: sum(g.intake_label == label for g in groups) for label in intakes}
    return Choices(
        groups=tuple(Choice(g.id, f"{g.code}  ·  {g.qualification_code}", events.get(g.id, 0))
                     for g in groups),
        intakes=tuple(Choice(label, intake_text(label, per_intake[label]),
                             sum(events.get(g.id, 0) for g in groups if g.intake_label == label))
                      for label in intakes))


def intake_text(label: str, groups: int) -> str:
    """'NPQ autumn 2026  ·  3 groups'."""
    if groups == 1:
        return _("{intake}  ·  1 group").format(intake=label)
    return _("{intake}  ·  {n} groups").format(intake=label, n=groups)


def run_batch(store: Store, request: BatchRequest, progress: Callable[[int, int], None],
              cancelled: Callable[[], bool]) -> BatchResult:
    """Runs on a worker: every register of the group or intake, to ``request.out_dir``."""
    event_ids = (intake_event_ids(store, request.key) if request.whole_intake
                 else group_event_ids(store, request.key))
    done = 0

    def counted(finished: int, total: int) -> None:
        nonlocal done
        done = finished
        progress(finished, total)

    files = export_registers(
        store, event_ids, request.out_dir, progress=counted, cancelled=cancelled,
        combine=request.combine, combined_name=f"{_safe(request.name)}_registers.pdf",
        confidential=request.confidential) if event_ids else []
    stopped = cancelled() and done < len(event_ids)
    if request.combine:
        registers = len(event_ids) if files else 0
    else:
        registers = sum(not is_confidential(p) for p in files)
    return BatchResult(files=tuple(files), registers=registers, events=len(event_ids),
                       cancelled=stopped, out_dir=request.out_dir, combined=request.combine)


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "registers"
