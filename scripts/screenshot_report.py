"""Make the evaluation report screenshot: the demo facilitator's report for today's event,
after they submitted the register and most of the group answered.

Runs the real embedded server (seeded), signs in, submits today's register, lets the
simulated cohort answer, syncs, then shows ``ReportsView`` and saves it.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_report.py OUT.png \
        [report|trend] [--font-pt 16]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_common import Shots, seeded_server

from app.reports import ReportService
from server.simulate import simulate_evaluations
from tests.app.evaluation_live import submit_today
from ui.reports import ReportsView

TODAY = dt.date(2026, 11, 23)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screenshot-report.png"))
    parser.add_argument("tab", nargs="?", choices=("report", "trend"), default="report")
    parser.add_argument("--font-pt", type=float, help="the desktop font size to start with")
    args = parser.parse_args()
    out, tab = args.out, args.tab
    with seeded_server("npq-report-shot-", TODAY) as bench:
        store, session = bench.laptop("desk", "facilitator")
        event_id = submit_today(store, session.sync, session.identity.user_id)
        simulate_evaluations(bench.server.database, event_id=event_id, count=13, seed=6)
        session.sync.sync_once()
        shots = Shots(font_pt=args.font_pt)
        view = ReportsView(shots.runner, ReportService(store))
        shots.show(view, "NPQ Partner Desk — Evaluation reports")

        def choose_tab(_event_id: str) -> bool:
            if tab == "trend":
                view.tabs.setCurrentIndex(1)
            return True

        return shots.shoot_when(view.report_shown, view, out, start=view.refresh,
                                delay_ms=400, arrange=choose_tab)


if __name__ == "__main__":
    sys.exit(main())
