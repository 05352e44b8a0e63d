"""Make docs/register-sample.png: page 1 of a printed sign-in register from the demo data
(group NPQSL-AUT26-HALIFAX-2, event 2, 18 people and the walk-in rows), rendered at
100 dpi with ``pdftoppm`` (poppler-utils). No window: it runs without a display.

    .venv/bin/python scripts/sample_register.py [docs/register-sample.png]
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_common import seeded_server
from sqlalchemy import select

from app.printing.exporters import sign_in_sheet_pdf, write_pdf
from app.printing.model import load_paper_register
from app.store.models import Event, Group

TODAY = dt.date(2026, 11, 23)
PRINTED_AT = dt.datetime(2026, 11, 23, 9, 12)
GROUP, EVENT = "NPQSL-AUT26-HALIFAX-2", 2


def main() -> int:
    png = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/register-sample.png")
    with seeded_server("npq-register-sample-", TODAY) as bench:
        store, _session = bench.laptop("partner", "partner")
        with store.read() as session:
            event_id = session.scalar(
                select(Event.id).join(Group, Group.id == Event.group_id)
                .where(Group.code == GROUP, Event.number == EVENT))
        if event_id is None:
            print(f"no event {EVENT} of {GROUP} in the demo data")
            return 1
        pdf = bench.folder / "register.pdf"
        register = load_paper_register(store, event_id, printed_at=PRINTED_AT)
        write_pdf(sign_in_sheet_pdf(store, event_id, printed_at=PRINTED_AT), pdf)
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(png.with_suffix(""))], check=True)
    print(f"saved {png} ({len(register.rows)} people)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
