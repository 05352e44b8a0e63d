"""Make the at-risk register screenshot: the demo facilitator's register for today's
event, with the quiet ⚑ beside the two candidates at risk coming into it, and the pointer
resting on the first of them so that the register's own tooltip says why, in words.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_at_risk.py \\
        docs/screenshot-at-risk-register.png

The pointer is moved for real (the X server's), and the tooltip is the one Qt shows for a
hover, so the whole screen is grabbed rather than the window (a tooltip is a window of its
own).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_common import Shots, Step

from ui.main_window import MainWindow
from ui.register_model import RISK_ROLE, Column


def flagged_row(window: MainWindow) -> int | None:
    """The first row of the register as shown (its own order) with a reason beside it."""
    view = window.register_view
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, Column.NAME).data(RISK_ROLE):
            return row
    return None


def hover(window: MainWindow) -> Step:
    """Rest the pointer on the flagged name until Qt shows its tooltip."""

    def step() -> bool:
        row = flagged_row(window)
        if row is None:
            return False
        table = window.register_view.table
        cell = table.visualRect(window.register_view.proxy.index(row, Column.NAME))
        spot = QPoint(cell.left() + min(60, cell.width() // 3), cell.center().y())
        QCursor.setPos(table.viewport().mapToGlobal(spot))
        QTest.mouseMove(table.viewport(), spot)
        return QToolTip.isVisible()

    return step


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    shots = Shots()

    def steps(window: MainWindow) -> Iterator[Step]:
        yield lambda: window.register_view.model.rowCount() > 0  # today's register
        yield lambda: flagged_row(window) is not None  # who was at risk coming in, read
        yield hover(window)

    def shoot(window: MainWindow) -> None:
        screen = QApplication.primaryScreen()
        frame = window.frameGeometry()
        shots.save(screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height()),
                   args.out)

    return shots.drive_demo("facilitator", steps, shoot, step_ms=900, settle_ms=400)


if __name__ == "__main__":
    raise SystemExit(main())
