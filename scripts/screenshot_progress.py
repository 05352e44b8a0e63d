"""Make the progress screenshot: the demo partner lead's Progress tab, on the group held
most recently, in the whole window, with the first candidate who will miss their next
milestone (else the first at risk) selected, so the detail panel says why.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_progress.py \\
        docs/screenshot-progress.png

(``--role facilitator`` for the facilitator's; ``--group CODE`` to open another group.)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtWidgets import QTabWidget, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_common import Shots, Step

from ui.main_window import MainWindow
from ui.progress_view import ProgressView


def show_tab(window: QWidget, title: str) -> bool:
    for tabs in window.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if tabs.tabText(index).replace("&", "") == title:
                tabs.setCurrentIndex(index)
                return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--role", default="partner")
    parser.add_argument("--group", help="the code of the group to show")
    args = parser.parse_args()
    shots = Shots()

    def view(window: MainWindow) -> ProgressView | None:
        found = window.findChildren(ProgressView)
        return found[0] if found else None

    def steps(window: MainWindow) -> Iterator[Step]:
        yield lambda: show_tab(window, "Progress")
        yield lambda: (page := view(window)) is not None and page.current is not None
        if args.group:
            def choose() -> bool:
                page = view(window)
                assert page is not None
                index = page.groups.findText(args.group)
                if index >= 0:
                    page.groups.setCurrentIndex(index)
                return True
            yield choose
            yield lambda: (page := view(window)) is not None and page.current is not None \
                and page.current.code == args.group

        def select() -> bool:
            page = view(window)
            assert page is not None and page.current is not None
            rows = page.current.rows
            chosen = (next((r for r in rows if r.will_miss), None)
                      or next((r for r in rows if r.risk is not None), None))
            if chosen is not None:
                page.select_candidate(chosen.candidate_id)
            return True
        yield select

    def shoot(window: MainWindow) -> None:
        shots.save(window.grab(), args.out)

    return shots.drive_demo(args.role, steps, shoot, settle_ms=1500)


if __name__ == "__main__":
    raise SystemExit(main())
