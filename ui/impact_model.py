"""The Impact page's tables as Qt models: the lines of ``app.impact`` (one per group, or one
per intake) and the breakdown of one line. Thin adapters: they hold plain rows and answer
``data()`` from them, no I/O.

A hidden part reads "Fewer than 3 responses: hidden" wherever a figure would be; an
intake's sum that leaves groups out says so in its cell, its tooltip and what a screen
reader hears. Sort keys (``SORT_ROLE``) are numbers or strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt

from app.impact import (
    Counted,
    Diagnostic,
    ImpactLine,
    hidden_short,
    hidden_words,
    left_out_words,
)
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.rows_model import Index, RowsModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 2
KEY_ROLE = Qt.ItemDataRole.UserRole + 1

GROUP, QUALIFICATION, INTAKE, GROUPS, CANDIDATES, DIAGNOSTIC, CHANGE, DESTINATIONS, \
    IMPROVEMENTS = range(9)
HEADERS = {
    GROUP: QT_TRANSLATE_NOOP("ImpactModel", "Group"),
    QUALIFICATION: QT_TRANSLATE_NOOP("ImpactModel", "Qualification"),
    INTAKE: QT_TRANSLATE_NOOP("ImpactModel", "Intake"),
    GROUPS: QT_TRANSLATE_NOOP("ImpactModel", "Groups"),
    CANDIDATES: QT_TRANSLATE_NOOP("ImpactModel", "Candidates"),
    DIAGNOSTIC: QT_TRANSLATE_NOOP("ImpactModel", "360° completed"),
    CHANGE: QT_TRANSLATE_NOOP("ImpactModel", "360° start → end"),
    DESTINATIONS: QT_TRANSLATE_NOOP("ImpactModel", "Destinations"),
    IMPROVEMENTS: QT_TRANSLATE_NOOP("ImpactModel", "School improvement"),
}
TIPS = {
    DIAGNOSTIC: QT_TRANSLATE_NOOP("ImpactModel", "360° diagnostics completed of those invited"),
    CHANGE: QT_TRANSLATE_NOOP("ImpactModel", "The mean of the leadership domains' ratings "
                                             "(1 to 5) at the start and at the end"),
    DESTINATIONS: QT_TRANSLATE_NOOP("ImpactModel", "Responses about roles after the "
                                                   "qualification"),
    IMPROVEMENTS: QT_TRANSLATE_NOOP("ImpactModel", "Responses about school-improvement "
                                                   "outcomes"),
}
GROUP_COLUMNS = (GROUP, QUALIFICATION, INTAKE, CANDIDATES, DIAGNOSTIC, CHANGE, DESTINATIONS,
                 IMPROVEMENTS)
INTAKE_COLUMNS = (INTAKE, GROUPS, CANDIDATES, DIAGNOSTIC, CHANGE, DESTINATIONS, IMPROVEMENTS)
RIGHT = {GROUPS, CANDIDATES}


def mean(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def change_text(diagnostic: Diagnostic, hidden: str | None = None) -> str:
    """'3.1 → 3.8', the domains' means averaged; ``hidden`` (the short hidden words) while
    hidden."""
    if diagnostic.hidden:
        return hidden_short() if hidden is None else hidden
    starts = [d.start for d in diagnostic.domains if d.start is not None]
    ends = [d.end for d in diagnostic.domains if d.end is not None]
    if not starts and not ends:
        return "–"
    return (f"{mean(sum(starts) / len(starts) if starts else None)} → "
            f"{mean(sum(ends) / len(ends) if ends else None)}")


def responses_text(n: int) -> str:
    if n == 1:
        return translate("ImpactModel", "1 response")
    return translate("ImpactModel", "{n} responses").format(n=n)


def counted_text(part: Counted, hidden: str | None = None) -> str:
    """'12 responses', '12 responses (1 group left out)', or ``hidden`` (the short hidden
    words)."""
    text = (hidden_short() if hidden is None else hidden) if part.hidden \
        else responses_text(part.responses)
    if part.left_out and not part.hidden:
        text = translate("ImpactModel", "{text} ({n} left out)").format(
            text=text, n=_groups(part.left_out))
    return text


def _groups(n: int) -> str:
    return (translate("ImpactModel", "1 group") if n == 1
            else translate("ImpactModel", "{n} groups").format(n=n))


def diagnostic_text(diagnostic: Diagnostic) -> str:
    return translate("ImpactModel", "{completed} of {invited}").format(
        completed=diagnostic.completed, invited=diagnostic.invited)


def cell_text(line: ImpactLine, column: int) -> str:
    if column == GROUP:
        return line.label
    if column == QUALIFICATION:
        return line.qualification
    if column == INTAKE:
        return line.intake_label
    if column == GROUPS:
        return str(line.groups)
    if column == CANDIDATES:
        return str(line.candidates)
    if column == DIAGNOSTIC:
        return diagnostic_text(line.diagnostic)
    if column == CHANGE:
        text = change_text(line.diagnostic)
        if line.diagnostic.left_out and not line.diagnostic.hidden:
            text = translate("ImpactModel", "{text} ({n} left out)").format(
                text=text, n=_groups(line.diagnostic.left_out))
        return text
    if column == DESTINATIONS:
        return counted_text(line.destinations)
    return counted_text(line.improvements)


def spoken_text(line: ImpactLine, column: int) -> str:
    """The cell in full words: what a screen reader says and the tooltip."""
    if column == DIAGNOSTIC:
        return translate("ImpactModel", "{completed} of {invited} invited completed the 360° "
                                        "diagnostic").format(
            completed=line.diagnostic.completed, invited=line.diagnostic.invited)
    left_out = {CHANGE: line.diagnostic.left_out, DESTINATIONS: line.destinations.left_out,
                IMPROVEMENTS: line.improvements.left_out}.get(column, 0)
    hidden = {CHANGE: line.diagnostic.hidden, DESTINATIONS: line.destinations.hidden,
              IMPROVEMENTS: line.improvements.hidden}.get(column, False)
    if hidden:
        return hidden_words()
    text = change_text(line.diagnostic) if column == CHANGE else cell_text(line, column)
    if left_out:
        return f"{text}. {left_out_words(left_out)}"
    return text


def sort_key(line: ImpactLine, column: int) -> Any:
    if column in (GROUPS, CANDIDATES):
        return line.groups if column == GROUPS else line.candidates
    if column == DIAGNOSTIC:
        return line.diagnostic.completed
    if column == CHANGE:  # hidden ones first when ascending
        change = line.diagnostic.mean_change
        return -100.0 if line.diagnostic.hidden or change is None else change
    if column in (DESTINATIONS, IMPROVEMENTS):
        part = line.destinations if column == DESTINATIONS else line.improvements
        return -1 if part.hidden else part.responses
    return cell_text(line, column).casefold()


class ImpactLinesModel(RowsModel[ImpactLine]):
    """The groups (``GROUP_COLUMNS``) or the intakes (``INTAKE_COLUMNS``)."""

    def __init__(self, columns: tuple[int, ...], parent: QObject | None = None) -> None:
        super().__init__([translate("ImpactModel", HEADERS[c]) for c in columns], parent,
                         tips=[translate("ImpactModel", TIPS[c]) if c in TIPS else None
                               for c in columns])
        self.columns = columns

    def set_rows(self, rows: tuple[ImpactLine, ...]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def column_of(self, column: int) -> int:
        """The position of a column kind (``GROUP``…) in this model; -1 when absent."""
        return self.columns.index(column) if column in self.columns else -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.row_at(index)
        if line is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(line, column)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return spoken_text(line, column)
        if role == SORT_ROLE:
            return sort_key(line, column)
        if role == KEY_ROLE:
            return line.key
        if role == Qt.ItemDataRole.TextAlignmentRole and column in RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# ---- the breakdown of one line ---------------------------------------------------------

PART, LABEL, FIGURE = range(3)
BREAKDOWN_HEADERS = (QT_TRANSLATE_NOOP("ImpactModel", "Part"),
                     QT_TRANSLATE_NOOP("ImpactModel", "Measure"),
                     QT_TRANSLATE_NOOP("ImpactModel", "Figure"))


@dataclass(frozen=True)
class BreakdownRow:
    part: str
    label: str
    figure: str


def breakdown(line: ImpactLine) -> list[BreakdownRow]:
    """Every figure of a line, one row each; a hidden part one row saying so, and a sum
    that leaves groups out a row saying how many."""
    rows: list[BreakdownRow] = []
    part = translate("ImpactModel", "360° diagnostic")
    rows.append(BreakdownRow(part, translate("ImpactModel", "Completed"),
                             diagnostic_text(line.diagnostic)))
    if line.diagnostic.hidden:
        rows.append(BreakdownRow(part, translate("ImpactModel", "Domains"), hidden_words()))
    for domain in line.diagnostic.domains:
        change = domain.change
        figure = f"{mean(domain.start)} → {mean(domain.end)}"
        if change is not None:
            figure += f" ({change:+.1f})"
        rows.append(BreakdownRow(part, domain.label, figure))
    if line.diagnostic.left_out and not line.diagnostic.hidden:
        rows.append(BreakdownRow(part, translate("ImpactModel", "Domains"),
                                 left_out_words(line.diagnostic.left_out)))
    for name, counted in ((translate("ImpactModel", "Destinations"), line.destinations),
                          (translate("ImpactModel", "School improvement"), line.improvements)):
        if counted.hidden:
            rows.append(BreakdownRow(name, translate("ImpactModel", "Responses"),
                                     hidden_words()))
            continue
        rows.append(BreakdownRow(name, translate("ImpactModel", "Responses"),
                                 str(counted.responses)))
        rows += [BreakdownRow(name, label, str(n)) for label, n in counted.counts]
        if counted.left_out:
            rows.append(BreakdownRow(name, translate("ImpactModel", "Left out"),
                                     left_out_words(counted.left_out)))
    return rows


class BreakdownModel(RowsModel[BreakdownRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([translate("ImpactModel", h) for h in BREAKDOWN_HEADERS], parent)

    def show_line(self, line: ImpactLine | None) -> None:
        self.beginResetModel()
        self.rows = breakdown(line) if line is not None else []
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 and index.row() > 0 \
                and self.rows[index.row() - 1].part == row.part:
            return ""  # the part once, at the head of its rows (heard on every row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            return (row.part, row.label, row.figure)[index.column()]
        return None
