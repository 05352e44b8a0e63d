"""The register's order, chosen by keyboard as well as by a click on a column heading: by
name (the paper's order: family names, as the printed sheet has them), by school, or by
status. The choices are the columns' headings, short so the row beside the counts fits a
1366-pixel screen at 20pt.

The choice and the table's sort indicator follow each other: a click on a heading shows
its column here (or nothing, for a column the choice does not offer), a choice here sorts
the table and shows it on the heading.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableView, QWidget

from ui.i18n import translate
from ui.register_columns import Column, header_text

CHOICES = (Column.NAME, Column.SCHOOL, Column.STATUS)


class SortChoice(QWidget):
    """"Sort by" and its list, over ``table`` (sorting enabled)."""

    def __init__(self, table: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerSort")
        self._table = table
        label = QLabel(translate("RegisterSort", "Sort by"))
        label.setObjectName("registerSortLabel")
        self.box = QComboBox()
        self.box.setObjectName("registerSortChoice")
        for column in CHOICES:
            self.box.addItem(header_text(column), int(column))
        label.setBuddy(self.box)  # a screen reader names the list by its label
        self.box.setAccessibleName(label.text())
        self.box.setToolTip(translate("RegisterSort", "Name is the printed register's order; a "
                                                      "click on a column heading sorts by it"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(label)
        layout.addWidget(self.box)
        header = table.horizontalHeader()
        self._follow(header.sortIndicatorSection())
        header.sortIndicatorChanged.connect(lambda section, _order: self._follow(section))
        self.box.activated.connect(self._chosen)

    def _chosen(self, index: int) -> None:
        self._table.sortByColumn(int(self.box.itemData(index)), Qt.SortOrder.AscendingOrder)

    def _follow(self, section: int) -> None:
        self.box.setCurrentIndex(self.box.findData(section))
