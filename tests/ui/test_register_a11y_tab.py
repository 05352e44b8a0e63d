"""The register by keyboard alone, in the real main window (a facilitator, on the real
service): Tab leaves the table for the next control and Shift+Tab for the one before; a
full Tab cycle from the search box reaches every action of the register once (the mark
buttons, Rest present, Undo, Walk-in, Notes, Submit, the sort choice, Sync now), never
stays in the table, and each stop looks different while it has the keyboard (the style
sheet's focus ring). The path is printed (``-s``) for the closing note."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.live import open_main_window, signed_in_session
from tests.ui.register_store import press_alone
from ui.main_window import MainWindow
from ui.style import stylesheet

# The register's own stops, in the order Tab visits them (the rest of the window — the
# pages' tabs, the events list — comes between Sync now and the search box).
REGISTER_PATH = ["nameFilter", "registerSortChoice", "registerTable", "mark_present",
                 "mark_late", "mark_absent", "mark_apologies", "mark_left_early",
                 "restPresent", "undoButton", "walkInButton", "notesButton", "submitButton",
                 "syncNow"]
MOST_STOPS = 40  # a cycle longer than this is walking through cells


@pytest.fixture
def window(qtbot, qapp, runner, live_server, tmp_path) -> Iterator[MainWindow]:
    qapp.setStyleSheet(stylesheet())  # the focus ring is the style sheet's
    session = signed_in_session(live_server, tmp_path / "data" / "desk.sqlite3")
    try:
        with open_main_window(qtbot, runner, session) as win:
            win.activateWindow()
            qtbot.waitUntil(win.isActiveWindow)
            view = win.register_view
            view.table.setFocus()
            press_alone(qtbot, view, Qt.Key.Key_P)  # a mark: Undo has something to undo
            qtbot.waitUntil(view.actions.undo_button.isEnabled)
            yield win
    finally:
        session.close()
        qapp.setStyleSheet("")


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def _press(qtbot, key: Qt.Key) -> QWidget:
    qtbot.keyClick(_focus(), key)
    return _focus()


def tab_cycle(qtbot, start: QWidget, key: Qt.Key = Qt.Key.Key_Tab) -> list[QWidget]:
    """The widgets ``key`` visits from ``start`` until it is back there (``start`` first);
    each one must look different with the keyboard than without it."""
    start.setFocus()
    path = [start]
    for _ in range(MOST_STOPS):
        focused = _focus()
        with_ring = focused.grab().toImage()
        after = _press(qtbot, key)
        assert focused.grab().toImage() != with_ring, \
            f"{focused.objectName()} shows no focus ring"
        if after is start:
            return path
        path.append(after)
    raise AssertionError("Tab never came back to the search box: "
                         + " → ".join(w.objectName() for w in path))


def test_tab_leaves_the_register_table_both_ways(qtbot, window) -> None:
    table = window.register_view.table
    assert not table.tabKeyNavigation()
    table.setFocus()
    row = table.currentIndex().row()
    assert _press(qtbot, Qt.Key.Key_Tab).objectName() == "mark_present"
    table.setFocus()
    assert _press(qtbot, Qt.Key.Key_Backtab).objectName() == "registerSortChoice"
    table.setFocus()
    _press(qtbot, Qt.Key.Key_Down)  # arrows still move inside it
    assert _focus() is table and table.currentIndex().row() == row + 1


def test_a_tab_cycle_from_the_search_box_reaches_every_action_once(qtbot, window) -> None:
    view = window.register_view
    path = tab_cycle(qtbot, view.filter)
    names = [w.objectName() or type(w).__name__ for w in path]
    print("\nTab path from the search box:", " → ".join(names))
    assert len(path) <= MOST_STOPS
    assert [n for n in names if n in REGISTER_PATH] == REGISTER_PATH  # each once, in order
    assert sum(w is view.table for w in path) == 1  # never stays in the table
    backwards = tab_cycle(qtbot, view.filter, Qt.Key.Key_Backtab)
    assert backwards == [path[0], *reversed(path[1:])]
    shortcuts = [b.toolTip() for b in (view.actions.rest_button, view.actions.notes_button,
                                       view.actions.submit_button)]
    assert all("Ctrl+" in tip for tip in shortcuts)  # and each has its key as well
