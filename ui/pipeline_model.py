"""The pipeline page's tables as Qt models over ``app.recruitment``'s rows: the groups, the
intakes' totals and one group's applicants. Thin adapters: each column is a header, what
its cell shows, what a screen reader hears and how it sorts (``SORT_ROLE``: numbers or
strings, never tuples); ``data()`` does no I/O and never raises.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from app.recruitment import Applicant, GroupPipeline, IntakeTotals
from app.recruitment_counts import StatusCounts
from app.recruitment_windows import short_day
from app.viability import Viability
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.rows_model import Index, RowsModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 2
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
Row = TypeVar("Row")
CONTEXT = "PipelineModel"


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str  # marked with QT_TRANSLATE_NOOP, translated when shown
    shows: Callable[[Row], str]
    sort: Callable[[Row], str | int] | None = None  # the text, when None
    tip: str | None = None  # the header's tooltip (marked)
    heard: Callable[[Row], str] | None = None  # the cell aloud and in its tooltip
    number: bool = False  # right-aligned


def _t(text: str) -> str:
    return translate(CONTEXT, text)


def _of(n: int, minimum: int) -> str:
    return _t("{n} of {minimum}").format(n=n, minimum=minimum)


def _short_forecast(p: GroupPipeline) -> str:
    """'about 11 (1 short)' in the cell; the sentence in the tooltip and aloud."""
    if p.runs_below_minimum and p.enrolled < p.minimum:
        return _t("agreed below minimum")
    if p.forecast.expected is None:
        return _t("registration closed")
    if p.forecast.expected >= p.minimum:
        return _t("about {n}").format(n=p.forecast.expected)
    return _t("about {n} ({short} short)").format(n=p.forecast.expected,
                                                 short=p.minimum - p.forecast.expected)


def _status(p: GroupPipeline) -> str:
    """'At risk', or 'Runs below minimum' where the central team agreed it."""
    if p.runs_below_minimum and p.status is not Viability.VIABLE:
        return _t("Runs below minimum")
    return p.status.label


def _counts(get: Callable[[StatusCounts], int], of: Callable[[Any], StatusCounts]
            ) -> Callable[[Any], str]:
    return lambda row: str(get(of(row)))


def _status_columns(of: Callable[[Any], StatusCounts]) -> list[Column[Any]]:
    return [
        Column(QT_TRANSLATE_NOOP(CONTEXT, "Applied"), _counts(lambda c: c.applied, of),
               lambda r: of(r).applied, QT_TRANSLATE_NOOP(CONTEXT, "Waiting for a decision"),
               number=True),
        Column(QT_TRANSLATE_NOOP(CONTEXT, "Accepted"), _counts(lambda c: c.accepted, of),
               lambda r: of(r).accepted, number=True),
        Column(QT_TRANSLATE_NOOP(CONTEXT, "Rejected"), _counts(lambda c: c.rejected, of),
               lambda r: of(r).rejected, number=True),
        Column(QT_TRANSLATE_NOOP(CONTEXT, "Withdrawn"), _counts(lambda c: c.withdrawn, of),
               lambda r: of(r).withdrawn, QT_TRANSLATE_NOOP(CONTEXT, "Applications withdrawn"),
               number=True),
    ]


OWN_TIP = QT_TRANSLATE_NOOP(CONTEXT, "Applications that used your allocation code or chose "
                                     "you as preferred partner")
ALLOCATED_TIP = QT_TRANSLATE_NOOP(CONTEXT, "Applications the central team allocated to "
                                           "your group")

GROUP_COLUMNS: list[Column[GroupPipeline]] = [
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Group"), lambda p: p.code,
           heard=lambda p: f"{p.code}, {p.intake_label}, {_status(p)}"),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Own"), lambda p: str(p.own.total),
           lambda p: p.own.total, OWN_TIP, number=True),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Allocated"), lambda p: str(p.allocated.total),
           lambda p: p.allocated.total, ALLOCATED_TIP, number=True),
    *_status_columns(lambda p: p.counts),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Enrolled"), lambda p: _of(p.enrolled, p.minimum),
           lambda p: p.enrolled - p.minimum,
           QT_TRANSLATE_NOOP(CONTEXT, "Enrolled and training, of the minimum to run"),
           heard=lambda p: f"{_of(p.enrolled, p.minimum)}: {_status(p)}", number=True),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Deadline"), lambda p: short_day(p.deadline),
           lambda p: p.deadline.isoformat(),
           heard=lambda p: _t("{intake} registration closes {day}").format(
               intake=p.intake_label, day=short_day(p.deadline))),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Forecast"), _short_forecast,
           lambda p: -10_000 if p.forecast.expected is None else p.forecast.expected - p.minimum,
           QT_TRANSLATE_NOOP(CONTEXT, "Where the group will be at its deadline at the "
                                      "current rate"),
           heard=lambda p: p.forecast.words),
]
INTAKE_COLUMNS: list[Column[IntakeTotals]] = [
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Intake"), lambda i: i.label,
           lambda i: i.window.closes_on.isoformat() if i.window else i.label),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Registration"),
           lambda i: i.window.words if i.window else "–"),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Groups"), lambda i: str(i.groups), lambda i: i.groups,
           heard=lambda i: _t("{n} groups, {below} below their minimum").format(
               n=i.groups, below=i.below_minimum), number=True),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Own"), lambda i: str(i.own.total),
           lambda i: i.own.total, OWN_TIP, number=True),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Allocated"), lambda i: str(i.allocated.total),
           lambda i: i.allocated.total, ALLOCATED_TIP, number=True),
    *_status_columns(lambda i: i.counts),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Unplaced"), lambda i: str(i.unplaced),
           lambda i: i.unplaced,
           QT_TRANSLATE_NOOP(CONTEXT, "Applications to you for this intake not yet placed "
                                      "in a group"), number=True),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Enrolled"), lambda i: _of(i.enrolled, i.minimum),
           lambda i: i.enrolled, number=True),
]

APPLICANT_COLUMNS: list[Column[Applicant]] = [
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Name"), lambda a: a.name, lambda a: a.name.casefold()),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "School"), lambda a: a.school),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Role"), lambda a: a.role,
           heard=lambda a: a.role or _t("no role given")),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Came through"), lambda a: a.source),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Status"), lambda a: a.status),
    Column(QT_TRANSLATE_NOOP(CONTEXT, "Applied on"), lambda a: short_day(a.applied_on),
           lambda a: a.applied_on.isoformat()),
]


class ColumnsModel(RowsModel[Row]):
    """A table of ``rows`` with these ``columns``; ``key`` names a row (KEY_ROLE)."""

    def __init__(self, columns: Sequence[Column[Row]], key: Callable[[Row], str],
                 parent: QObject | None = None, *,
                 strong: Callable[[Row], bool] | None = None) -> None:
        """``strong``: which rows are in bold (a group that needs the partner)."""
        super().__init__([_t(c.header) for c in columns], parent,
                         tips=[_t(c.tip) if c.tip else None for c in columns])
        self.columns, self.key, self.strong = tuple(columns), key, strong

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, key: str) -> int | None:
        return next((n for n, r in enumerate(self.rows) if self.key(r) == key), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.shows(row)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.heard(row) if column.heard else column.shows(row)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort else column.shows(row)
        if role == KEY_ROLE:
            return self.key(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.number:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.strong is not None and self.strong(row):
            font = QFont()
            font.setBold(True)
            return font
        return None


def needs_partner(p: GroupPipeline) -> bool:
    """Below its minimum and not agreed to run so: bold in the table."""
    return p.enrolled < p.minimum and not p.runs_below_minimum
