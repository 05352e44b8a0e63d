"""Accessibility: every control a keyboard can reach has a name a screen reader can say
(in every tab of the real main window, for each role), the register's cells speak in
words rather than dots and icons, and the stylesheet draws a focus ring and sizes text
in points (so it follows the system's font size)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QTabBar,
    QWidget,
)

from tests.ui.factories import register
from tests.ui.live import signed_in_session
from ui.main_window import MainWindow
from ui.register_model import Column, RegisterModel
from ui.style import stylesheet

TEXT = Qt.ItemDataRole.AccessibleTextRole
DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole


def spoken_name(widget: QWidget) -> str:
    """The name assistive technology gets for ``widget`` (its own text, its buddy
    label's, or the accessible name set on it). A combo box's accessible name on Linux is
    its current choice ("All intakes"), which says nothing of what is chosen: it speaks
    only with a label (the buddy relation Orca reads) or an accessible name set on it."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if isinstance(widget, QComboBox) and interface is not None:
        labels = [other.text(QAccessible.Text.Name) for other, relation in
                  interface.relations() if relation & QAccessible.RelationFlag.Label]
        return " ".join([widget.accessibleName(), *labels]).replace("&", "").strip()
    name = interface.text(QAccessible.Text.Name) if interface is not None else ""
    return (name or widget.accessibleName()).replace("&", "").strip()


# Controls allowed to have no spoken name: the fee statement's group filter
# (ui/fees_view.py, another engineer's file this round) until it is named.
PENDING: set[str] = set()


def unnamed_in(root: QWidget) -> list[str]:
    """Focusable, visible, enabled controls inside ``root`` (a window or a dialog) with
    nothing to say: type and object name of each."""
    missing: list[str] = []
    for widget in root.findChildren(QWidget):
        if (not widget.isVisibleTo(root) or widget.isHidden()
                or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                or isinstance(widget, QTabBar) or not widget.isEnabled()):
            continue
        if isinstance(widget.parentWidget(), QAbstractScrollArea) and \
                widget is widget.parentWidget().viewport():  # type: ignore[attr-defined]
            continue
        owner = widget.parentWidget()
        if isinstance(owner, QAbstractSpinBox | QComboBox) and owner.lineEdit() is widget:
            widget = owner  # a spin box's or combo box's own text field: its owner speaks
        if not spoken_name(widget):
            missing.append(f"{type(widget).__name__} {widget.objectName() or '(no object name)'}")
    return missing


def unnamed_controls(window: MainWindow) -> list[str]:
    """Focusable, visible controls with nothing to say, in every fixed tab (with the
    events panel beside the register on its Events list, then on its Groups tree)."""
    missing: list[str] = []
    side = window.events_panel.tabs
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        title = window.tabs.tabText(index)
        for side_index in range(side.count()):
            side.setCurrentIndex(side_index)
            missing += [f"{title}: {control}" for control in unnamed_in(window)]
    return sorted(set(missing))


@pytest.mark.parametrize("username", ["facilitator", "partner", "qa"])
def test_every_reachable_control_has_a_spoken_name(qtbot, runner, live_server, tmp_path,
                                                    username) -> None:
    session = signed_in_session(live_server, tmp_path / "data" / "desk.sqlite3", username)
    try:
        window = MainWindow(session, runner)
        qtbot.addWidget(window)
        window.show()
        window.start()
        qtbot.waitUntil(lambda: bool(window.events_panel.event_ids()), timeout=15_000)
        qtbot.waitUntil(lambda: not window.sync.is_syncing(), timeout=15_000)
        missing = unnamed_controls(window)
        window.close_now()
        runner.wait_for_done()
    finally:
        session.close()
    assert sorted(set(missing) - PENDING) == [], "\n".join(missing)


def test_register_cells_speak_in_words(qapp) -> None:
    model = RegisterModel()
    model.set_register(register())
    adams = 1  # Zoë Adams, late at 09:15
    assert model.data(model.index(adams, Column.NAME), TEXT) == "Adams, Zoë"
    assert model.data(model.index(adams, Column.STATUS), TEXT) == "Status: Late"
    assert model.data(model.index(adams, Column.ARRIVAL), TEXT) == "Time: 09:15"
    assert model.data(model.index(adams, Column.AM), TEXT) in (
        "Morning: attended", "Morning: not attended")
    assert model.data(model.index(0, Column.SYNC), TEXT) == \
        "Saved: Confirmed by the central service"
    assert model.data(model.index(2, Column.SYNC), TEXT) == "Saved: Not marked yet"
    assert model.data(model.index(adams, Column.SCHOOL), DESCRIPTION) == \
        "Zoë Adams, Oakfield Primary: Late"


def test_the_stylesheet_draws_a_focus_ring() -> None:
    sheet = stylesheet()
    assert re.search(r":focus[^{]*\{[^}]*(border|outline)[^}]*\}", sheet)
    for kind in ("QPushButton", "QLineEdit", "QTableView", "QListWidget"):
        assert re.search(rf"{kind}:focus", sheet), kind


def test_font_sizes_are_in_points_never_pixels() -> None:
    assert not re.search(r"font(-size)?\s*:[^;]*\d+px", stylesheet())
