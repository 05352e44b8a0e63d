"""Every read is scoped to the caller; out of scope is 404, never 403 (no existence leak)."""

from __future__ import annotations

from collections import Counter

from server.embedded import EmbeddedServer
from tests.server import lookups
from tests.server.api import Api
from tests.server.conftest import TODAY


def _by_type(changes: list[dict]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for change in changes:
        found.setdefault(change["type"], set()).add(change["id"])
    return found


def test_a_facilitator_pulls_exactly_the_groups_they_are_assigned_to(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator")
    changes, _ = client.pull_all()
    mine = lookups.assigned_groups(server.database, "facilitator")
    assert len(mine) == 2
    found = _by_type(changes)
    assert found["group"] == mine
    assert {c["data"]["group_id"] for c in changes if c["type"] == "event"} == mine
    expected = set().union(*(lookups.group_candidates(server.database, g) for g in mine))
    assert found["candidate"] == expected
    assert len(found["qualification"]) == 4


def test_a_group_of_another_partner_is_404_for_a_facilitator(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator")
    other = lookups.other_partner_group(server.database, "facilitator")
    answer = client.get(f"/records/group/{other}")
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"
    mine = next(iter(lookups.assigned_groups(server.database, "facilitator")))
    assert client.get(f"/records/group/{mine}").status_code == 200
    assert client.get("/records/group/no-such-id").status_code == 404


def test_a_qa_lead_sees_their_facilitators_groups_but_no_candidates(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("qa")
    changes, _ = client.pull_all()
    kinds = Counter(c["type"] for c in changes)
    for personal in ("candidate", "enrolment", "attendance", "note", "walk_in",
                     "evaluation_summary", "register_submission"):
        assert kinds[personal] == 0, personal
    groups = _by_type(changes)["group"]
    assert lookups.assigned_groups(server.database, "facilitator") <= groups
    assert kinds["event"] > 0
    users = {c["data"]["name"] for c in changes if c["type"] == "user"}
    assert {"Siân Hughes", "Oluwaseun Adeyemi"} <= users
    candidate = lookups.group_candidates(server.database, next(iter(groups)))[0]
    assert client.get(f"/records/candidate/{candidate}").status_code == 404


def test_a_partner_lead_sees_every_group_of_their_partner_and_no_other(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("partner")
    changes, _ = client.pull_all()
    partners = [c for c in changes if c["type"] == "partner"]
    assert len(partners) == 1
    expected = lookups.partner_groups(server.database, partners[0]["id"])
    assert len(expected) >= 3
    assert _by_type(changes)["group"] == expected
    assert any(c["type"] == "attendance" for c in changes)
    assert not any(c["type"] == "note" for c in changes)


def test_private_notes_are_only_visible_to_their_author(api: Api) -> None:
    author = api.login("facilitator")
    colleague = api.login("cofacilitator")
    mine = [c for c in author.pull_all()[0] if c["type"] == "note"]
    theirs = [c for c in colleague.pull_all()[0] if c["type"] == "note"]
    private = [n for n in mine if n["data"]["visibility"] == "private"]
    shared = [n for n in mine if n["data"]["visibility"] == "shared"]
    assert private and shared
    assert {n["id"] for n in theirs} == {n["id"] for n in shared}
    assert colleague.get(f"/records/note/{private[0]['id']}").status_code == 404


def test_the_evaluation_report_is_404_outside_scope(api: Api, server: EmbeddedServer) -> None:
    facilitator = api.login("facilitator")
    past = lookups.event_on(server.database,
                            lookups.assigned_groups(server.database, "facilitator"),
                            TODAY, before=True)
    report = facilitator.get(f"/reports/events/{past.event_id}/evaluation")
    assert report.status_code == 200
    body = report.json()
    assert body["invitations"] > 0 and 0 < body["responses"] <= body["invitations"]
    assert {q["id"] for q in body["questions"]} >= {"overall"}
    assert api.login("partner").get(
        f"/reports/events/{past.event_id}/evaluation").status_code == 200
    assert api.login("qa").get(
        f"/reports/events/{past.event_id}/evaluation").status_code == 404
