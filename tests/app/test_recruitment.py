"""The pipeline on a real laptop store, its records landed as a pull lands them: the counts
recomputed here from the raw application records with SQL on the laptop's tables (no app
code), closed groups apart and counted nowhere else, the rules' minimum, the windows and
the expectations read from what the laptop holds, and the applicants of one group with
nothing but name, school, role, source and status."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import uuid
from typing import Any

import pytest
from sqlalchemy import text

from app.clock import shared_clock
from app.recruitment import RecruitmentService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from protocol.records import recruitment_rules_id, registration_window_id

TODAY = dt.date(2026, 11, 23)
PARTNER = str(uuid.uuid4())
AUTUMN, SPRING, NEXT = (str(uuid.uuid4()) for _ in range(3))
SL, ML, SMALL, CLOSED, OLD = (str(uuid.uuid4()) for _ in range(5))
CODES = {SL: "NPQSL-SPR27-LEEDS-1", ML: "NPQML-SPR27-LEEDS-1", SMALL: "NPQH-SPR27-LEEDS-1",
         CLOSED: "NPQSL-SPR27-LEEDS-2", OLD: "NPQSL-AUT26-LEEDS-1"}
INTAKE = {SL: SPRING, ML: SPRING, SMALL: SPRING, CLOSED: SPRING, OLD: AUTUMN}


def change(type_: str, id_: str, **data: Any) -> PulledChange:
    return PulledChange(type=type_, id=id_, deleted=False, data=data)


def roster() -> list[PulledChange]:
    changes = [
        change("partner", PARTNER, name="Leeds Teaching School", kind="teaching_school",
               allocation_code="LEEDS-42", region="Yorkshire"),
        change("intake", AUTUMN, term="autumn", year=2026, registration_deadline="2026-09-12",
               label="Autumn 2026"),
        change("intake", SPRING, term="spring", year=2027, registration_deadline="2027-01-16",
               label="Spring 2027"),
        change("intake", NEXT, term="autumn", year=2027, registration_deadline="2027-09-11",
               label="Autumn 2027"),
    ]
    for group_id, code in CODES.items():
        closed = group_id == CLOSED
        changes.append(change(
            "group", group_id, code=code, qualification_code=code.split("-")[0],
            partner_id=PARTNER, intake_id=INTAKE[group_id], venue_name="Hub",
            min_size=15 if group_id == SMALL else 12, status="closed" if closed else "open",
            merged_into=SL if closed else None))
    rng = random.Random(16)
    for group_id, n in ((SL, 9), (ML, 13), (SMALL, 4), (OLD, 14), (CLOSED, 0)):
        for k in range(n):
            candidate = str(uuid.uuid4())
            changes.append(change("candidate", candidate, given_name=f"Given{k}",
                                  family_name=f"Family{k}", school="A School",
                                  special_requirements="wheelchair access"))
            changes.append(change(
                "enrolment", str(uuid.uuid4()), group_id=group_id, candidate_id=candidate,
                status="withdrawn" if k == 0 and group_id == ML else "active",
                enrolled_on=(TODAY + dt.timedelta(days=rng.randrange(-80, 40))).isoformat(),
                register_order=k))
            if group_id == SL and k == 1:  # deferred by the central service: counted apart
                changes.append(change(
                    "training_status", str(uuid.uuid4()), candidate_id=candidate,
                    group_id=group_id, status="deferred", reason="other",
                    effective_date=(TODAY - dt.timedelta(days=3)).isoformat(),
                    decided_at="2026-11-20T10:00:00Z"))
    return changes


def applications(n: int = 60) -> list[PulledChange]:
    rng = random.Random(1616)
    found = []
    for k in range(n):
        group_id = rng.choice([SL, SL, ML, SMALL, OLD, None])
        status = rng.choice(["applied", "applied", "accepted", "rejected", "withdrawn"])
        applied = TODAY - dt.timedelta(days=rng.randrange(0, 70))
        found.append(change(
            "application", str(uuid.uuid4()), given_name=f"Ápplicant{k}", family_name=f"Zed{k}",
            school=f"School {k % 7}", role=rng.choice(["Head of maths", "Deputy head", ""]),
            qualification_code="NPQSL", intake_id=INTAKE.get(group_id or "", SPRING),
            partner_id=PARTNER, group_id=group_id,
            source=rng.choice(["allocation_code", "preferred_partner", "allocated"]),
            status=status, applied_on=applied.isoformat(),
            decided_on=None if status == "applied" else (
                applied + dt.timedelta(days=2)).isoformat()))
    return found


@pytest.fixture
def service(store: Store) -> RecruitmentService:
    apply_page(store, roster() + applications(), "c1", shared_clock(store))
    return RecruitmentService(store)


def by_sql(store: Store) -> dict[tuple[str | None, str, str], int]:
    """(group, own|allocated, status) -> applications, straight from the laptop's table."""
    with store.read() as session:
        rows = session.execute(text(
            "SELECT json_extract(data, '$.group_id'), "
            "CASE json_extract(data, '$.source') WHEN 'allocated' THEN 'allocated' "
            "ELSE 'own' END, json_extract(data, '$.status'), count(*) "
            "FROM other_record WHERE type = 'application' GROUP BY 1, 2, 3")).all()
    return {(g, s, st): n for g, s, st, n in rows}


def enrolled_by_sql(store: Store) -> dict[str, int]:
    with store.read() as session:
        rows = session.execute(text(
            "SELECT e.group_id, count(*) FROM enrolment e WHERE e.status = 'active' "
            "AND NOT EXISTS (SELECT 1 FROM other_record t WHERE t.type = 'training_status' "
            "AND json_extract(t.data, '$.group_id') = e.group_id "
            "AND json_extract(t.data, '$.candidate_id') = e.candidate_id "
            "AND json_extract(t.data, '$.effective_date') <= :today) "
            "GROUP BY e.group_id"), {"today": TODAY.isoformat()}).all()
    return dict(rows)  # type: ignore[arg-type]


def test_the_pipeline_counts_are_the_raw_records_counted(service: RecruitmentService) -> None:
    raw, enrolled = by_sql(service.store), enrolled_by_sql(service.store)
    pipeline = service.pipeline(TODAY)
    assert {p.group_id for p in pipeline.groups} == {SL, ML, SMALL, OLD}
    for p in pipeline.groups:
        for side, counts in (("own", p.own), ("allocated", p.allocated)):
            for status in ("applied", "accepted", "rejected", "withdrawn"):
                assert getattr(counts, status) == raw.get((p.group_id, side, status), 0), (
                    p.code, side, status)
        assert p.enrolled == enrolled.get(p.group_id, 0), p.code  # dated ahead, counted
        assert not p.trend or p.trend[-1].enrolled <= p.enrolled
    assert sum(p.counts.total for p in pipeline.groups) + sum(
        i.unplaced for i in pipeline.intakes) == sum(raw.values())
    unplaced = sum(n for (g, _s, _st), n in raw.items() if g is None)
    assert sum(i.unplaced for i in pipeline.intakes) == unplaced > 0


def test_intake_totals_are_their_open_groups_summed(service: RecruitmentService) -> None:
    pipeline = service.pipeline(TODAY)
    spring = next(i for i in pipeline.intakes if i.intake_id == SPRING)
    members = [p for p in pipeline.groups if p.intake_id == SPRING]
    assert spring.groups == 3 and spring.label == "Spring 2027"
    assert spring.enrolled == sum(p.enrolled for p in members)
    assert spring.counts.total == sum(p.counts.total for p in members)
    assert spring.below_minimum == sum(p.enrolled < p.minimum for p in members)
    assert NEXT not in {i.intake_id for i in pipeline.intakes}  # nothing in it


def test_closed_groups_are_apart_and_counted_nowhere_else(service: RecruitmentService) -> None:
    pipeline = service.pipeline(TODAY)
    assert [(c.code, c.words) for c in pipeline.closed] == [
        (CODES[CLOSED], f"Merged into {CODES[SL]}")]
    assert CLOSED not in {p.group_id for p in pipeline.groups}


def test_the_minimum_is_the_rules_record_once_it_arrives(service: RecruitmentService) -> None:
    small = next(p for p in service.pipeline(TODAY).groups if p.group_id == SMALL)
    assert small.minimum == 15  # the group's own
    apply_page(service.store, [change("recruitment_rules", recruitment_rules_id(),
                                      min_group_size=10, required_each_year=["NPQH"])],
               "c2", shared_clock(service.store))
    pipeline = service.pipeline(TODAY)
    assert {p.minimum for p in pipeline.groups} == {10}
    assert [y.scheduled for y in pipeline.expectations] == [(("NPQH", True),),
                                                            (("NPQH", False),)]


def test_windows_and_expectations_from_what_the_laptop_holds(
        service: RecruitmentService) -> None:
    pipeline = service.pipeline(TODAY)
    assert pipeline.window_words == ("Spring 2027 registration open until 16 Jan 2027; "
                                     "Autumn 2027 opens 17 Jan 2027")
    # the NPQSL and NPQML groups of Spring 2027 are 2026/27's; none in 2027/28 yet
    assert pipeline.expectation_words == ("2026/27: NPQML ✓, NPQSL ✓ · 2027/28: NPQML not yet "
                                          "scheduled, NPQSL not yet scheduled")
    apply_page(service.store, [change("registration_window", registration_window_id(SPRING),
                                      intake_id=SPRING, opens_on="2026-12-01",
                                      closes_on="2027-01-20")],
               "c2", shared_clock(service.store))
    assert service.window_line(TODAY) == ("No registration window is open now; "
                                          "Spring 2027 opens 1 Dec 2026")
    sl = next(p for p in service.pipeline(TODAY).groups if p.group_id == SL)
    assert sl.deadline == dt.date(2027, 1, 20)  # the window's close, not the intake's


def test_the_forecast_and_the_trend_are_the_groups_own(service: RecruitmentService) -> None:
    pipeline = service.pipeline(TODAY)
    sl = next(p for p in pipeline.groups if p.group_id == SL)
    assert sl.trend and sl.trend[-1].day == TODAY
    assert sl.trend[-1].enrolled == sl.enrolled
    assert CODES[SL] in sl.forecast.words and "by 16 Jan" in sl.forecast.words
    old = next(p for p in pipeline.groups if p.group_id == OLD)
    assert old.forecast.expected is None
    assert old.forecast.words.startswith("Registration closed on 12 Sep with 14 of 12")


def test_applicants_carry_name_school_role_source_and_status_only(
        service: RecruitmentService) -> None:
    people = service.applicants(SL)
    raw = by_sql(service.store)
    assert len(people) == sum(n for (g, _s, _st), n in raw.items() if g == SL)
    fields = {f.name for f in dataclasses.fields(people[0])}
    assert fields == {"application_id", "name", "school", "role", "source", "status",
                      "applied_on"}
    assert all(p.name.startswith("Zed") and ", Ápplicant" in p.name for p in people)
    assert [p.name.casefold() for p in people] == sorted(p.name.casefold() for p in people)
    assert {p.source for p in people} <= {"Allocation code", "Preferred partner",
                                          "Allocated"}
    assert service.applicants(CLOSED) == ()


def test_an_empty_laptop_has_an_empty_pipeline(store: Store) -> None:
    pipeline = RecruitmentService(store).pipeline(TODAY)
    assert pipeline.empty and pipeline.intakes == () and pipeline.expectation_words == ""
