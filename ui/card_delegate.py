"""Lists of cards: items of several lines that wrap to the list's width and are never cut.

A ``QListWidget`` with word wrap sizes each item once, at the width it had then; narrower
afterwards (a splitter moved, larger text) the wrapped lines no longer fit and the last
one ends in "…". ``show_as_cards(view)`` makes a list re-measure its items whenever it is
laid out again, from its current width and its items' own fonts (``CardDelegate``).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QListWidget, QStyledItemDelegate, QStyleOptionViewItem


class CardDelegate(QStyledItemDelegate):
    """Sizes each wrapped, multi-line card to the list's current width."""

    PADDING = 22

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
                 ) -> QSize:
        view = self.parent()
        width = (view.viewport().width() if isinstance(view, QListWidget)
                 else option.rect.width()) - self.PADDING
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        rect = QFontMetrics(font).boundingRect(
            QRect(0, 0, max(width, 50), 10_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(max(width, 50), rect.height() + self.PADDING)


def show_as_cards(view: QListWidget) -> None:
    """Wrap ``view``'s items to its width, laid out again on every resize, never elided."""
    view.setWordWrap(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListWidget.ResizeMode.Adjust)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setItemDelegate(CardDelegate(view))
