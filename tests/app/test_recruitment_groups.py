"""What recruitment changes on "Recruitment and attendance": a group closed by a decision,
or one the central team agreed runs below its minimum, no longer stands out as needing the
partner (an open group as short does); and the page says what registration is open now
and what opens next in the pipeline's words."""

from __future__ import annotations

import datetime as dt
import uuid

from app.clock import shared_clock
from app.dashboard import DashboardService
from app.recruitment import RecruitmentService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from app.store.models import Group
from app.viability import GroupRecruitment, Viability, assess

TODAY = dt.date(2026, 11, 23)
NEAR = dt.date(2026, 12, 1)  # at risk, eight days away: stands out


def group(**decided: bool) -> GroupRecruitment:
    return GroupRecruitment(group_id="g", code="NPQSL-X", qualification_code="NPQSL",
                            partner_name="P", intake_label="Spring 2027", enrolled=5,
                            registration_deadline=NEAR, **decided)


def test_a_decided_group_no_longer_stands_out_but_keeps_its_status() -> None:
    assert assess(group(), TODAY).stands_out
    for decided in ({"closed": True}, {"runs_below_minimum": True}):
        v = assess(group(**decided), TODAY)
        assert v.status is Viability.AT_RISK and not v.stands_out, decided
    passed = assess(group(runs_below_minimum=True), dt.date(2027, 2, 1))
    assert passed.status is Viability.NOT_VIABLE and not passed.stands_out
    assert assess(group(), dt.date(2027, 2, 1)).stands_out


def land(store: Store, **group_fields: object) -> str:
    intake, group_id = str(uuid.uuid4()), str(uuid.uuid4())
    apply_page(store, [
        PulledChange("intake", intake, False, {"term": "spring", "year": 2027,
                                               "registration_deadline": NEAR.isoformat(),
                                               "label": "Spring 2027"}),
        PulledChange("group", group_id, False, {
            "code": "NPQSL-SPR27-X-1", "qualification_code": "NPQSL",
            "partner_id": str(uuid.uuid4()), "intake_id": intake, "venue_name": "Hub",
            **group_fields}),
    ], "c1", shared_clock(store))
    return group_id


def test_the_dashboard_reads_the_decision_from_the_group(store: Store) -> None:
    land(store)
    assert [r.stands_out for r in DashboardService(store).groups(TODAY)] == [True]
    land(store, status="closed", closed_reason="Candidates offered distance learning")
    land(store, runs_below_minimum=True)
    rows = DashboardService(store).groups(TODAY)
    assert sorted(r.stands_out for r in rows) == [False, False, True]
    closed = next(r for r in rows if r.closed)
    assert closed.summary == "Closed: Candidates offered distance learning"
    agreed = next(r for r in rows if r.runs_below_minimum)
    assert agreed.summary == ("0 of 12 enrolled: runs below the minimum, agreed with the "
                              "central team")


def test_a_merged_group_says_where_its_candidates_went(store: Store) -> None:
    into = land(store)
    with store.read() as session:
        target = session.get(Group, into)
        assert target is not None
        code, intake = target.code, target.intake_id
    apply_page(store, [PulledChange("group", str(uuid.uuid4()), False, {
        "code": "NPQSL-SPR27-X-2", "qualification_code": "NPQSL",
        "partner_id": str(uuid.uuid4()), "intake_id": intake, "venue_name": "Hub",
        "status": "closed", "merged_into": into})], "c2", shared_clock(store))
    merged = next(r for r in DashboardService(store).groups(TODAY) if r.closed)
    assert merged.summary == f"Closed: Merged into {code}" and not merged.stands_out


def test_the_registration_line_is_the_pipelines(store: Store) -> None:
    land(store)
    line = DashboardService(store).registration_line(TODAY)
    assert line == RecruitmentService(store).window_line(TODAY)
    assert line == ("Spring 2027 registration open until 1 Dec 2026; "
                    "the next intake's registration opens 2 Dec 2026")
