"""The partner lead's Groups tab on a 1366×768 laptop: the groups table shows six whole
rows (all of them, if fewer) above the group's detail, the detail scrolls rather than
take the table's room, and the divider stays where the user drags it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QGroupBox, QScrollArea, QTableView

from app.dashboard import DashboardService
from desk.session import Session
from server.seed.writer import SeedWriter
from server.store import Placement
from tests.app.test_dashboard import AUTUMN_TODAY, _server_group
from tests.conftest import TEST_TODAY
from tests.ui.large_text import desktop_font
from tests.ui.live import signed_in_session
from ui.dashboard_view import ROWS_IN_VIEW, DashboardView
from ui.runner import Runner


def add_groups(server: Any, count: int) -> None:
    """``count`` more groups of the demo partner (copies of one under new codes)."""
    with server.database.write() as session:
        model = _server_group(session, AUTUMN_TODAY)
        writer = SeedWriter(session, random.Random(17))
        for n in range(count):
            group_id = writer.uid()
            writer.add("group", group_id, dict(model.data, code=f"NPQSL-AUT26-HALIFAX-{n + 10}"),
                       Placement(group_id=group_id, ref_id=model.ref_id))
        writer.flush()


def fully_visible_rows(table: QTableView) -> int:
    viewport = table.viewport().rect()
    return sum(viewport.contains(table.visualRect(table.model().index(row, 0)))
               for row in range(table.model().rowCount()))


def open_view(qtbot: Any, runner: Runner, session: Session) -> DashboardView:
    view = DashboardView(runner, DashboardService(session.store), lambda: TEST_TODAY)
    qtbot.addWidget(view)
    view.resize(1366, 768 - 110)  # the tab's share of the screen: menus, tabs, status bar
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.detail_shown, timeout=10_000):
        view.refresh()
    qtbot.wait(50)  # posted layout requests
    return view


@pytest.fixture
def dozen(live_server: Any, tmp_path: Path) -> Iterator[Session]:
    add_groups(live_server, 9)
    signed_in = signed_in_session(live_server, tmp_path / "dozen.sqlite3", "partner")
    yield signed_in
    signed_in.close()


def test_all_three_demo_groups_show_whole(qtbot, runner, partner_session):
    view = open_view(qtbot, runner, partner_session)
    assert view.proxy.rowCount() == 3
    assert fully_visible_rows(view.table) >= 3
    assert view.detail.isVisible()


@pytest.mark.parametrize("points", [11.0, 16.0])
def test_a_dozen_groups_show_six_whole_rows_and_the_detail_scrolls(
        qtbot, qapp, runner, dozen, points):
    with desktop_font(qapp, points):
        check_a_dozen(qtbot, runner, dozen)


def check_a_dozen(qtbot: Any, runner: Runner, dozen: Session) -> None:
    view = open_view(qtbot, runner, dozen)
    assert view.proxy.rowCount() == 12
    assert fully_visible_rows(view.table) >= ROWS_IN_VIEW
    demo_group = next(r.group_id for r in view.model.rows if r.code == AUTUMN_TODAY)
    with qtbot.waitSignal(view.detail_shown, timeout=10_000):
        assert view.select_group(demo_group)  # its sessions, chart and 18 candidates
    qtbot.wait(50)
    assert fully_visible_rows(view.table) >= ROWS_IN_VIEW
    scroll = view.findChild(QScrollArea, "dashboardDetailScroll")
    assert scroll is not None and scroll.widget() is view.detail
    assert scroll.height() >= 150  # the detail keeps room to be read...
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0  # ...and scrolls to the rest: the fees table and totals
    scroll.ensureWidgetVisible(view.detail.fee_totals)
    totals = view.detail.fee_totals
    corner = totals.mapTo(scroll.viewport(), QPoint(0, totals.height() - 1))
    assert scroll.viewport().rect().contains(corner)


def test_the_divider_stays_where_the_user_drags_it(qtbot, runner, dozen):
    view = open_view(qtbot, runner, dozen)
    splitter = view.splitter
    handle = splitter.handle(1)
    start = handle.mapTo(view, handle.rect().center())
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=handle.rect().center())
    qtbot.mouseMove(view, QPoint(start.x(), start.y() + 120))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(start.x(), start.y() + 120))
    dragged = splitter.sizes()[0]
    with qtbot.waitSignal(view.groups_shown, timeout=10_000):
        view.refresh()  # after a sync
    view.resize(1366, 700)
    qtbot.wait(50)
    assert splitter.sizes()[0] == dragged


@pytest.mark.parametrize("points", [11.0, 16.0])
def test_session_names_stay_readable_the_fees_go_below_when_both_do_not_fit(
        qtbot, qapp, runner, partner_session, points):
    from ui.dashboard_detail import STACKED_FEE_ROWS

    with desktop_font(qapp, points):
        view = open_view(qtbot, runner, partner_session)
        detail = view.detail
        events = detail.events
        chars = events.fontMetrics().averageCharWidth()
        assert events.columnWidth(0) >= 20 * chars  # "3. Leading behaviour and …" at least
        attendance = detail.findChild(QGroupBox, "dashboardAttendanceBox")
        fees = detail.candidates_box
        beside = fees.geometry().left() >= attendance.geometry().right()
        assert beside == (points == 11.0) == detail.side_by_side()  # at 16pt: below it
        if not beside:
            assert fees.geometry().top() >= attendance.geometry().bottom()
            rows = detail.fees.viewport().height() // detail.fees.rowHeight(0)
            assert rows >= STACKED_FEE_ROWS
