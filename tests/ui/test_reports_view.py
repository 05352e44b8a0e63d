"""The reports view on a real laptop store synced from the real server: a report with two
responses explains why it is hidden; after more responses and a sync, the open report
shows the new count and charts by itself, with the same event still selected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.reports import ReportService
from desk.session import Session
from tests.app.evaluation_live import answer, submit_today
from tests.ui.live import signed_in_session
from ui.reports import ReportsView
from ui.reports.view import EVENT_ROLE
from ui.runner import Runner


@pytest.fixture
def username() -> str:
    return "facilitator"


@pytest.fixture
def session(live_server: Any, tmp_path: Path, username: str) -> Iterator[Session]:
    signed_in = signed_in_session(live_server, tmp_path / "desk.sqlite3", username)
    yield signed_in
    signed_in.close()


@pytest.fixture
def view(qtbot: Any, runner: Runner, session: Session, tmp_path: Path) -> ReportsView:
    widget = ReportsView(runner, ReportService(session.store),
                         ask_path=lambda _parent, name: str(tmp_path / name))
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def sync_then_refresh(runner: Runner, session: Session, view: ReportsView) -> None:
    """What the main window does: a sync on the network lane, then ``refresh()``."""
    runner.network(session.sync.sync_once).success(lambda _result: view.refresh()).run()


def test_the_open_report_updates_after_a_sync_without_reopening(
        qtbot: Any, live_server: Any, runner: Runner, session: Session,
        view: ReportsView) -> None:
    event_id = submit_today(session.store, session.sync, session.identity.user_id)
    answer(live_server, event_id, 4, "Useful, if rushed after lunch.")
    answer(live_server, event_id, 5)
    session.sync.sync_once()
    with qtbot.waitSignal(view.report_shown, timeout=10_000):
        view.refresh()
    panel = view.report_panel
    assert view.current_event_id == event_id  # the newest report comes first
    assert panel.counts.text().startswith("2 responses of ")
    assert panel.hidden_note.isVisible()
    assert ("Results appear when at least 3 people have responded — 2 so far"
            in panel.hidden_note.text())
    assert not panel.questions_box.isVisible() and not panel.comments.isVisible()
    overall = panel.panels["overall"]

    answer(live_server, event_id, 5, "The best session so far.")
    answer(live_server, event_id, 4)
    sync_then_refresh(runner, session, view)
    qtbot.waitUntil(lambda: panel.counts.text().startswith("4 responses of "), timeout=15_000)
    assert view.current_event_id == event_id
    assert panel.panels["overall"] is overall  # updated in place, not rebuilt
    assert not panel.hidden_note.isVisible() and panel.questions_box.isVisible()
    assert overall.chart.isVisible() and overall.chart.counts() == (0, 0, 0, 2, 2)
    assert overall.mean.text() == "Mean 4.5 of 5 · 4 ratings"
    assert "“The best session so far.”" in panel.comments.text()
    trend = view.trend_panel.trend
    assert trend is not None and trend.events[-1].event_id == event_id
    assert trend.lines[-1].means[-1] == 4.5

    answer(live_server, event_id, 1)
    sync_then_refresh(runner, session, view)
    qtbot.waitUntil(lambda: overall.chart.counts() == (1, 0, 0, 2, 2), timeout=15_000)
    assert panel.counts.text().startswith("5 responses of ")


@pytest.mark.parametrize("username", ["partner"])
def test_a_partner_leads_chosen_report_stays_chosen_across_refreshes_and_exports_to_pdf(
        qtbot: Any, runner: Runner, session: Session, view: ReportsView) -> None:
    with qtbot.waitSignal(view.report_shown, timeout=10_000):
        view.refresh()
    items = [view.events.item(i) for i in range(view.events.count())]
    assert len(items) >= 3  # the past events of the partner's groups
    older = items[-1].data(EVENT_ROLE)
    with qtbot.waitSignal(view.report_shown, timeout=10_000):
        assert view.select_event(older)
    with qtbot.waitSignal(view.report_shown, timeout=10_000):
        sync_then_refresh(runner, session, view)
    assert view.current_event_id == older
    report = view.report_panel.report
    assert report is not None and not report.hidden
    assert all(p.chart.isVisible() for p in view.report_panel.panels.values())
    with qtbot.waitSignal(view.exported, timeout=30_000) as exported:
        view.export_button.click()
    pdf = PdfReader(exported.args[0])
    text = "".join(page.extract_text() for page in pdf.pages)
    assert report.title in text and report.response_line in text
