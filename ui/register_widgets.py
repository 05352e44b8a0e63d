"""How the register view is put together: the table, the layout.

The register view hands in the parts it built (its model, its callbacks, its widgets), so
this module never needs the view itself and the two import in one direction only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import MarkStatus, times_text
from ui.font_watch import FontWatch
from ui.i18n import translate
from ui.register_model import Column


class RegisterTable(QTableView):
    """The register's table, without Qt's type-ahead: a letter typed here never jumps to a
    name (``ui.register_keys`` sends names to the search box)."""

    def keyboardSearch(self, search: str) -> None:
        return


class NameDelegate(QStyledItemDelegate):
    """Draws the Name column's icon (a note) at the cell's right edge, so names line up
    whether or not a person has one."""

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.decorationPosition = QStyleOptionViewItem.Position.Right


# Fixed columns and row height in pixels for the design's 12pt table text; they grow with
# the text (a larger desktop font) and never below a translated header's width.
FIXED_WIDTHS = {Column.STATUS: 150, Column.ARRIVAL: 84, Column.DAY: 58, Column.AM: 44,
                Column.PM: 44, Column.SYNC: 60}
ROW_HEIGHT = 38
NAME_ROOM_CHARS = 30  # below this much room for names and schools, the school gives way
MIN_ROWS_SHOWN = 3  # names still in view above the buttons, however large the text
ICON_SIDE = 16
DESIGN_TABLE_POINTS = 12.0


def size_to_font(table: QTableView) -> None:
    scale = max(1.0, table.font().pointSizeF() / DESIGN_TABLE_POINTS)
    table.verticalHeader().setDefaultSectionSize(
        max(round(ROW_HEIGHT * scale), table.fontMetrics().height() + 12))
    side = round(ICON_SIDE * scale)
    table.setIconSize(QSize(side, side))  # SVG icons: sharp at any size
    header = table.horizontalHeader()
    header.ensurePolished()  # the style sheet's padding is part of the header's height
    table.setMinimumHeight(  # a sideways scroll bar may take room too (very large text)
        header.sizeHint().height() + 2 * table.frameWidth()
        + table.horizontalScrollBar().sizeHint().height()
        + MIN_ROWS_SHOWN * table.verticalHeader().defaultSectionSize())
    bold = QFont(header.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    model = table.model()
    contents = _content_widths(table, side)
    for column, width in FIXED_WIDTHS.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model else ""
        header.resizeSection(column, max(width, contents[column],
                                         metrics.horizontalAdvance(title) + 16))


def _content_widths(table: QTableView, icon_side: int) -> dict[Column, int]:
    """What each fixed column's widest content needs in the table's font: the design
    widths hold at the usual sizes, these once the text is larger (scaling the design
    widths instead left a 20pt register no room for names)."""
    bold = QFont(table.font())
    bold.setBold(True)
    plain, strong = table.fontMetrics(), QFontMetrics(bold)
    padding = plain.height()
    status = max(strong.horizontalAdvance(s.label) for s in MarkStatus)
    icon = icon_side + padding
    return {Column.STATUS: status + padding, Column.ARRIVAL:
            plain.horizontalAdvance(times_text("00:00", "00:00")) + padding,
            Column.DAY: plain.horizontalAdvance("100%") + padding,
            Column.AM: icon, Column.PM: icon, Column.SYNC: icon}


class SchoolGivesWay(QObject):
    """With very large text on a small screen the fixed columns leave little room: the
    names matter most at the door, so the School column is hidden until there is room for
    both again."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        fixed = sum(header.sectionSize(column) for column in FIXED_WIDTHS)
        room = self.table.viewport().width() - fixed
        wanted = round(self.table.fontMetrics().averageCharWidth() * NAME_ROOM_CHARS)
        self.table.setColumnHidden(Column.SCHOOL, room < wanted)


def build_table(model: QAbstractItemModel, on_double_click: Callable[[], object],
                on_current_changed: Callable[[QModelIndex, QModelIndex], object]
                ) -> QTableView:
    """The register's table over ``model``: a double click calls ``on_double_click()``
    (marks the person present), a move to another row ``on_current_changed``."""
    table = RegisterTable()
    table.setObjectName("registerTable")
    table.setAccessibleName(translate("RegisterWidgets", "Register"))
    table.setModel(model)
    table.setItemDelegateForColumn(Column.NAME, NameDelegate(table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # arrows move inside; Tab goes on to the next control
    table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    table.setSortingEnabled(True)
    table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(Column.SCHOOL, QHeaderView.ResizeMode.Stretch)
    for column in FIXED_WIDTHS:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
    size_to_font(table)
    FontWatch(table, size_to_font)
    SchoolGivesWay(table)
    table.doubleClicked.connect(lambda _index: on_double_click())
    table.selectionModel().currentRowChanged.connect(on_current_changed)
    return table



def _fit_placeholder(box: QLineEdit) -> None:
    box.setMinimumWidth(max(220, box.fontMetrics().horizontalAdvance(box.placeholderText())
                            + box.fontMetrics().height() * 3))  # padding and clear button


def tab_stops(parts: Sequence[QWidget | None]) -> list[QWidget]:
    """The controls Tab can reach in ``parts``, in order: each part itself if it takes the
    keyboard, else its own controls in the order they were laid out (a table's header and
    scroll bars, and a list's pop-up, are not stops)."""
    stops: list[QWidget] = []
    for part in parts:
        if part is None:
            continue
        if part.focusPolicy() & Qt.FocusPolicy.TabFocus:
            stops.append(part)
            continue
        stops += [w for w in part.findChildren(QWidget)
                  if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.window() is part.window()
                  and not isinstance(w.parentWidget(), QAbstractItemView)]
    return stops


def order_tabs(parts: Sequence[QWidget | None]) -> None:
    """Tab goes through ``parts`` in the order given (Shift+Tab back), then on to what
    follows the first of them in the window."""
    stops = tab_stops(parts)
    for first, second in pairwise(stops):
        QWidget.setTabOrder(first, second)


def lay_out(view: QWidget, *, header: QWidget, submission: QWidget, counts: QWidget,
            search_box: QLineEdit, search_hint: QWidget, sort: QWidget, table: QWidget,
            no_match: QWidget, panels: Sequence[QWidget], notes: QWidget | None
            ) -> Callable[[], None]:
    """Place the register view's parts: the event header, the submission line, the counts
    beside the sort choice and the search box, the table (or "no match" in its place), the
    ``panels`` under it (conflict, time, reason, walk-in, actions) and the notes panel (if
    any) on the right. Tab goes through them in that order: the counts' button, the search
    box, the sort choice, the table, and on. Returns what puts that order back, for when a
    panel makes new controls (the conflict panel's "Keep this one")."""
    search = QVBoxLayout()
    search.setSpacing(4)
    search.addWidget(search_box)
    search.addWidget(search_hint)
    search.addStretch(1)
    top = QHBoxLayout()
    top.addWidget(counts, 1)
    top.addWidget(sort, 0, Qt.AlignmentFlag.AlignTop)
    top.addLayout(search)
    search_box.setMinimumWidth(220)
    FontWatch(search_box, _fit_placeholder)
    main = QVBoxLayout()
    main.setSpacing(8)
    main.addWidget(header)
    main.addWidget(submission)
    main.addLayout(top)
    main.addWidget(table, 1)
    main.addWidget(no_match, 1)
    for widget in panels:
        main.addWidget(widget)
    layout = QHBoxLayout(view)
    layout.setContentsMargins(18, 12, 18, 10)
    layout.setSpacing(12)
    layout.addLayout(main, 1)
    if notes is not None:
        layout.addWidget(notes)
    stops = (counts, search_box, sort, table, no_match, *panels, notes)
    order_tabs(stops)
    return lambda: order_tabs(stops)
