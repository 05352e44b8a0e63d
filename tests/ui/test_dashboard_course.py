"""The group dashboard's detail on a partner lead's laptop synced from the real server: the
group's course as the catalogue gives it (in words, with its intake's schedule once the
service sends one), who is at risk by name with the reason (the progress view's verdict),
and the partner's delivery-partner identifier for the group's cohort."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.catalogue import CatalogueService
from app.clock import shared_clock
from app.dashboard import DashboardService
from app.names import listed_name
from app.store.apply import PulledChange, apply_page
from app.store.models import Candidate, Group, Intake, Partner, Qualification
from app.sync_state import saved_cursor
from app.viability import Viability
from desk.session import Session
from tests.conftest import TEST_TODAY
from ui.dashboard_detail import recruitment_text
from ui.dashboard_model import enrolled_text
from ui.dashboard_view import DashboardView
from ui.runner import Runner


def make_view(qtbot: Any, runner: Runner, session: Session) -> DashboardView:
    widget = DashboardView(runner, DashboardService(session.store), lambda: TEST_TODAY)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    with qtbot.waitSignal(widget.detail_shown, timeout=10_000):
        widget.refresh()
    return widget


def test_the_detail_names_who_is_at_risk_with_the_reason(
        qtbot: Any, runner: Runner, partner_session: Session) -> None:
    view = make_view(qtbot, runner, partner_session)
    group_id = view.current_group_id
    assert group_id is not None
    risks = partner_session.progress.at_risk(group_id, TEST_TODAY)
    text = view.detail.at_risk.text()
    if not risks:
        assert text == "Nobody at risk on current attendance"
    else:
        with partner_session.store.read() as db:
            names = {c.id: listed_name(c.given_name, c.family_name)
                     for c in db.query(Candidate).filter(Candidate.id.in_(list(risks)))}
        assert text.startswith(f"At risk ({len(risks)}): ")
        for candidate_id, risk in risks.items():
            assert f"{names[candidate_id]} — {risk.text}" in text
    # every group: the dashboard's list is the progress view's verdict
    flagged = 0
    for group in partner_session.catalogue.groups():
        detail = partner_session.dashboard.group_detail(group.id, TEST_TODAY)
        assert {a.candidate_id: a.reason for a in detail.at_risk} == {
            cid: r.text for cid, r in partner_session.progress.at_risk(
                group.id, TEST_TODAY).items()}
        flagged += len(detail.at_risk)
    assert flagged, "the demo has candidates at risk: the comparison is not empty"


def test_the_detail_shows_the_course_and_the_delivery_partner_id(
        qtbot: Any, runner: Runner, partner_session: Session) -> None:
    store = partner_session.store
    with store.read() as db:
        group = db.query(Group).order_by(Group.code).first()
        assert group is not None
        intake = db.get(Intake, group.intake_id)
        partner = db.get(Partner, group.partner_id)
        qualification = db.query(Qualification).filter(
            Qualification.code == group.qualification_code).one()
        assert intake is not None and partner is not None
        group_id, year, term, partner_id = group.id, intake.year, intake.term, partner.id
        partner_data = {"name": partner.name, "kind": partner.kind,
                        "allocation_code": partner.allocation_code, "region": partner.region}
        q_data = {"code": qualification.code, "title": qualification.title,
                  "course_fee_pence": qualification.course_fee_pence,
                  "coaching_included": True, "assessment_months": [12, 15, 18]}
        q_id = qualification.id
    schedule = {"identifier": f"npq-leadership-{term}", "cohort": year, "start": term,
                "milestones": [{"declaration_type": "started", "start_date": f"{year}-10-01",
                                "milestone_date": f"{year}-12-31"}],
                "assessment_window_start": f"{year + 2}-05-01",
                "assessment_window_end": f"{year + 2}-05-31"}
    apply_page(store, [
        PulledChange(type="qualification", id=q_id, deleted=False, data={
            **q_data, "course_identifier": "npq-test-course", "programme_type": "specialist",
            "duration_months": 12, "schedules": [schedule]}),
        PulledChange(type="partner", id=partner_id, deleted=False,
            data={**partner_data, "delivery_partner_ids": {str(year): "DP-TEST-77"}}),
    ], saved_cursor(store) or "", shared_clock(store))
    view = make_view(qtbot, runner, partner_session)
    assert view.current_group_id == group_id or view.select_group(group_id)
    qtbot.waitUntil(lambda: view.detail.detail is not None
                    and view.detail.detail.group.group_id == group_id, timeout=10_000)
    course = view.detail.course.text()
    facts = CatalogueService(store).course(group_id)
    assert facts is not None
    assert course == f"Course: {facts.words}"
    assert "npq-test-course · specialist, 12 months · coaching included" in course
    assert f"milestones: started by 31 Dec {year}" in course
    assert f"assessment window 1–31 May {year + 2}" in course
    assert f"delivery partner ID ({year} cohort): DP-TEST-77" in view.detail.facts.text()



def test_the_groups_list_and_the_status_line_say_the_others_apart_alike(
        partner_session: Session) -> None:
    row = partner_session.dashboard.groups(TEST_TODAY)[0]
    viable = replace(row, enrolled=19, minimum=12, deferred=1, withdrawn=1,
                     status=Viability.VIABLE)
    assert enrolled_text(viable) == "19 (min 12; 1 deferred, 1 withdrawn apart)"
    assert recruitment_text(viable) == "19 enrolled (minimum 12; 1 deferred, 1 withdrawn apart)"
    short = replace(viable, enrolled=8, deferred=2, withdrawn=0, status=Viability.AT_RISK)
    assert enrolled_text(short) == "8 of 12 (2 deferred apart)"
    plain = replace(viable, deferred=0, withdrawn=0)
    assert enrolled_text(plain) == "19 (min 12)"
