"""A real store file with one group and a register of any size, filled the way a pull
fills it (``apply_page``), for widget tests that need no server."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.clock import shared_clock
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page

TODAY = dt.date(2026, 11, 23)
ME = "11111111-1111-4111-8111-111111111111"
SURNAMES = ["Abbott", "Bello", "Chowdhury", "Davies", "Ellis", "Fraser", "Ghosh", "Hughes",
            "Ivanova", "Jones", "Kowalski", "Lewis", "Mensah", "Nguyễn", "Ó Briain",
            "Patel", "Quinn", "Roberts", "Singh", "Thomas", "Umar", "Vaughan", "Williams",
            "Xu", "Young", "Zając", "Łukaszewicz", "Evans", "Morgan", "Price", "Okafor",
            "Reid", "Shah", "Turner", "Walsh", "Baker"]


@dataclass
class Venue:
    path: Path
    store: Store
    event_id: str
    group_id: str
    ids: dict[str, str] = field(default_factory=dict)  # family name -> candidate id

    def registers(self) -> RegisterService:
        return RegisterService(self.store, shared_clock(self.store), ME, today=lambda: TODAY)

    def open_on_screen(self, qtbot: Any, window: QWidget, view: Any, rows: int,
                       width: int = 1100) -> None:
        """Show ``window`` (holding the RegisterView ``view``) active on screen, with this
        venue's register open and its ``rows`` rows loaded."""
        qtbot.addWidget(window)
        window.resize(width, 700)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        view.show_event(self.event_id)
        qtbot.waitUntil(lambda: view.model.rowCount() == rows)


def venue(path: Path, size: int = 30, *, late_enrolled: int = 0,
          people: list[tuple[str, str]] | None = None) -> Venue:
    """A store with today's event for a group of ``size`` candidates (the last
    ``late_enrolled`` of them enrolled after the event), or of ``people`` (given name,
    family name) in that order."""
    store = Store.open(path)
    group_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())

    def change(type_: str, id_: str, **data: object) -> PulledChange:
        return PulledChange(type=type_, id=id_, deleted=False, data=dict(data))

    changes = [
        change("qualification", str(uuid.uuid4()), code="NPQSL",
               title="National Professional Qualification for Senior Leadership",
               course_fee_pence=125_000, coaching_included=False),
        change("group", group_id, code="NPQSL-AUT26-LEEDS-1", qualification_code="NPQSL",
               partner_id=str(uuid.uuid4()), intake_id=str(uuid.uuid4()),
               venue_name="Leeds Hub", facilitator_ids=[ME]),
        change("event", event_id, group_id=group_id, number=2, title="Leading teaching",
               window_start="2026-11-16", window_end="2026-11-27", chosen_date=TODAY.isoformat(),
               venue_name="Leeds Hub"),
    ]
    result = Venue(path, store, event_id, group_id)
    people = people or [(f"Sam{n}", family) for n, family in enumerate(SURNAMES[:size])]
    size = len(people)
    for n, (given, family) in enumerate(people):
        candidate_id = str(uuid.uuid4())
        result.ids[family] = candidate_id
        enrolled = "2026-12-01" if n >= size - late_enrolled else "2026-09-01"
        changes.append(change("candidate", candidate_id, given_name=given,
                              family_name=family, school=f"School {n % 7}"))
        changes.append(change("enrolment", str(uuid.uuid4()), group_id=group_id,
                              candidate_id=candidate_id, status="active",
                              enrolled_on=enrolled, register_order=n))
    apply_page(store, changes, "cursor-1", shared_clock(store))
    return result


def press_alone(qtbot: Any, view: Any, key: Qt.Key) -> None:
    """A command key (P L A O E, W) typed in the register's table on its own, as a person
    marking does: it acts once the keyboard interval has passed with no letter after it
    (``ui.register_keys``)."""
    qtbot.keyClick(view.table, key)
    qtbot.waitUntil(lambda: not view.keys.holding())

def select_family(view: Any, family: str) -> None:
    """Select ``family``'s row in a RegisterView (as sorted on screen) and give the table
    the keyboard."""
    for proxy_row in range(view.proxy.rowCount()):
        index = view.proxy.index(proxy_row, 0)
        if view.model.row_at(view.proxy.mapToSource(index).row()).family_name == family:
            view._select_proxy_row(proxy_row)
            view.table.setFocus()
            return
    raise AssertionError(family)


class Keyboard:
    """Presses keys on whatever has the keyboard focus, as a person would, and counts them
    (a chord such as Ctrl+F is one keystroke)."""

    def __init__(self, qtbot: object) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
              ) -> None:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        self.qtbot.keyClick(widget, key, modifier)  # type: ignore[attr-defined]
        self.count += 1

    def type(self, text: str) -> None:
        for char in text:
            widget = QApplication.focusWidget()
            assert widget is not None
            self.qtbot.keyClicks(widget, char)  # type: ignore[attr-defined]
            self.count += 1
