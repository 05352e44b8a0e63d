"""Make the impact screenshot: the demo partner lead's Impact tab, with the simulated
reports the demo server seeds, the first group whose reports are shown whole chosen so the
breakdown has figures.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_impact.py \\
        docs/screenshot-impact.png
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_common import SCREEN, Shots, Step
from screenshot_progress import show_tab

from ui.impact_view import ImpactView
from ui.main_window import MainWindow


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--role", default="partner")
    args = parser.parse_args()
    shots = Shots()

    def view(window: MainWindow) -> ImpactView | None:
        found = window.findChildren(ImpactView)
        return found[0] if found else None

    def steps(window: MainWindow) -> Iterator[Step]:
        yield lambda: show_tab(window, "Impact")
        yield lambda: (page := view(window)) is not None and page.overview is not None \
            and not page.overview.empty

        def choose() -> bool:
            page = view(window)
            assert page is not None and page.overview is not None
            lines = page.overview.groups
            whole = [line for line in lines if not (
                line.diagnostic.hidden or line.destinations.hidden
                or line.improvements.hidden)]
            page.select((whole or lines)[0].key)
            return True
        yield choose

    def shoot(window: MainWindow) -> None:
        shots.save(window.grab(), args.out)

    return shots.drive_demo(args.role, steps, shoot, settle_ms=1500, size=SCREEN)


if __name__ == "__main__":
    raise SystemExit(main())
