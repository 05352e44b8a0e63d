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
from pathlib import Path

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ui import theme
from ui.demo import Demo, DemoBackend
from ui.runner import Runner

# Present, present, absent, present, apologies, present, present, late at 09:12, present...
KEYS = ["P", "P", "A", "P", "O", "P", "P", "L", "0912", "Return", "P", "P"]


def show_tab(window: QWidget, title: str) -> None:
    for tabs in window.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if tabs.tabText(index).replace("&", "") == title:
                tabs.setCurrentIndex(index)
                return


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--crop", help="x,y,w,h of the window to keep")
    parser.add_argument("--font-pt", type=float, help="the desktop font size to start with")
    parser.add_argument("--role", default="facilitator")
    parser.add_argument("--tab", help="open the main window's tab with this title first")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    if args.font_pt:
        font = QFont(app.font())
        font.setPointSizeF(args.font_pt)
        app.setFont(font)
    theme.apply(app)
    runner = Runner(on_error=lambda exc: (print(f"error: {exc!r}"), app.exit(1)))
    backend = DemoBackend()
    demo = Demo(runner, backend)
    steps = list(KEYS) if args.role == "facilitator" else []

    def save() -> None:
        window = demo.window
        assert window is not None
        shot = window.grab()
        if args.crop:
            x, y, w, h = (int(v) for v in args.crop.split(","))
            ratio = shot.devicePixelRatio()
            shot = shot.copy(QRect(round(x * ratio), round(y * ratio),
                                   round(w * ratio), round(h * ratio)))
        shot.save(str(args.out))
        print(f"saved {args.out} ({shot.width()}x{shot.height()}, "
              f"{theme.current().value}, scale {shot.devicePixelRatio():g})")
        window.close_now()
        app.exit(0)

    def step() -> None:
        window = demo.window
        if window is None or runner.busy() or (
                steps and window.register_view.model.rowCount() == 0):
            QTimer.singleShot(200, step)
            return
        if not steps:
            if args.tab:
                show_tab(window, args.tab)
            QTimer.singleShot(2500 if args.tab else 300, save)
            return
        key = steps.pop(0)
        target = QApplication.focusWidget() or window.register_view
        if key.isdigit():
            QTest.keyClicks(target, key)
        else:
            QTest.keyClick(target, getattr(Qt.Key, f"Key_{key}"))
        QTimer.singleShot(120, step)

    demo.window_shown.connect(lambda window: (window.activateWindow(),
                                              QTimer.singleShot(1500, step)))
    demo.open(args.role)
    try:
        return app.exec()
    finally:
        runner.wait_for_done()
        backend.close()


if __name__ == "__main__":
    raise SystemExit(main())
