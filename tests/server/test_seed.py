"""The demo data: deterministic, realistic, and set up for the demo story."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select

from server.db import Database
from server.migrate import upgrade
from server.models import Record
from server.seed import seed_demo
from tests.server.conftest import TODAY


def _records(url: str) -> dict[tuple[str, str], dict]:
    database = Database(url)
    try:
        with database.read() as session:
            return {(r.type, r.id): r.data for r in session.scalars(select(Record))}
    finally:
        database.dispose()


def test_the_same_day_always_gives_the_same_demo_data(tmp_path: Path,
                                                      sqlite_template: Path) -> None:
    url = f"sqlite:///{tmp_path / 'again.sqlite3'}"
    database = Database(url)
    upgrade(database)
    seed_demo(database, TODAY)
    database.dispose()
    assert _records(url) == _records(f"sqlite:///{sqlite_template}")


def test_the_demo_has_the_shape_the_brief_asks_for(sqlite_template: Path) -> None:
    records = _records(f"sqlite:///{sqlite_template}")
    kinds = Counter(t for t, _ in records)
    assert kinds["partner"] >= 6 and kinds["group"] >= 20 and kinds["intake"] == 2
    fees = {d["code"]: (d["course_fee_pence"], d["coaching_included"])
            for (t, _), d in records.items() if t == "qualification"}
    assert fees == {"NPQML": (95_000, False), "NPQSL": (125_000, False),
                    "NPQH": (225_000, True), "NPQEL": (495_000, True)}
    sizes = Counter(d["group_id"] for (t, _), d in records.items() if t == "enrolment")
    assert all(s <= 26 for s in sizes.values())
    assert 1 <= sum(s < 12 for s in sizes.values()) <= 5
    names = " ".join(f"{d['given_name']} {d['family_name']}"
                     for (t, _), d in records.items() if t == "candidate")
    for name in ("Siân", "Zoë", "Łukasz", "Nguyễn", "Ó Briain"):
        assert name in names, name
    candidates = [d for (t, _), d in records.items() if t == "candidate"]
    assert any(c["special_requirements"] for c in candidates)
    assert any(c["scholarship"] for c in candidates)
    events = [d for (t, _), d in records.items() if t == "event"]
    dates = [e["chosen_date"] for e in events if e["chosen_date"]]
    assert min(dates) < TODAY.isoformat() < max(dates) and TODAY.isoformat() in dates
    for event in events:
        assert event["window_start"] <= (event["chosen_date"] or event["window_start"])
        assert (event["chosen_date"] or event["window_end"]) <= event["window_end"]
        assert (event["arrival_time"], event["start_time"], event["end_time"]) == (
            "08:30", "09:00", "16:00")


def test_event_titles_are_the_topic_alone(sqlite_template: Path) -> None:
    """The UI puts "Event 2:" in front, so a title never repeats the number."""
    records = _records(f"sqlite:///{sqlite_template}")
    groups = {i: d for (t, i), d in records.items() if t == "group"}
    titles = {(groups[d["group_id"]]["qualification_code"], d["number"], d["title"])
              for (t, _), d in records.items() if t == "event"}
    assert ("NPQSL", 2, "Teaching, curriculum and assessment") in titles
    assert all(not title[:1].isdigit() and "day" not in title.casefold()
               for _, _, title in titles)


def test_siân_has_an_unmarked_event_today_with_her_co_facilitator(
        sqlite_template: Path) -> None:
    from tests.server.lookups import assigned_groups, event_on

    database = Database(f"sqlite:///{sqlite_template}")
    try:
        shared = assigned_groups(database, "facilitator") & assigned_groups(
            database, "cofacilitator")
        assert shared
        event = event_on(database, shared, TODAY)
        with database.read() as session:
            marks = list(session.scalars(select(Record).where(
                Record.type == "attendance", Record.event_id == event.event_id)))
        assert marks == [] and len(event.candidate_ids) >= 12
        past = event_on(database, shared, TODAY, before=True)
        with database.read() as session:
            assert session.scalars(select(Record).where(
                Record.type == "register_submission", Record.event_id == past.event_id)).all()
    finally:
        database.dispose()
