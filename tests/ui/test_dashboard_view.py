"""The dashboard view on a partner lead's laptop synced from the real server: the filters
narrow the table, a group that needs attention says so in words, selecting a group shows
its attendance and course fees, and a refresh after a sync keeps filters and selection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.dashboard import DashboardService
from desk.session import Session
from tests.app.test_dashboard import AUTUMN_SMALL, AUTUMN_TODAY, SPRING, shrink
from tests.conftest import TEST_TODAY
from tests.ui.live import signed_in_session
from tests.ui.test_theme import contrast
from ui import theme
from ui.dashboard_model import DEADLINE_COLUMN, ENROLLED_COLUMN, STATUS_COLUMN
from ui.dashboard_view import DashboardView
from ui.runner import Runner

NEAR_DEADLINE = dt.date(2026, 12, 28)  # 19 days before the Spring deadline


@pytest.fixture
def session(live_server: Any, tmp_path: Path) -> Iterator[Session]:
    shrink(live_server, SPRING, 9)
    shrink(live_server, AUTUMN_SMALL, 10)
    signed_in = signed_in_session(live_server, tmp_path / "desk.sqlite3", "partner")
    yield signed_in
    signed_in.close()


def make_view(qtbot: Any, runner: Runner, session: Session, today: dt.date) -> DashboardView:
    widget = DashboardView(runner, DashboardService(session.store), lambda: today)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    with qtbot.waitSignal(widget.detail_shown, timeout=10_000):
        widget.refresh()
    return widget


def shown(view: DashboardView, column: int = 0) -> list[str]:
    """The table's cells in one column, top to bottom, as the user sees them."""
    return [view.proxy.index(r, column).data() for r in range(view.proxy.rowCount())]


def test_filters_narrow_the_table(qtbot: Any, runner: Runner, session: Session) -> None:
    view = make_view(qtbot, runner, session, TEST_TODAY)
    assert shown(view) == [AUTUMN_SMALL, SPRING, AUTUMN_TODAY]
    assert view.counts.text() == "3 groups · 1 needs attention"
    assert [view.intake.itemText(i) for i in range(view.intake.count())] == \
        ["All intakes", "Autumn 2026", "Spring 2027"]

    with qtbot.waitSignal(view.groups_shown, timeout=10_000):
        view.intake.setCurrentText("Spring 2027")
    assert shown(view) == [SPRING]
    with qtbot.waitSignal(view.groups_shown, timeout=10_000):
        view.intake.setCurrentIndex(0)
    with qtbot.waitSignal(view.groups_shown, timeout=10_000):
        view.qualification.setCurrentText("NPQSL")
    assert shown(view) == [AUTUMN_TODAY]
    with qtbot.waitSignal(view.groups_shown, timeout=10_000):
        view.qualification.setCurrentIndex(0)
    with qtbot.waitSignal(view.groups_shown, timeout=10_000):
        view.attention_only.setChecked(True)
    assert shown(view) == [AUTUMN_SMALL]
    assert view.counts.text() == "1 group · 1 needs attention"
    with qtbot.waitSignal(view.groups_shown, timeout=10_000):
        view.qualification.setCurrentText("NPQSL")
    assert shown(view) == [] and view.empty.isVisible() and not view.table.isVisible()
    assert view.detail.isHidden()


def test_a_group_near_its_deadline_stands_out_in_words_and_sorts(
        qtbot: Any, runner: Runner, session: Session) -> None:
    view = make_view(qtbot, runner, session, NEAR_DEADLINE)
    statuses = dict(zip(shown(view), shown(view, STATUS_COLUMN), strict=True))
    assert statuses == {AUTUMN_SMALL: "Not viable — needs attention",
                        SPRING: "At risk — needs attention", AUTUMN_TODAY: "Viable"}
    spring = shown(view).index(SPRING)
    assert view.proxy.index(spring, ENROLLED_COLUMN).data() == "9 of 12"
    assert view.proxy.index(spring, DEADLINE_COLUMN).data() == "16 Jan 2027 · in 19 days"
    assert view.proxy.index(spring, 0).data(Qt.ItemDataRole.FontRole).bold()
    viable = shown(view).index(AUTUMN_TODAY)
    assert view.proxy.index(viable, 0).data(Qt.ItemDataRole.FontRole) is None
    assert not view.proxy.index(spring, STATUS_COLUMN).data(
        Qt.ItemDataRole.DecorationRole).isNull()
    # The column counts those still on the course and says the others apart, as the
    # status line does (the seed defers one of Autumn's ten and withdraws another).
    small = shown(view).index(AUTUMN_SMALL)
    assert view.proxy.index(small, ENROLLED_COLUMN).data() == (
        "8 of 12 (1 deferred, 1 withdrawn apart)")
    # Sorting by enrolled puts the largest shortfall first; by status, attention first.
    view.table.sortByColumn(ENROLLED_COLUMN, Qt.SortOrder.AscendingOrder)
    assert shown(view) == [AUTUMN_SMALL, SPRING, AUTUMN_TODAY]
    view.table.sortByColumn(STATUS_COLUMN, Qt.SortOrder.AscendingOrder)
    assert shown(view) == [AUTUMN_SMALL, SPRING, AUTUMN_TODAY]
    # Still three weeks more and it would not stand out yet.
    earlier = make_view(qtbot, runner, session, TEST_TODAY)
    assert dict(zip(shown(earlier), shown(earlier, STATUS_COLUMN), strict=True))[SPRING] == \
        "At risk"


def test_selecting_a_group_shows_its_attendance_and_fees(
        qtbot: Any, runner: Runner, session: Session) -> None:
    view = make_view(qtbot, runner, session, TEST_TODAY)
    ids = {r.code: r.group_id for r in view.model.rows}
    assert view.current_group_id == ids[AUTUMN_SMALL]  # the first group, chosen for the user
    with qtbot.waitSignal(view.detail_shown, timeout=10_000):
        view.table.selectRow(shown(view).index(SPRING))
    assert view.detail.title.text().startswith(SPRING)
    assert view.detail.status.text().startswith("At risk: 9 of 12 enrolled: 3 more needed by")
    with qtbot.waitSignal(view.detail_shown, timeout=10_000):
        view.table.selectRow(shown(view).index(AUTUMN_SMALL))
    detail = view.detail
    assert detail.title.text().startswith(AUTUMN_SMALL)
    # the seed defers one of this group's candidates and withdraws another: counted apart
    assert detail.status.text() == ("Not viable — needs attention: 8 of 12 enrolled "
                                    "(1 deferred, 1 withdrawn apart): 4 short; "
                                    "registration closed on Saturday 12 September 2026")
    events = detail.events
    column = {events.horizontalHeaderItem(c).text(): c for c in range(events.columnCount())}
    assert events.item(0, column["Enrolled"]).text() == "21"
    assert events.item(0, column["Attended"]).text() == "21 (100%)"
    assert events.item(1, column["Attended"]).text() == "18 (86%)"
    assert events.item(1, column["Drop-off"]).text() == "3 fewer"
    assert events.item(2, column["Register"]).text() == "Not yet"
    assert events.item(2, column["Attended"]).text() == "—"
    assert detail.chart.figures()[:3] == [(21, 21), (21, 18), (10, None)]
    # the attended figures, often drawn over an enrolment bar, are readable on it (WCAG AA)
    chart = detail.chart
    labelled = [s for s in (chart.attended, chart.points) if s.pointLabelsVisible()]
    assert len(labelled) == 1
    figures = labelled[0].pointLabelsColor().name()
    for ground in (chart.enrolled.color().name(), theme.colour("chart_bg").name()):
        assert contrast(figures, ground) >= 4.5, (figures, ground)

    fees = detail.fees
    funding = [fees.item(r, 3).text() for r in range(fees.rowCount())]
    assert fees.rowCount() == 10 and set(funding) <= {"Full scholarship", "School pays"}
    assert all(fees.item(r, 2).text() == "£950.00" for r in range(fees.rowCount()))
    scholars = funding.count("Full scholarship")
    assert detail.fee_totals.text() == (
        f"10 candidates: course fees £9,500.00 without scholarships · {scholars} on full "
        f"scholarship (£{scholars * 950:,}.00 covered) · schools pay "
        f"£{(10 - scholars) * 950:,}.00")

    # A sync brings nothing new for this group; refresh keeps the filter and the choice.
    with qtbot.waitSignal(view.groups_shown, timeout=10_000):
        view.intake.setCurrentText("Autumn 2026")
    with qtbot.waitSignal(view.detail_shown, timeout=10_000):
        view.select_group(ids[AUTUMN_TODAY])
    with qtbot.waitSignal(view.detail_shown, timeout=10_000):
        runner.network(session.sync.sync_once).success(lambda _r: view.refresh()).run()
    assert view.intake.currentText() == "Autumn 2026"
    assert view.current_group_id == ids[AUTUMN_TODAY]
    assert view.detail.title.text().startswith(AUTUMN_TODAY)
    selected = view.table.selectionModel().selectedRows()
    assert [view.proxy.data(i) for i in selected] == [AUTUMN_TODAY]
