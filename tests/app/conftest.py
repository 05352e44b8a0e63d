"""A real store on disk, filled through the same path pulled data takes."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.clock import shared_clock
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page

TODAY = dt.date(2026, 11, 23)
ME = "11111111-1111-4111-8111-111111111111"


@dataclass
class Roster:
    group_id: str
    event_ids: dict[str, str] = field(default_factory=dict)  # label -> id
    candidates: dict[str, str] = field(default_factory=dict)  # family name -> id
    withdrawn_id: str = ""


def _id() -> str:
    return str(uuid.uuid4())


def roster_changes(roster: Roster, event_dates: dict[str, dt.date | None]) -> list[PulledChange]:
    def change(type_: str, id_: str, **data: object) -> PulledChange:
        return PulledChange(type=type_, id=id_, deleted=False, data=dict(data))

    changes = [
        change("qualification", _id(), code="NPQSL", title="NPQ for Senior Leadership",
               course_fee_pence=125_000, coaching_included=False),
        change("group", roster.group_id, code="NPQSL-AUT26-LEEDS-1", qualification_code="NPQSL",
               partner_id=_id(), intake_id=_id(), venue_name="Leeds Hub",
               facilitator_ids=[ME]),
    ]
    for number, (label, day) in enumerate(event_dates.items(), start=1):
        event_id = roster.event_ids.setdefault(label, _id())
        start = day or TODAY + dt.timedelta(days=40)
        changes.append(change(
            "event", event_id, group_id=roster.group_id, number=number, title=label,
            window_start=(start - dt.timedelta(days=3)).isoformat(),
            window_end=(start + dt.timedelta(days=10)).isoformat(),
            chosen_date=day.isoformat() if day else None, venue_name="Leeds Hub"))
    people = [("Siân", "Hughes"), ("Zoë", "Adams"), ("Łukasz", "Nowak"), ("Thi", "Nguyễn"),
              ("Amy", "adams"), ("Withdrawn", "Person")]
    for order, (given, family) in enumerate(people):
        candidate_id = _id()
        roster.candidates[family if family != "adams" else "adams-lower"] = candidate_id
        status = "withdrawn" if given == "Withdrawn" else "active"
        if status == "withdrawn":
            roster.withdrawn_id = candidate_id
        changes.append(change("candidate", candidate_id, given_name=given, family_name=family,
                              school="Some School", special_requirements="wheelchair"))
        changes.append(change("enrolment", _id(), group_id=roster.group_id,
                              candidate_id=candidate_id, status=status,
                              enrolled_on="2026-09-01", register_order=order))
    return changes


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "desk.sqlite3"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    opened = Store.open(store_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def roster(store: Store) -> Roster:
    result = Roster(group_id=_id())
    dates = {"today": TODAY, "next week": TODAY + dt.timedelta(days=7),
             "last month": TODAY - dt.timedelta(days=30), "undated": None,
             "yesterday": TODAY - dt.timedelta(days=1),
             "tomorrow": TODAY + dt.timedelta(days=1)}
    apply_page(store, roster_changes(result, dates), "cursor-1", shared_clock(store))
    return result


@pytest.fixture
def registers(store: Store) -> RegisterService:
    return RegisterService(store, shared_clock(store), ME)
