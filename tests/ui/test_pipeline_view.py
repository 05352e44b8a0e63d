"""The Pipeline page on a partner lead's laptop synced from the real server, with
applications landed as a pull lands them (the demo service on this branch sends none):
before any arrive it says so; then each group's counts are the raw records counted, the
trend's chart draws the same figures the service read and names itself, the chosen group's
applicants show name, school, role, source and status only, the registration-window and
expectations lines read in words, closed groups are apart, a pull announced on the hub shows
without a refresh; readable at 1366x768 and reachable with Tab; a lazy tab for partner
leads only, and the window line on "Recruitment and attendance" too."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from sqlalchemy import select, text

from app.changes import Changes
from app.clock import shared_clock
from app.store.apply import PulledChange, apply_page
from app.store.models import Group, Intake, OtherRecord
from app.sync_state import saved_cursor
from desk.session import Session
from tests.conftest import TEST_TODAY
from tests.ui.live import open_main_window
from tests.ui.test_impact_view import next_tab_stop
from ui.changes_hub import ChangesHub
from ui.pipeline_view import PipelineView
from ui.runner import Runner

STATUSES = ("applied", "applied", "accepted", "rejected", "withdrawn")
SOURCES = ("allocation_code", "preferred_partner", "allocated")


def land(session: Session, changes: list[PulledChange]) -> None:
    apply_page(session.store, changes, saved_cursor(session.store) or "",
               shared_clock(session.store))  # the cursor kept: the next sync goes on


def forget_applications(session: Session) -> None:
    with session.store.read() as db:
        ids = list(db.scalars(select(OtherRecord.id).where(OtherRecord.type == "application")))
    land(session, [PulledChange("application", i, True, None) for i in ids])


def land_applications(session: Session, per_group: int = 8, seed: int = 16) -> list[str]:
    """Invented applications to each open group of the partner; the groups' ids."""
    rng = random.Random(seed)
    forget_applications(session)
    with session.store.read() as db:
        groups = [(g.id, g.intake_id, g.partner_id, g.qualification_code)
                  for g in db.scalars(select(Group).where(Group.status == "open"))]
    changes = []
    for group_id, intake_id, partner_id, code in groups:
        for k in range(per_group):
            status = rng.choice(STATUSES)
            applied = TEST_TODAY - dt.timedelta(days=rng.randrange(0, 60))
            changes.append(PulledChange("application", str(uuid.uuid4()), False, {
                "given_name": f"Invented{k}", "family_name": f"Applicant{k}",
                "school": f"Invented School {k % 3}", "role": "Head of year",
                "qualification_code": code, "intake_id": intake_id, "partner_id": partner_id,
                "group_id": group_id, "source": rng.choice(SOURCES), "status": status,
                "applied_on": applied.isoformat(),
                "decided_on": None if status == "applied" else applied.isoformat()}))
    land(session, changes)
    return [g[0] for g in groups]


def make_view(qtbot: Any, runner: Runner, session: Session,
              hub: ChangesHub | None = None) -> PipelineView:
    view = PipelineView(runner, session.recruitment, TEST_TODAY, hub=hub)
    qtbot.addWidget(view)
    view.resize(1340, 640)  # a 1366x768 screen, less the window's frame, tabs and bars
    view.show()
    with qtbot.waitSignal(view.shown, timeout=10_000):
        view.refresh()
    return view


def column(table: QTableView, header: str) -> list[str]:
    model = table.model()
    n = next(c for c in range(model.columnCount())
             if model.headerData(c, Qt.Orientation.Horizontal) == header)
    return [model.index(r, n).data() for r in range(model.rowCount())]


def test_before_any_application_the_page_says_so(qtbot: Any, runner: Runner,
                                                 partner_session: Session) -> None:
    forget_applications(partner_session)
    view = make_view(qtbot, runner, partner_session)
    assert view.note.isVisible() and "has not sent any applications" in view.note.text()
    assert view.groups_model.rowCount() > 0  # the groups, with nothing applied
    assert set(column(view.groups_table, "Applied")) == {"0"}
    assert "registration open until" in view.windows.text()


def test_each_groups_counts_are_the_raw_records_counted(qtbot: Any, runner: Runner,
                                                        partner_session: Session) -> None:
    land_applications(partner_session)
    view = make_view(qtbot, runner, partner_session)
    assert not view.note.isVisible()
    with partner_session.store.read() as db:
        raw = db.execute(text(
            "SELECT g.code, json_extract(a.data, '$.status'), count(*) FROM other_record a "
            "JOIN \"group\" g ON g.id = json_extract(a.data, '$.group_id') "
            "WHERE a.type = 'application' GROUP BY 1, 2")).all()
        own = dict(db.execute(text(
            "SELECT g.code, count(*) FROM other_record a "
            "JOIN \"group\" g ON g.id = json_extract(a.data, '$.group_id') "
            "WHERE a.type = 'application' AND json_extract(a.data, '$.source') != 'allocated' "
            "GROUP BY 1")).all())
    codes = column(view.groups_table, "Group")
    for code, status, n in raw:
        row = codes.index(code)
        assert column(view.groups_table, status.capitalize())[row] == str(n), (code, status)
    for row, code in enumerate(codes):
        assert column(view.groups_table, "Own")[row] == str(own.get(code, 0))


def test_the_chosen_groups_chart_applicants_and_forecast(qtbot: Any, runner: Runner,
                                                         partner_session: Session) -> None:
    land_applications(partner_session)
    view = make_view(qtbot, runner, partner_session)
    pipeline = view.pipeline
    assert pipeline is not None
    group = pipeline.groups[-1]
    with qtbot.waitSignal(view.group_shown, timeout=10_000):
        assert view.select(group.group_id)
    assert view.chart.figures() == [(w.in_play, w.enrolled) for w in group.trend]
    assert group.code in view.chart.accessibleName()
    assert group.forecast.words in view.chart.accessibleDescription()
    assert view.forecast.text() == group.forecast.words
    assert view.applicants_model.rowCount() == group.counts.total
    headers = [view.applicants_model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(view.applicants_model.columnCount())]
    assert headers == ["Name", "School", "Role", "Came through", "Status", "Applied on"]
    names = column(view.applicants_table, "Name")
    assert all(n.startswith("Applicant") and ", Invented" in n for n in names)


def test_windows_expectations_and_closed_groups_in_words(qtbot: Any, runner: Runner,
                                                         partner_session: Session) -> None:
    with partner_session.store.read() as db:
        group = db.scalars(select(Group)).first()
        assert group is not None
        closed = {"code": group.code, "qualification_code": group.qualification_code,
                  "partner_id": group.partner_id, "intake_id": group.intake_id,
                  "venue_name": group.venue_name, "status": "closed",
                  "closed_reason": "Candidates offered the distance-learning pathway"}
        labels = [i.label for i in db.scalars(select(Intake))]
    land(partner_session, [PulledChange("group", group.id, False, closed)])
    view = make_view(qtbot, runner, partner_session)
    assert view.closed.isVisible()
    assert (f"{group.code}" in view.closed.text()
            and "distance-learning pathway" in view.closed.text())
    assert group.code not in column(view.groups_table, "Group")
    assert any(label in view.windows.text() for label in labels)
    assert view.expectations.text().startswith("2026/27: ")
    assert "✓" not in view.expectations.accessibleName()


def test_a_pull_announced_on_the_hub_shows_without_a_refresh(
        qtbot: Any, runner: Runner, partner_session: Session) -> None:
    hub = ChangesHub()
    forget_applications(partner_session)
    view = make_view(qtbot, runner, partner_session, hub)
    assert view.note.isVisible()
    land_applications(partner_session, per_group=3)
    with qtbot.waitSignal(view.shown, timeout=10_000):
        hub.announce(Changes(recruitment=True))
    assert not view.note.isVisible()
    assert sum(int(n) for n in column(view.groups_table, "Own")) + sum(
        int(n) for n in column(view.groups_table, "Allocated")) == 3 * view.groups_model.rowCount()


def test_tables_are_named_reachable_with_tab_and_fit_a_laptop_screen(
        qtbot: Any, runner: Runner, partner_session: Session) -> None:
    land_applications(partner_session)
    view = make_view(qtbot, runner, partner_session)
    qtbot.waitUntil(lambda: view.applicants_model.rowCount() > 0, timeout=10_000)
    for table in (view.groups_table, view.intakes_table, view.applicants_table):
        assert table.accessibleName()
        assert table.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert table.isVisible() and table.height() >= 2 * table.verticalHeader(
        ).defaultSectionSize()
    assert next_tab_stop(view.groups_table) is view.intakes_table
    assert next_tab_stop(view.intakes_table) is view.applicants_table
    header = view.groups_table.horizontalHeader()
    assert header.length() <= view.groups_table.viewport().width() + 1, \
        "the groups' columns fit without scrolling sideways at 1366x768"
    assert view.chart.isVisible() and view.chart.height() >= 150


@pytest.mark.parametrize("username", ["partner", "facilitator"])
def test_the_pipeline_tab_is_for_partner_leads_and_built_when_shown(
        qtbot: Any, runner: Runner, live_server: object, tmp_path: Any, username: str) -> None:
    from tests.ui.live import signed_in_session

    session = signed_in_session(live_server, tmp_path / username / "desk.sqlite3", username)
    try:
        with open_main_window(qtbot, runner, session) as window:
            titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
            if username != "partner":
                assert "Pipeline" not in titles and window.pipeline is None
                return
            assert titles.index("Pipeline") == titles.index("Recruitment and attendance") + 1
            assert window.pipeline is not None and window.pipeline.page is None  # lazy
            window.tabs.setCurrentIndex(titles.index("Pipeline"))
            qtbot.waitUntil(lambda: window.pipeline is not None
                            and window.pipeline.page is not None, timeout=5_000)
            view = window.pipeline.page
            assert isinstance(view, PipelineView)
            qtbot.waitUntil(lambda: view.groups_model.rowCount() > 0, timeout=10_000)
    finally:
        session.close()


def test_recruitment_and_attendance_says_what_registration_is_open(
        qtbot: Any, runner: Runner, partner_session: Session) -> None:
    from ui.dashboard_view import DashboardView

    view = DashboardView(runner, partner_session.dashboard, TEST_TODAY)
    qtbot.addWidget(view)
    view.resize(1340, 640)
    view.show()
    with qtbot.waitSignal(view.groups_shown, timeout=10_000):
        view.refresh()
    expected = partner_session.recruitment.window_line(TEST_TODAY)
    assert view.windows.isVisible() and view.windows.text() == expected
    assert "registration open until" in expected


def test_enrolled_is_the_groups_tabs_count_for_every_group(partner_session: Session) -> None:
    """The demo's enrolments of a spring group are dated ahead of today: still enrolled."""
    dashboard = {r.group_id: (r.enrolled, r.minimum)
                 for r in partner_session.dashboard.groups(TEST_TODAY)}
    pipeline = partner_session.recruitment.pipeline(TEST_TODAY)
    assert pipeline.groups
    for p in pipeline.groups:
        assert (p.enrolled, p.minimum) == dashboard[p.group_id], p.code
        assert not p.trend or p.trend[-1].enrolled == p.enrolled or p.deadline < TEST_TODAY
