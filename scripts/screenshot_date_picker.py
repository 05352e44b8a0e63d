"""Make the date picker screenshot: the demo partner lead choosing a date for an event
whose window holds a weekend, a bank holiday and another group's event at the same venue.

Runs the real embedded server (seeded), signs in as the partner lead, syncs, opens
``DatePickerDialog`` on that event with the clashing day selected, and saves it.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_date_picker.py OUT.png
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import keyring
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.clock import shared_clock
from app.event_dates_service import EventDateService
from app.store import Store
from app.store.models import Event
from server.embedded import EmbeddedServer
from sync.memory_keyring import MemoryKeyring
from ui.date_picker_dialog import DAY_ROLE, DatePickerDialog
from ui.runner import Runner
from ui.session import sign_in
from ui.style import stylesheet

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
    keyring.set_keyring(MemoryKeyring())  # a throwaway laptop: nothing in the OS keyring
    folder = Path(tempfile.mkdtemp(prefix="npq-dates-shot-"))
    server = EmbeddedServer(data_dir=folder / "server", seed=True, today=TODAY)
    server.start()
    store = Store.open(folder / "desk.sqlite3")
    try:
        session = sign_in(store, server.base_url or "", "partner", "npq-demo")
        session.sync.sync_once()
        dates = EventDateService(store, shared_clock(store), session.identity.user_id,
                                 today=lambda: TODAY)
        event_id, selected = _showcase(store, dates)
        app = QApplication(sys.argv[:1])
        app.setStyleSheet(stylesheet())
        runner = Runner(on_error=lambda exc: (print(f"error: {exc!r}"), app.exit(1)))
        dialog = DatePickerDialog(runner, dates, event_id)
        dialog.resize(600, 720)
        dialog.show()
        dialog.load()

        def shoot() -> None:
            for i in range(dialog.days.count()):
                if selected is not None and dialog.days.item(i).data(DAY_ROLE) == selected:
                    dialog.days.setCurrentRow(i)
            QTimer.singleShot(300, lambda: (dialog.grab().save(str(out)), print(f"saved {out}"),
                                            app.exit(0)))

        QTimer.singleShot(1500, shoot)
        code = app.exec()
        runner.wait_for_done()
        return code
    finally:
        store.close()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
