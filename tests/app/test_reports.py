"""Evaluation reports on the laptop, built from what a real sync brought from the real
server: the list, one event's report, the group trend, and the n >= 3 rule held locally."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.reports import EvaluationReport, ReportService
from app.store import Store
from app.store.models import OtherRecord
from sync.service import SyncService
from tests.app.evaluation_live import answer, submit_today
from tests.conftest import TEST_TODAY

PASSWORD = "npq-demo"


@dataclass
class Laptop:
    store: Store
    sync: SyncService
    user_id: str


@pytest.fixture
def synced(live_server: Any, tmp_path: Path) -> Iterator[Laptop]:
    store = Store.open(tmp_path / "desk.sqlite3")
    sync = SyncService(store, live_server.base_url)
    identity = sync.login("facilitator", PASSWORD)
    sync.sync_once()
    yield Laptop(store, sync, identity.user_id)
    store.close()


@pytest.fixture
def two_answers_today(live_server: Any, synced: Laptop) -> str:
    """Today's register submitted from the laptop, two candidates have answered, synced."""
    event_id = submit_today(synced.store, synced.sync, synced.user_id)
    answer(live_server, event_id, 4, "Useful, if rushed after lunch.")
    answer(live_server, event_id, 5)
    synced.sync.sync_once()
    return event_id


def test_the_list_holds_my_reported_events_newest_first_today_hidden_at_two(
        synced: Laptop, two_answers_today: str) -> None:
    listed = ReportService(synced.store).reported_events()
    assert len(listed) >= 2
    dates = [r.date for r in listed]
    assert all(d is not None and d <= TEST_TODAY for d in dates)
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    today = listed[0]
    assert (today.event_id, today.responses, today.hidden) == (two_answers_today, 2, True)
    older = listed[1:]
    assert all(not r.hidden and r.responses >= 3 and r.date < TEST_TODAY  # type: ignore[operator]
               for r in older)


def test_a_report_has_counts_distributions_means_and_comments(
        synced: Laptop) -> None:
    reports = ReportService(synced.store)
    shown = [reports.event_report(r.event_id) for r in reports.reported_events()
             if not r.hidden]
    report = next(r for r in shown if r is not None and r.comments)
    assert report.response_line == f"{report.responses} responses of {report.attended} attended"
    assert report.hidden_reason is None and report.date is not None
    assert [q.id for q in report.questions] == ["content", "facilitation", "application",
                                                "venue", "overall"]
    for q in report.questions:
        assert q.distribution is not None and q.mean is not None
        assert q.count == report.responses and len(q.distribution) == 5
        mean = sum(r * n for r, n in zip(range(1, 6), q.distribution, strict=True)) / q.count
        assert q.mean == pytest.approx(mean, abs=0.006)
    assert all(c.strip() for c in report.comments)


def test_todays_event_is_hidden_until_a_third_response_syncs(
        live_server: Any, synced: Laptop, two_answers_today: str) -> None:
    reports = ReportService(synced.store)
    report = reports.event_report(two_answers_today)
    assert isinstance(report, EvaluationReport) and report.hidden
    assert report.responses == 2 and report.attended == report.invitations > 2
    assert report.hidden_reason is not None and "— 2 so far" in report.hidden_reason
    assert report.comments == () and all(q.distribution is None and q.mean is None
                                         for q in report.questions)
    answer(live_server, two_answers_today, 5, "A day I will remember.")
    synced.sync.sync_once()
    report = reports.event_report(two_answers_today)
    assert report is not None and not report.hidden and report.responses == 3
    assert report.response_line == f"3 responses of {report.attended} attended"
    assert all(q.distribution == (0, 0, 0, 1, 2) and q.mean == pytest.approx(4.67)
               for q in report.questions)
    assert set(report.comments) == {"Useful, if rushed after lunch.", "A day I will remember."}


def test_the_group_trend_has_one_mean_per_event_in_date_order_and_gaps_where_hidden(
        synced: Laptop, two_answers_today: str) -> None:
    reports = ReportService(synced.store)
    today = reports.event_report(two_answers_today)
    assert today is not None
    trend = reports.group_trend(today.group_id)
    assert trend.group_code == today.group_code
    dates = [e.date for e in trend.events]
    assert dates == sorted(dates)  # type: ignore[type-var]
    assert trend.events[-1].event_id == two_answers_today and trend.events[-1].hidden
    assert len(trend.events) >= 2 and len(trend.lines) == 5
    for line in trend.lines:
        assert len(line.means) == len(trend.events) and line.means[-1] is None
        for event, mean in zip(trend.events, line.means, strict=True):
            report = reports.event_report(event.event_id)
            assert report is not None
            assert mean == next(q.mean for q in report.questions if q.id == line.question_id)
        assert all(m is not None for m in line.means[:-1])


def test_the_laptop_hides_results_below_three_even_when_a_server_sent_them(
        synced: Laptop) -> None:
    store = synced.store
    reports = ReportService(store)
    shown = next(r for r in reports.reported_events() if not r.hidden)
    with store.write() as session:
        row = session.get(OtherRecord, ("evaluation_summary", shown.event_id))
        assert row is not None
        leaky = dict(row.data, responses=2, hidden=False, comments=["Said by someone"])
        leaky["questions"] = [dict(q, distribution={"1": 0, "2": 0, "3": 1, "4": 1, "5": 0},
                                   mean=3.5) for q in row.data["questions"]]
        row.data = leaky
    report = reports.event_report(shown.event_id)
    assert report is not None and report.hidden and report.comments == ()
    assert all(q.distribution is None and q.mean is None for q in report.questions)
    # A question rated by only two of many is hidden too.
    with store.write() as session:
        row = session.get(OtherRecord, ("evaluation_summary", shown.event_id))
        assert row is not None
        data = dict(row.data, responses=9, hidden=False)
        first, *rest = data["questions"]
        data["questions"] = [dict(first, distribution={"4": 1, "5": 1}, mean=4.5), *rest]
        row.data = data
    report = reports.event_report(shown.event_id)
    assert report is not None and not report.hidden and report.questions[0].mean is None
    trend = reports.group_trend(shown.group_id)
    index = [e.event_id for e in trend.events].index(shown.event_id)
    assert trend.lines[0].means[index] is None


def test_an_unknown_event_has_no_report(synced: Laptop) -> None:
    assert ReportService(synced.store).event_report("no-such-event") is None
