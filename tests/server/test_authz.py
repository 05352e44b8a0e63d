"""The authorisation table (``server.authz_table``) walked in full against a live server."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from server.app import create_app
from server.authz_table import (
    ANSWER,
    HISTORY,
    LOGOUT,
    META,
    META_ROUTES,
    PULL,
    PUSH,
    RECORD,
    REFRESH,
    REPORT,
    ROLES,
    TABLE,
    TOKEN,
    Outcome,
    Role,
    Rule,
    routes,
)
from server.embedded import EmbeddedServer
from server.settings import ServerSettings
from sync.records import FORM_TYPES, attendance_id
from tests.server import event_date_lookups as event_dates
from tests.server.api import Api, mutation
from tests.server.authz_targets import PERSONAS, Targets, form_subject, resolve
from tests.server.conftest import BACKENDS, fresh_database
from tests.server.qa_forms import form, push_form


class Walk:
    """One live server, a signed-in client per role, the targets and each role's feed."""

    def __init__(self, server: EmbeddedServer) -> None:
        self.server = server
        self.anonymous = Api(server.base_url or "")
        self.targets: Targets = resolve(server.database, self.anonymous)
        self.clients: dict[Role, Api] = {role: self.anonymous.login(name)
                                         for role, name in PERSONAS.items()}  # type: ignore[misc]
        self.clients["anonymous"] = self.anonymous
        self.feeds: dict[Role, set[tuple[str, str]]] = {}
        for role, client in self.clients.items():
            if role != "anonymous":
                self.feeds[role] = {(c["type"], c["id"]) for c in client.pull_all()[0]
                                    if not c["deleted"]}

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


@pytest.fixture(scope="module", params=BACKENDS)
def walk(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walk]:
    folder = tmp_path_factory.mktemp("authz")
    with fresh_database(str(request.param), request, folder) as url:
        server = EmbeddedServer(database_url=url, data_dir=folder)
        server.start()
        state = Walk(server)
        yield state
        state.close()
        server.close()


def _status(answer: requests.Response) -> Outcome:
    assert "Traceback" not in answer.text
    if answer.status_code == 401:
        return "unauthorized"
    if answer.status_code == 404:
        assert answer.json()["code"] == "not_found"
        return "not_found"
    assert answer.status_code < 300, answer.text
    return "allowed"


def _read(walk: Walk, rule: Rule, client: Api) -> Outcome:
    type_, id_ = _target(walk, rule, client)
    path = {RECORD: f"/records/{type_}/{id_}", HISTORY: f"/records/attendance/{id_}/history",
            REPORT: f"/reports/events/{id_}/evaluation"}[rule.route]
    return _status(client.get(path))


def _target(walk: Walk, rule: Rule, client: Api) -> tuple[str, str]:
    if (rule.target, rule.ownership) == ("user", "own"):
        return "user", str((client.user or walk.clients["facilitator"].user)["id"])
    return walk.targets.record(rule.target, rule.ownership)


def _pull(walk: Walk, rule: Rule, role: Role, client: Api) -> Outcome:
    if role == "anonymous":
        return _status(client.get("/sync/pull"))
    return "allowed" if _target(walk, rule, client) in walk.feeds[role] else "not_found"


def _form_mutation(walk: Walk, rule: Rule, client: Api) -> dict[str, Any]:
    caller = str(client.user.get("id") or "")
    if rule.target == "self_assessment":
        subject = form_subject(walk.targets, walk.server.database, rule.ownership, caller)
    else:
        subject = form_subject(walk.targets, walk.server.database, rule.ownership, "")
    return push_form(rule.target, form(rule.target, facilitator_id=subject, author_id=caller),
                     1, device="authz")


def _mutation_for(walk: Walk, rule: Rule, client: Api) -> dict[str, Any]:
    if rule.target in FORM_TYPES:
        return _form_mutation(walk, rule, client)
    if rule.target == "event_date_choice":
        event_id, day = walk.targets.date_events[rule.ownership]
        return event_dates.choice(event_id, day, event_dates.stamp(60))
    group = walk.targets.groups.get(rule.ownership) or walk.targets.groups["own"]
    event, stamp = group.past_event, f"2-0-authz{uuid.uuid4().hex[:6]}"
    why = {"amendment_reason": "authorisation table check"}
    if rule.target == "attendance":
        candidate = walk.targets.record("candidate", rule.ownership)[1]
        return mutation("attendance", attendance_id(event, candidate), {
            "event_id": event, "candidate_id": candidate, "status": "present",
            "marked_by": "x"} | why, stamp)
    if rule.target == "walk_in":
        return mutation("walk_in", str(uuid.uuid4()), {"event_id": event, "name": "A Person",
                                                       "recorded_by": "x"}, stamp)
    if rule.target == "register_submission":
        return mutation("register_submission", str(uuid.uuid4()), {
            "event_id": event, "submitted_by": "x", "submitted_at": "2026-11-23T16:00:00Z"}
            | why, stamp)
    note_id = str(uuid.uuid4())
    if rule.target in ("shared_note", "private_note"):
        note_id = walk.targets.record(rule.target, rule.ownership)[1]
        event = walk.targets.groups["own"].past_event
    return mutation("note", note_id, {"event_id": event, "body": "changed", "author_id": "x",
                                      "visibility": "shared",
                                      "updated_at": "2026-11-23T10:00:00Z"}, stamp)


def _push(walk: Walk, rule: Rule, role: Role, client: Api) -> Outcome:
    answer = client.post("/sync/push", json={"device_id": "authz",
                                             "mutations": [_mutation_for(walk, rule, client)]})
    if answer.status_code != 200:
        return _status(answer)
    result = answer.json()["results"][0]
    if result["status"] == "applied":
        return "allowed"
    code = result["error"]["code"]
    assert code in ("not_found", "forbidden_role", "not_author"), result
    return code  # type: ignore[no-any-return]


def _session(walk: Walk, rule: Rule, role: Role, client: Api) -> Outcome:
    fresh = walk.anonymous.login(PERSONAS.get(role, "facilitator"))
    if rule.route == TOKEN:
        return "allowed"  # the sign-in above went through this route
    if rule.route == REFRESH:
        return _status(walk.anonymous.post("/auth/refresh",
                                           json={"refresh_token": fresh.refresh_token}))
    caller = fresh if role != "anonymous" else walk.anonymous
    outcome = _status(caller.post("/auth/logout", json={}))
    if role != "anonymous":
        assert fresh.get("/sync/pull").status_code == 401  # the session really ended
    return outcome


def _answer(walk: Walk, rule: Rule, role: Role, client: Api) -> Outcome:
    token = walk.targets.invitations.pop() if rule.target == "invitation" else "no-such-token"
    return _status(client.post(f"/evaluations/{token}", json={"ratings": {"overall": 4}}))


PROBES: dict[str, Callable[[Walk, Rule, Role, Api], Outcome]] = {
    RECORD: lambda w, r, _role, c: _read(w, r, c),
    HISTORY: lambda w, r, _role, c: _read(w, r, c),
    REPORT: lambda w, r, _role, c: _read(w, r, c),
    PULL: _pull,
    PUSH: _push,
    META: lambda w, r, _role, c: _status(c.get("/sync/meta")),
    TOKEN: _session,
    REFRESH: _session,
    LOGOUT: _session,
    ANSWER: _answer,
}


def test_every_rule_of_the_authorisation_table_holds_on_the_live_server(walk: Walk) -> None:
    wrong = []
    for rule in TABLE:
        for role in ROLES:
            got = PROBES[rule.route](walk, rule, role, walk.clients[role])
            if got != rule.outcome(role):
                wrong.append(f"{rule.route} {rule.target}/{rule.ownership} as {role}: "
                             f"expected {rule.outcome(role)}, got {got}")
    assert not wrong, "\n".join(wrong)


def _flatten(routes: list[Any]) -> Iterator[Any]:
    """Every route, through included routers (FastAPI >= 0.16x keeps them as one entry)."""
    for route in routes:
        nested = getattr(route, "effective_candidates", None)
        if callable(nested):
            yield from _flatten(nested())
        else:
            yield route


def _app_routes(folder: Path) -> tuple[set[str], set[str]]:
    """(METHOD path) of every route of the app, and of every operation in its OpenAPI."""
    app = create_app(ServerSettings.from_env(database_url=f"sqlite:///{folder / 'db.sqlite3'}",
                                             data_dir=folder))
    found = {f"{method} {route.path}" for route in _flatten(app.routes)
             for method in (getattr(route, "methods", None) or ()) if method != "HEAD"}
    documented = {f"{method.upper()} {path}" for path, item in app.openapi()["paths"].items()
                  for method in item}
    return found - META_ROUTES, documented


def test_every_route_of_the_app_is_in_the_authorisation_table(tmp_path: Path) -> None:
    app_routes, documented = _app_routes(tmp_path)
    assert documented <= app_routes and len(app_routes) >= 10
    assert app_routes - routes() == set(), "routes missing from server/authz_table.py"
    assert routes() - app_routes == set(), "table rows for routes the app does not have"
    assert set(PROBES) == routes()
