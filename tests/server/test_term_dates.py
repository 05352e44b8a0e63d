"""School term dates on the central service (issue 13, point 12): reference data every
role pulls and none may push, and the date rule judges a pushed choice against the same
records the laptops hold: a day in the school holidays is applied with the warning kept on
the choice record (both backends)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from protocol.event_dates import TermDates, check_date
from protocol.records import event_date_choice_id, term_dates_id
from server.embedded import EmbeddedServer
from server.models import Record, User
from server.services.event_dates import date_context
from server.services.term_dates import set_venue_authority
from tests.server import event_date_lookups as dates
from tests.server import lookups
from tests.server.api import Api, mutation

CALDERDALE_2026 = term_dates_id("Calderdale", "2026/27")


def _partner_groups(server: EmbeddedServer) -> set[str]:
    with server.database.read() as session:
        partner = session.scalar(select(User.partner_id).where(User.username == "partner"))
    return lookups.partner_groups(server.database, str(partner))


def _holiday_choices(server: EmbeddedServer) -> list[tuple[dates.EventRow, dt.date]]:
    """(event, a choosable day in the school holidays) for the demo partner's future
    events whose venue is in Calderdale."""
    found = []
    for event in dates.future_events(server.database, _partner_groups(server)):
        for option in dates.options(server.database, event.id):
            if option.selectable and [p.code for p in option.problems] == ["school_holiday"]:
                found.append((event, option.date))
    return found


def test_every_role_pulls_the_term_dates_and_nobody_may_push_them(
        api: Api, server: EmbeddedServer) -> None:
    for username in ("facilitator", "partner", "qa"):
        client = api.login(username)
        held = [c for c in client.pull_all()[0] if c["type"] == "term_dates"]
        assert [c["id"] for c in held] == [CALDERDALE_2026], username
        assert held[0]["data"]["authority"] == "Calderdale"
        assert [h["name"] for h in held[0]["data"]["holidays"]][3] == "Easter holiday"
        assert client.get(f"/records/term_dates/{CALDERDALE_2026}").status_code == 200
        changed = dict(held[0]["data"], holidays=[])
        for op in ("upsert", "delete"):
            [result] = client.push(mutation("term_dates", CALDERDALE_2026, changed,
                                            dates.stamp(5), op))
            assert result["status"] == "rejected"
            assert result["error"]["code"] == "read_only_type", result
    with server.database.read() as session:
        record = session.get(Record, ("term_dates", CALDERDALE_2026))
        assert record is not None and len((record.data or {})["holidays"]) == 6


def test_events_carry_their_venues_local_authority(server: EmbeddedServer) -> None:
    events = dates.events_of(server.database, _partner_groups(server))
    assert events and {e.data["local_authority"] for e in events} == {"Calderdale"}


def test_a_holiday_date_is_applied_with_the_warning_the_app_gives(
        api: Api, server: EmbeddedServer) -> None:
    found = _holiday_choices(server)
    assert found, "the demo partner has an event whose window reaches the school holidays"
    event, day = found[-1]  # the latest: 9 April 2027 while the clock is before it
    partner = api.login("partner")

    [result] = partner.push(dates.choice(event.id, day, dates.stamp()))

    assert result["status"] == "applied", result
    choice = partner.get(f"/records/event_date_choice/{event_date_choice_id(event.id)}").json()
    with server.database.read() as session:
        held = TermDates.from_payloads("Calderdale", session.scalars(
            select(Record.data).where(Record.type == "term_dates")))
        context = date_context(session, event.id, event.data, event.group_id)
    expected = [p.message for p in check_date(
        day, context.window, term_dates=held, event_id=event.id,
        other_events_at_venue=context.other_events_at_venue,
        previous_event_date=context.previous_event_date,
        next_event_date=context.next_event_date)]
    assert choice["data"]["warnings"] == expected
    assert any("holiday of schools in Calderdale" in w for w in expected)
    assert dates.event(server.database, event.id).data["chosen_date"] == day.isoformat()


def test_an_authority_with_no_term_dates_gets_no_holiday_warning(
        api: Api, server: EmbeddedServer) -> None:
    """The same day, once the venue is said to be in an authority the service holds no
    term dates for, carries no holiday warning (nothing is judged by dates not held)."""
    event, day = _holiday_choices(server)[0]
    with server.database.write() as session:
        assert set_venue_authority(session, event.data["venue_name"], "Kirklees") > 0
    partner = api.login("partner")

    [result] = partner.push(dates.choice(event.id, day, dates.stamp()))

    assert result["status"] == "applied", result
    choice: dict[str, Any] = partner.get(
        f"/records/event_date_choice/{event_date_choice_id(event.id)}").json()
    assert not any("holiday of schools" in w for w in choice["data"]["warnings"])
