"""Dates to choose on the partner lead's Groups page (issue 13, point 11) and school
holidays in the date picker (point 12), on a laptop synced from the real server.

Every "to choose" is one click (and one key) from the picker: the group's "To choose"
cell, Enter on the group, and each session's "Choose date…" button. The picker never
suggests a day in the school holidays of the venue's authority, warns when one is picked
(by mouse or by typing), and says so when it holds no term dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select

from app.clock import shared_clock
from app.dashboard import DashboardService
from app.event_dates_service import EventDateService
from app.store.models import Event, Group, OutboxEntry
from desk.session import Session
from protocol.records import event_date_choice_id, term_dates_id
from server import store as server_store
from server.models import Record
from server.store import Placement
from tests.app.test_dashboard import AUTUMN_SMALL, AUTUMN_TODAY, SPRING
from tests.conftest import TEST_TODAY
from tests.ui.live import open_main_window, signed_in_session
from ui.dashboard_detail import DATE_COLUMN
from ui.dashboard_model import DATES_COLUMN
from ui.dashboard_view import DashboardView
from ui.date_picker_dialog import DAY_ROLE, DatePickerDialog
from ui.runner import Runner

EASTER_DAY = dt.date(2027, 4, 7)  # one of the "7–9 April" the picker used to suggest


@pytest.fixture
def partner(live_server: Any, tmp_path: Path) -> Iterator[Session]:
    session = signed_in_session(live_server, tmp_path / "partner.sqlite3", "partner")
    yield session
    session.close()


def dates_of(session: Session) -> EventDateService:
    return EventDateService(session.store, shared_clock(session.store),
                            session.identity.user_id, today=lambda: TEST_TODAY)


def make_view(qtbot: Any, runner: Runner, session: Session) -> DashboardView:
    view = DashboardView(runner, DashboardService(session.store), lambda: TEST_TODAY,
                         dates=dates_of(session))
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    with qtbot.waitSignal(view.detail_shown, timeout=10_000):
        view.refresh()
    return view


def undated(session: Session, code: str) -> list[tuple[int, str]]:
    """(number, event id) of the group's events without a date, by number."""
    with session.store.read() as db:
        group = db.scalar(select(Group.id).where(Group.code == code))
        return sorted((e.number, e.id) for e in db.scalars(select(Event).where(
            Event.group_id == group, Event.chosen_date.is_(None))))


def cell(view: DashboardView, code: str, column: int) -> Any:
    row = next(r for r in range(view.proxy.rowCount())
               if view.proxy.index(r, 0).data() == code)
    return view.proxy.index(row, column)


def opened(qtbot: Any, view: DashboardView) -> DatePickerDialog:
    qtbot.waitUntil(lambda: view.picker is not None and view.picker.isVisible(), timeout=5_000)
    picker = view.picker
    assert picker is not None
    qtbot.waitUntil(lambda: picker.days.count() == 14, timeout=10_000)
    return picker


def items(picker: DatePickerDialog) -> list[Any]:
    return [picker.days.item(i) for i in range(picker.days.count())]


def close(qtbot: Any, picker: DatePickerDialog) -> None:
    picker.reject()
    qtbot.waitUntil(lambda: not picker.isVisible(), timeout=5_000)


def test_each_groups_dates_to_choose_are_in_the_table_and_one_click_opens_the_picker(
        qtbot: Any, runner: Runner, partner: Session) -> None:
    view = make_view(qtbot, runner, partner)
    assert view.model.headerData(DATES_COLUMN, Qt.Orientation.Horizontal) == "To choose"
    assert cell(view, AUTUMN_SMALL, DATES_COLUMN).data() == "Event 6"
    assert cell(view, SPRING, DATES_COLUMN).data() == "Events 5, 6"
    assert cell(view, AUTUMN_TODAY, DATES_COLUMN).data() == "—"
    spoken = cell(view, SPRING, DATES_COLUMN).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "Events 5, 6: choose their dates"
    assert "press Enter" in cell(view, SPRING, DATES_COLUMN).data(Qt.ItemDataRole.ToolTipRole)

    index = cell(view, SPRING, DATES_COLUMN)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(index).center())

    picker = opened(qtbot, view)
    assert picker._event_id == undated(partner, SPRING)[0][1]
    assert picker.heading.text().startswith(f"{SPRING} · Event 5")
    close(qtbot, picker)


def test_enter_on_a_group_opens_the_picker_for_its_first_date_to_choose(
        qtbot: Any, runner: Runner, partner: Session) -> None:
    view = make_view(qtbot, runner, partner)
    view.table.setFocus()
    row = cell(view, AUTUMN_SMALL, 0).row()
    view.table.setCurrentIndex(view.proxy.index(row, 0))

    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    picker = opened(qtbot, view)
    assert picker._event_id == undated(partner, AUTUMN_SMALL)[0][1]
    close(qtbot, picker)
    # a group with nothing to choose: Enter does nothing
    view.picker = None
    view.table.setCurrentIndex(view.proxy.index(cell(view, AUTUMN_TODAY, 0).row(), 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert view.picker is None


def _show_group(qtbot: Any, view: DashboardView, code: str) -> None:
    group_id = cell(view, code, 0).data(Qt.ItemDataRole.UserRole + 1)
    if view.current_group_id != group_id:
        with qtbot.waitSignal(view.detail_shown, timeout=10_000):
            view.select_group(str(group_id))


def test_a_sessions_choose_date_button_opens_the_picker_by_click_or_key_and_the_choice_shows(
        qtbot: Any, runner: Runner, partner: Session) -> None:
    view = make_view(qtbot, runner, partner)
    _show_group(qtbot, view, SPRING)
    (five, first), (_, second) = undated(partner, SPRING)
    buttons = view.detail.choose_buttons
    assert set(buttons) == {first, second}
    assert isinstance(buttons[first], QPushButton) and buttons[first].text() == "Choose date…"
    assert buttons[first].accessibleName().startswith(f"Choose the date of session {five}: ")
    table = view.detail.events
    assert table.item(five - 1, DATE_COLUMN).text() == ""  # the button says it

    qtbot.mouseClick(buttons[second], Qt.MouseButton.LeftButton)
    picker = opened(qtbot, view)
    assert picker._event_id == second
    close(qtbot, picker)

    # by keyboard: Tab from the sessions table reaches the button; Space opens the picker
    qtbot.waitExposed(view)
    view.activateWindow()
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5_000)
    for _ in range(4):
        focused = QApplication.focusWidget()
        if focused is buttons[first] or focused is None:
            break
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is buttons[first]
    qtbot.keyClick(buttons[first], Qt.Key.Key_Space)
    picker = opened(qtbot, view)
    assert picker._event_id == first
    chosen = picker.chosen_day()
    assert chosen is not None and picker.ok.isEnabled()  # a suggested day, selected

    with qtbot.waitSignal(view.date_chosen, timeout=10_000):
        qtbot.keyClick(picker.days, Qt.Key.Key_Return)
    with qtbot.waitSignal(view.detail_shown, timeout=10_000):
        pass
    assert table.item(five - 1, DATE_COLUMN).text() == \
        f"Proposed {chosen.day} {chosen:%b %Y}"
    assert set(view.detail.choose_buttons) == {second}
    assert cell(view, SPRING, DATES_COLUMN).data() == "Event 6"


def test_the_picker_never_suggests_the_easter_holiday_and_warns_when_a_day_is_typed(
        qtbot: Any, runner: Runner, partner: Session, live_server: Any) -> None:
    view = make_view(qtbot, runner, partner)
    _show_group(qtbot, view, AUTUMN_SMALL)
    [(_, event_id)] = undated(partner, AUTUMN_SMALL)
    qtbot.mouseClick(view.detail.choose_buttons[event_id], Qt.MouseButton.LeftButton)
    picker = opened(qtbot, view)

    assert picker.holidays_label.text() == \
        "School holidays are checked against Calderdale's term dates."
    assert not [i for i in items(picker) if "Suggested" in i.text()]
    assert "No day in this window is free of warnings" in picker.window_label.text()
    assert picker.chosen_day() is None  # nothing is picked for the user
    # A list given the keyboard makes its first enabled day current without selecting it
    # (Qt's focus-in, as it happened in a full run): the keyboard's cursor is no choice.
    first_enabled = next(i for i in range(picker.days.count())
                         if picker.days.item(i).flags() & Qt.ItemFlag.ItemIsEnabled)
    picker.days.selectionModel().setCurrentIndex(
        picker.days.model().index(first_enabled, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    assert picker.chosen_day() is None and not picker.ok.isEnabled()
    for item in items(picker):
        day = item.data(DAY_ROLE)
        if dt.date(2027, 3, 30) <= day <= dt.date(2027, 4, 9) and day.weekday() < 5:
            assert item.flags() & Qt.ItemFlag.ItemIsEnabled, day
            assert "Warning: " in item.text() and "Easter holiday of schools in Calderdale" \
                in item.toolTip()

    picker.days.setFocus()
    qtbot.keyClicks(picker.days, "Wed 7")
    assert picker.chosen_day() == EASTER_DAY
    assert picker.ok.isEnabled()
    assert picker.detail.text().startswith("You may choose this day, but note: Wednesday 7 "
                                           "April 2027 is in the Easter holiday of schools")

    with qtbot.waitSignal(view.date_chosen, timeout=10_000):
        qtbot.mouseClick(picker.ok, Qt.MouseButton.LeftButton)

    with partner.store.read() as db:
        entry = db.scalars(select(OutboxEntry).where(
            OutboxEntry.record_id == event_date_choice_id(event_id))).one()
        warned = entry.data["warnings"]
    assert any("Easter holiday of schools in Calderdale" in w for w in warned)
    # the central service agrees: the same warnings on the choice record it keeps
    partner.sync.sync_once()
    with live_server.database.read() as db:
        held = db.get(Record, ("event_date_choice", event_date_choice_id(event_id)))
        assert held is not None and held.data["warnings"] == warned
        assert held.data["date"] == EASTER_DAY.isoformat()


def test_with_no_term_dates_the_picker_says_holidays_are_not_checked(
        qtbot: Any, runner: Runner, live_server: Any, tmp_path: Path) -> None:
    with live_server.database.write() as db:
        server_store.put(db, "term_dates", term_dates_id("Calderdale", "2026/27"), None,
                         Placement(), deleted=True)
    session = signed_in_session(live_server, tmp_path / "p.sqlite3", "partner")
    try:
        view = make_view(qtbot, runner, session)
        _show_group(qtbot, view, AUTUMN_SMALL)
        [(_, event_id)] = undated(session, AUTUMN_SMALL)
        qtbot.mouseClick(view.detail.choose_buttons[event_id], Qt.MouseButton.LeftButton)
        picker = opened(qtbot, view)
        assert picker.holidays_label.text() == (
            "School holidays are not checked: the central service holds no term dates for "
            "Calderdale for these weeks. Ask the central team to load them.")
        suggested = [i.data(DAY_ROLE) for i in items(picker) if "Suggested" in i.text()]
        assert EASTER_DAY in suggested  # nothing held to judge it by, and the note says so
        assert "no school holiday" not in picker.window_label.text()
        close(qtbot, picker)
    finally:
        runner.wait_for_done()
        session.close()


def test_in_the_window_a_date_chosen_on_the_groups_page_reaches_the_events_list_and_syncs(
        qtbot: Any, runner: Runner, partner: Session, live_server: Any) -> None:
    with open_main_window(qtbot, runner, partner) as win:
        holder = win.role_pages.dashboard
        assert holder is not None
        win.tabs.setCurrentWidget(holder)
        qtbot.waitUntil(lambda: isinstance(holder.page, DashboardView), timeout=10_000)
        view = holder.page
        assert isinstance(view, DashboardView)
        qtbot.waitUntil(lambda: view.model.rowCount() == 3
                        and cell(view, SPRING, DATES_COLUMN).data() == "Events 5, 6",
                        timeout=10_000)
        index = cell(view, SPRING, DATES_COLUMN)
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.table.visualRect(index).center())
        picker = opened(qtbot, view)
        day = picker.chosen_day()
        assert day is not None and picker.isModal()
        with qtbot.waitSignal(view.date_chosen, timeout=10_000):
            qtbot.mouseClick(picker.ok, Qt.MouseButton.LeftButton)

        event_id = undated(partner, SPRING)[0][1]
        waiting = f"Proposed {day.day} {day:%b}, waiting for the central service"
        qtbot.waitUntil(lambda: any(waiting in win.events_panel.events.item(i).text()
                                    for i in range(win.events_panel.events.count())),
                        timeout=10_000)
        # the window syncs the choice at once (not at the next periodic sync)
        qtbot.waitUntil(lambda: _chosen_on_server(live_server, event_id) == day.isoformat(),
                        timeout=15_000)


def _chosen_on_server(server: Any, event_id: str) -> str | None:
    with server.database.read() as db:
        record = db.get(Record, ("event", event_id))
        return None if record is None else (record.data or {}).get("chosen_date")
