"""The dashboard's table of groups: a thin adapter over ``app.dashboard.GroupRow``.

Status is always written in words ("At risk — needs attention") and drawn with an icon;
the tinted background of a group that stands out only repeats what the words say, so
nothing depends on seeing colour. ``data()`` only formats: icons are made once, up front.
The "To choose" column ("Event 6", "Events 5, 6") comes from the event date states
(``set_dates``); the view opens the date picker from it.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QObject,
    Qt,
)
from PySide6.QtGui import QFont, QIcon, QPixmap

from app.dashboard import GroupRow
from app.event_date_views import GroupDates, window_text
from app.viability import Viability, apart_words, with_apart
from ui import theme
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.rows_model import Index, RowsModel

GROUP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
HEADERS = (QT_TRANSLATE_NOOP("GroupTableModel", "Group"),
           QT_TRANSLATE_NOOP("GroupTableModel", "Status"),
           QT_TRANSLATE_NOOP("GroupTableModel", "Enrolled"),
           QT_TRANSLATE_NOOP("GroupTableModel", "Registration deadline"),
           QT_TRANSLATE_NOOP("GroupTableModel", "To choose"),
           QT_TRANSLATE_NOOP("GroupTableModel", "Intake"),
           QT_TRANSLATE_NOOP("GroupTableModel", "Qualification"),
           QT_TRANSLATE_NOOP("GroupTableModel", "Facilitators"),
           QT_TRANSLATE_NOOP("GroupTableModel", "Venue"),
           QT_TRANSLATE_NOOP("GroupTableModel", "Partner"))
STATUS_COLUMN = HEADERS.index("Status")
ENROLLED_COLUMN = HEADERS.index("Enrolled")
DEADLINE_COLUMN = HEADERS.index("Registration deadline")
DATES_COLUMN = HEADERS.index("To choose")
FACILITATORS_COLUMN = HEADERS.index("Facilitators")
VENUE_COLUMN = HEADERS.index("Venue")
PARTNER_COLUMN = HEADERS.index("Partner")
# Day and month names for short_date, in English unless a translation gives them.
WEEKDAYS = (
    QT_TRANSLATE_NOOP("Dates", "Mon"),
    QT_TRANSLATE_NOOP("Dates", "Tue"),
    QT_TRANSLATE_NOOP("Dates", "Wed"),
    QT_TRANSLATE_NOOP("Dates", "Thu"),
    QT_TRANSLATE_NOOP("Dates", "Fri"),
    QT_TRANSLATE_NOOP("Dates", "Sat"),
    QT_TRANSLATE_NOOP("Dates", "Sun"),
)
MONTHS = (
    QT_TRANSLATE_NOOP("Dates", "Jan"),
    QT_TRANSLATE_NOOP("Dates", "Feb"),
    QT_TRANSLATE_NOOP("Dates", "Mar"),
    QT_TRANSLATE_NOOP("Dates", "Apr"),
    QT_TRANSLATE_NOOP("Dates", "May"),
    QT_TRANSLATE_NOOP("Dates", "Jun"),
    QT_TRANSLATE_NOOP("Dates", "Jul"),
    QT_TRANSLATE_NOOP("Dates", "Aug"),
    QT_TRANSLATE_NOOP("Dates", "Sep"),
    QT_TRANSLATE_NOOP("Dates", "Oct"),
    QT_TRANSLATE_NOOP("Dates", "Nov"),
    QT_TRANSLATE_NOOP("Dates", "Dec"),
)
STAND_OUT_TINT = "danger_tint"  # theme roles (ui/theme_colours.py)
STAND_OUT_TEXT = "danger_tint_text"
LINK_TEXT = "accent_text"


_ICONS = {
    "attention": '<path d="M12 2L23 21H1z" fill="#c62828"/><path d="M12 9v6" stroke="#fff" '
                 'stroke-width="2.4" stroke-linecap="round"/><circle cx="12" cy="18" r="1.4" '
                 'fill="#fff"/>',
    "at_risk": '<circle cx="12" cy="12" r="10" fill="#b26a00"/><path d="M12 6.5v7" '
               'stroke="#fff" stroke-width="2.4" stroke-linecap="round"/><circle cx="12" '
               'cy="17" r="1.4" fill="#fff"/>',
    "viable": '<circle cx="12" cy="12" r="10" fill="#2e7d32"/><path d="M7 12.5l3.2 3.2L17 9" '
              'fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round" '
              'stroke-linejoin="round"/>',
}


ICON_SIDES = (16, 22, 24, 32, 44, 48, 64, 96)


@cache
def status_icon(kind: str) -> QIcon:
    """'attention' (red warning), 'at_risk' (amber) or 'viable' (green tick), drawn at
    each size a view may ask for (up to 3x a 32px icon), so it is sharp at any scale."""
    icon = QIcon()
    for side in ICON_SIDES:
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{side}" height="{side}" '
               f'viewBox="0 0 24 24">{_ICONS[kind]}</svg>')
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(svg.encode()), "SVG")
        icon.addPixmap(pixmap)
    return icon


def icon_kind(row: GroupRow) -> str:
    if row.stands_out:
        return "attention"
    return "viable" if row.status is Viability.VIABLE else "at_risk"


def status_text(row: GroupRow) -> str:
    """'Not viable — needs attention', 'At risk — needs attention', 'At risk', 'Viable';
    'Closed' and 'Runs below minimum' once decided."""
    if row.closed:
        return translate("GroupTableModel", "Closed")
    if row.runs_below_minimum and row.status is not Viability.VIABLE:
        return translate("GroupTableModel", "Runs below minimum")
    label = row.status.label
    if row.stands_out:
        return translate("GroupTableModel", "{status} — needs attention").format(status=label)
    return label


def enrolled_text(row: GroupRow) -> str:
    """'9 of 12' below the minimum (the shortfall shows), '18 (min 12)' at or above it;
    those still on the course, with the deferred and withdrawn said apart as the status
    line says them ('8 of 12 (1 deferred, 1 withdrawn apart)')."""
    if row.enrolled < row.minimum:
        text = translate("GroupTableModel", "{enrolled} of {minimum}").format(
            enrolled=row.enrolled, minimum=row.minimum)
        return with_apart(text, row.deferred, row.withdrawn)
    apart = apart_words(row.deferred, row.withdrawn)
    if apart:  # '19 (min 12; 1 deferred, 1 withdrawn apart)'
        return translate("GroupTableModel", "{enrolled} (min {minimum}; {apart})").format(
            enrolled=row.enrolled, minimum=row.minimum, apart=apart)
    return translate("GroupTableModel", "{enrolled} (min {minimum})").format(
        enrolled=row.enrolled, minimum=row.minimum)


def days_text(days: int) -> str:
    """'closes today', 'closes tomorrow', 'in 19 days', 'closed'."""
    if days == 0:
        return translate("GroupTableModel", "closes today")
    if days == 1:
        return translate("GroupTableModel", "closes tomorrow")
    if days > 1:
        return translate("GroupTableModel", "in {n} days").format(n=days)
    return translate("GroupTableModel", "closed")


def deadline_text(row: GroupRow) -> str:
    """'16 Jan 2027 · in 54 days', '12 Sep 2026 · closed'."""
    day = row.registration_deadline
    return f"{day_month_year(day)} · {days_text(row.days_to_deadline)}"


def day_month_year(day: dt.date) -> str:
    """'16 Jan 2027'."""
    return short_date(day).split(" ", 1)[1]


def short_date(day: dt.date) -> str:
    """'Sat 16 Jan 2027': en-GB order, the names in English whatever the system locale
    unless a translation gives them (context "Dates")."""
    days = WEEKDAYS
    months = MONTHS
    return translate("Dates", "{weekday} {day} {month} {year}").format(
        weekday=translate("Dates", days[day.weekday()]), day=day.day,
        month=translate("Dates", months[day.month - 1]), year=day.year)


def _status_rank(row: GroupRow) -> int:
    if row.stands_out:
        return 0
    return 1 if row.status is Viability.AT_RISK else 2


class GroupTableModel(RowsModel[GroupRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([translate("GroupTableModel", text) for text in HEADERS], parent)
        self._icons = {kind: status_icon(kind) for kind in _ICONS}
        self._bold = QFont()
        self._bold.setBold(True)
        self._links = {bold: QFont() for bold in (False, True)}
        for bold, font in self._links.items():
            font.setUnderline(True)
            font.setBold(bold)
        self.dates: dict[str, GroupDates] = {}

    def set_dates(self, dates: dict[str, GroupDates]) -> None:
        """Each group's dates to choose (by group id), for the "To choose" column."""
        self.dates = dict(dates)
        if self.rows:
            self.dataChanged.emit(self.index(0, DATES_COLUMN),
                                  self.index(len(self.rows) - 1, DATES_COLUMN))

    def first_to_choose(self, group_id: str) -> str | None:
        """The event of the group whose date is to choose first (by number), if any."""
        found = self.dates.get(group_id)
        return found.to_choose[0].event_id if found and found.to_choose else None

    def set_rows(self, rows: list[GroupRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, group_id: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.group_id == group_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == GROUP_ID_ROLE:
            return row.group_id
        if column == DATES_COLUMN and (link := self._dates_data(row, role)) is not None:
            return link  # the cell reads (and is spoken) as the action it is
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == DEADLINE_COLUMN:
                return self.tr("Registration closes {day}").format(
                    day=short_date(row.registration_deadline))
            if column == FACILITATORS_COLUMN:
                return ", ".join(row.facilitator_names)
            return row.summary if column in (0, STATUS_COLUMN, ENROLLED_COLUMN) else None
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS_COLUMN:
            return self._icons[icon_kind(row)]
        if role == Qt.ItemDataRole.FontRole and row.stands_out:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and row.stands_out:
            return theme.brush(STAND_OUT_TINT)
        if role == Qt.ItemDataRole.ForegroundRole and row.stands_out:
            return theme.brush(STAND_OUT_TEXT)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ENROLLED_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _dates_data(self, row: GroupRow, role: int) -> Any:
        """The "To choose" cell looks and reads as the action it is."""
        found = self.dates.get(row.group_id)
        if found is None or not found.to_choose:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            first = found.to_choose[0]
            return self.tr("Click, or press Enter on the group, to choose the date of event "
                           "{number} (window {window})").format(
                number=first.number, window=window_text(first.window))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return found.spoken()
        if role == Qt.ItemDataRole.FontRole:
            return self._links[row.stands_out]
        if role == Qt.ItemDataRole.ForegroundRole and not row.stands_out:
            return theme.brush(LINK_TEXT)
        return None

    def _text(self, row: GroupRow, column: int) -> str:
        found = self.dates.get(row.group_id)
        text = (
            row.code, status_text(row), enrolled_text(row), deadline_text(row),
            found.describe() if found else "—",
            row.intake_label, row.qualification_code, ", ".join(row.facilitator_names),
            row.venue_name, row.partner_name,
        )[column]
        return text or "—"  # a blank cell is a nameless object to a screen reader

    def _sort_key(self, row: GroupRow, column: int) -> Any:
        if column == ENROLLED_COLUMN:
            return row.enrolled - row.minimum
        if column == STATUS_COLUMN:
            return _status_rank(row) * 100_000 + row.days_to_deadline
        if column == DEADLINE_COLUMN:
            return row.registration_deadline.toordinal()
        if column == DATES_COLUMN:
            found = self.dates.get(row.group_id)
            return -len(found.to_choose) if found else 0
        return self._text(row, column).casefold()


def count_text(rows: list[GroupRow]) -> str:
    """'3 groups · 1 needs attention'."""
    if len(rows) == 1:
        groups = translate("DashboardView", "1 group")
    else:
        groups = translate("DashboardView", "{n} groups").format(n=len(rows))
    attention = sum(r.stands_out for r in rows)
    if not attention:
        return translate("DashboardView", "{groups} · none needs attention").format(groups=groups)
    if attention == 1:
        return translate("DashboardView", "{groups} · 1 needs attention").format(groups=groups)
    return translate("DashboardView", "{groups} · {n} need attention").format(
        groups=groups, n=attention)
