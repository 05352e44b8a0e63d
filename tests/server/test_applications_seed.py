"""The demo's recruitment, recomputed from the raw records the seed wrote: an accepted
application behind every enrolled candidate, registration windows that chain, the rules,
each partner's published profile; and the season (``seed_demo(..., season=True)``): the
demo partner's two more groups, one at risk and one not viable as the app judges them,
with nothing else moved."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.viability import GroupRecruitment, Viability, assess
from protocol.records import (
    ApplicationData,
    PartnerData,
    RecruitmentRulesData,
    RegistrationWindowData,
    recruitment_rules_id,
    registration_window_id,
)
from server.cli import main
from server.db import Database
from server.migrate import upgrade
from server.models import Record
from server.seed import seed_demo
from server.seed.reference import PARTNERS
from tests.server.conftest import TODAY

Rows = dict[str, list[Record]]


def _rows(url: str) -> Rows:
    database = Database(url)
    try:
        with database.read() as session:
            found: Rows = defaultdict(list)
            for record in session.scalars(select(Record).where(Record.deleted.is_(False))):
                found[record.type].append(record)
            session.expunge_all()
            return found
    finally:
        database.dispose()


def _seed(path: Path, *, season: bool = False) -> str:
    url = f"sqlite:///{path}"
    database = Database(url)
    try:
        upgrade(database)
        seed_demo(database, TODAY, season=season)
    finally:
        database.dispose()
    return url


@pytest.fixture(scope="module")
def plain(sqlite_template: Path) -> Rows:
    return _rows(f"sqlite:///{sqlite_template}")


@pytest.fixture(scope="module")
def season_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield _seed(tmp_path_factory.mktemp("season") / "season.sqlite3", season=True)


@pytest.fixture(scope="module")
def season(season_url: str) -> Rows:
    return _rows(season_url)


def _applications(rows: Rows) -> list[tuple[Record, ApplicationData]]:
    return [(r, ApplicationData.model_validate(r.data)) for r in rows["application"]]


def _windows(rows: Rows) -> dict[str, RegistrationWindowData]:
    return {w.intake_id: w for w in (RegistrationWindowData.model_validate(r.data)
                                     for r in rows["registration_window"])}


def test_every_enrolled_candidate_has_one_accepted_application_to_their_group(
        plain: Rows) -> None:
    groups = {r.id: r.data for r in plain["group"]}
    candidates = {r.id: r.data for r in plain["candidate"]}
    enrolled: dict[str, set[str]] = defaultdict(set)
    for record in plain["enrolment"]:
        if record.data["status"] == "active":
            enrolled[record.data["group_id"]].add(record.data["candidate_id"])
    accepted: dict[str, list[str]] = defaultdict(list)
    for record, app in _applications(plain):
        assert (record.ref_id, record.group_id, record.event_id) == (app.partner_id, None, None)
        assert not record.private and app.group_id in groups
        group = groups[app.group_id]
        assert (app.partner_id, app.intake_id, app.qualification_code) == (
            group["partner_id"], group["intake_id"], group["qualification_code"])
        assert (app.candidate_id is not None) == (app.status == "accepted")
        if app.status == "accepted":
            assert app.candidate_id is not None
            accepted[app.group_id].append(app.candidate_id)
            person = candidates[app.candidate_id]
            assert (app.given_name, app.family_name, app.school, app.role) == (
                person["given_name"], person["family_name"], person["school"], person["role"])
    assert {g: sorted(c) for g, c in accepted.items()} == {
        g: sorted(c) for g, c in enrolled.items()}
    assert sum(map(len, accepted.values())) == sum(map(len, enrolled.values())) > 300


def test_applications_fall_inside_their_window_and_never_after_today(plain: Rows) -> None:
    windows = _windows(plain)
    for _record, app in _applications(plain):
        window = windows[app.intake_id]
        assert window.opens_on <= app.applied_on <= min(window.closes_on, TODAY.isoformat())
        if app.status == "applied":
            assert app.decided_on is None
        else:
            assert app.decided_on is not None
            assert app.applied_on <= app.decided_on <= TODAY.isoformat()


def test_most_applicants_are_the_partners_own_recruits_and_some_never_enrol(
        plain: Rows) -> None:
    apps = [app for _r, app in _applications(plain)]
    sources = Counter(app.source for app in apps)
    own = sources["allocation_code"] + sources["preferred_partner"]
    assert sources["allocation_code"] > 0 and sources["preferred_partner"] > 0
    assert 0.1 * len(apps) < sources["allocated"] < own
    statuses = Counter(app.status for app in apps)
    assert statuses["withdrawn"] > 0 and statuses["rejected"] > 0
    # the Spring window is open on the seed's day: applicants still waiting for a decision
    spring = next(r.id for r in plain["intake"] if r.data["term"] == "spring")
    waiting = [app for app in apps if app.status == "applied"]
    assert waiting and {app.intake_id for app in waiting} == {spring}
    partners = {app.partner_id for app in apps}
    assert len(partners) == len(PARTNERS)


def test_applications_quicken_week_by_week_towards_the_deadline(plain: Rows) -> None:
    """A weekly trend shows: each intake's applications spread over many weeks of its
    window, and each group's own come faster as its registration nears its end (the
    group's enrolment day or the deadline): more in the later half of the weeks they came
    in than in the first."""
    windows = _windows(plain)
    by_group: dict[str, list[dt.date]] = defaultdict(list)
    for intake_id, window in windows.items():
        opens = dt.date.fromisoformat(window.opens_on)
        days = [dt.date.fromisoformat(app.applied_on) for _r, app in _applications(plain)
                if app.intake_id == intake_id]
        assert len({(day - opens).days // 7 for day in days}) >= 8, intake_id
    for _r, app in _applications(plain):
        by_group[str(app.group_id)].append(dt.date.fromisoformat(app.applied_on))
    for group_id, days in by_group.items():
        opens = dt.date.fromisoformat(windows[next(
            r.data["intake_id"] for r in plain["group"] if r.id == group_id)].opens_on)
        half = (max(days) - opens).days / 2
        early = sum(1 for day in days if (day - opens).days < half)
        assert len(days) - early > early, group_id


def test_registration_windows_chain_from_one_intake_to_the_next(plain: Rows) -> None:
    intakes = sorted((r.data["registration_deadline"], r.id) for r in plain["intake"])
    windows = _windows(plain)
    assert sorted(windows) == sorted(i for _d, i in intakes)
    for record in plain["registration_window"]:
        window = RegistrationWindowData.model_validate(record.data)
        assert record.id == registration_window_id(window.intake_id)
        assert (record.group_id, record.ref_id) == (None, None)
    first_deadline, first = intakes[0]
    assert windows[first].closes_on == first_deadline
    assert windows[first].opens_on == (dt.date.fromisoformat(first_deadline)
                                       - dt.timedelta(weeks=16)).isoformat()
    for (before_deadline, before), (deadline, intake) in itertools.pairwise(intakes):
        assert windows[intake].closes_on == deadline
        assert windows[intake].opens_on == (dt.date.fromisoformat(before_deadline)
                                            + dt.timedelta(days=1)).isoformat()
        assert windows[before].closes_on < windows[intake].opens_on


def test_the_recruitment_rules_are_one_reference_record(plain: Rows) -> None:
    [record] = plain["recruitment_rules"]
    rules = RecruitmentRulesData.model_validate(record.data)
    assert record.id == recruitment_rules_id() and record.ref_id is None
    assert rules.min_group_size == 12 and rules.required_each_year == ["NPQML", "NPQSL"]
    assert rules.application_url.startswith("https://") and ".example" in rules.application_url


def test_every_partner_publishes_a_profile_and_one_mou_is_due_soon_one_overdue(
        plain: Rows) -> None:
    partners = {r.id: PartnerData.model_validate(r.data) for r in plain["partner"]}
    venues = {(r.data["partner_id"], r.data["venue_name"]) for r in plain["group"]}
    due_soon, overdue = [], []
    for partner_id, partner in partners.items():
        assert partner.name in partner.overview and len(partner.overview) > 80
        assert 1 <= len(partner.contacts) <= 2
        assert all(c.name and c.email.endswith(".example") and c.phone for c in partner.contacts)
        assert {(partner_id, v.name) for v in partner.venues} >= {
            (p, name) for p, name in venues if p == partner_id}
        assert partner.mou_signed_on and partner.mou_renewal_due
        assert partner.mou_signed_on < partner.mou_renewal_due
        days = (dt.date.fromisoformat(partner.mou_renewal_due) - TODAY).days
        (due_soon if 0 <= days <= 60 else overdue if days < 0 else []).append(partner.name)
    assert due_soon == [PARTNERS[0].data.name] and len(overdue) == 1
    assert any(len(p.contacts) == 2 for p in partners.values())
    assert any(len(p.venues) > 1 for p in partners.values())


def test_the_season_appends_two_groups_and_moves_nothing_else(plain: Rows,
                                                              season: Rows) -> None:
    def keyed(rows: Rows) -> dict[tuple[str, str], tuple]:
        return {(r.type, r.id): (r.data, r.seq, r.group_id, r.event_id, r.ref_id)
                for records in rows.values() for r in records}

    before, after = keyed(plain), keyed(season)
    assert all(after[key] == value for key, value in before.items())
    added = {key for key in after if key not in before}
    new_groups = {i for t, i in added if t == "group"}
    assert len(new_groups) == 2
    assert min(after[key][1] for key in added) > max(value[1] for value in before.values())


def test_the_same_day_gives_the_same_season(season: Rows, tmp_path: Path) -> None:
    again = _rows(_seed(tmp_path / "again.sqlite3", season=True))
    assert ({(r.type, r.id): r.data for rs in again.values() for r in rs}
            == {(r.type, r.id): r.data for rs in season.values() for r in rs})


def _viability(rows: Rows, group: Record) -> Viability:
    """The app's judgement of a group, from the raw records."""
    deadline = next(r.data["registration_deadline"] for r in rows["intake"]
                    if r.id == group.data["intake_id"])
    enrolled = sum(1 for r in rows["enrolment"] if r.data["group_id"] == group.id
                   and r.data["status"] == "active")
    apart = Counter(r.data["status"] for r in rows["training_status"]
                    if r.data["group_id"] == group.id and r.data["effective_date"]
                    and r.data["effective_date"] <= TODAY.isoformat())
    return assess(GroupRecruitment(
        group_id=group.id, code=group.data["code"],
        qualification_code=group.data["qualification_code"], partner_name="",
        intake_label="", enrolled=enrolled,
        registration_deadline=dt.date.fromisoformat(deadline),
        min_size=group.data["min_size"], deferred=apart["deferred"],
        withdrawn=apart["withdrawn"]), TODAY).status


def test_the_demo_partner_has_three_viable_groups_one_at_risk_and_one_not_viable(
        plain: Rows, season: Rows) -> None:
    demo_partner = next(r.id for r in season["partner"]
                        if r.data["name"] == PARTNERS[0].data.name)
    before = {r.id for r in plain["group"]}
    mine = [g for g in season["group"] if g.data["partner_id"] == demo_partner]
    judged = {g.data["code"]: _viability(season, g) for g in mine}
    assert [judged[g.data["code"]] for g in mine if g.id in before] == [Viability.VIABLE] * 3
    new = {g.data["code"]: judged[g.data["code"]] for g in mine if g.id not in before}
    assert sorted(new.values()) == [Viability.AT_RISK, Viability.NOT_VIABLE]
    spring_code = next(c for c, v in new.items() if v is Viability.AT_RISK)
    assert "-SPR27-" in spring_code and "-AUT26-" in next(iter(set(new) - {spring_code}))


def test_the_season_groups_run_like_the_others(season: Rows, plain: Rows) -> None:
    before = {r.id for r in plain["group"]}
    new = [g for g in season["group"] if g.id not in before]
    users = {r.id: r.data for r in season["user"]}
    for group in new:
        events = [e.data for e in season["event"] if e.data["group_id"] == group.id]
        assert 4 <= len(events) <= 6 and group.ref_id == group.data["partner_id"]
        [facilitator] = group.data["facilitator_ids"]
        assert users[facilitator]["partner_id"] == group.data["partner_id"]
        assert users[facilitator]["name"] != "Siân Hughes"
        assignments = [a.data for a in season["assignment"] if a.data["group_id"] == group.id]
        assert assignments == [{"user_id": facilitator, "group_id": group.id,
                                "role": "facilitator"}]
        past = [e for e in events if e["chosen_date"] and e["chosen_date"] < TODAY.isoformat()]
        submitted = {r.data["event_id"] for r in season["register_submission"]}
        assert all(e_id in submitted for e_id in (
            r.id for r in season["event"] if r.data in past))
        apps = [app for _r, app in _applications(season) if app.group_id == group.id]
        enrolled = sum(1 for r in season["enrolment"] if r.data["group_id"] == group.id)
        assert sum(app.status == "accepted" for app in apps) == enrolled
    autumn = next(g for g in new if "-AUT" in g.data["code"])
    assert any(r.group_id == autumn.id for r in season["attendance"])


def test_the_at_risk_group_has_a_stream_of_applications_waiting(season: Rows,
                                                                 plain: Rows) -> None:
    before = {r.id for r in plain["group"]}
    spring = next(g for g in season["group"]
                  if g.id not in before and "-SPR" in g.data["code"])
    waiting = [app for _r, app in _applications(season)
               if app.group_id == spring.id and app.status == "applied"]
    weeks = {(TODAY - dt.date.fromisoformat(app.applied_on)).days // 7 for app in waiting}
    assert len(waiting) >= 5 and len(weeks) >= 3 and max(weeks) < 6
    assert {app.source for app in waiting} >= {"allocated"}


def test_seed_demo_takes_the_season_on_the_command_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
        plain: Rows) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("NPQ_DATABASE_URL", url)
    assert main(["seed-demo", "--today", TODAY.isoformat(), "--season"]) == 0
    assert "with the application season" in capsys.readouterr().out
    assert len(_rows(url)["group"]) == len(plain["group"]) + 2
