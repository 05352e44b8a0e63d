"""A minimal Qt program for the AT-SPI proof's own check (tests/ui/test_atspi.py): a
named table that, on P, posts a Qt 6 accessibility announcement (QAccessibleAnnouncementEvent)
with the text given on its command line, and that Tab leaves for a button. It shows that
the bus, Qt and the walker carry an announcement end to end (as "object:announcement", its
text in the event's data) and see the focus leave a table, so the assertions that wait for
the register's can only fail for the app's sake.
Run by the test as ``python tests/ui/atspi_announcer.py TEXT`` on the test's bus."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SHOWN = "main window shown"  # the line tests/ui/atspi_bus.py waits for


class AnnouncingTable(QTableWidget):
    def __init__(self, text: str) -> None:
        super().__init__(2, 2)
        self.text = text
        self.setAccessibleName("Announcer")
        self.setTabKeyNavigation(False)  # arrows move between cells, Tab leaves
        for row in range(2):
            for column in range(2):
                self.setItem(row, column, QTableWidgetItem(f"cell {row + 1}.{column + 1}"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_P:
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, self.text))
            return
        super().keyPressEvent(event)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(AnnouncingTable(sys.argv[1] if len(sys.argv) > 1 else "announced"))
    layout.addWidget(QPushButton("After the table"))
    window.show()
    print(SHOWN, flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
