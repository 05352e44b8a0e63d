"""Colours on list and table widget items, by theme role, redone after a scheme change.

A ``QListWidgetItem``/``QTableWidgetItem`` keeps the brush it was given, so an item
coloured in light stays light after the desktop turns dark. ``colour_item`` records the
roles on the item as well; ``follow_items(widget)`` re-colours the widget's items from
them after each change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QTableWidget, QTableWidgetItem

from ui import theme

FOREGROUND_KEY = Qt.ItemDataRole.UserRole + 0x4E50  # the item's foreground role name
BACKGROUND_KEY = Qt.ItemDataRole.UserRole + 0x4E51  # the item's background role name

Item = QListWidgetItem | QTableWidgetItem


def colour_item(item: Item, foreground: str | None = None,
                background: str | None = None) -> None:
    """Colour ``item`` with these theme roles (None: leave that side as it is)."""
    if foreground is not None:
        item.setData(FOREGROUND_KEY, foreground)
        item.setForeground(theme.brush(foreground))
    if background is not None:
        item.setData(BACKGROUND_KEY, background)
        item.setBackground(theme.brush(background))


def _recolour(item: Item | None) -> None:
    if item is None:
        return
    foreground, background = item.data(FOREGROUND_KEY), item.data(BACKGROUND_KEY)
    if foreground:
        item.setForeground(theme.brush(foreground))
    if background:
        item.setBackground(theme.brush(background))


def recolour_items(widget: QListWidget | QTableWidget) -> None:
    if isinstance(widget, QListWidget):
        for row in range(widget.count()):
            _recolour(widget.item(row))
        return
    for row in range(widget.rowCount()):
        for column in range(widget.columnCount()):
            _recolour(widget.item(row, column))


def follow_items(widget: QListWidget | QTableWidget) -> None:
    """Re-colour ``widget``'s items from their roles after each scheme change."""
    theme.on_change(widget, recolour_items, now=False)
