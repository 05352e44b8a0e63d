"""Make the QA forms' screenshots from the real demo (embedded server, signed in, synced).

    .venv/bin/python scripts/screenshot_forms.py workspace docs/screenshot-qa-workspace.png
    .venv/bin/python scripts/screenshot_forms.py visit docs/screenshot-qa-visit.png
    .venv/bin/python scripts/screenshot_forms.py development OUT.png   (as the facilitator)
    .venv/bin/python scripts/screenshot_forms.py record OUT.png   (Siân's signed-off visit)

(QT_QPA_PLATFORM=offscreen, or under xvfb-run -s "-screen 0 1366x768x24".)
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_common import SCREEN, Shots, Step

from ui.forms.editor import FormEditor
from ui.forms.fields import RatingField, TextField
from ui.main_window import MainWindow


def _editor(window: MainWindow) -> FormEditor | None:
    page = window.tabs.currentWidget()
    return page if isinstance(page, FormEditor) and page.body is not None else None


def workspace_steps(window: MainWindow) -> Iterator[Step]:
    yield lambda: bool(window.forms.workspace and window.forms.workspace.model.rowCount())


def _select(window: MainWindow, name: str) -> bool:
    workspace = window.forms.workspace
    names = [r.name for r in workspace.model.rows] if workspace else []
    if name not in names or workspace is None:
        return False
    workspace.table.selectRow(names.index(name))
    return True


def visit_steps(window: MainWindow) -> Iterator[Step]:
    yield from workspace_steps(window)
    yield lambda: _select(window, "Oluwaseun Adeyemi")
    yield lambda: bool(window.forms.workspace and "QA visit" in
                       window.forms.workspace.detail.cycle.buttons)

    def start() -> bool:
        assert window.forms.workspace is not None
        window.forms.workspace.detail.cycle.buttons["QA visit"].click()
        return True

    yield start
    yield lambda: _editor(window) is not None

    def type_some() -> bool:
        editor = _editor(window)
        assert editor is not None and editor.body is not None
        ratings = [f for f in editor.body.questions.values() if isinstance(f, RatingField)]
        texts = [f for f in editor.body.questions.values() if isinstance(f, TextField)]
        QTest.keyClick(ratings[0].focus_target(), Qt.Key.Key_3)
        QTest.keyClicks(texts[0].edit, "Asked the group what they already do about "
                        "curriculum sequencing, and built the activity from their answers.")
        QTest.keyClick(ratings[1].focus_target(), Qt.Key.Key_2)
        ratings[1].focus_target().setFocus()
        return True

    yield type_some
    yield lambda: "Saved" in (_editor(window).saved.text() if _editor(window) else "")


def record_steps(window: MainWindow) -> Iterator[Step]:
    yield from workspace_steps(window)
    yield lambda: _select(window, "Siân Hughes")
    yield lambda: bool(window.forms.workspace
                       and window.forms.workspace.detail.forms.count() > 1)

    def open_visit() -> bool:
        assert window.forms.workspace is not None
        window.forms.workspace.detail.cycle.buttons["QA visit"].click()
        return True

    yield open_visit
    yield lambda: isinstance(window.tabs.currentWidget(), FormEditor) and \
        window.tabs.currentWidget().view is not None


def development_steps(window: MainWindow) -> Iterator[Step]:
    def show() -> bool:
        assert window.forms.development is not None
        window.tabs.setCurrentWidget(window.forms.development)
        return True

    yield show
    yield lambda: bool(window.forms.development
                       and window.forms.development.records.count() > 0)


SCENES = {"workspace": ("qa", workspace_steps), "visit": ("qa", visit_steps),
          "record": ("qa", record_steps), "development": ("facilitator", development_steps)}


def main() -> int:
    scene = sys.argv[1] if len(sys.argv) > 1 else "workspace"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else f"docs/screenshot-qa-{scene}.png")
    role, steps = SCENES[scene]
    shots = Shots()
    return shots.drive_demo(role, steps, lambda window: shots.save(window.grab(), out),
                            size=SCREEN)


if __name__ == "__main__":
    raise SystemExit(main())
