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
import tempfile
from pathlib import Path

import keyring
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.dashboard import DashboardService
from app.store import Store
from server.embedded import EmbeddedServer
from server.models import Record
from server.services.roster import move_candidate
from sync.memory_keyring import MemoryKeyring
from ui.dashboard_view import DashboardView
from ui.runner import Runner
from ui.session import sign_in
from ui.style import stylesheet

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
    folder = Path(tempfile.mkdtemp(prefix="npq-dashboard-shot-"))
    server = EmbeddedServer(data_dir=folder / "server", seed=True, today=TODAY)
    server.start()
    keyring.set_keyring(MemoryKeyring())  # a throwaway laptop: no OS keyring touched
    store = Store.open(folder / "desk.sqlite3")
    try:
        if "--as-seeded" not in sys.argv:
            shrink(server, "NPQH-SPR27-HALIFAX-3", 9)
            shrink(server, SHOWN_GROUP, 10)
        session = sign_in(store, server.base_url or "", "partner", "npq-demo")
        session.sync.sync_once()
        app = QApplication(sys.argv[:1])
        app.setStyleSheet(stylesheet())
        runner = Runner(on_error=lambda exc: (print(f"error: {exc!r}"), app.exit(1)))
        window = QMainWindow()
        view = DashboardView(runner, DashboardService(store), TODAY)
        window.setCentralWidget(view)
        window.setWindowTitle("NPQ Partner Desk — Groups and recruitment")
        window.resize(1366, 768)
        window.show()
        chosen: list[str] = []

        def shown(group_id: str) -> None:
            rows = {r.code: r.group_id for r in view.model.rows}
            wanted = rows.get(SHOWN_GROUP, group_id)
            if group_id != wanted and not chosen:
                chosen.append(wanted)
                view.select_group(wanted)
                return
            QTimer.singleShot(500, lambda: (window.grab().save(str(out)),
                                            print(f"saved {out}"), app.exit(0)))

        view.detail_shown.connect(shown)
        view.refresh()
        code = app.exec()
        runner.wait_for_done()
        return code
    finally:
        store.close()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
