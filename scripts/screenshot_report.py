"""Make the evaluation report screenshot: the demo facilitator's report for today's event,
after they submitted the register and most of the group answered.

Runs the real embedded server (seeded), signs in, submits today's register, lets the
simulated cohort answer, syncs, then shows ``ReportsView`` and saves it.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_report.py OUT.png
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring

from app.reports import ReportService
from app.store import Store
from server.embedded import EmbeddedServer
from server.simulate import simulate_evaluations
from sync.memory_keyring import MemoryKeyring
from tests.app.evaluation_live import submit_today
from ui.reports import ReportsView
from ui.runner import Runner
from ui.session import sign_in
from ui.style import stylesheet

TODAY = dt.date(2026, 11, 23)


def main() -> int:
    keyring.set_keyring(MemoryKeyring())  # the database key: never the OS keyring
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot-report.png")
    tab = sys.argv[2] if len(sys.argv) > 2 else "report"
    folder = Path(tempfile.mkdtemp(prefix="npq-report-shot-"))
    server = EmbeddedServer(data_dir=folder / "server", seed=True, today=TODAY)
    server.start()
    store = Store.open(folder / "desk.sqlite3")
    try:
        session = sign_in(store, server.base_url or "", "facilitator", "npq-demo")
        session.sync.sync_once()
        event_id = submit_today(store, session.sync, session.identity.user_id)
        simulate_evaluations(server.database, event_id=event_id, count=13, seed=6)
        session.sync.sync_once()
        app = QApplication(sys.argv[:1])
        app.setStyleSheet(stylesheet())
        runner = Runner(on_error=lambda exc: (print(f"error: {exc!r}"), app.exit(1)))
        view = ReportsView(runner, ReportService(store))
        view.setWindowTitle("NPQ Partner Desk — Evaluation reports")
        view.resize(1366, 768)
        view.show()

        def save(_event_id: str) -> None:
            if tab == "trend":
                view.tabs.setCurrentIndex(1)
            QTimer.singleShot(400, lambda: (view.grab().save(str(out)), print(f"saved {out}"),
                                            app.exit(0)))

        view.report_shown.connect(save)
        view.refresh()
        code = app.exec()
        runner.wait_for_done()
        return code
    finally:
        store.close()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
