"""Make the README's dark and high-DPI screenshots: the demo register, part-taken by
keyboard, in the scheme ``$NPQ_DESK_COLOR_SCHEME`` names (or the desktop's), at whatever
``QT_SCALE_FACTOR`` says.

    NPQ_DESK_COLOR_SCHEME=dark xvfb-run -s "-screen 0 1366x768x24" \\
        .venv/bin/python scripts/screenshot_theme.py docs/screenshot-dark.png
    QT_SCALE_FACTOR=2 xvfb-run -s "-screen 0 2732x1536x24" \\
        .venv/bin/python scripts/screenshot_theme.py docs/screenshot-hidpi.png --crop 0,0,820,470
(``--crop x,y,w,h`` in the window's own, unscaled pixels; ``--font-pt 16`` starts with a
16pt desktop font.)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_common import Shots, Step

from ui import theme
from ui.main_window import MainWindow

# Present, present, absent, present, apologies, present, present, late at 09:12 (who then
# leaves early at 14:30: back up a row, E), present...
KEYS = ["P", "P", "A", "P", "O", "P", "P", "L", "0912", "Return", "Up", "E", "1430", "Return",
        "P", "P"]


def show_tab(window: QWidget, title: str) -> None:
    for tabs in window.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if tabs.tabText(index).replace("&", "") == title:
                tabs.setCurrentIndex(index)
                return


def press(window: MainWindow, key: str) -> Step:
    """Type ``key`` ("P", "Return", or digits for a time) where the focus is (the register
    when nothing has it), as a user taking the register by keyboard would."""

    def step() -> bool:
        target = QApplication.focusWidget() or window.register_view
        if key.isdigit():
            QTest.keyClicks(target, key)
        else:
            QTest.keyClick(target, getattr(Qt.Key, f"Key_{key}"))
        return True

    return step


def open_tab(window: MainWindow, title: str) -> Step:
    def step() -> bool:
        show_tab(window, title)
        return True

    return step


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--crop", help="x,y,w,h of the window to keep")
    parser.add_argument("--font-pt", type=float, help="the desktop font size to start with")
    parser.add_argument("--role", default="facilitator")
    parser.add_argument("--tab", help="open the main window's tab with this title first")
    args = parser.parse_args()
    shots = Shots(font_pt=args.font_pt)

    def steps(window: MainWindow) -> Iterator[Step]:
        if args.role == "facilitator":
            yield lambda: window.register_view.model.rowCount() > 0  # today's register
            for key in KEYS:
                yield press(window, key)
        if args.tab:
            yield open_tab(window, args.tab)

    def shoot(window: MainWindow) -> None:
        shot = window.grab()
        if args.crop:
            x, y, w, h = (int(v) for v in args.crop.split(","))
            ratio = shot.devicePixelRatio()
            shot = shot.copy(QRect(round(x * ratio), round(y * ratio),
                                   round(w * ratio), round(h * ratio)))
        shots.save(shot, args.out, f" ({shot.width()}x{shot.height()}, "
                   f"{theme.current().value}, scale {shot.devicePixelRatio():g})")

    # one key at a time, at a person's pace: letters typed closer together than the
    # keyboard interval are a name to find, not marks (ui.register_keys)
    step_ms = QApplication.keyboardInputInterval() + 150
    return shots.drive_demo(args.role, steps, shoot, step_ms=step_ms,
                            settle_ms=2500 if args.tab else 300)


if __name__ == "__main__":
    raise SystemExit(main())
