"""Make the date picker screenshot: the demo partner lead choosing a date for an event
whose window holds a weekend, a bank holiday and another group's event at the same venue.

Runs the real embedded server (seeded), signs in as the partner lead, syncs, opens
``DatePickerDialog`` on that event with the clashing day selected, and saves it.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_date_picker.py OUT.png
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import QTimer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_common import Shots, seeded_server

from app.clock import shared_clock
from app.event_dates_service import EventDateService
from app.store import Store
from app.store.models import Event
from ui.date_picker_dialog import DAY_ROLE, DatePickerDialog

TODAY = dt.date(2026, 11, 23)


def _showcase(store: Store, dates: EventDateService) -> tuple[str, dt.date | None]:
    """The undated event with the most kinds of problem in its window, and its clash day."""
    with store.read() as session:
        undated = [e.id for e in session.query(Event).filter(Event.chosen_date.is_(None))]
    best: tuple[int, str, dt.date | None] = (-1, "", None)
    for event_id in undated:
        plan = dates.options(event_id)
        codes = {p.code for o in plan.options for p in o.problems}
        clash = next((o.date for o in plan.options if o.selectable and o.problems), None)
        if len(codes) > best[0]:
            best = (len(codes), event_id, clash)
    return best[1], best[2]


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot-date-picker.png")
    with seeded_server("npq-dates-shot-", TODAY) as bench:
        store, session = bench.laptop("desk", "partner")
        dates = EventDateService(store, shared_clock(store), session.identity.user_id,
                                 today=lambda: TODAY)
        event_id, selected = _showcase(store, dates)
        shots = Shots()
        dialog = DatePickerDialog(shots.runner, dates, event_id)
        shots.show(dialog, size=(600, 720))
        dialog.load()

        def select_clash() -> None:
            """The dialog has no "loaded" signal: after its load, select the clash day."""
            for i in range(dialog.days.count()):
                if selected is not None and dialog.days.item(i).data(DAY_ROLE) == selected:
                    dialog.days.setCurrentRow(i)
            shots.save_later(dialog, out, 300)

        QTimer.singleShot(1500, select_clash)
        return shots.run()


if __name__ == "__main__":
    sys.exit(main())
