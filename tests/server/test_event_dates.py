"""Event dates on the central service (issue 6): the partner lead's choice is checked with
the app's own rules under the push's lock, and an accepted one re-dates the event for every
laptop."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from protocol.records import event_date_choice_id
from server.embedded import EmbeddedServer
from server.models import User
from tests.server import event_date_lookups as dates
from tests.server import lookups
from tests.server.api import Api


def _partner_groups(server: EmbeddedServer) -> set[str]:
    with server.database.read() as session:
        partner = session.scalar(select(User.partner_id).where(User.username == "partner"))
    return lookups.partner_groups(server.database, str(partner))


def _siâns_undated(server: EmbeddedServer) -> dates.EventRow:
    mine = lookups.assigned_groups(server.database, "facilitator")
    return dates.future_events(server.database, mine, undated=True)[0]


def _code(result: dict[str, Any]) -> str:
    return "applied" if result["status"] == "applied" else str(result["error"]["code"])


def _by_id(changes: list[dict[str, Any]], type_: str, id_: str) -> dict[str, Any] | None:
    return next((c for c in changes if c["type"] == type_ and c["id"] == id_), None)


def test_the_demo_partner_has_future_events_without_a_date(server: EmbeddedServer) -> None:
    undated = dates.future_events(server.database, _partner_groups(server), undated=True)
    assert len(undated) >= 3
    assert all(any(o.selectable for o in dates.options(server.database, e.id))
               for e in undated)


def test_the_partner_lead_dates_an_event_and_the_facilitator_pulls_the_new_date(
        api: Api, server: EmbeddedServer) -> None:
    siân = api.login("facilitator")
    _, cursor = siân.pull_all()
    event = _siâns_undated(server)
    day = dates.clear_day(server.database, event.id)
    partner = api.login("partner")

    result = partner.push(dates.choice(event.id, day, dates.stamp()))[0]

    assert _code(result) == "applied"
    dated = dates.event(server.database, event.id)
    assert dated.data["chosen_date"] == day.isoformat() and dated.seq > event.seq
    briefing = dt.datetime.fromisoformat(dated.data["briefing_at"].replace("Z", "+00:00"))
    assert briefing.date() < day and briefing.astimezone(dates.LONDON).hour == 16
    changes, _ = siân.pull_all(cursor)
    pulled = _by_id(changes, "event", event.id)
    assert pulled is not None and pulled["data"]["chosen_date"] == day.isoformat()
    chosen = _by_id(changes, "event_date_choice", event_date_choice_id(event.id))
    assert chosen is not None
    assert chosen["data"]["chosen_by"] == partner.user["id"]
    assert chosen["data"]["date"] == day.isoformat() and chosen["data"]["warnings"] == []


def test_a_weekend_is_refused_with_the_rule_in_words(api: Api,
                                                     server: EmbeddedServer) -> None:
    event = _siâns_undated(server)
    saturday = next(o.date for o in dates.options(server.database, event.id)
                    if o.date.weekday() == 5)

    result = api.login("partner").push(dates.choice(event.id, saturday, dates.stamp()))[0]

    assert _code(result) == "date_not_allowed"
    assert "is a weekend: events run on weekdays only" in result["error"]["message"]
    assert dates.event(server.database, event.id).data["chosen_date"] is None


def test_a_bank_holiday_in_england_is_refused(api: Api, server: EmbeddedServer) -> None:
    found = [(e, day) for e in dates.future_events(server.database, _partner_groups(server))
             if (day := dates.weekday_bank_holiday(server.database, e.id)) is not None]
    assert found, "the demo has an event whose window holds a bank holiday"
    event, holiday = found[0]

    result = api.login("partner").push(dates.choice(event.id, holiday, dates.stamp()))[0]

    assert _code(result) == "date_not_allowed"
    assert "is a bank holiday in England" in result["error"]["message"]
    assert dates.event(server.database, event.id).data["chosen_date"] == \
        event.data["chosen_date"]


def test_a_day_outside_the_window_is_refused(api: Api, server: EmbeddedServer) -> None:
    event = _siâns_undated(server)
    after = dt.date.fromisoformat(event.data["window_end"]) + dt.timedelta(days=3)
    while after.weekday() >= 5:
        after += dt.timedelta(days=1)

    result = api.login("partner").push(dates.choice(event.id, after, dates.stamp()))[0]

    assert _code(result) == "date_not_allowed"
    assert "is outside this event's window" in result["error"]["message"]


def test_a_clash_at_the_venue_is_accepted_with_the_warning_kept(
        api: Api, server: EmbeddedServer) -> None:
    clashes = [(e, o) for e in dates.future_events(server.database, _partner_groups(server))
               for o in dates.options(server.database, e.id)
               if o.selectable and any(p.code == "venue_clash" for p in o.problems)]
    assert clashes, "two of the demo partner's groups meet at one venue in one window"
    event, option = clashes[0]

    result = api.login("partner").push(dates.choice(event.id, option.date, dates.stamp()))[0]

    assert _code(result) == "applied"
    choice = api.login("partner").get(
        f"/records/event_date_choice/{event_date_choice_id(event.id)}").json()
    assert any("is already at this venue on" in w for w in choice["data"]["warnings"])
    assert dates.event(server.database, event.id).data["chosen_date"] == \
        option.date.isoformat()


def test_facilitators_and_qa_leads_may_not_choose_and_strangers_do_not_see_the_event(
        api: Api, server: EmbeddedServer) -> None:
    event = _siâns_undated(server)
    day = dates.clear_day(server.database, event.id)
    elsewhere = lookups.other_partner_group(server.database, "partner")
    theirs = dates.future_events(server.database, {elsewhere})[0]

    assert _code(api.login("facilitator").push(
        dates.choice(event.id, day, dates.stamp()))[0]) == "forbidden_role"
    assert _code(api.login("qa").push(
        dates.choice(event.id, day, dates.stamp()))[0]) == "forbidden_role"
    assert _code(api.login("partner").push(dates.choice(
        theirs.id, dates.clear_day(server.database, theirs.id), dates.stamp()))[0]) == \
        "not_found"
    assert _code(api.login("facilitator").push(dates.choice(
        theirs.id, day, dates.stamp()))[0]) == "not_found"
    assert dates.event(server.database, event.id).data["chosen_date"] is None


def test_a_later_choice_replaces_an_earlier_one_whatever_order_they_arrive_in(
        api: Api, server: EmbeddedServer) -> None:
    event = _siâns_undated(server)
    first, second = [o.date for o in dates.options(server.database, event.id) if o.clear][:2]
    partner = api.login("partner")

    assert _code(partner.push(dates.choice(event.id, first, dates.stamp(1)))[0]) == "applied"
    assert _code(partner.push(dates.choice(event.id, second, dates.stamp(2)))[0]) == "applied"
    # A choice made before the second one, arriving late, changes nothing.
    assert _code(partner.push(dates.choice(event.id, first, dates.stamp(0, "laptopQ")))[0]) \
        == "applied"

    assert dates.event(server.database, event.id).data["chosen_date"] == second.isoformat()
    held = partner.get(f"/records/event_date_choice/{event_date_choice_id(event.id)}").json()
    assert held["data"]["date"] == second.isoformat()


def test_an_event_that_took_place_keeps_its_date(api: Api, server: EmbeddedServer) -> None:
    mine = lookups.assigned_groups(server.database, "facilitator")
    past = lookups.event_on(server.database, mine, dates.server_today(), before=True)
    row = dates.event(server.database, past.event_id)
    day = dt.date.fromisoformat(row.data["window_end"])

    result = api.login("partner").push(dates.choice(past.event_id, day, dates.stamp()))[0]

    assert _code(result) == "date_not_allowed"
    assert "took place on" in result["error"]["message"]


def test_a_choice_must_use_the_events_own_id_and_cannot_be_deleted(
        api: Api, server: EmbeddedServer) -> None:
    event = _siâns_undated(server)
    day = dates.clear_day(server.database, event.id)
    partner = api.login("partner")
    wrong = dates.choice(event.id, day, dates.stamp()) | {"id": "not-the-events-choice-id"}

    assert _code(partner.push(wrong)[0]) == "bad_id"
    assert _code(partner.push(dates.choice(event.id, day, dates.stamp(), op="delete"))[0]) \
        == "invalid"
