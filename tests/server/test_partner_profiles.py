"""A partner lead's proposed profile on the central service (issue 16): only that partner's
leads propose; each refusal says why and writes nothing; an accepted one is kept for the
partner's leads alone and replaces the partner's published overview, contacts and venues
(the memorandum dates stay the central team's); a resend is applied once; the partner
leads' wait wakes for it, nobody else's. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, update

from protocol.records import PartnerData
from server import sequence
from server.embedded import EmbeddedServer
from server.feed_watch import change_keys, scope_keys
from server.models import Record, User
from server.scope import scope_for
from tests.server import lookups
from tests.server.api import Api, mutation
from tests.server.recruitment_lookups import lead_of

OVERVIEW = ("Calder Valley Teaching School Hub works with 140 schools across Calderdale "
            "and Kirklees.\nWe run our face-to-face days at the Hub in Halifax.")
CONTACTS = [{"name": "Priya Raman", "role": "NPQ lead", "email": "p.raman@cvtsh.org.uk",
             "phone": ""},
            {"name": "Dafydd Ó Briain", "role": "Administrator", "email": "",
             "phone": "+44 (0)1422 555 010"}]
VENUES = [{"name": "The Hub, Halifax", "address": "1 Square Road\nHalifax HX1 1QG"}]


def profile(partner_id: str, record_id: str | None = None, **changes: Any) -> dict[str, Any]:
    data = {"partner_id": partner_id, "overview": OVERVIEW, "contacts": CONTACTS,
            "venues": VENUES, "requested_by": "x",
            "requested_at": "2026-11-23T10:00:00Z"} | changes
    return mutation("partner_profile_request", record_id or str(uuid.uuid4()), data,
                    f"8-0-pp{uuid.uuid4().hex[:6]}")


def _partner(server: EmbeddedServer, partner_id: str) -> tuple[dict[str, Any], int]:
    with server.database.read() as session:
        row = session.get(Record, ("partner", partner_id))
        assert row is not None and row.data is not None
        return dict(row.data), row.seq


def _set_mou(server: EmbeddedServer, partner_id: str) -> None:
    data, _ = _partner(server, partner_id)
    with server.database.write() as session:
        sequence.lock(session)
        session.execute(update(Record).where(Record.type == "partner", Record.id == partner_id)
                        .values(data=data | {"mou_signed_on": "2025-07-01",
                                             "mou_renewal_due": "2028-07-01"},
                                seq=sequence.next_seq(session)))


def _refused(client: Api, pushed: dict[str, Any]) -> tuple[str, str]:
    result = client.push(pushed)[0]
    assert result["status"] == "rejected", result
    return result["error"]["code"], result["error"]["message"]


def test_only_the_partners_own_leads_propose_its_profile(
        server: EmbeddedServer, api: Api) -> None:
    partner_id = lookups.user_partner(server.database, "partner")
    before = _partner(server, partner_id)
    assert _refused(api.login("facilitator"), profile(partner_id))[0] == "forbidden_role"
    assert _refused(api.login("qa"), profile(partner_id))[0] == "not_found"
    other = lead_of(server.database, _other_partner(server, partner_id))
    assert _refused(api.login(other), profile(partner_id)) == (
        "not_found", "No such partner, or you are not one of its partner leads.")
    assert _refused(api.login("partner"), profile(str(uuid.uuid4())))[0] == "not_found"
    assert _partner(server, partner_id) == before


def _other_partner(server: EmbeddedServer, partner_id: str) -> str:
    """Another partner that has a partner lead."""
    with server.database.read() as session:
        rows = session.execute(select(User.partner_id, User.roles).where(
            User.partner_id.is_not(None), User.partner_id != partner_id)
            .order_by(User.partner_id)).all()
    return next(str(p) for p, roles in rows if "partner_lead" in roles)


def test_every_refusal_says_why_and_changes_nothing(server: EmbeddedServer, api: Api) -> None:
    partner_id = lookups.user_partner(server.database, "partner")
    before = _partner(server, partner_id)
    lead = api.login("partner")
    unreachable = [{"name": "Ada Walker", "role": "Finance", "email": "", "phone": " "}]
    assert _refused(lead, profile(partner_id, contacts=unreachable)) == (
        "invalid", "Contact 1 (Ada Walker) has neither an email address nor a phone number: "
                   "give one, so people can reach them.")
    letters = [{"name": "Ada Walker", "phone": "call reception"}]
    assert _refused(lead, profile(partner_id, contacts=letters))[1] == (
        "Contact 1 (Ada Walker)'s phone number should be digits (at least 6), with spaces, "
        "+ ( ) or - only.")
    assert _refused(lead, profile(partner_id, venues=[])) == (
        "invalid", "Give at least one venue: the profile says where the partner runs its "
                   "face-to-face days.")
    twice = [VENUES[0], {"name": "the hub,  HALIFAX", "address": ""}]
    assert _refused(lead, profile(partner_id, venues=twice)) == (
        "invalid", "The venue the hub,  HALIFAX is listed twice.")
    code, words = _refused(lead, profile(partner_id, overview="x" * 5001))
    assert code == "invalid" and words.startswith("overview: ")
    for contacts, where in (([{"name": "Ada\x00", "phone": "01422 555010"}], "0.name"),
                            ([CONTACTS[0], {"name": "Ada", "phone": "1" * 41}], "1.phone"),
                            ([{"name": "Ada", "email": "ada at hub"}], "0.email")):
        code, words = _refused(lead, profile(partner_id, contacts=contacts))
        assert code == "invalid" and words.startswith(f"contacts.{where}: "), words
    code, words = _refused(lead, profile(partner_id, venues=[{"name": ""}]))
    assert code == "invalid" and words.startswith("venues.0.name: "), words
    assert _refused(lead, profile(partner_id) | {"op": "delete"})[0] == "invalid"
    assert _partner(server, partner_id) == before
    assert not any(c["type"] == "partner_profile_request" for c in lead.pull_all()[0])


def test_an_accepted_profile_replaces_the_published_one_and_keeps_the_mou_dates(
        server: EmbeddedServer, api: Api) -> None:
    partner_id = lookups.user_partner(server.database, "partner")
    _set_mou(server, partner_id)
    lead = api.login("partner")
    facilitator = api.login("facilitator")
    _, cursor = facilitator.pull_all()
    pushed = profile(partner_id)

    result = lead.push(pushed)[0]

    assert result["status"] == "applied", result
    data, _ = _partner(server, partner_id)
    published = PartnerData.model_validate(data)
    assert published.overview == OVERVIEW
    assert [c.model_dump() for c in published.contacts] == CONTACTS
    assert [v.model_dump() for v in published.venues] == VENUES
    assert (published.mou_signed_on, published.mou_renewal_due) == ("2025-07-01",
                                                                    "2028-07-01")
    # the facilitator reads the partner's new profile, not the request
    seen = {(c["type"], c["id"]): c for c in facilitator.pull_all(cursor)[0]}
    assert seen[("partner", partner_id)]["data"]["overview"] == OVERVIEW
    assert ("partner_profile_request", pushed["id"]) not in seen
    mine = {(c["type"], c["id"]): c for c in lead.pull_all()[0]}
    assert mine[("partner_profile_request", pushed["id"])]["data"]["requested_by"] == \
        lead.user["id"]
    for username in ("facilitator", "qa", lead_of(server.database, _other_partner(
            server, partner_id))):
        assert ("partner_profile_request", pushed["id"]) not in {
            (c["type"], c["id"]) for c in api.login(username).pull_all()[0]}, username
        answer = api.login(username).get(f"/records/partner_profile_request/{pushed['id']}")
        assert answer.status_code == 404, username

    seq = _partner(server, partner_id)[1]
    again = lead.push(pushed)[0]
    assert (again["status"], again["seq"]) == ("duplicate", result["seq"])
    assert _partner(server, partner_id)[1] == seq


def test_only_the_partners_leads_wait_wakes_for_its_partner_lead_records(
        server: EmbeddedServer) -> None:
    partner_id = lookups.user_partner(server.database, "partner")
    keys = change_keys("partner_profile_request", str(uuid.uuid4()), None, partner_id, None)
    scopes = {}
    for name in ("partner", "facilitator", "qa"):
        user_id = lookups.user_id(server.database, name)
        with server.database.read() as session:
            user = session.get(User, user_id)
            assert user is not None
            scopes[name] = scope_keys(scope_for(session, user))
    assert keys <= scopes["partner"]
    assert not keys & scopes["facilitator"] and not keys & scopes["qa"]
