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
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_common import Shots, seeded_server

from app.fee_service import FeeService
from app.printing.exporters import fee_statement_pdf, write_pdf
from tests.app.evaluation_live import submit_today
from ui.fees_view import FeesView

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
    with seeded_server("npq-fees-shot-", TODAY) as bench:
        facilitator_store, facilitator = bench.laptop("facilitator", "facilitator")
        submit_today(facilitator_store, facilitator.sync, facilitator.identity.user_id)
        store, _session = bench.laptop("partner", "partner")
        fees = FeeService(store)
        render_first_page(write_pdf(fee_statement_pdf(fees, TODAY, printed_at=PRINTED_AT),
                                    bench.folder / "fees.pdf"), sample)
        shots = Shots()
        view = FeesView(shots.runner, fees, lambda: TODAY)
        shots.show(view, "NPQ Partner Desk — Fees")
        return shots.shoot_when(view.shown, view, shot, start=view.refresh, delay_ms=400)


if __name__ == "__main__":
    sys.exit(main())
