"""A row of widgets that wraps onto further rows when it does not fit (after Qt's "Flow
Layout" example; PySide6 has none built in).

Why: with a large desktop font a row of buttons in a ``QHBoxLayout`` makes the window
wider than a laptop screen, or shrinks the buttons below their text. Here a button that
does not fit goes to the next row instead, never narrower than its size hint, so the
layout's minimum width is that of its widest item, and its height follows the width
(``heightForWidth``: a parent box layout gives it the rows it needs).

Two ways to fill a row:

* free (the default): items at their size hint, left to right; a stretch
  (``addStretch()``) takes the row's spare room, so what follows it sits at the right
  edge (on the row where it lands after wrapping, too);
* ``uniform=True``: a grid of equal cells across the whole width, with the items shared
  out evenly between the rows (five buttons that do not fit in one row go 3 + 2, not
  4 + 1), as a row of equal buttons in a ``QHBoxLayout`` looks when it does fit.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QWidget

Row = list[QLayoutItem]


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, *, spacing: int = 8,
                 row_spacing: int | None = None, uniform: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._row_spacing = spacing if row_spacing is None else row_spacing
        self._uniform = uniform
        self.setSpacing(spacing)
        if parent is None:
            self.setContentsMargins(0, 0, 0, 0)

    # ---- QLayout's item list ---------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def addStretch(self) -> None:
        """The row's spare room goes here: what follows is pushed to the right edge."""
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding,
                                 QSizePolicy.Policy.Minimum))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if 0 <= index < len(self._items):
            item = self._items.pop(index)
            self.invalidate()
            return item
        return None

    # ---- sizes -----------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def sizeHint(self) -> QSize:
        """Everything on one row (as a ``QHBoxLayout`` would ask)."""
        shown = self._shown()
        if not shown:
            return self._with_margins(QSize(0, 0))
        if self._uniform:
            cell = max(i.sizeHint().width() for i in shown)
            width = cell * len(shown) + self.spacing() * (len(shown) - 1)
        else:
            widgets = [i for i in shown if not _is_stretch(i)]
            width = sum(i.sizeHint().width() for i in widgets)
            width += self.spacing() * max(0, len(widgets) - 1)
        height = max(i.sizeHint().height() for i in shown)
        return self._with_margins(QSize(width, height))

    def minimumSize(self) -> QSize:
        """One item per row: the widest item, never shrunk below its text."""
        shown = [i for i in self._shown() if not _is_stretch(i)]
        if not shown:
            return self._with_margins(QSize(0, 0))
        width = max(_width(i) for i in shown)
        height = max(i.minimumSize().height() for i in shown)
        return self._with_margins(QSize(width, height))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def rows(self, width: int) -> list[Row]:
        """The shown items, row by row, as they would be laid out ``width`` pixels wide
        (margins included)."""
        margins = self.contentsMargins()
        return self._rows(width - margins.left() - margins.right())

    # ---- arranging -------------------------------------------------------------------

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if _is_stretch(i) or not i.isEmpty()]

    def _with_margins(self, size: QSize) -> QSize:
        m = self.contentsMargins()
        return QSize(size.width() + m.left() + m.right(), size.height() + m.top() + m.bottom())

    def _rows(self, width: int) -> list[Row]:
        shown = self._shown()
        if self._uniform:
            return self._uniform_rows(shown, width)
        rows: list[Row] = [[]]
        used = 0
        for item in shown:
            if _is_stretch(item):
                rows[-1].append(item)
                continue
            need = _width(item) + (self.spacing() if used else 0)
            if used and used + need > width:
                carried: Row = []  # a stretch just before the item wraps with it
                while rows[-1] and _is_stretch(rows[-1][-1]):
                    carried.insert(0, rows[-1].pop())
                rows.append(carried)
                used, need = 0, _width(item)
            rows[-1].append(item)
            used += need
        return [row for row in rows if any(not _is_stretch(i) for i in row)]

    def _uniform_rows(self, shown: list[QLayoutItem], width: int) -> list[Row]:
        items = [i for i in shown if not _is_stretch(i)]
        if not items:
            return []
        cell = max(_width(i) for i in items)
        columns = max(1, min(len(items), (width + self.spacing()) // (cell + self.spacing())))
        count = math.ceil(len(items) / columns)
        columns = math.ceil(len(items) / count)  # even rows: 3 + 2 rather than 4 + 1
        return [items[r * columns:(r + 1) * columns] for r in range(count)]

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Lay the rows out in ``rect`` (or only measure): the height they take."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        rows = self._rows(area.width())
        columns = max((len(r) for r in rows), default=1)
        y = area.y()
        for index, row in enumerate(rows):
            if index:
                y += self._row_spacing
            if self._uniform:
                widths = _cells(len(row), columns, area.width(), self.spacing())
            else:
                widths = _free_widths(row, area.width(), self.spacing())
            height = max(_height(i, w) for i, w in zip(row, widths, strict=True)
                         if not _is_stretch(i))
            if place:
                self._place(row, widths, QPoint(area.x(), y), height)
            y += height
        return y - area.y() + m.top() + m.bottom()

    def _place(self, row: Row, widths: list[int], origin: QPoint, height: int) -> None:
        x = origin.x()
        for item, width in zip(row, widths, strict=True):
            if _is_stretch(item):
                x += width
                continue
            item.setGeometry(QRect(x, origin.y(), width, height))
            x += width + self.spacing()


def _is_stretch(item: QLayoutItem) -> bool:
    return item.spacerItem() is not None


def _width(item: QLayoutItem) -> int:
    """What an item needs across: its size hint (a button's whole text), at least its
    minimum; text that wraps (a word-wrapped label) only its minimum."""
    if item.hasHeightForWidth():
        return item.minimumSize().width()
    return max(item.sizeHint().width(), item.minimumSize().width())


def _height(item: QLayoutItem, width: int) -> int:
    if item.hasHeightForWidth():
        return max(item.heightForWidth(width), item.minimumSize().height())
    return item.sizeHint().height()


def _cells(count: int, columns: int, width: int, spacing: int) -> list[int]:
    cell = max(0, (width - spacing * (columns - 1)) // columns)
    return [cell] * count


def _free_widths(row: Row, width: int, spacing: int) -> list[int]:
    """Each item at its size hint; the spare room to the row's stretches, if any."""
    widths = [0 if _is_stretch(i) else _width(i) for i in row]
    gaps = spacing * max(0, sum(not _is_stretch(i) for i in row) - 1)
    spare = width - sum(widths) - gaps
    stretches = [n for n, i in enumerate(row) if _is_stretch(i)]
    if spare > 0 and stretches:
        share, rest = divmod(spare, len(stretches))
        for k, n in enumerate(stretches):
            widths[n] = share + (1 if k < rest else 0)
    return widths
