"""``ProgressModel``: a group's progress lines (``app.progress.CandidateProgress``) as a Qt
table. A thin adapter: it holds the rows and answers ``data()`` from them, no I/O.

Short headers, their long meaning in the header's tooltip, so the table reads at 1366x768;
the school, identifiers, funding and declarations are in the detail panel
(``ui.progress_detail``). At risk is said in words (short in its cell, in full in its
tooltip and what a screen reader hears), and the line is tinted as well, never by colour
alone; a candidate who will miss their next milestone has it said in that cell ("will
miss"), in bold. What the central service has not reported shows as "–" and is heard as
"not reported". Each column has a sort key (``SORT_ROLE``): numbers sort as numbers,
nothing held or reported sorts first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from app.names import paper_sort_key
from app.progress import CandidateProgress
from ui import theme
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.rows_model import Index, RowsModel

COLUMNS = (
    QT_TRANSLATE_NOOP("ProgressModel", "Name"),
    QT_TRANSLATE_NOOP("ProgressModel", "Days"),
    QT_TRANSLATE_NOOP("ProgressModel", "Hours"),
    QT_TRANSLATE_NOOP("ProgressModel", "Online"),
    QT_TRANSLATE_NOOP("ProgressModel", "Course"),
    QT_TRANSLATE_NOOP("ProgressModel", "360°"),
    QT_TRANSLATE_NOOP("ProgressModel", "Coaching"),
    QT_TRANSLATE_NOOP("ProgressModel", "Next milestone"),
    QT_TRANSLATE_NOOP("ProgressModel", "Status"),
    QT_TRANSLATE_NOOP("ProgressModel", "At risk"),
)
TIPS = {
    "Days": QT_TRANSLATE_NOOP(
        "ProgressModel", "Face-to-face days attended (present, late or left early) of the "
                         "days held so far"),
    "Hours": QT_TRANSLATE_NOOP(
        "ProgressModel", "Share of the face-to-face hours held so far, from arrival and "
                         "departure times"),
    "Online": QT_TRANSLATE_NOOP(
        "ProgressModel", "Online sessions attended of those held so far, as the central "
                         "service reports them"),
    "Course": QT_TRANSLATE_NOOP(
        "ProgressModel", "How much of the online course is done, as the central service "
                         "reports it"),
    "360°": QT_TRANSLATE_NOOP(
        "ProgressModel", "The 360° diagnostic: not invited, invited or completed"),
    "Coaching": QT_TRANSLATE_NOOP(
        "ProgressModel", "Coaching sessions attended of those planned"),
    "Next milestone": QT_TRANSLATE_NOOP(
        "ProgressModel", "The next funding milestone, the last day it can be declared, and "
                         "whether the candidate will miss it on current attendance"),
    "At risk": QT_TRANSLATE_NOOP(
        "ProgressModel", "Below the participation threshold, or two events missed running"),
}
(NAME, DAYS, SHARE, ONLINE, COURSE, DIAGNOSTIC, COACHING, NEXT, STATUS,
 RISK) = range(len(COLUMNS))
RIGHT = {DAYS, SHARE, ONLINE, COURSE, COACHING}
CANDIDATE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
AT_RISK_TINT = "danger_tint"  # theme roles (ui/theme_colours.py), as the dashboard's
AT_RISK_TEXT = "danger_tint_text"
NONE = "–"
DIAGNOSTIC_RANK = {"not_invited": 0, "invited": 1, "completed": 2}


def cell_text(row: CandidateProgress, column: int) -> str:
    reported = row.reported
    if column == NAME:
        return row.name
    if column == DAYS:
        return f"{row.days_attended} / {row.days_held}"
    if column == SHARE:
        return NONE if row.share is None else f"{row.share} %"
    if column == ONLINE:
        return NONE if reported is None else (
            f"{reported.online_attended} / {reported.online_held}")
    if column == COURSE:
        return NONE if reported is None else f"{reported.online_course_percent} %"
    if column == DIAGNOSTIC:
        return NONE if reported is None else reported.diagnostic_words
    if column == COACHING:
        if reported is None or reported.coaching_attended is None:
            return NONE
        planned = reported.coaching_planned
        return f"{reported.coaching_attended} / {NONE if planned is None else planned}"
    if column == NEXT:
        return row.next_milestone.text if row.next_milestone is not None else NONE
    if column == STATUS:
        return row.status_label
    return row.risk.short_text if row.risk is not None else ""


def spoken_text(row: CandidateProgress, column: int) -> str:
    """What a screen reader says (and the cell's tooltip): the pairs and dashes in words."""
    reported = row.reported
    if column == DAYS:
        return translate("ProgressModel", "{attended} of {held} days attended").format(
            attended=row.days_attended, held=row.days_held)
    if column == SHARE and row.share is None:
        return translate("ProgressModel", "No face-to-face hours held yet")
    if column == SHARE:
        return translate("ProgressModel", "{share} % of face-to-face hours").format(
            share=row.share)
    if column in (ONLINE, COURSE, DIAGNOSTIC) and reported is None:
        return translate("ProgressModel", "Not reported by the central service yet")
    if column == ONLINE and reported is not None:
        return translate("ProgressModel", "{attended} of {held} online sessions attended"
                         ).format(attended=reported.online_attended, held=reported.online_held)
    if column == COURSE and reported is not None:
        return translate("ProgressModel", "Online course {percent} % done").format(
            percent=reported.online_course_percent)
    if column == DIAGNOSTIC and reported is not None:
        return translate("ProgressModel", "360° diagnostic: {state}").format(
            state=reported.diagnostic_words)
    if column == COACHING:
        if reported is None or reported.coaching_attended is None:
            return translate("ProgressModel", "Coaching not reported")
        return translate("ProgressModel", "{attended} of {planned} coaching sessions").format(
            attended=reported.coaching_attended, planned=reported.coaching_planned or NONE)
    if column == NEXT:
        return next_words(row)
    if column == RISK:
        return (translate("ProgressModel", "At risk: {reason}").format(reason=row.risk.text)
                if row.risk is not None else translate("ProgressModel", "Not at risk"))
    return cell_text(row, column)


def next_words(row: CandidateProgress) -> str:
    """'Retained 1 by 31 Mar 2027: will miss (Participation 73 %, below 90 %)'."""
    upcoming = row.next_milestone
    if upcoming is None:
        return translate("ProgressModel", "No milestone ahead in the schedule held here")
    when = upcoming.line.due_words
    if upcoming.will_miss:
        return translate("ProgressModel", "{milestone} {when}: will miss ({why})").format(
            milestone=upcoming.line.name, when=when, why=upcoming.why)
    return translate("ProgressModel", "{milestone} {when}: on track").format(
        milestone=upcoming.line.name, when=when)


def sort_key(row: CandidateProgress, column: int) -> Any:
    reported = row.reported
    if column == NAME:  # the paper's order: accents folded, family name first
        # one string (Qt compares strings, not tuples); \x01 sorts before any letter
        return "\x01".join(paper_sort_key(row.family_name, row.given_name, row.candidate_id))
    if column == DAYS:
        return row.days_attended * 1000 + row.days_held
    if column == SHARE:
        return -1 if row.share is None else row.share
    if column == ONLINE:
        return -1 if reported is None else (
            reported.online_attended * 1000 + reported.online_held)
    if column == COURSE:
        return -1 if reported is None else reported.online_course_percent
    if column == DIAGNOSTIC:
        return -1 if reported is None else DIAGNOSTIC_RANK.get(reported.diagnostic_360, 3)
    if column == COACHING:
        if reported is None or reported.coaching_attended is None:
            return -1
        return reported.coaching_attended * 1000 + (reported.coaching_planned or 0)
    if column == NEXT:  # will miss first, then by the milestone's last day
        upcoming = row.next_milestone
        if upcoming is None:
            return "2"
        day = upcoming.line.milestone_date
        return f"{0 if upcoming.will_miss else 1} {day.isoformat() if day else ''}"
    if column == RISK:  # at risk first when ascending, then by the reason
        return f"0 {row.risk.text}" if row.risk is not None else "1"
    return cell_text(row, column).casefold()


class ProgressModel(RowsModel[CandidateProgress]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([translate("ProgressModel", c) for c in COLUMNS], parent,
                         tips=[translate("ProgressModel", TIPS[c]) if c in TIPS else None
                               for c in COLUMNS])
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: tuple[CandidateProgress, ...] | list[CandidateProgress]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return spoken_text(row, column)
        if role == SORT_ROLE:
            return sort_key(row, column)
        if role == CANDIDATE_ID_ROLE:
            return row.candidate_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (
                (column == RISK and row.risk is not None)
                or (column == NEXT and row.will_miss)):
            return self._bold
        if row.risk is not None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return theme.brush(AT_RISK_TINT)
            if role == Qt.ItemDataRole.ForegroundRole:
                return theme.brush(AT_RISK_TEXT)
        elif role == Qt.ItemDataRole.ForegroundRole and column == NEXT and row.will_miss:
            return theme.brush(AT_RISK_TEXT)
        return None

    def _tip(self, row: CandidateProgress, column: int) -> str | None:
        if column == NAME:
            parts = [row.school] if row.school else []
            if row.risk is not None:
                parts.append(spoken_text(row, RISK))
            return "\n".join(parts) or None
        if column == RISK:
            return spoken_text(row, RISK) if row.risk is not None else None
        if column in (STATUS,):
            return None
        return spoken_text(row, column)
