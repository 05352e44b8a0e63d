"""The authorisation table (``server.authz_table``) walked in full against a live server."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import update

from protocol.records import CLIENT_WRITABLE_TYPES, FORM_TYPES, attendance_id
from server import migrate, sequence
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
    WAIT,
    Outcome,
    Role,
    Rule,
    routes,
)
from server.embedded import EmbeddedServer
from server.models import Record
from server.services.pull import encode_cursor
from server.services.push import NOT_YOURS
from server.settings import ServerSettings
from tests.server import event_date_lookups as event_dates
from tests.server.api import Api, mutation
from tests.server.authz_targets import (
    PERSONAS,
    Targets,
    deferral,
    form_subject,
    partner_lead_of,
    profile_request,
    resolve,
    username_of,
    viability_request,
)
from tests.server.conftest import BACKENDS, fresh_database
from tests.server.qa_forms import form, push_form
from tests.server.route_list import flatten_routes

# What the service reports of each candidate's year: written by the service alone.
SERVICE_REPORTS = ("participant_progress", "declaration", "impact_report")
# Recruitment records the service alone writes (issue 16).
RECRUITMENT_KEPT = ("application", "registration_window", "recruitment_rules",
                    "viability_decision")


class Walk:
    """One live server, a signed-in client per role, the targets and each role's feed."""

    def __init__(self, server: EmbeddedServer) -> None:
        self.server = server
        self.observers: dict[str, Api] = {}
        self.anonymous = Api(server.base_url or "")
        self.targets: Targets = resolve(server.database, self.anonymous, server.postbox)
        self.clients: dict[Role, Api] = {role: self.anonymous.login(name)
                                         for role, name in PERSONAS.items()}  # type: ignore[misc]
        self.clients["anonymous"] = self.anonymous
        self.feeds: dict[Role, set[tuple[str, str]]] = {}
        for role, client in self.clients.items():
            if role != "anonymous":
                self.feeds[role] = {(c["type"], c["id"]) for c in client.pull_all()[0]
                                    if not c["deleted"]}

    def close(self) -> None:
        for client in [*self.clients.values(), *self.observers.values()]:
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


def _wait(walk: Walk, rule: Rule, role: Role, client: Api) -> Outcome:
    """The target changes (a new sequence number, as any write gives it); a wait from just
    before answers ``moved`` (allowed) or ``nothing`` (not found) at once."""
    if role == "anonymous":
        return _status(client.get("/sync/wait", timeout=0))
    type_, id_ = _target(walk, rule, client)
    database = walk.server.database
    with database.write() as session:
        sequence.lock(session)
        before = encode_cursor(migrate.instance_id(database), sequence.current(session))
        session.execute(update(Record).where(Record.type == type_, Record.id == id_)
                        .values(seq=sequence.next_seq(session)))
    answer = client.get("/sync/wait", cursor=before, timeout=0)
    assert answer.status_code == 200, answer.text
    return "allowed" if answer.json()["status"] == "moved" else "not_found"


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
    if rule.target == "term_dates":
        type_, id_ = walk.targets.record(rule.target, rule.ownership)
        return mutation(type_, id_, {"authority": "Calderdale", "academic_year": "2026/27",
                                     "first_day": "2026-09-01", "last_day": "2027-08-31",
                                     "holidays": []}, event_dates.stamp(61))
    if rule.target in ("training_status", "training_status_reasons", *SERVICE_REPORTS,
                       *RECRUITMENT_KEPT):
        type_, id_ = walk.targets.record(rule.target, rule.ownership)
        return mutation(type_, id_, {"candidate_id": "c", "group_id": "g",
                                     "status": "withdrawn"}, event_dates.stamp(62))
    if rule.target == "training_status_request":
        return deferral(walk.server.database, walk.targets.groups[rule.ownership],
                        f"2-0-authz{uuid.uuid4().hex[:6]}")
    if rule.target == "viability_decision_request":
        return viability_request(walk.targets.small_groups[rule.ownership],
                                 f"2-0-authz{uuid.uuid4().hex[:6]}")
    if rule.target == "partner_profile_request":
        return profile_request(walk.targets.groups[rule.ownership].partner_id,
                               f"2-0-authz{uuid.uuid4().hex[:6]}")
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
                                                       "recorded_by": "x"} | why, stamp)
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
    assert code in ("not_found", "forbidden_role", "not_author", "read_only_type"), result
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
    WAIT: _wait,
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



def _app_routes(folder: Path) -> tuple[set[str], set[str]]:
    """(METHOD path) of every route of the app, and of every operation in its OpenAPI."""
    app = create_app(ServerSettings.from_env(database_url=f"sqlite:///{folder / 'db.sqlite3'}",
                                             data_dir=folder))
    found = {f"{method} {route.path}" for route in flatten_routes(app.routes)
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


# ---- the one rule on a pushed id (issue 12) ------------------------------------------------
# For every client-writable type: who pushes it here, and a mutation they may push at their
# own place (the past event of Siân's group; Siân as the form's subject; her partner's next
# date to choose) with a given id (None: a free one, or the one derived from the place).

Build = Callable[[Walk, "str | None"], dict[str, Any]]


def _stamp() -> str:
    return f"2-0-claim{uuid.uuid4().hex[:6]}"


def _own_event(walk: Walk) -> str:
    return walk.targets.groups["own"].past_event


def _attendance(walk: Walk, id_: str | None) -> dict[str, Any]:
    event, candidate = _own_event(walk), walk.targets.record("candidate", "own")[1]
    return mutation("attendance", id_ or attendance_id(event, candidate), {
        "event_id": event, "candidate_id": candidate, "status": "present", "marked_by": "x",
        "amendment_reason": "cross-scope check"}, _stamp())


def _submission(walk: Walk, id_: str | None) -> dict[str, Any]:
    return mutation("register_submission", id_ or str(uuid.uuid4()), {
        "event_id": _own_event(walk), "submitted_by": "x",
        "submitted_at": "2026-11-23T16:00:00Z", "amendment_reason": "cross-scope check"},
        _stamp())


def _walk_in(walk: Walk, id_: str | None) -> dict[str, Any]:
    return mutation("walk_in", id_ or str(uuid.uuid4()), {
        "event_id": _own_event(walk), "name": "A Person", "recorded_by": "x",
        "amendment_reason": "cross-scope check"}, _stamp())


def _note(walk: Walk, id_: str | None) -> dict[str, Any]:
    return mutation("note", id_ or str(uuid.uuid4()), {
        "event_id": _own_event(walk), "body": "Mine now", "author_id": "x",
        "visibility": "shared", "updated_at": "2026-11-23T10:00:00Z"}, _stamp())


def _form(kind: str) -> Build:
    def build(walk: Walk, id_: str | None) -> dict[str, Any]:
        siân = str(walk.clients["facilitator"].user["id"])
        author = siân if kind == "self_assessment" else str(walk.clients["qa_lead"].user["id"])
        return push_form(kind, form(kind, facilitator_id=siân, author_id=author), 50,
                         record_id=id_, device="claim")
    return build


def _date_choice(walk: Walk, id_: str | None) -> dict[str, Any]:
    event_id, day = walk.targets.date_events["own"]
    return event_dates.choice(event_id, day, event_dates.stamp(90)) | ({"id": id_} if id_
                                                                       else {})


def _status_request(walk: Walk, id_: str | None) -> dict[str, Any]:
    return deferral(walk.server.database, walk.targets.groups["own"], _stamp(), id_)


def _viability_request(walk: Walk, id_: str | None) -> dict[str, Any]:
    return viability_request(walk.targets.small_groups["own"], _stamp(), id_)


def _profile_request(walk: Walk, id_: str | None) -> dict[str, Any]:
    return profile_request(walk.targets.groups["own"].partner_id, _stamp(), id_)


CLAIMS: dict[str, tuple[Role, Build]] = {
    "attendance": ("facilitator", _attendance),
    "register_submission": ("facilitator", _submission),
    "walk_in": ("facilitator", _walk_in),
    "note": ("facilitator", _note),
    "qa_visit": ("qa_lead", _form("qa_visit")),
    "coaching_conversation": ("qa_lead", _form("coaching_conversation")),
    "self_assessment": ("facilitator", _form("self_assessment")),
    "event_date_choice": ("partner_lead", _date_choice),
    "training_status_request": ("facilitator", _status_request),
    "viability_decision_request": ("partner_lead", _viability_request),
    "partner_profile_request": ("partner_lead", _profile_request),
}
# Records (target, ownership of ``authz_targets``) of each type whose id the caller may not
# take: out of their scope, another author's, tombstones, at another event or facilitator.
# Each type is also tried with the id of a record of another writable type.
VICTIMS: dict[str, tuple[tuple[str, str], ...]] = {
    "attendance": (("attendance", "other"), ("attendance", "partners")),
    "register_submission": (("register_submission", "other"),
                            ("register_submission", "partners")),
    "walk_in": (("walk_in", "other"), ("deleted_walk_in", "other")),
    "note": (("shared_note", "other"), ("deleted_note", "other"),
             ("private_note", "co-facilitated")),
    "qa_visit": (("qa_visit", "other"), ("draft_qa_visit", "assigned-qa")),
    "coaching_conversation": (("coaching_conversation", "other"),),
    "self_assessment": (("self_assessment", "other"), ("self_assessment", "co-facilitated")),
    "event_date_choice": (("event_date_choice", "other"), ("event_date_choice", "partners")),
    "training_status_request": (("training_status_request", "other"),
                                ("training_status_request", "partners")),
    "viability_decision_request": (("viability_decision_request", "other"),
                                   ("viability_decision_request", "partners")),
    "partner_profile_request": (("partner_profile_request", "other"),),
}


def _observers(walk: Walk) -> dict[str, Api]:
    """Everyone who sees one of the victims: the personas, the co-facilitator, the
    facilitator and partner lead of the other group, its QA lead, a partners' group's
    facilitator."""
    if not walk.observers:
        database, groups = walk.server.database, walk.targets.groups
        names = {"cofacilitator", "qa2", username_of(database, groups["other"].facilitators[0]),
                 partner_lead_of(database, groups["other"].partner_id),
                 username_of(database, groups["partners"].facilitators[0])}
        walk.observers = {name: walk.anonymous.login(name) for name in sorted(names)}
    return walk.observers | {role: walk.clients[role] for role in PERSONAS}


def _stored(walk: Walk, key: tuple[str, str]) -> tuple[Any, ...] | None:
    with walk.server.database.read() as session:
        row = session.get(Record, key)
        return None if row is None else (row.data, row.deleted, row.seq, row.group_id,
                                         row.event_id, row.owner_id, row.ref_id, row.private)


def test_the_cross_scope_walk_covers_every_client_writable_type() -> None:
    assert set(CLAIMS) == set(VICTIMS) == CLIENT_WRITABLE_TYPES, \
        "a writable type needs a case in CLAIMS and VICTIMS"


@pytest.mark.parametrize("type_", sorted(CLIENT_WRITABLE_TYPES))
def test_a_pushed_id_naming_a_record_not_the_callers_is_not_found_and_changes_nothing(
        walk: Walk, type_: str) -> None:
    role, build = CLAIMS[type_]
    client = walk.clients[role]
    other_type = ("shared_note", "other") if type_ == "walk_in" else ("walk_in", "other")
    victims = [walk.targets.record(*v) for v in (*VICTIMS[type_], other_type)]
    watched = victims + [(type_, victim_id) for _, victim_id in victims]
    before = {key: _stored(walk, key) for key in watched}
    assert all(before[key] is not None for key in victims)
    observers = _observers(walk)
    cursors = {name: observer.pull_all()[1] for name, observer in observers.items()}

    answers = {key: client.push(build(walk, key[1]))[0] for key in victims}

    wrong = {key: answer for key, answer in answers.items()
             if answer["status"] != "rejected" or answer["error"] != {
                 "code": "not_found", "message": NOT_YOURS}}
    assert not wrong, wrong
    assert {key: _stored(walk, key) for key in watched} == before
    for name, observer in observers.items():
        assert observer.pull_page(cursors[name])["changes"] == [], name
    # the same mutation with a free id (or the one its place gives) is the caller's to push
    assert client.push(build(walk, None))[0]["status"] == "applied"
