"""Who may do what: every route × role × ownership, with the outcome the service must give.

Authorisation is data: this table is the rule. ``tests/server/test_authz.py`` walks every
row against a live server with real tokens and real seeded records, and fails when a route
of the app is missing here. Ownership is the relation of the target to the demo personas
(facilitator Siân Hughes, partner lead Priya Raman of her partner, QA lead Ciarán Ó Briain):

- ``own``: Siân's group (she facilitates it with a co-facilitator) and what she wrote in it;
- ``co-facilitated``: what her co-facilitator wrote in that group;
- ``partners``: a group of her partner that she does not facilitate;
- ``assigned-qa``: a group of another partner whose facilitators are in the QA lead's care;
- ``other``: a group of a partner nobody of the personas has anything to do with;

For recruitment (issue 16) the same words name the partner an application or a profile
request belongs to (``own``: Siân's partner, whose lead is Priya), and, for a viability
decision, its group: a group added beside the persona's group of that ownership with too
few candidates (``merged_viability_decision``/``own``: a group of Siân's partner merged into
Siân's group, its decision read on the receiving side).

For QA forms (issue 5) the same words name whom a form is about: ``own`` Siân (the demo
facilitator, in the QA lead's care), ``co-facilitated`` her co-facilitator (also in his
care), ``assigned-qa`` a facilitator of the ``assigned-qa`` group, ``other`` a facilitator
in the other QA lead's care; a ``draft_`` target is a draft, private to its author;
- ``global``: reference data; ``public``: routes that need no sign-in.

Outcomes: ``allowed``; ``not_found`` (404 for a read, a ``rejected`` result with code
``not_found`` for a push: never 403, never a hint that the record exists);
``forbidden_role`` and ``not_author`` (pushes inside the caller's scope that their role or
authorship does not allow: the record is visible to them, so naming the reason leaks
nothing); ``read_only_type`` (a push of reference data, which only the service writes:
every signed-in caller reads it, so the answer hides nothing); ``unauthorized`` (401, no or
a bad token).

A push is judged on the place its payload names (the rows below), then on the record its
id names, by one rule for every client-writable type (``server.services.push.check_claim``):
an id held by a record of another type, at another event or facilitator, or by another
author's private record is ``not_found``; another author's record the caller sees is
``not_author``. ``tests/server/test_authz.py`` pushes every writable type with such ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["facilitator", "partner_lead", "qa_lead", "anonymous"]
Ownership = Literal["own", "co-facilitated", "partners", "assigned-qa", "other", "global",
                    "public"]
Outcome = Literal["allowed", "not_found", "forbidden_role", "not_author", "read_only_type",
                  "unauthorized"]

ROLES: tuple[Role, ...] = ("facilitator", "partner_lead", "qa_lead", "anonymous")
OK: Outcome = "allowed"
NF: Outcome = "not_found"
FR: Outcome = "forbidden_role"
NA: Outcome = "not_author"
RO: Outcome = "read_only_type"
UA: Outcome = "unauthorized"

P = "/api/v1"
RECORD = f"GET {P}/records/{{record_type}}/{{record_id}}"
HISTORY = f"GET {P}/records/attendance/{{record_id}}/history"
REPORT = f"GET {P}/reports/events/{{event_id}}/evaluation"
PULL = f"GET {P}/sync/pull"
PUSH = f"POST {P}/sync/push"
WAIT = f"GET {P}/sync/wait"
META = f"GET {P}/sync/meta"
TOKEN = f"POST {P}/auth/token"
REFRESH = f"POST {P}/auth/refresh"
LOGOUT = f"POST {P}/auth/logout"
ANSWER = f"POST {P}/evaluations/{{invitation_token}}"

# Routes of the app that are not part of the protocol (documentation only).
META_ROUTES = frozenset({"GET /openapi.json", "GET /docs", "GET /docs/oauth2-redirect"})


@dataclass(frozen=True)
class Rule:
    route: str  # "METHOD /path/{param}" exactly as the app declares it
    target: str  # what the request is about (a kind of seeded record, or an action)
    ownership: Ownership
    outcomes: tuple[Outcome, Outcome, Outcome, Outcome]  # in ROLES order

    def outcome(self, role: Role) -> Outcome:
        return self.outcomes[ROLES.index(role)]


# Outcomes of a read by ownership, for the facilitator, the partner lead and the QA lead.
ByOwnership = dict[Ownership, tuple[Outcome, Outcome, Outcome]]


def _rows(routes: tuple[str, ...], target: str,
          by_ownership: ByOwnership) -> list[Rule]:
    """Rules for reads: the same outcomes on every route; anonymous is always 401."""
    return [Rule(route, target, ownership, (*outcomes, UA))
            for route in routes for ownership, outcomes in by_ownership.items()]


# A wait answers "moved" for a change to a record exactly when a pull would return it.
READS = (RECORD, PULL, WAIT)
#                              facilitator, partner lead, QA lead
GROUP_CONTENT: ByOwnership = {"own": (OK, OK, OK), "partners": (NF, OK, OK),
                              "assigned-qa": (NF, NF, OK), "other": (NF, NF, NF)}
PERSONAL: ByOwnership = {"own": (OK, OK, NF), "partners": (NF, OK, NF),
                         "assigned-qa": (NF, NF, NF), "other": (NF, NF, NF)}
# What the service reports of each candidate's year (participant progress, declarations, a
# group's impact report): personal, so as PERSONAL; the QA lead sees none even of the
# groups in their care.
SERVICE_REPORTS: ByOwnership = PERSONAL

TABLE: tuple[Rule, ...] = tuple([
    # reads of records, one by one, through the pull feed, and a wait for their changes
    *_rows(READS, "group", GROUP_CONTENT),
    *_rows(READS, "event", GROUP_CONTENT),
    *_rows(READS, "assignment", GROUP_CONTENT),
    *_rows(READS, "candidate", PERSONAL),
    *_rows(READS, "enrolment", PERSONAL),
    *_rows(READS, "attendance", PERSONAL),
    *_rows(READS, "register_submission", PERSONAL),
    *_rows(READS, "evaluation_summary", PERSONAL),
    *_rows(READS, "walk_in", {"own": (OK, OK, NF), "other": (NF, NF, NF)}),
    *_rows(READS, "shared_note", {"co-facilitated": (OK, NF, NF), "other": (NF, NF, NF)}),
    *_rows(READS, "private_note", {"own": (OK, NF, NF), "co-facilitated": (NF, NF, NF)}),
    *_rows(READS, "partner", {"own": (OK, OK, OK), "other": (NF, NF, NF)}),
    *_rows(READS, "user", {"own": (OK, OK, OK), "other": (NF, NF, NF)}),
    *_rows(READS, "qualification", {"global": (OK, OK, OK)}),
    *_rows(READS, "term_dates", {"global": (OK, OK, OK)}),
    *_rows(READS, "user", {"assigned-qa": (NF, NF, OK)}),
    # QA forms: the author, the facilitator once submitted, their QA lead; partner leads none
    *_rows(READS, "form_template", {"global": (OK, OK, OK)}),
    *_rows(READS, "qa_visit", {"own": (OK, NF, OK), "other": (NF, NF, NF)}),
    *_rows(READS, "draft_qa_visit", {"assigned-qa": (NF, NF, OK), "own": (NF, NF, OK)}),
    *_rows(READS, "coaching_conversation", {"own": (OK, NF, OK)}),
    *_rows(READS, "self_assessment", {"own": (OK, NF, OK), "co-facilitated": (NF, NF, OK),
                                      "other": (NF, NF, NF)}),
    *_rows(READS, "draft_self_assessment", {"own": (OK, NF, NF)}),
    *_rows(READS, "qa_assignment", {"own": (OK, NF, OK), "other": (NF, NF, NF)}),
    # event date choices: group content for the group's facilitators and partner lead
    *_rows(READS, "event_date_choice", {"own": (OK, OK, NF), "partners": (NF, OK, NF),
                                        "other": (NF, NF, NF)}),
    # deferrals and withdrawals (issue 15): the candidate's group's facilitators and its
    # partner's leads; QA leads none. The national reasons are reference data.
    *_rows(READS, "training_status", {"own": (OK, OK, NF), "partners": (NF, OK, NF),
                                      "other": (NF, NF, NF)}),
    *_rows(READS, "training_status_request", {"own": (OK, OK, NF), "partners": (NF, OK, NF),
                                              "other": (NF, NF, NF)}),
    *_rows(READS, "training_status_reasons", {"global": (OK, OK, OK)}),
    # what the service reports of each candidate's year (issue 15): the same readers
    *_rows(READS, "participant_progress", SERVICE_REPORTS),
    *_rows(READS, "declaration", SERVICE_REPORTS),
    *_rows(READS, "impact_report", SERVICE_REPORTS),
    # recruitment (issue 16): applications and profile requests go to the partner's leads
    # alone; a viability decision and its request are group content (and a merge's decision
    # is read in the receiving group too); registration windows and rules are reference data
    *_rows(READS, "application", {"own": (NF, OK, NF), "other": (NF, NF, NF)}),
    *_rows(READS, "partner_profile_request", {"own": (NF, OK, NF), "other": (NF, NF, NF)}),
    *_rows(READS, "registration_window", {"global": (OK, OK, OK)}),
    *_rows(READS, "recruitment_rules", {"global": (OK, OK, OK)}),
    *_rows(READS, "viability_decision_request", {"own": (OK, OK, NF),
                                                 "partners": (NF, OK, NF),
                                                 "other": (NF, NF, NF)}),
    *_rows(READS, "viability_decision", {"own": (OK, OK, NF), "partners": (NF, OK, NF),
                                         "other": (NF, NF, NF)}),
    *_rows(READS, "merged_viability_decision", {"own": (OK, OK, NF)}),
    *_rows((HISTORY,), "attendance", PERSONAL),
    *_rows((REPORT,), "event", PERSONAL),
    # writes: one mutation per request, judged by its result
    Rule(PUSH, "attendance", "own", (OK, FR, NF, UA)),
    Rule(PUSH, "attendance", "partners", (NF, FR, NF, UA)),
    Rule(PUSH, "attendance", "assigned-qa", (NF, NF, NF, UA)),
    Rule(PUSH, "attendance", "other", (NF, NF, NF, UA)),
    Rule(PUSH, "walk_in", "own", (OK, FR, NF, UA)),
    Rule(PUSH, "walk_in", "other", (NF, NF, NF, UA)),
    Rule(PUSH, "register_submission", "own", (OK, FR, NF, UA)),
    Rule(PUSH, "register_submission", "partners", (NF, FR, NF, UA)),
    Rule(PUSH, "register_submission", "other", (NF, NF, NF, UA)),
    Rule(PUSH, "new_note", "own", (OK, FR, NF, UA)),
    Rule(PUSH, "new_note", "other", (NF, NF, NF, UA)),
    Rule(PUSH, "shared_note", "co-facilitated", (NA, FR, NF, UA)),
    Rule(PUSH, "private_note", "co-facilitated", (NF, FR, NF, UA)),
    Rule(PUSH, "qa_visit", "own", (FR, FR, OK, UA)),
    Rule(PUSH, "qa_visit", "assigned-qa", (NF, FR, OK, UA)),
    Rule(PUSH, "qa_visit", "other", (NF, FR, NF, UA)),
    Rule(PUSH, "coaching_conversation", "own", (FR, FR, OK, UA)),
    Rule(PUSH, "coaching_conversation", "other", (NF, FR, NF, UA)),
    # a self-assessment about the caller themselves ("own"), or about a colleague
    Rule(PUSH, "self_assessment", "own", (OK, FR, FR, UA)),
    Rule(PUSH, "self_assessment", "co-facilitated", (NF, FR, FR, UA)),
    Rule(PUSH, "self_assessment", "other", (NF, FR, NF, UA)),
    # an event's date: only the partner lead of the group's partner chooses it; whoever
    # else sees the event is told their role does not
    Rule(PUSH, "event_date_choice", "own", (FR, OK, FR, UA)),
    Rule(PUSH, "event_date_choice", "partners", (NF, OK, FR, UA)),
    Rule(PUSH, "event_date_choice", "assigned-qa", (NF, NF, FR, UA)),
    Rule(PUSH, "event_date_choice", "other", (NF, NF, NF, UA)),
    # a deferral or withdrawal request: a facilitator of the candidate's group or a partner
    # lead of its partner
    Rule(PUSH, "training_status_request", "own", (OK, OK, NF, UA)),
    Rule(PUSH, "training_status_request", "partners", (NF, OK, NF, UA)),
    Rule(PUSH, "training_status_request", "assigned-qa", (NF, NF, NF, UA)),
    Rule(PUSH, "training_status_request", "other", (NF, NF, NF, UA)),
    # a viability decision: only the partner lead of the group's partner; its facilitators
    # are told their role does not decide; QA leads, who see the group, are not found
    Rule(PUSH, "viability_decision_request", "own", (FR, OK, NF, UA)),
    Rule(PUSH, "viability_decision_request", "partners", (NF, OK, NF, UA)),
    Rule(PUSH, "viability_decision_request", "assigned-qa", (NF, NF, NF, UA)),
    Rule(PUSH, "viability_decision_request", "other", (NF, NF, NF, UA)),
    # the partner's profile: only its partner leads; a facilitator of its groups, who reads
    # the partner, is told their role does not
    Rule(PUSH, "partner_profile_request", "own", (FR, OK, NF, UA)),
    Rule(PUSH, "partner_profile_request", "other", (NF, NF, NF, UA)),
    Rule(PUSH, "application", "own", (RO, RO, RO, UA)),
    Rule(PUSH, "registration_window", "global", (RO, RO, RO, UA)),
    Rule(PUSH, "recruitment_rules", "global", (RO, RO, RO, UA)),
    Rule(PUSH, "viability_decision", "own", (RO, RO, RO, UA)),
    # reference data (school term dates by local authority, the reasons for a deferral or
    # withdrawal) and what the service decides (a training status): the service's alone
    Rule(PUSH, "term_dates", "global", (RO, RO, RO, UA)),
    Rule(PUSH, "training_status_reasons", "global", (RO, RO, RO, UA)),
    Rule(PUSH, "training_status", "own", (RO, RO, RO, UA)),
    Rule(PUSH, "participant_progress", "own", (RO, RO, RO, UA)),
    Rule(PUSH, "declaration", "own", (RO, RO, RO, UA)),
    Rule(PUSH, "impact_report", "own", (RO, RO, RO, UA)),
    # sessions and public routes
    Rule(LOGOUT, "session", "own", (OK, OK, OK, UA)),
    Rule(META, "meta", "public", (OK, OK, OK, OK)),
    Rule(TOKEN, "sign_in", "public", (OK, OK, OK, OK)),
    Rule(REFRESH, "refresh_token", "own", (OK, OK, OK, OK)),
    Rule(ANSWER, "invitation", "public", (OK, OK, OK, OK)),
    Rule(ANSWER, "unknown_invitation", "public", (NF, NF, NF, NF)),
])


def routes() -> set[str]:
    return {rule.route for rule in TABLE}
