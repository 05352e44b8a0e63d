"""FlowLayout: buttons wrap onto a further row instead of widening the window or
shrinking below their text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.flow_layout import FlowLayout

TEXTS = ("Present   (P)", "Late   (L)", "Absent   (A)", "Apologies   (O)", "Left early   (E)")


def _host(qtbot, *, uniform: bool, stretch_before_last: bool = False
          ) -> tuple[QWidget, FlowLayout, list[QPushButton]]:
    host = QWidget()
    qtbot.addWidget(host)
    flow = FlowLayout(host, spacing=10, uniform=uniform)
    flow.setContentsMargins(0, 0, 0, 0)
    buttons = [QPushButton(text) for text in TEXTS]
    for n, button in enumerate(buttons):
        if stretch_before_last and n == len(buttons) - 1:
            flow.addStretch()
        flow.addWidget(button)
    return host, flow, buttons


def _lay_out(host: QWidget, flow: FlowLayout, width: int) -> None:
    host.resize(width, flow.heightForWidth(width))
    flow.setGeometry(QRect(0, 0, width, flow.heightForWidth(width)))


def _rows(buttons: list[QPushButton]) -> list[list[QPushButton]]:
    tops = sorted({b.geometry().top() for b in buttons})
    return [[b for b in buttons if b.geometry().top() == top] for top in tops]


def _assert_whole_and_apart(buttons: list[QPushButton], width: int) -> None:
    for button in buttons:
        geometry = button.geometry()
        assert geometry.width() >= button.sizeHint().width(), button.text()
        assert geometry.left() >= 0 and geometry.right() < width, button.text()
    for a in buttons:
        for b in buttons:
            assert a is b or not a.geometry().intersects(b.geometry()), (a.text(), b.text())


@pytest.mark.parametrize("uniform", [False, True])
def test_one_row_when_it_fits(qtbot, uniform):
    host, flow, buttons = _host(qtbot, uniform=uniform)
    width = flow.sizeHint().width() + 40
    _lay_out(host, flow, width)
    assert len(_rows(buttons)) == 1
    assert flow.heightForWidth(width) == max(b.sizeHint().height() for b in buttons)
    _assert_whole_and_apart(buttons, width)


def test_uniform_cells_share_the_row_equally_like_a_box_layout(qtbot):
    host, flow, buttons = _host(qtbot, uniform=True)
    width = 1000
    _lay_out(host, flow, width)
    widths = {b.geometry().width() for b in buttons}
    assert len(widths) == 1
    assert buttons[-1].geometry().right() >= width - 5  # the row is filled, as before


@pytest.mark.parametrize("uniform", [False, True])
def test_a_narrow_row_wraps_without_shrinking_a_button(qtbot, uniform):
    host, flow, buttons = _host(qtbot, uniform=uniform)
    one_row = flow.sizeHint().width()
    width = one_row * 2 // 3
    _lay_out(host, flow, width)
    rows = _rows(buttons)
    assert len(rows) == 2
    assert flow.heightForWidth(width) > flow.heightForWidth(one_row)
    _assert_whole_and_apart(buttons, width)
    assert [b for row in rows for b in row] == buttons  # reading order kept


def test_uniform_rows_are_even(qtbot):
    host, flow, buttons = _host(qtbot, uniform=True)
    cell = max(b.sizeHint().width() for b in buttons)
    width = cell * 4 + 10 * 3 + 5  # room for four: five go 3 + 2, not 4 + 1
    _lay_out(host, flow, width)
    assert [len(row) for row in _rows(buttons)] == [3, 2]
    _assert_whole_and_apart(buttons, width)


def test_the_minimum_is_the_widest_item_one_per_row(qtbot):
    host, flow, buttons = _host(qtbot, uniform=False)
    widest = max(b.sizeHint().width() for b in buttons)
    assert flow.minimumSize().width() == widest
    _lay_out(host, flow, widest)
    assert len(_rows(buttons)) == len(buttons)
    _assert_whole_and_apart(buttons, widest)


def test_what_follows_a_stretch_sits_at_the_right_edge_on_its_own_row_too(qtbot):
    host, flow, buttons = _host(qtbot, uniform=False, stretch_before_last=True)
    last = buttons[-1]
    wide = flow.sizeHint().width() + 200
    _lay_out(host, flow, wide)
    assert len(_rows(buttons)) == 1
    assert last.geometry().right() == wide - 1
    narrow = flow.sizeHint().width() - 20
    _lay_out(host, flow, narrow)
    rows = _rows(buttons)
    assert len(rows) == 2 and rows[1] == [last]
    assert last.geometry().right() == narrow - 1


def test_hidden_widgets_take_no_room(qtbot):
    host, flow, buttons = _host(qtbot, uniform=False)
    host.show()
    before = flow.sizeHint().width()
    buttons[1].hide()
    assert flow.sizeHint().width() == before - buttons[1].sizeHint().width() - 10


def test_a_box_layout_gives_the_flow_the_rows_it_needs(qtbot):
    """As in the register: a vertical box above whose buttons the table shrinks."""
    window = QWidget()
    qtbot.addWidget(window)
    column = QVBoxLayout(window)
    table = QLabel("table")
    column.addWidget(table, 1)
    actions = QWidget()
    flow = FlowLayout(actions, spacing=8)
    buttons = [QPushButton(text) for text in TEXTS]
    for button in buttons:
        flow.addWidget(button)
    flow.addStretch()
    flow.addWidget(QComboBox())
    column.addWidget(actions)
    width = flow.sizeHint().width() // 2
    window.resize(width, 400)
    window.show()
    qtbot.waitExposed(window)
    assert len(_rows(buttons)) >= 2
    for button in buttons:
        corner = button.mapTo(window, button.rect().bottomRight())
        assert window.rect().contains(corner), button.text()
        assert button.width() >= button.sizeHint().width()
    assert actions.height() >= flow.heightForWidth(actions.width())


def test_a_wrapping_label_takes_the_whole_row(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    flow = FlowLayout(host, uniform=True)
    flow.setContentsMargins(0, 0, 0, 0)
    note = QLabel("View only: facilitators take the register; you can see it here.")
    note.setWordWrap(True)
    flow.addWidget(note)
    assert flow.minimumSize().width() < note.fontMetrics().horizontalAdvance(note.text())
    narrow = flow.minimumSize().width() + 10
    _lay_out(host, flow, narrow)
    assert note.geometry().width() == narrow
    assert note.geometry().height() >= note.heightForWidth(narrow)
