"""``npq-server simulate-applications``: applicants arrive at an intake's groups over the
past weeks (the partner's own recruits and those the central team allocates to groups
short of their minimum, a few withdrawing, a few rejected), and running it again writes
nothing: a later day adds only what is new (documented in server.services.applications).
On SQLite, and on PostgreSQL when NPQ_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from protocol.records import ApplicationData
from server.cli import main
from server.db import Database
from server.models import Record
from server.seed.reference import PARTNERS
from server.services.applications import find_intake, simulate_applications
from tests.server.conftest import TODAY, fresh_database

# the Spring 2027 window is still open (to 16 January); the seed drew the days to TODAY
LATER = TODAY + dt.timedelta(weeks=7)


Placed = tuple[str | None, str | None]  # the record's ref_id and group_id


def _applications(database: Database) -> dict[str, tuple[int, ApplicationData, Placed]]:
    with database.read() as session:
        rows = list(session.scalars(select(Record).where(Record.type == "application")))
        session.expunge_all()
    return {r.id: (r.seq, ApplicationData.model_validate(r.data), (r.ref_id, r.group_id))
            for r in rows}


def _simulate(database: Database, intake: str, weeks: int, today: dt.date) -> list:
    with database.write() as session:
        found = find_intake(session, intake)
        assert found is not None
        return simulate_applications(session, intake_id=found.id, weeks=weeks, today=today)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A fresh copy of the seeded demo (SQLite, and PostgreSQL when configured)."""
    db = Database(database_url)
    yield db
    db.dispose()


def test_applicants_arrive_over_the_weeks_from_every_source(database: Database) -> None:
    before = _applications(database)
    seasons = _simulate(database, "spring 2027", 6, LATER)
    after = _applications(database)
    new = [app for key, (_s, app, _r) in after.items() if key not in before]
    first = LATER - dt.timedelta(weeks=6)
    assert all(first < dt.date.fromisoformat(app.applied_on) <= LATER for app in new)
    weeks = Counter((LATER - dt.date.fromisoformat(app.applied_on)).days // 7 for app in new)
    assert len(weeks) == 6 and len(new) > 20
    sources = Counter(app.source for app in new)
    assert all(sources[s] > 0 for s in ("allocation_code", "preferred_partner", "allocated"))
    statuses = Counter(app.status for app in new)
    assert statuses["applied"] > statuses["withdrawn"] > 0 and statuses["rejected"] > 0
    for app in new:
        assert app.candidate_id is None
        if app.decided_on is not None:
            assert app.applied_on < app.decided_on <= LATER.isoformat()
    # what the command reports matches what was written, partner by partner
    assert sum(sum(s.arrived.values()) for s in seasons) == len(new)
    assert {s.name for s in seasons} == {p.data.name for p in PARTNERS}


def test_only_groups_short_of_their_minimum_get_allocated_applicants(
        database: Database) -> None:
    before = _applications(database)
    _simulate(database, "Spring 2027", 6, LATER)
    with database.read() as session:
        enrolled = Counter(r.data["group_id"] for r in session.scalars(
            select(Record).where(Record.type == "enrolment")) if r.data["status"] == "active")
    allocated = {app.group_id for key, (_s, app, _r) in _applications(database).items()
                 if key not in before and app.source == "allocated"}
    assert allocated and all(enrolled[g] < 12 for g in allocated)


def test_applications_are_placed_with_their_partner_alone(database: Database) -> None:
    _simulate(database, "Spring 2027", 2, LATER)
    with database.read() as session:
        groups = {r.id: r.data for r in session.scalars(
            select(Record).where(Record.type == "group"))}
    for _seq, app, placed in _applications(database).values():
        assert placed == (app.partner_id, None)
        assert app.group_id is not None
        assert groups[app.group_id]["partner_id"] == app.partner_id


def test_running_it_again_writes_nothing(database: Database) -> None:
    _simulate(database, "Spring 2027", 3, LATER)
    once = _applications(database)
    seasons = _simulate(database, "Spring 2027", 3, LATER)
    assert _applications(database) == once
    assert all(sum(s.arrived.values()) == 0 and not s.settled for s in seasons)


def test_a_longer_run_adds_only_the_days_not_yet_drawn(
        database: Database, backend: str, request: pytest.FixtureRequest,
        tmp_path: Path) -> None:
    """Three weeks, then six to the same day: the same applications as six weeks at once."""
    _simulate(database, "Spring 2027", 3, LATER)
    short = _applications(database)
    _simulate(database, "Spring 2027", 6, LATER)
    both = _applications(database)
    assert set(short) < set(both)
    assert all(both[key][1] == short[key][1] for key in short)
    with fresh_database(backend, request, tmp_path / "fresh") as url:
        fresh = Database(url)
        try:
            _simulate(fresh, "Spring 2027", 6, LATER)
            at_once = _applications(fresh)
        finally:
            fresh.dispose()
    assert {k: v[1] for k, v in at_once.items()} == {k: v[1] for k, v in both.items()}


def test_a_later_day_settles_those_whose_withdrawal_has_come(database: Database) -> None:
    _simulate(database, "Spring 2027", 4, TODAY)
    early = _applications(database)
    _simulate(database, "Spring 2027", 11, LATER)  # the same days and the seven since
    late = _applications(database)
    moved = [key for key in early if early[key][1] != late[key][1]]
    assert moved
    for key in moved:
        assert early[key][1].status == "applied" and late[key][1].status in (
            "withdrawn", "rejected")


def test_no_one_applies_once_registration_has_closed(database: Database) -> None:
    before = _applications(database)
    _simulate(database, "Autumn 2026", 8, TODAY)  # its deadline was 12 September
    assert _applications(database) == before


def test_the_command_prints_a_line_per_partner(
        sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "cli.sqlite3"
    target.write_bytes(sqlite_template.read_bytes())
    url = f"sqlite:///{target}"
    monkeypatch.setenv("NPQ_DATABASE_URL", url)
    database = Database(url)
    with database.read() as session:
        count = select(func.count()).select_from(Record).where(Record.type == "application")
        before = session.scalar(count)
    assert main(["simulate-applications", "--intake", "Spring 2027", "--weeks", "3",
                 "--today", LATER.isoformat()]) == 0
    out = capsys.readouterr().out
    with database.read() as session:
        after = session.scalar(count)
    database.dispose()
    lines = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(lines) == len(PARTNERS)
    assert sum(int(line.split(": ")[1].split()[0]) for line in lines) == after - before > 0
    assert main(["simulate-applications", "--intake", "Summer 2031", "--weeks", "3"]) == 1
