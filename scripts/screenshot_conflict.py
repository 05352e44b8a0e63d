"""Make the README's conflict screenshot: two facilitators marked the same person
differently on their two laptops, and the register says so (who marked what, and when),
with one click to settle it.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_conflict.py \\
        docs/screenshot-conflict.png

Runs the real embedded server seeded for ``TODAY`` with two laptops signed in against it
(the facilitator and her co-facilitator), marks today's first person Present on one and
Absent on the other, syncs both twice, then opens the facilitator's main window on the
register with that person selected.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_common import SCREEN, Shots, seeded_server

from app.domain import MarkStatus
from ui.main_window import MainWindow

TODAY = dt.date(2026, 11, 23)  # a Monday with the demo facilitator's event on it


def disagree(lead_registers: object, co_registers: object, event_id: str,
             person: str) -> None:
    lead_registers.mark(event_id, person, MarkStatus.PRESENT)  # type: ignore[attr-defined]
    time.sleep(0.01)  # the co-facilitator's mark is the later one
    co_registers.mark(event_id, person, MarkStatus.ABSENT)  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    shots = Shots()
    with seeded_server("npq-conflict-shot-", TODAY) as bench:
        _, lead = bench.laptop("lead", "facilitator")
        _, co = bench.laptop("co", "cofacilitator")
        event = next(e for e in lead.catalogue.events(TODAY) if e.is_on(TODAY))
        rows = [r for r in lead.registers.load(event.id).rows if not r.withdrawn]
        for row in rows[1:6]:  # a few marked alike first, as a real morning has
            lead.registers.mark(event.id, row.candidate_id, MarkStatus.PRESENT)
        disagree(lead.registers, co.registers, event.id, rows[0].candidate_id)
        for _ in range(2):
            lead.sync.sync_once()
            co.sync.sync_once()
        window = MainWindow(lead, shots.runner, today=lambda: TODAY)
        shots.show(window, size=SCREEN)
        window.start()
        view = window.register_view

        def arrange() -> None:
            if shots.runner.busy() or not any(r.in_conflict for r in
                                              (view.model.row_at(i)
                                               for i in range(view.model.rowCount()))):
                QTimer.singleShot(200, arrange)
                return
            view.next_conflict()
            QTimer.singleShot(800, lambda: (shots.save(window.grab(), args.out),
                                            window.close_now(), shots.app.exit(0)))

        QTimer.singleShot(1500, arrange)
        return shots.run()


if __name__ == "__main__":
    raise SystemExit(main())
