"""schemathesis over the live server's /openapi.json: no 5xx, responses as documented."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import select

from protocol.records import CLIENT_WRITABLE_TYPES, RECORD_MODELS, VIABILITY_DECISION_KINDS
from server.embedded import EmbeddedServer
from server.models import Record
from tests.server.api import Api
from tests.server.conftest import BACKENDS, fresh_database
from tests.server.recruitment_lookups import seeded_small_groups

QUICK = settings(max_examples=8, deadline=None, derandomize=True,
                 suppress_health_check=list(HealthCheck))
# Not checked: "schema-valid data is accepted". Ids, cursors and invitation tokens are opaque
# strings in the schema but only the ones this server issued are found (404/410 otherwise).
LONG = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


class Live:
    def __init__(self, server: EmbeddedServer) -> None:
        self.server = server
        self.api = Api(server.base_url or "")
        self.token = self.api.login("facilitator").token

    def headers(self, case: Any) -> dict[str, str]:
        token = self.token
        if case.operation.path.endswith("/auth/logout"):  # would end the shared session
            token = self.api.login("facilitator").token
        return {"Authorization": f"Bearer {token}", "X-Client-Version": "0.1.0"}


@pytest.fixture(scope="module", params=BACKENDS)
def live(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    folder = tmp_path_factory.mktemp("fuzz")
    with fresh_database(str(request.param), request, folder) as url:
        server = EmbeddedServer(database_url=url, data_dir=folder)
        # a wait the fuzzer opens with a cursor it was given lasts its full time-out: short
        server.settings = dataclasses.replace(server.settings, max_wait_seconds=0.5)
        server.start()
        yield Live(server)
        server.close()


def _check(case: Any, live: Live) -> None:
    response = case.call_and_validate(headers=live.headers(case), timeout=30,
                                      excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text


def _fuzz(live: Live, budget: settings) -> None:
    """Every operation of the live document, each with its own hypothesis run; all failures
    are collected (schemathesis' pytest plugin does not work with pytest 9 yet)."""
    api_schema = schemathesis.openapi.from_url(f"{live.server.base_url}/openapi.json")
    failures, labels = [], []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)

        # sign-in hashes a password (~0.2 s): fewer examples where each case signs in
        slow = operation.path.endswith(("/auth/token", "/auth/logout"))
        @settings(budget, max_examples=max(3, budget.max_examples // 3) if slow else
                  budget.max_examples)
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            _check(case, live)

        try:
            run()
        except Exception as exc:  # reported together below
            failures.append(f"{operation.label}: {exc}")
    assert len(labels) >= 10, labels
    assert not failures, "\n\n".join(failures)


def test_every_operation_answers_as_documented(live: Live) -> None:
    _fuzz(live, QUICK)


@pytest.mark.slow
def test_every_operation_answers_as_documented_long_run(live: Live) -> None:
    _fuzz(live, LONG)


# ---- the record types the service alone writes ------------------------------------------
# The fuzzer draws a mutation's type from the documented enum, a few examples per
# operation; these make sure every type the service keeps (reference data, training
# statuses, progress, declarations, impact reports) is pushed, with any payload.
SERVICE_WRITTEN = sorted(set(RECORD_MODELS) - CLIENT_WRITABLE_TYPES)
PAYLOADS = st.dictionaries(st.text(max_size=24), st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=40),
    st.lists(st.text(max_size=8), max_size=3)), max_size=6)


def test_the_documented_record_types_are_every_type_of_the_protocol(live: Live) -> None:
    document = live.api.http.get(f"{live.server.base_url}/openapi.json", timeout=30).json()
    schemas = document["components"]["schemas"]
    assert set(schemas["Mutation"]["properties"]["type"]["enum"]) == set(RECORD_MODELS)
    assert set(schemas["Change"]["properties"]["type"]["enum"]) == set(RECORD_MODELS)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(type_=st.sampled_from(SERVICE_WRITTEN), data=PAYLOADS,
       op=st.sampled_from(["upsert", "delete"]), record_id=st.uuids())
def test_a_push_of_a_type_the_service_keeps_is_read_only_whatever_its_payload(
        live: Live, type_: str, data: dict[str, Any], op: str, record_id: Any) -> None:
    signed_in = Api(live.server.base_url or "", live.token)
    answer = signed_in.post("/sync/push", json={"device_id": "fuzz", "mutations": [{
        "mutation_id": str(record_id), "type": type_, "id": str(record_id), "op": op,
        "data": data, "hlc": "1-0-fuzz"}]})
    assert answer.status_code == 200, answer.text
    [result] = answer.json()["results"]
    assert result["status"] == "rejected" and result["error"]["code"] == "read_only_type"


# ---- the requests partner leads push (issue 16) -------------------------------------------
# A viability decision and a profile proposal drawn over the real groups and partners (and
# ids that name nothing), any text, by a partner lead of a group below its minimum: the
# service applies or refuses each in words, never fails.
NOTES = st.text(max_size=60)
CONTACT = st.fixed_dictionaries({"name": st.text(max_size=30)}, optional={
    "role": st.text(max_size=20), "email": st.text(max_size=30),
    "phone": st.text(alphabet="0123456789 +()-x", max_size=20)})
VENUE = st.fixed_dictionaries({"name": st.text(max_size=30)},
                              optional={"address": st.text(max_size=40)})
REFUSALS = {"invalid", "not_found", "forbidden_role"}


def _recruitment_world(live: Live) -> tuple[str, list[str], list[str]]:
    """A token of a partner lead whose partner has a group below its minimum, every group
    id and every partner id."""
    database = live.server.database
    small = seeded_small_groups(database)[0]
    with database.read() as session:
        groups = sorted(session.scalars(select(Record.id).where(Record.type == "group")))
        partners = sorted(session.scalars(select(Record.id).where(Record.type == "partner")))
    return str(live.api.login(small.lead).token), groups, partners


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(data=st.data(), op=st.sampled_from(["upsert", "delete"]), record_id=st.uuids())
def test_a_partner_leads_requests_are_applied_or_refused_in_words_whatever_they_hold(
        live: Live, data: st.DataObject, op: str, record_id: Any) -> None:
    token, groups, partners = _recruitment_world(live)
    if data.draw(st.booleans()):
        type_, payload = "viability_decision_request", data.draw(st.fixed_dictionaries({
            "group_id": st.sampled_from([*groups, "no-such-group"]),
            "kind": st.sampled_from([*VIABILITY_DECISION_KINDS, "cancel"]),
            "merge_into_group_id": st.none() | st.sampled_from(groups), "note": NOTES,
            "requested_by": st.just("x"),
            "requested_at": st.sampled_from(["2026-11-23T10:00:00Z", "soon"])}))
    else:
        type_, payload = "partner_profile_request", data.draw(st.fixed_dictionaries({
            "partner_id": st.sampled_from([*partners, "no-such-partner"]),
            "overview": NOTES, "contacts": st.lists(CONTACT, max_size=3),
            "venues": st.lists(VENUE, max_size=3), "requested_by": st.just("x"),
            "requested_at": st.just("2026-11-23T10:00:00Z")}))
    signed_in = Api(live.server.base_url or "", token)
    answer = signed_in.post("/sync/push", json={"device_id": "fuzz", "mutations": [{
        "mutation_id": str(record_id), "type": type_, "id": str(record_id), "op": op,
        "data": payload, "hlc": "1-0-fuzz"}]})
    assert answer.status_code == 200, answer.text
    [result] = answer.json()["results"]
    assert result["status"] == "applied" or (
        result["status"] == "rejected" and result["error"]["code"] in REFUSALS
        and result["error"]["message"]), result
    signed_in.close()
