"""Make the dashboard screenshot: the demo partner lead's groups and one group's attendance
and course fees.

Runs the real embedded server seeded for ``TODAY``, signs in as the demo partner lead
("partner"), syncs and shows ``DashboardView``. The demo seed gives the partner three
groups that are all viable, so by default the script first plays a recruitment scenario on
the server, as the central team would record it (``move_candidate``: candidates moved to
another partner's group): the Spring NPQH group falls to 9 (at risk, four weeks before its
deadline) and the Autumn NPQML group to 10 (not viable). ``--as-seeded`` skips it.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_dashboard.py \
        [OUT.png] [--as-seeded]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PySide6.QtWidgets import QMainWindow
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_common import Shots, seeded_server

from app.clock import shared_clock
from app.dashboard import DashboardService
from app.event_dates_service import EventDateService
from server.embedded import EmbeddedServer
from server.models import Record
from server.services.roster import move_candidate
from ui.dashboard_view import DashboardView

TODAY = dt.date(2026, 12, 21)  # four weeks before the Spring registration deadline
SHOWN_GROUP = "NPQML-AUT26-HALIFAX-1"


def shrink(server: EmbeddedServer, code: str, keep: int) -> None:
    """Move candidates out of group ``code`` until ``keep`` remain."""
    with server.database.write() as session:
        groups = [r for r in session.scalars(select(Record).where(Record.type == "group"))
                  if r.data]
        group = next(r for r in groups if r.data and r.data["code"] == code)
        assert group.data is not None
        elsewhere = next(r for r in groups if r.data
                         and r.data["partner_id"] != group.data["partner_id"]
                         and r.data["qualification_code"] == group.data["qualification_code"])
        active = sorted(r.data["candidate_id"] for r in session.scalars(
            select(Record).where(Record.type == "enrolment", Record.group_id == group.id))
            if r.data and r.data["status"] == "active")
        for candidate_id in active[keep:]:
            move_candidate(session, candidate_id=candidate_id, to_group_id=elsewhere.id,
                           on=TODAY)


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0] if args else "docs/screenshot-dashboard.png")
    with seeded_server("npq-dashboard-shot-", TODAY) as bench:
        if "--as-seeded" not in sys.argv:
            shrink(bench.server, "NPQH-SPR27-HALIFAX-3", 9)
            shrink(bench.server, SHOWN_GROUP, 10)
        store, session = bench.laptop("desk", "partner")
        dates = EventDateService(store, shared_clock(store), session.identity.user_id,
                                 today=lambda: TODAY)
        shots = Shots()
        window = QMainWindow()
        view = DashboardView(shots.runner, DashboardService(store), TODAY, dates=dates)
        window.setCentralWidget(view)
        shots.show(window, "NPQ Partner Desk — Groups and recruitment")

        chosen: list[str] = []

        def on_shown_group(group_id: str) -> bool:
            """The view opens on the first group: move to SHOWN_GROUP (once, so a group
            that never shows cannot loop) and take the shot when its detail is shown."""
            wanted = {r.code: r.group_id for r in view.model.rows}.get(SHOWN_GROUP, group_id)
            if group_id == wanted or chosen:
                return True
            chosen.append(wanted)
            view.select_group(wanted)
            return False

        return shots.shoot_when(view.detail_shown, window, out, start=view.refresh,
                                delay_ms=500, arrange=on_shown_group)


if __name__ == "__main__":
    sys.exit(main())
