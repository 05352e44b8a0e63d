"""Make the fees screenshots: the demo partner lead's fee statement on screen, and the first
page of its PDF.

Runs the real embedded server (seeded), lets the demo facilitator take and submit today's
register from their laptop, signs the partner lead in on another, syncs, shows
``FeesView`` and saves it; then exports the PDF and renders its first page at 70 dpi
(``pdftoppm``, poppler-utils).

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_fees.py \
        docs/screenshot-fees.png docs/fee-statement-sample.png
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import keyring
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.fee_service import FeeService
from app.store import Store
from server.embedded import EmbeddedServer
from sync.memory_keyring import MemoryKeyring
from tests.app.evaluation_live import submit_today
from ui.fees_view import FeesView
from ui.runner import Runner
from ui.session import sign_in
from ui.style import stylesheet

TODAY = dt.date(2026, 11, 23)
PRINTED_AT = dt.datetime(2026, 11, 23, 16, 40)


def render_first_page(pdf: Path, png: Path) -> None:
    stem = png.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(stem)], check=True)
    print(f"saved {png}")


def main() -> int:
    shot = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot-fees.png")
    sample = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/fee-statement-sample.png")
    keyring.set_keyring(MemoryKeyring())  # throwaway laptops: their keys need not outlive us
    folder = Path(tempfile.mkdtemp(prefix="npq-fees-shot-"))
    server = EmbeddedServer(data_dir=folder / "server", seed=True, today=TODAY)
    server.start()
    facilitator_store = Store.open(folder / "facilitator.sqlite3")
    store = Store.open(folder / "partner.sqlite3")
    try:
        facilitator = sign_in(facilitator_store, server.base_url or "", "facilitator",
                              "npq-demo")
        facilitator.sync.sync_once()
        submit_today(facilitator_store, facilitator.sync, facilitator.identity.user_id)
        session = sign_in(store, server.base_url or "", "partner", "npq-demo")
        session.sync.sync_once()
        fees = FeeService(store)
        render_first_page(fees.export_pdf(TODAY, folder / "fees.pdf", printed_at=PRINTED_AT),
                          sample)
        app = QApplication(sys.argv[:1])
        app.setStyleSheet(stylesheet())
        runner = Runner(on_error=lambda exc: (print(f"error: {exc!r}"), app.exit(1)))
        view = FeesView(runner, fees, lambda: TODAY)
        view.setWindowTitle("NPQ Partner Desk — Fees")
        view.resize(1366, 768)
        view.show()

        def save() -> None:
            QTimer.singleShot(400, lambda: (view.grab().save(str(shot)), print(f"saved {shot}"),
                                            app.exit(0)))

        view.shown.connect(save)
        view.refresh()
        code = app.exec()
        runner.wait_for_done()
        return code
    finally:
        store.close()
        facilitator_store.close()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
