"""The register's counts in words, and the labels above the table that show them: the
headline ("10 of 18 here (9 present, 1 late)"), the rest ("1 absent · 6 to mark"), the
button to the next disagreement, and the question before submitting."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain import MarkStatus, Register, RegisterCounts
from ui.conflict_panel import conflicts_text
from ui.i18n import translate


def walk_ins_text(n: int) -> str:
    """'1 walk-in' / '3 walk-ins' (two sentences, so a language can word each its way)."""
    if n == 1:
        return translate("RegisterModel", "1 walk-in")
    return translate("RegisterModel", "{n} walk-ins").format(n=n)


def counts_lines(counts: RegisterCounts, can_mark: bool = True) -> tuple[str, str]:
    """The live counts as a headline and the rest: ('10 of 18 here (9 present, 1 late)',
    '1 absent · 1 sent apologies · 6 to mark'); someone who only views the register reads
    '6 not marked yet' instead."""
    if counts.total == 0:
        return translate("RegisterModel", "No candidates to show"), ""
    return counts.summary(), " · ".join(_rest(counts, can_mark))


def counts_spoken(counts: RegisterCounts, can_mark: bool = True) -> str:
    """The counts as a screen reader says them, in sentences rather than dots: '10 of 18
    here (9 present, 1 late). 1 absent, 6 to mark.'"""
    if counts.total == 0:
        return translate("RegisterModel", "No candidates to show")
    return translate("RegisterModel", "{headline}. {rest}.").format(
        headline=counts.summary(), rest=", ".join(_rest(counts, can_mark)))


def _rest(counts: RegisterCounts, can_mark: bool) -> list[str]:
    """After the headline: who is absent, sent apologies, not applicable, still to mark,
    and the walk-ins."""
    by = counts.by_status
    parts = [translate("RegisterModel", "{n} absent").format(n=by.get(MarkStatus.ABSENT, 0))]
    if by.get(MarkStatus.APOLOGIES):
        parts.append(translate("RegisterModel", "{n} sent apologies").format(
            n=by[MarkStatus.APOLOGIES]))
    if counts.not_applicable:
        parts.append(translate("RegisterModel", "{n} not applicable (enrolled later)").format(
            n=counts.not_applicable))
    if not counts.unmarked:
        parts.append(translate("RegisterModel", "everyone marked"))
    elif can_mark:
        parts.append(translate("RegisterModel", "{n} to mark").format(n=counts.unmarked))
    else:
        parts.append(translate("RegisterModel", "{n} not marked yet").format(n=counts.unmarked))
    if counts.walk_ins:
        parts.append(walk_ins_text(counts.walk_ins))
    return parts


def submit_question(counts: RegisterCounts) -> str:
    """'18 on the roster: 15 present, 2 late, 1 absent — submit?'"""
    by = counts.by_status
    parts = [f"{n} {s.label.lower()}" for s in MarkStatus if (n := by.get(s, 0))]
    if counts.unmarked:
        parts.append(translate("RegisterModel", "{n} not marked").format(n=counts.unmarked))
    marks = ", ".join(parts) or translate("RegisterModel", "nobody marked")
    if counts.walk_ins:
        return translate("RegisterModel",
                         "{total} on the roster: {marks}, and {walk_ins} — submit?").format(
            total=counts.total, marks=marks, walk_ins=walk_ins_text(counts.walk_ins))
    return translate("RegisterModel", "{total} on the roster: {marks} — submit?").format(
        total=counts.total, marks=marks)


def counts_text(counts: RegisterCounts, can_mark: bool = True) -> str:
    """The counts on one line: '10 of 18 here (9 present, 1 late) · 1 absent · … · 6 to mark'."""
    return " · ".join(line for line in counts_lines(counts, can_mark) if line)


class CountsBox(QWidget):
    """The counts above the table (``counts``, ``counts_detail``) and, when laptops
    disagree, ``conflicts_button``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = QLabel("")  # the headline: "10 of 18 here (9 present, 1 late)"
        self.counts.setObjectName("registerCounts")
        self.counts.setWordWrap(True)
        self.counts_detail = QLabel("")  # the rest: "1 absent · 6 to mark"
        self.counts_detail.setObjectName("registerCountsDetail")
        self.counts_detail.setWordWrap(True)
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("conflictsButton")
        self.conflicts_button.setToolTip(self.tr("Go to the next person two laptops marked "
                                                 "differently — Ctrl+D"))
        self.conflicts_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.counts)
        layout.addWidget(self.counts_detail)
        layout.addWidget(self.conflicts_button, 0, Qt.AlignmentFlag.AlignLeft)

    def show_counts(self, register: Register | None, counts: RegisterCounts,
                    can_mark: bool) -> None:
        headline, detail = counts_lines(counts, can_mark) if register else ("", "")
        self.counts.setText(headline)
        self.counts_detail.setText(detail)
        self.counts.setAccessibleName(counts_spoken(counts, can_mark) if register else "")
        self.counts_detail.setAccessibleName(", ".join(_rest(counts, can_mark))
                                             if register and counts.total else "")
        self.conflicts_button.setText(conflicts_text(register.conflicts if register else 0))
        self.conflicts_button.setVisible(bool(register and register.conflicts))
