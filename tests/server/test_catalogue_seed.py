"""The catalogue the demo seeds (``server.seed.catalogue``): the partner pack's four
qualifications by default, the current national suite on request, each with schedules for
the seed's cohorts that every group can follow; and the national identifiers and funding
of partners and candidates."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from protocol.milestones import schedule_for
from protocol.records import DECLARATION_TYPES, CourseSchedule
from server.cli import main
from server.db import Database
from server.migrate import upgrade
from server.models import Record
from server.seed import seed_demo
from server.seed.catalogue import current_catalogue, pack_catalogue
from server.seed.identifiers import TARGETED
from server.seed.reference import EVENT_TITLES
from tests.server.conftest import TODAY

CURRENT_CODES = {"NPQLT", "NPQLTD", "NPQLBC", "NPQLL", "NPQLPM", "NPQSL", "NPQH", "NPQEL",
                 "NPQEYL", "NPQSENCO"}
Records = dict[str, list[tuple[str, dict[str, Any], Record]]]


def _read(url: str) -> Records:
    database = Database(url)
    found: Records = defaultdict(list)
    with database.read() as session:
        for record in session.scalars(select(Record)):
            if not record.deleted and record.data is not None:
                found[record.type].append((record.id, record.data, record))
    database.dispose()
    return found


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Records]:
    path = tmp_path_factory.mktemp("current") / "current.sqlite3"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    seed_demo(database, TODAY, "current")
    database.dispose()
    yield _read(f"sqlite:///{path}")


@pytest.fixture(scope="module")
def pack(sqlite_template: Path) -> Records:
    return _read(f"sqlite:///{sqlite_template}")


def test_the_pack_keeps_its_four_qualifications_and_fees(pack: Records) -> None:
    fees = {d["code"]: d["course_fee_pence"] for _i, d, _r in pack["qualification"]}
    assert fees == {"NPQML": 95_000, "NPQSL": 125_000, "NPQH": 225_000, "NPQEL": 495_000}
    assert all(d["course_identifier"].startswith("npq-") for _i, d, _r in pack["qualification"])


def test_the_current_suite_is_the_ten_national_qualifications(current: Records) -> None:
    suite = {d["code"]: d for _i, d, _r in current["qualification"]}
    assert set(suite) == CURRENT_CODES
    assert suite["NPQLT"]["course_identifier"] == "npq-leading-teaching"
    assert suite["NPQSENCO"]["course_identifier"] == "npq-senco"
    assert suite["NPQEYL"]["course_identifier"] == "npq-early-years-leadership"
    for data in suite.values():
        assert 90_000 <= data["course_fee_pence"] <= 500_000
        assert data["assessment_months"] and max(data["assessment_months"]) <= 18
        family = {data["schedules"][0]["identifier"].rsplit("-", 1)[0]}
        if data["programme_type"] == "specialist":
            assert data["duration_months"] == 12 and family == {"npq-specialist"}
        else:
            assert data["duration_months"] == 18 and family == {"npq-leadership"}
        assert data["coaching_included"] == (data["code"] in ("NPQH", "NPQEL"))
    assert sum(d["programme_type"] == "specialist" for d in suite.values()) == 5


@pytest.mark.parametrize("build", [pack_catalogue, current_catalogue])
def test_every_schedule_has_the_four_milestones_in_order_within_the_course(build: Any) -> None:
    for qualification in build(2026):
        assert {(s.cohort, s.start) for s in qualification.schedules} == {
            (2026, "autumn"), (2026, "spring"), (2027, "autumn"), (2027, "spring")}
        for found in qualification.schedules:
            assert [m.declaration_type for m in found.milestones] == list(DECLARATION_TYPES)
            opens = dt.date.fromisoformat(found.milestones[0].start_date)
            assert (opens.month, opens.day) == ((9, 1) if found.start == "autumn" else (1, 1))
            previous_end = opens - dt.timedelta(days=1)
            for milestone in found.milestones:
                start = dt.date.fromisoformat(milestone.start_date)
                end = dt.date.fromisoformat(milestone.milestone_date)
                assert start == previous_end + dt.timedelta(days=1) and start < end
                previous_end = end
            months = (previous_end.year - opens.year) * 12 + previous_end.month - opens.month
            assert months == qualification.duration_months + 3  # results come after the end
            assert found.assessment_window_start and found.assessment_window_end
            window = dt.date.fromisoformat(found.assessment_window_start)
            assert dt.date.fromisoformat(found.milestones[2].start_date) < window < \
                dt.date.fromisoformat(found.assessment_window_end) < previous_end


@pytest.mark.parametrize("name", ["pack", "current"])
def test_every_group_follows_a_schedule_of_the_seeded_catalogue(
        name: str, pack: Records, current: Records) -> None:
    records = pack if name == "pack" else current
    catalogue = {d["code"]: d for _i, d, _r in records["qualification"]}
    intakes = {i: d for i, d, _r in records["intake"]}
    titles = defaultdict(set)
    for _i, event, _r in records["event"]:
        titles[event["group_id"]].add(event["title"])
    codes = set()
    for group_id, group, _r in records["group"]:
        code = group["qualification_code"]
        codes.add(code)
        assert code in catalogue, code
        intake = intakes[group["intake_id"]]
        schedules = [CourseSchedule.model_validate(s) for s in catalogue[code]["schedules"]]
        assert schedule_for(schedules, intake["term"], intake["year"]) is not None
        assert titles[group_id] <= set(EVENT_TITLES[code])  # each code has its own titles
    assert codes == set(catalogue)  # every qualification of the catalogue has a group


def test_partners_and_candidates_carry_their_national_identifiers(pack: Records) -> None:
    year = TODAY.year if TODAY.month >= 8 else TODAY.year - 1
    for _i, partner, _r in pack["partner"]:
        assert set(partner["delivery_partner_ids"]) == {str(year), str(year + 1)}
        assert all(uuid.UUID(v) for v in partner["delivery_partner_ids"].values())
    candidates = [d for _i, d, _r in pack["candidate"]]
    assert len({c["participant_id"] for c in candidates}) == len(candidates)
    urns: dict[str, set[str]] = defaultdict(set)
    for candidate in candidates:
        uuid.UUID(candidate["participant_id"])
        assert re.fullmatch(r"1[0-4]\d{4}", candidate["school_urn"])
        urns[candidate["school"]].add(candidate["school_urn"])
        funding = candidate["funding"]
        if candidate["scholarship"]:
            assert funding == {"eligible": True, "eligibility_reason": TARGETED,
                               "funded_place": True, "paid_by": ""}
        elif funding["eligible"]:
            assert funding["funded_place"] and funding["paid_by"] == ""
        else:
            assert not funding["funded_place"] and funding["paid_by"] in (
                "school", "trust", "self")
    assert all(len(found) == 1 for found in urns.values())  # one URN per school name
    eligible = [c["funding"]["eligible"] for c in candidates]
    assert 0.75 < sum(eligible) / len(eligible) < 0.98


def test_the_current_suite_has_its_declarations_on_its_own_schedules(current: Records) -> None:
    schedules = {d["course_identifier"]: {s["identifier"] for s in d["schedules"]}
                 for _i, d, _r in current["qualification"]}
    assert current["participant_progress"] and current["declaration"]
    for _i, declaration, record in current["declaration"]:
        assert declaration["schedule_identifier"] in schedules[declaration["course_identifier"]]
        assert record.group_id == declaration["group_id"]
        assert record.ref_id == declaration["candidate_id"]


def test_seed_demo_takes_the_catalogue_on_the_command_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("NPQ_DATABASE_URL", url)
    assert main(["seed-demo", "--today", TODAY.isoformat(), "--catalogue", "current"]) == 0
    assert "(current catalogue)" in capsys.readouterr().out
    codes = {d["code"] for _i, d, _r in _read(url)["qualification"]}
    assert codes == CURRENT_CODES
    with pytest.raises(SystemExit):
        main(["seed-demo", "--catalogue", "national"])
