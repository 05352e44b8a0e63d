"""Make the partner screenshots: the demo partner lead's Partner tab (the allocation code,
its paragraph and the published profile), or ("decision") the Recruitment and attendance
tab with the first group that can be decided for chosen and its decision dialog open.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_partner.py \\
        docs/screenshot-partner.png [--show decision]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtGui import QPainter, QPixmap
from screenshot_common import SCREEN, Shots, Step
from screenshot_progress import show_tab

from ui.dashboard_view import DashboardView
from ui.decision_panel import DecisionPanel
from ui.main_window import MainWindow
from ui.partner_view import PartnerView


def with_dialog(window: MainWindow, panel: DecisionPanel) -> QPixmap:
    """The window with the open dialog drawn where it sits on screen."""
    shot = window.grab()
    dialog = panel.dialog
    if dialog is not None:
        painter = QPainter(shot)
        where = window.mapFromGlobal(dialog.frameGeometry().topLeft())
        painter.drawPixmap(where, dialog.grab())
        painter.end()
    return shot


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--show", choices=("partner", "decision"), default="partner")
    args = parser.parse_args()
    shots = Shots()
    panels: list[DecisionPanel] = []

    def partner_steps(window: MainWindow) -> Iterator[Step]:
        yield lambda: show_tab(window, "Partner")
        yield lambda: bool(window.findChildren(PartnerView)) and bool(
            window.findChildren(PartnerView)[0].code_label.text())

    def decision_steps(window: MainWindow) -> Iterator[Step]:
        yield lambda: show_tab(window, "Recruitment and attendance")
        yield lambda: bool(window.findChildren(DashboardView))

        tried: list[str] = []

        def choose() -> bool:
            view = window.findChildren(DashboardView)[0]
            found = view.detail.findChildren(DecisionPanel)
            if not found or not view.model.rows:
                return False
            panel = found[0]
            if panel.state is not None and panel.state.may_decide:
                panels.append(panel)
                return True
            left = [r.group_id for r in view.model.rows if r.group_id not in tried]
            if not left:
                raise SystemExit("no group of the demo partner can be decided for")
            tried.append(left[0])
            view.select_group(left[0])
            return False
        yield choose
        yield lambda: (panels[0].open_dialog(), True)[1]
        yield lambda: panels[0].dialog is not None and panels[0].dialog.isVisible()

        def fill() -> bool:
            dialog = panels[0].dialog
            assert dialog is not None
            if "merge" in dialog.options:
                dialog.options["merge"].setChecked(True)
            dialog.note.setPlainText("Agreed with both facilitators at the partner meeting; "
                                     "the candidates keep their Calder sessions.")
            return True
        yield fill

    def shoot(window: MainWindow) -> None:
        if args.show == "decision" and panels:
            shots.save(with_dialog(window, panels[0]), args.out)
        else:
            shots.save(window.grab(), args.out)

    steps = partner_steps if args.show == "partner" else decision_steps
    return shots.drive_demo("partner", steps, shoot, settle_ms=1500, size=SCREEN)


if __name__ == "__main__":
    raise SystemExit(main())
