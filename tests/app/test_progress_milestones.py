"""The central service's figures on the progress line: online sessions, the online course,
the 360° diagnostic and coaching (only where included), the funding milestones with their
declarations, the next one and who will miss it, at every edge; on a real store filled the
way a pull fills it."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from app.clock import shared_clock
from app.domain import MarkStatus
from app.progress import ProgressService
from app.progress_milestones import MilestoneLine, milestone_lines, next_for
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from app.store.models import Group, Qualification
from protocol.milestones import Engagement
from protocol.records import (
    CourseSchedule,
    DeclarationData,
    declaration_id,
    participant_progress_id,
)
from tests.app.conftest import ME, TODAY, Roster, roster_changes

DAY = 420  # minutes of a 09:00-16:00 event


def schedule(started: dt.date = dt.date(2026, 12, 31),
             retained_1: dt.date = dt.date(2027, 3, 31)) -> CourseSchedule:
    return CourseSchedule.model_validate({
        "identifier": "npq-leadership-autumn", "cohort": 2026, "start": "autumn",
        "assessment_window_start": "2028-05-01", "assessment_window_end": "2028-06-30",
        "milestones": [  # out of order on purpose: the funder's order is the rule
            {"declaration_type": "completed", "start_date": "2028-01-01",
             "milestone_date": "2028-06-30"},
            {"declaration_type": "retained-1", "start_date": "2027-01-01",
             "milestone_date": retained_1.isoformat()},
            {"declaration_type": "started", "start_date": "2026-10-01",
             "milestone_date": started.isoformat()},
            {"declaration_type": "retained-2", "start_date": "2027-04-01",
             "milestone_date": "2027-09-30"}]})


def declared(kind: str, state: str, day: str = "2026-10-20",
             reason: str = "") -> DeclarationData:
    return DeclarationData(candidate_id="c", group_id="g", declaration_type=kind,  # type: ignore[arg-type]
                           state=state, declaration_date=day, voided_reason=reason)  # type: ignore[arg-type]


def share(percent: int) -> Engagement:
    """Face to face only, ``percent`` of ten days."""
    return Engagement(attended_minutes=percent * 42, held_minutes=4200)


# ---- the rules at their edges -----------------------------------------------------------


def test_every_milestone_of_the_schedule_in_the_funders_order_with_its_declaration() -> None:
    lines = milestone_lines(schedule(), {"started": declared("started", "paid")}, TODAY)
    assert [line.declaration_type for line in lines] == [
        "started", "retained-1", "retained-2", "completed"]
    started, retained = lines[0], lines[1]
    assert started.declared and started.state_words == "Paid"
    assert started.date_words == "20 Oct 2026"
    assert started.text == "Started: Paid, 20 Oct 2026"
    assert not retained.declared and retained.state_words == "Due"
    assert retained.text == "Retained 1: Due, by 31 Mar 2027"


def test_a_milestone_due_today_is_next_and_one_due_yesterday_is_missed() -> None:
    today = next_for(schedule(started=TODAY), milestone_lines(
        schedule(started=TODAY), {}, TODAY), share(100), 90, TODAY, judged=True)
    assert today is not None and today.line.declaration_type == "started"
    assert not today.line.missed
    assert today.text == f"Started · by {TODAY.day} {TODAY:%b} · on track"
    yesterday = TODAY - dt.timedelta(days=1)
    lines = milestone_lines(schedule(started=yesterday), {}, TODAY)
    assert lines[0].missed and lines[0].state_words == "Missed"
    assert lines[0].date_words == f"was due by {yesterday.day} {yesterday:%b %Y}"
    after = next_for(schedule(started=yesterday), lines, share(100), 90, TODAY, judged=True)
    assert after is not None and after.line.declaration_type == "retained-1"


def test_a_voided_declaration_does_not_count_the_milestone_is_due_again() -> None:
    lines = milestone_lines(schedule(), {"started": declared(
        "started", "voided", reason="Duplicate")}, TODAY)
    started = lines[0]
    assert not started.declared and not started.missed
    assert started.state_words == "Voided" and started.voided_reason == "Duplicate"
    assert started.date_words == "20 Oct 2026; due again by 31 Dec 2026"
    upcoming = next_for(schedule(), lines, share(0), 90, TODAY, judged=True)
    assert upcoming is not None and upcoming.line.declaration_type == "started"
    assert upcoming.will_miss and upcoming.why == "No session attended yet"
    # a paid declaration moves the next milestone on
    paid = milestone_lines(schedule(), {"started": declared("started", "paid")}, TODAY)
    after = next_for(schedule(), paid, share(0), 90, TODAY, judged=True)
    assert after is not None and after.line.declaration_type == "retained-1"


@pytest.mark.parametrize(("percent", "will_miss"), [(89, True), (90, False), (91, False)])
def test_will_miss_retention_at_the_threshold_edges(percent: int, will_miss: bool) -> None:
    lines = milestone_lines(schedule(), {"started": declared("started", "eligible")}, TODAY)
    upcoming = next_for(schedule(), lines, share(percent), 90, TODAY, judged=True)
    assert upcoming is not None and upcoming.line.declaration_type == "retained-1"
    assert upcoming.will_miss is will_miss
    assert upcoming.why == ("Participation 89 %, below 90 %" if will_miss else "")
    assert upcoming.text.endswith("will miss" if will_miss else "on track")
    assert upcoming.text.startswith("Retained 1 · by 31 Mar · ")


def test_online_sessions_count_towards_participation() -> None:
    lines = milestone_lines(schedule(), {"started": declared("started", "paid")}, TODAY)
    face_to_face = Engagement(attended_minutes=80 * 42, held_minutes=4200)  # 80 %
    assert next_for(schedule(), lines, face_to_face, 90, TODAY, judged=True).will_miss  # type: ignore[union-attr]
    with_online = Engagement(attended_minutes=80 * 42, held_minutes=4200,
                             online_attended=60, online_held=60)  # (3360+5400)/(4200+5400): 91 %
    assert not next_for(schedule(), lines, with_online, 90, TODAY,  # type: ignore[union-attr]
                        judged=True).will_miss


def test_not_judged_nothing_held_or_no_schedule_never_will_miss() -> None:
    lines = milestone_lines(schedule(), {}, TODAY)
    deferred = next_for(schedule(), lines, share(0), 90, TODAY, judged=False)
    assert deferred is not None and not deferred.will_miss and deferred.why == ""
    assert deferred.text == "Started · by 31 Dec"  # no verdict for someone not judged
    nothing_held = next_for(schedule(), lines, Engagement(), 90, TODAY, judged=True)
    assert nothing_held is not None and not nothing_held.will_miss
    assert not nothing_held.judged
    assert milestone_lines(None, {}, TODAY) == ()
    assert next_for(None, (), share(0), 90, TODAY, judged=True) is None


def test_without_a_schedule_the_declarations_made_are_still_listed_undated() -> None:
    lines = milestone_lines(None, {"retained-1": declared("retained-1", "submitted"),
                                   "started": declared("started", "paid")}, TODAY)
    assert [(line.declaration_type, line.state_words, line.date_words) for line in lines] == [
        ("started", "Paid", "20 Oct 2026"), ("retained-1", "Submitted", "20 Oct 2026")]
    assert all(line.milestone_date is None and not line.missed for line in lines)


def test_after_the_last_milestone_there_is_no_next() -> None:
    lines = milestone_lines(schedule(), {}, dt.date(2028, 7, 1))
    assert all(line.missed for line in lines)
    assert next_for(schedule(), lines, share(100), 90, dt.date(2028, 7, 1), judged=True) is None
    assert isinstance(lines[0], MilestoneLine)


# ---- on a store filled as a pull fills it -----------------------------------------------


def change(type_: str, id_: str, **data: object) -> PulledChange:
    return PulledChange(type=type_, id=id_, deleted=False, data=dict(data))


PAST = {"E1": TODAY - dt.timedelta(days=40), "E2": TODAY - dt.timedelta(days=20),
        "E3": TODAY - dt.timedelta(days=5), "E4": TODAY + dt.timedelta(days=20)}


@pytest.fixture
def group(store: Store) -> Roster:
    """Three events held: Nowak missed two (33 %), everyone else was there."""
    roster = Roster(group_id=str(uuid.uuid4()))
    apply_page(store, roster_changes(roster, dict(PAST)), "c1", shared_clock(store))
    registers = RegisterService(store, shared_clock(store), ME, today=lambda: TODAY)
    for label in ("E1", "E2", "E3"):
        for family, candidate_id in roster.candidates.items():
            if candidate_id == roster.withdrawn_id:
                continue
            absent = family == "Nowak" and label != "E1"
            registers.mark(roster.event_ids[label], candidate_id,
                           MarkStatus.ABSENT if absent else MarkStatus.PRESENT)
    return roster


def land_course(store: Store, roster: Roster, *, coaching: bool,
                milestones: CourseSchedule | None = None) -> None:
    """The service sends the qualification's schedules and the group's intake."""
    with store.read() as session:
        intake_id = session.scalars(select(Group.intake_id).where(
            Group.id == roster.group_id)).one()
        qualification_id = session.scalars(select(Qualification.id).where(
            Qualification.code == "NPQSL")).one()
    apply_page(store, [
        change("qualification", qualification_id, code="NPQSL", title="Senior Leadership",
               course_fee_pence=125_000, coaching_included=coaching,
               course_identifier="npq-senior-leadership",
               schedules=[(milestones or schedule()).model_dump()]),
        change("intake", intake_id, term="autumn", year=2026,
               registration_deadline="2026-09-01", label="Autumn 2026")],
        "c2", shared_clock(store))


def land_progress(store: Store, roster: Roster, family: str, **figures: object) -> None:
    candidate = roster.candidates[family]
    apply_page(store, [change("participant_progress",
                              participant_progress_id(roster.group_id, candidate),
                              candidate_id=candidate, group_id=roster.group_id, **figures)],
               f"p-{family}", shared_clock(store))


def land_declaration(store: Store, roster: Roster, family: str, kind: str, state: str,
                     day: str = "2026-10-20") -> None:
    candidate = roster.candidates[family]
    apply_page(store, [change("declaration", declaration_id(roster.group_id, candidate, kind),
                              candidate_id=candidate, group_id=roster.group_id,
                              declaration_type=kind, state=state, declaration_date=day)],
               f"d-{family}-{kind}", shared_clock(store))


def rows(store: Store, roster: Roster) -> dict[str, object]:
    return {r.family_name: r for r in ProgressService(store).group(roster.group_id, TODAY).rows}


def test_nothing_reported_is_none_not_zero(store: Store, group: Roster) -> None:
    progress = ProgressService(store).group(group.group_id, TODAY)
    assert progress.schedule_identifier == "" and progress.assessment_window is None
    assert not progress.coaching_included
    for row in progress.rows:
        assert row.reported is None and row.milestones == () and row.next_milestone is None
        assert row.funding is None and row.participant_id == "" and row.school_urn == ""
    assert progress.will_miss_next == ()


def test_online_figures_360_and_coaching_only_where_the_course_includes_it(
        store: Store, group: Roster) -> None:
    land_course(store, group, coaching=False)
    land_progress(store, group, "Hughes", online_sessions_attended=4, online_sessions_held=6,
                  online_course_percent=35, diagnostic_360="completed", coaching_sessions=2,
                  coaching_sessions_planned=6)
    progress = ProgressService(store).group(group.group_id, TODAY)
    hughes = next(r for r in progress.rows if r.family_name == "Hughes")
    assert hughes.reported is not None
    assert (hughes.reported.online_attended, hughes.reported.online_held,
            hughes.reported.online_course_percent, hughes.reported.diagnostic_words) == (
        4, 6, 35, "Completed")
    assert hughes.reported.coaching_attended is None  # NPQSL here has no coaching
    assert progress.schedule_identifier == "npq-leadership-autumn"
    assert progress.course is not None
    assert (progress.course.course_identifier, progress.course.programme_type,
            progress.course.duration_months) == ("npq-senior-leadership", "leadership", 18)
    assert progress.assessment_window == (dt.date(2028, 5, 1), dt.date(2028, 6, 30))
    land_course(store, group, coaching=True)
    progress = ProgressService(store).group(group.group_id, TODAY)
    hughes = next(r for r in progress.rows if r.family_name == "Hughes")
    assert progress.coaching_included and hughes.reported is not None
    assert (hughes.reported.coaching_attended, hughes.reported.coaching_planned) == (2, 6)
    adams = next(r for r in progress.rows if r.family_name == "Adams")
    assert adams.reported is None  # nothing reported for Adams


def test_who_will_miss_the_next_milestone_and_why(store: Store, group: Roster) -> None:
    land_course(store, group, coaching=False)
    for family in ("Hughes", "Adams", "Nowak", "Nguyễn", "adams-lower"):
        land_declaration(store, group, family, "started", "paid")
    land_declaration(store, group, "Adams", "retained-1", "voided", "2026-11-01")
    land_progress(store, group, "Nguyễn", online_sessions_attended=0, online_sessions_held=5)
    progress = ProgressService(store).group(group.group_id, TODAY)
    by = {r.family_name: r for r in progress.rows}
    for family in ("Hughes", "Adams"):
        upcoming = by[family].next_milestone
        assert upcoming is not None and upcoming.text == "Retained 1 · by 31 Mar · on track"
    assert by["Adams"].milestones[1].state_words == "Voided"
    nowak = by["Nowak"].next_milestone  # one day of three: 33 %
    assert nowak is not None and nowak.will_miss
    assert nowak.why == "Participation 33 %, below 90 %"
    nguyen = by["Nguyễn"].next_milestone  # every day, no online session of five
    assert nguyen is not None and nguyen.will_miss
    assert nguyen.why == "Participation 73 %, below 90 %"  # 1260 of 1260 + 450
    assert by["Person"].next_milestone is not None  # withdrawn: never "will miss"
    assert not by["Person"].will_miss
    assert {r.family_name for r in progress.will_miss_next} == {"Nowak", "Nguyễn"}


def test_a_deferred_candidate_never_will_miss(store: Store, group: Roster) -> None:
    land_course(store, group, coaching=False)
    nowak = group.candidates["Nowak"]
    apply_page(store, [change("training_status", str(uuid.uuid4()), candidate_id=nowak,
                              group_id=group.group_id, status="deferred",
                              reason="long-term-sickness", effective_date="2026-11-20",
                              decided_at="2026-11-21T10:00:00Z")], "t1", shared_clock(store))
    row = next(r for r in ProgressService(store).group(group.group_id, TODAY).rows
               if r.candidate_id == nowak)
    assert row.status_label == "Deferred from 20 Nov"
    assert row.next_milestone is not None and not row.will_miss


def test_identifiers_and_funding_in_words(store: Store, group: Roster) -> None:
    hughes, adams = group.candidates["Hughes"], group.candidates["Adams"]
    base = {"school": "Some School"}
    apply_page(store, [
        change("candidate", hughes, given_name="Siân", family_name="Hughes", **base,
               participant_id="P-0001", school_urn="100001",
               funding={"eligible": True, "eligibility_reason": "School in category 5 or 6",
                        "funded_place": True}),
        change("candidate", adams, given_name="Zoë", family_name="Adams", **base,
               funding={"eligible": False, "funded_place": False, "paid_by": "school"})],
        "f1", shared_clock(store))
    by = {r.candidate_id: r for r in ProgressService(store).group(group.group_id, TODAY).rows}
    assert (by[hughes].participant_id, by[hughes].school_urn) == ("P-0001", "100001")
    assert by[hughes].funding is not None and by[hughes].funding.words == (
        "Eligible for funding (School in category 5 or 6) · funded place")
    assert by[adams].funding is not None and by[adams].funding.words == (
        "Not eligible for funding · no funded place · paid by the school")


def test_another_groups_records_are_not_this_groups(store: Store, group: Roster) -> None:
    """A record whose id is this group's but whose payload names another group is not
    read (ids are derived from the pair; the payload is the truth)."""
    land_course(store, group, coaching=False)
    hughes = group.candidates["Hughes"]
    apply_page(store, [change("participant_progress",
                              participant_progress_id(group.group_id, hughes),
                              candidate_id=hughes, group_id=str(uuid.uuid4()),
                              online_sessions_attended=9, online_sessions_held=9)],
               "x1", shared_clock(store))
    row = next(r for r in ProgressService(store).group(group.group_id, TODAY).rows
               if r.candidate_id == hughes)
    assert row.reported is None
