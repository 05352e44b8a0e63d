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
from app.printing.batch import export_registers, group_event_ids, intake_event_ids
from app.store import Store
from app.text import _


@dataclass(frozen=True)
class Choice:
    """A group or an intake the user can print every register of."""

    key: str  # group id, or intake label
    label: str  # what the list shows


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
        """'240 registers saved in /home/…/Registers' (what the dialog says at the end)."""
        one = self.registers == 1
        where = (_("one PDF, {name}, in {folder}").format(name=self.files[0].name,
                                                          folder=self.out_dir)
                 if self.combined and self.files else str(self.out_dir))
        if self.cancelled:
            if not self.registers:
                return _("Cancelled: no registers were saved.")
            text = (_("Cancelled: 1 of {events} register saved in {where}.") if one else
                    _("Cancelled: {n} of {events} registers saved in {where}."))
        elif not self.events:
            return _("Nothing to print: there are no events yet.")
        elif self._has_confidential():
            text = (_("1 register saved in {where} (each with its confidential sheet).") if one
                    else _("{n} registers saved in {where} (each with its confidential sheet)."))
        else:
            text = (_("1 register saved in {where}.") if one
                    else _("{n} registers saved in {where}."))
        return text.format(n=self.registers, events=self.events, where=where)

    def _has_confidential(self) -> bool:
        return any(p.stem.endswith("_CONFIDENTIAL") for p in self.files)


def choices(store: Store) -> Choices:
    """The groups and intakes on this laptop, for the dialog's lists."""
    groups = CatalogueService(store).groups()
    intakes = sorted({g.intake_label for g in groups if g.intake_label})
    per_intake = {label: sum(g.intake_label == label for g in groups) for label in intakes}
    return Choices(
        groups=tuple(Choice(g.id, f"{g.code}  ·  {g.qualification_code}") for g in groups),
        intakes=tuple(Choice(label, intake_text(label, per_intake[label])) for label in intakes))


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
        registers = sum(not p.stem.endswith("_CONFIDENTIAL") for p in files)
    return BatchResult(files=tuple(files), registers=registers, events=len(event_ids),
                       cancelled=stopped, out_dir=request.out_dir, combined=request.combine)


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "registers"
