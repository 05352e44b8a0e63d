"""The progress summary with the central service's reports: online sessions, online course,
360°, coaching where the course includes it, the funding milestones with their states, the
participant id and school URN, read back with pypdf; still one page per candidate, accented
names intact."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.clock import shared_clock
from app.domain import MarkStatus
from app.printing.exporters import progress_pdf
from app.progress import GroupProgress, ProgressService
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from app.store.models import Candidate, Qualification
from protocol.records import declaration_id, participant_progress_id
from tests.printing.builders import SeededGroup, add_candidate, seed_groups

TODAY = dt.date(2026, 12, 7)
PRINTED_AT = dt.datetime(2026, 12, 7, 16, 5)
MARKER = "f1000000-0000-4000-8000-000000000001"


def change(type_: str, id_: str, **data: object) -> PulledChange:
    return PulledChange(type=type_, id=id_, deleted=False, data=dict(data))


def land(store: Store, group: SeededGroup, *, coaching: bool) -> None:
    """The course's schedule; identifiers, progress reports and declarations for all but
    the last candidate (nothing reported for them)."""
    with store.read() as session:
        q = session.scalars(select(Qualification).where(Qualification.code == "NPQSL")).one()
        people = {c.id: c for c in session.scalars(select(Candidate).where(
            Candidate.id.in_(group.candidate_ids)))}
    changes = [change(
        "qualification", q.id, code=q.code, title=q.title,
        course_fee_pence=q.course_fee_pence, coaching_included=coaching,
        schedules=[{"identifier": "npq-leadership-autumn", "cohort": 2026, "start": "autumn",
                    "assessment_window_start": "2028-05-01",
                    "assessment_window_end": "2028-06-30",
                    "milestones": [
                        {"declaration_type": "started", "start_date": "2026-10-01",
                         "milestone_date": "2026-12-31"},
                        {"declaration_type": "retained-1", "start_date": "2027-01-01",
                         "milestone_date": "2027-03-31"},
                        {"declaration_type": "retained-2", "start_date": "2027-04-01",
                         "milestone_date": "2027-09-30"},
                        {"declaration_type": "completed", "start_date": "2027-10-01",
                         "milestone_date": "2028-06-30"}]}])]
    for n, candidate_id in enumerate(group.candidate_ids[:-1]):
        person = people[candidate_id]
        changes.append(change(
            "candidate", candidate_id, given_name=person.given_name,
            family_name=person.family_name, school=person.school,
            participant_id=f"P-{n:06d}", school_urn=f"1{n:05d}"))
        changes.append(change(
            "participant_progress", participant_progress_id(group.group_id, candidate_id),
            candidate_id=candidate_id, group_id=group.group_id,
            online_sessions_attended=n % 3, online_sessions_held=2,
            online_course_percent=10 * n, diagnostic_360="invited",
            coaching_sessions=1, coaching_sessions_planned=5))
        changes.append(change(
            "declaration", declaration_id(group.group_id, candidate_id, "started"),
            candidate_id=candidate_id, group_id=group.group_id, declaration_type="started",
            state="voided" if n == 1 else "paid", declaration_date="2026-10-15",
            voided_reason="Declared twice" if n == 1 else ""))
    apply_page(store, changes, "reports", shared_clock(store))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, SeededGroup]]:
    store = Store.open(tmp_path_factory.mktemp("progress-reports") / "desk.sqlite3")
    try:
        group = seed_groups(store, [5], events=6)[0]
        group.candidate_ids.insert(0, add_candidate(store, group, "Seán", "Ó Murchú"))
        group.candidate_ids.pop()
        add_candidate(store, group, "Agnieszka", "Wójcik")  # last: nothing reported
        registers = RegisterService(store, shared_clock(store), MARKER, today=lambda: TODAY)
        for event_id in group.event_ids[:2]:
            for candidate_id in group.candidate_ids:
                registers.mark(event_id, candidate_id, MarkStatus.PRESENT)
        registers.mark(group.event_ids[1], group.candidate_ids[0], MarkStatus.ABSENT)
        yield store, group
    finally:
        store.close()


def pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def printed(store: Store, group: SeededGroup, *, coaching: bool
            ) -> tuple[dict[str, str], GroupProgress]:
    land(store, group, coaching=coaching)
    service = ProgressService(store)
    text = pages(progress_pdf(service, group.code, PRINTED_AT, today=TODAY))
    progress = service.group(group.group_id, TODAY)
    assert len(text) == len(progress.rows)  # one page per candidate
    return dict(zip((r.name for r in progress.rows), text, strict=True)), progress


def test_the_services_figures_milestones_and_identifiers_on_each_page(
        seeded: tuple[Store, SeededGroup]) -> None:
    store, group = seeded
    by_name, progress = printed(store, group, coaching=True)
    assert progress.coaching_included
    for row in progress.rows:
        page = by_name[row.name]
        assert "schedule npq-leadership-autumn" in page
        assert "assessment 1 May 2028 – 30 June 2028" in page
        if row.reported is not None:
            assert (f"{row.reported.online_attended} of {row.reported.online_held} sessions "
                    "attended") in page
            assert f"{row.reported.online_course_percent} % done" in page
            assert "360° diagnostic Invited" in page
            assert "Coaching 1 of 5 sessions" in page
            assert f"{row.participant_id} · URN {row.school_urn}" in page
        elif row.status == "active":
            assert "Not reported by the central service yet" in page
            assert "No participant id yet · No school URN yet" in page
        for line in row.milestones:
            assert f"{line.name} {line.state_words}" in page, (line, page)
            assert line.date_words in page
    sean = by_name["Ó Murchú, Seán"]
    assert "Started Paid 15 Oct 2026" in sean and "Retained 1 Due by 31 Mar 2027" in sean
    assert "P-000000 · URN 100000" in sean
    assert "Next milestone Retained 1 by 31 Mar 2027: will miss (Participation" in sean
    voided = next(page for page in by_name.values() if "Declared twice" in page)
    assert "Started Voided (Declared twice) 15 Oct 2026; due again by 31 Dec 2026" in voided
    assert "Next milestone Started by 31 Dec 2026: on track" in voided
    wojcik = by_name["Wójcik, Agnieszka"]
    assert "Started Due by 31 Dec 2026" in wojcik


def test_no_coaching_line_where_the_course_has_none(seeded: tuple[Store, SeededGroup]) -> None:
    store, group = seeded
    by_name, progress = printed(store, group, coaching=False)
    assert not progress.coaching_included
    assert not any("Coaching" in page for page in by_name.values())
    assert all("Online sessions" in page for page in by_name.values())
