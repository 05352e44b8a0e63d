"""The main window fits a 1366×768 laptop screen with the register being taken, at the
default font and with a large desktop font (16pt: the buttons wrap onto a second row, none
clipped or shrunk below its text; 20pt: the register also scrolls up and down, keeping
three names in view), for the facilitator, the partner lead and the QA lead; and the event
list keeps its 'marked' counts current as marks are made."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QPushButton, QScrollArea, QWidget

from tests.ui.forms_live import open_forms_window
from tests.ui.large_text import desktop_font
from tests.ui.live import open_main_window, signed_in_session
from tests.ui.register_store import press_alone
from ui.dashboard_view import DashboardView
from ui.main_window import MainWindow

LAPTOP = QRect(0, 0, 1366, 768)


@pytest.fixture
def window(qtbot, runner, live_server, tmp_path):
    session = signed_in_session(live_server, tmp_path / "data" / "desk.sqlite3")
    with open_main_window(qtbot, runner, session) as win:
        yield win
    session.close()


def _today_card(window: MainWindow) -> str:
    events = window.events_panel.events
    texts = [events.item(i).text() for i in range(events.count())]
    return next(t for t in texts if "Mon 23 Nov 2026" in t)


def assert_fits(window: MainWindow) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= LAPTOP.width(), hint
    assert hint.height() <= LAPTOP.height(), hint


def assert_whole_on_screen(qtbot, window: MainWindow, widgets: list[QWidget]) -> None:
    """At 1366×768 each widget is inside the window, as wide as its text asks, and
    overlaps no other."""
    window.resize(LAPTOP.size())
    qtbot.wait(100)  # let the posted layout requests run
    places = {}
    for widget in widgets:
        assert widget.isVisible(), widget.objectName()
        place = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        assert LAPTOP.contains(place), (widget.objectName(), place)
        assert widget.width() >= widget.sizeHint().width(), widget.objectName()
        places[widget.objectName()] = place
    for name, place in places.items():
        others = [n for n, p in places.items() if n != name and p.intersects(place)]
        assert not others, (name, others)


def assert_reachable_by_scrolling(qtbot, window: MainWindow, widgets: list[QWidget]) -> None:
    """At 1366×768 the register scrolls up and down: each widget, once scrolled to (as
    moving the focus does), is whole inside the window and the scroll area's view, as wide
    as its text asks, and overlaps no other."""
    window.resize(LAPTOP.size())
    qtbot.wait(100)
    area = window.findChild(QScrollArea, "registerScroll")
    page = area.widget()
    places = {}
    for widget in widgets:
        area.ensureWidgetVisible(widget)
        qtbot.wait(20)
        assert widget.isVisible(), widget.objectName()
        seen = QRect(widget.mapTo(area.viewport(), widget.rect().topLeft()), widget.size())
        assert area.viewport().rect().contains(seen), (widget.objectName(), seen)
        place = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        assert LAPTOP.contains(place), (widget.objectName(), place)
        assert widget.width() >= widget.sizeHint().width(), widget.objectName()
        places[widget.objectName()] = QRect(widget.mapTo(page, widget.rect().topLeft()),
                                            widget.size())
    for name, place in places.items():
        others = [n for n, p in places.items() if n != name and p.intersects(place)]
        assert not others, (name, others)


@pytest.mark.parametrize("points", [11.0, 16.0, 20.0])
def test_the_window_fits_1366_by_768_with_an_undo_waiting(
        qtbot, qapp, runner, live_server, tmp_path, points):
    session = signed_in_session(live_server, tmp_path / "data" / "desk.sqlite3")
    with desktop_font(qapp, points), open_main_window(qtbot, runner, session) as window:
        view = window.register_view
        qtbot.keyClick(view.table, Qt.Key.Key_P)
        qtbot.waitUntil(lambda: view.actions.undo_button.isEnabled(), timeout=5_000)
        qtbot.wait(100)  # let the posted layout requests run
        assert_fits(window)
        buttons = [b for b in view.actions.findChildren(QPushButton) if b.isVisible()]
        assert len(buttons) == 10  # five marks, the rest present, undo, walk-in, notes, submit
        controls = [*buttons, view.filter, view.search.hint]
        scroll = window.findChild(QScrollArea, "registerScroll").verticalScrollBar()
        if points <= 16:  # everything on screen at once, no scrolling
            assert_whole_on_screen(qtbot, window, controls)
            assert not scroll.isVisible()
        else:  # 200 % text on a 768-pixel screen: the register scrolls, nothing is lost
            assert_reachable_by_scrolling(qtbot, window, controls)
            assert scroll.isVisible()
        rows = view.table.viewport().height() // view.table.verticalHeader().defaultSectionSize()
        assert rows >= 3, rows  # names still to be seen above the buttons
    session.close()


def show_every_tab(qtbot, window: MainWindow) -> None:
    """Open each tab once (the Groups, Evaluations and Fees pages are built when first
    shown) and wait for the Groups tab's first group."""
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(200)
        dashboard = window.findChild(DashboardView)
        if dashboard is not None and window.tabs.currentWidget().isAncestorOf(dashboard):
            qtbot.waitUntil(lambda d=dashboard: d.detail.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=10_000)
    qtbot.wait(100)


@pytest.mark.parametrize(("username", "points"), [("partner", 16.0), ("qa", 16.0),
                                                  ("partner", 20.0), ("qa", 20.0)])
def test_the_partner_and_qa_lead_windows_fit_with_large_text(
        qtbot, qapp, runner, live_server, tmp_path, username, points):
    session = signed_in_session(live_server, tmp_path / username / "desk.sqlite3", username)
    with desktop_font(qapp, points), open_forms_window(qtbot, runner, session) as window:
        show_every_tab(qtbot, window)
        assert_fits(window)
        window.tabs.setCurrentWidget(window.splitter)  # the register, view only
        qtbot.wait(100)
        note = window.register_view.actions.findChild(QWidget, "viewOnlyNote")
        assert_whole_on_screen(qtbot, window, [note, window.register_view.filter])
    session.close()


def test_marking_updates_the_marked_count_in_the_event_list(qtbot, window):
    assert "0 of 18 marked" in _today_card(window)
    for _ in range(2):  # at a person's pace: "PP" typed at once would be a search
        press_alone(qtbot, window.register_view, Qt.Key.Key_P)
    # well inside the 4 s before the debounced sync, which refreshes everything anyway
    qtbot.waitUntil(lambda: "2 of 18 marked" in _today_card(window), timeout=5_000)
