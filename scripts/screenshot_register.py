"""Make the README's register screenshot: the demo, today's register part-taken by keyboard.

Runs the real demo (embedded server, sign-in, first sync, main window), presses keys on
whatever has the focus as a facilitator would, then saves the window.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_register.py OUT.png
(or with QT_QPA_PLATFORM=offscreen; fonts then come from the system's fontconfig)
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ui.demo import Demo, DemoBackend
from ui.runner import Runner
from ui.style import stylesheet

# Present, present, absent, present, apologies, present, present, late at 09:12, present...
KEYS = ["P", "P", "A", "P", "O", "P", "P", "L", "0912", "Return", "P", "P"]


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot-register.png")
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(stylesheet())
    runner = Runner(on_error=lambda exc: (print(f"error: {exc!r}"), app.exit(1)))
    backend = DemoBackend()
    demo = Demo(runner, backend)
    steps = list(KEYS)

    def step() -> None:
        window = demo.window
        if window is None or window.register_view.model.rowCount() == 0 or runner.busy():
            QTimer.singleShot(200, step)
            return
        if not steps:
            window.grab().save(str(out))
            print(f"saved {out}")
            app.exit(0)
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
    demo.open("facilitator")
    try:
        return app.exec()
    finally:
        runner.wait_for_done()
        backend.close()


if __name__ == "__main__":
    raise SystemExit(main())
