"""Real seeded records for each (target, ownership) of ``server.authz_table``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import false, select

from protocol.records import (
    ATTENDED_STATUSES,
    ApplicationData,
    ImpactReportData,
    RecruitmentRulesData,
    RegistrationWindowData,
    attendance_id,
    event_date_choice_id,
    form_template_id,
    impact_report_id,
    recruitment_rules_id,
    registration_window_id,
    training_status_id,
    training_status_reasons_id,
    viability_decision_id,
)
from server import sequence, store
from server.db import Database
from server.models import QaAssignment, Record, User
from server.services import qa_care
from server.services.evaluations import SimulatedPostbox
from server.store import Placement
from tests.server import event_date_lookups as event_dates
from tests.server import lookups
from tests.server.api import Api, mutation
from tests.server.conftest import TODAY
from tests.server.qa_forms import complete_answers, form, push_form
from tests.server.recruitment_lookups import add_group, group_data

PERSONAS = {"facilitator": "facilitator", "partner_lead": "partner", "qa_lead": "qa"}


@dataclass
class GroupFacts:
    group_id: str
    partner_id: str
    past_event: str
    facilitators: list[str]


@dataclass
class Targets:
    groups: dict[str, GroupFacts]
    records: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    invitations: list[str] = field(default_factory=list)
    # per ownership: a future event of the group and a day its partner lead may choose
    date_events: dict[str, tuple[str, str]] = field(default_factory=dict)
    # per ownership: a group below its minimum beside the persona's group (issue 16)
    small_groups: dict[str, str] = field(default_factory=dict)

    def record(self, target: str, ownership: str) -> tuple[str, str]:
        return self.records[(target, ownership)]


def _facts(database: Database, group_id: str) -> GroupFacts:
    with database.read() as session:
        group = session.get(Record, ("group", group_id))
        assert group is not None and group.data is not None
        events = [e for e in session.scalars(select(Record).where(
            Record.type == "event", Record.group_id == group_id))
            if e.data and e.data["chosen_date"] and e.data["chosen_date"] < TODAY.isoformat()]
    past = max(events, key=lambda e: e.data["chosen_date"] if e.data else "")
    return GroupFacts(group_id, str(group.ref_id), past.id, list(group.data["facilitator_ids"]))


def _autumn_group_where(database: Database, facilitators_ok: set[str], exclude_partner: str,
                        ) -> str:
    with database.read() as session:
        groups = session.scalars(select(Record).where(
            Record.type == "group", Record.ref_id != exclude_partner).order_by(Record.id))
        for group in groups:
            data = group.data or {}
            fac = set(data.get("facilitator_ids", []))
            if "-AUT" in data.get("code", "") and fac and fac <= facilitators_ok:
                return group.id
    raise AssertionError("no such group in the seed")


def _qa_facilitators(database: Database, qa_username: str) -> set[str]:
    qa = lookups.user_id(database, qa_username)
    with database.read() as session:
        return set(session.scalars(select(QaAssignment.facilitator_id).where(
            QaAssignment.qa_lead_id == qa)))


def _first(database: Database, type_: str, **where: str) -> str:
    with database.read() as session:
        query = select(Record.id).where(Record.type == type_, Record.deleted == false())
        for column, value in where.items():
            query = query.where(getattr(Record, column) == value)
        found = session.scalars(query.order_by(Record.id)).first()
    assert found is not None, (type_, where)
    return str(found)


def username_of(database: Database, user_id: str) -> str:
    with database.read() as session:
        return str(session.scalar(select(User.username).where(User.id == user_id)))


def resolve(database: Database, api: Api, postbox: SimulatedPostbox) -> Targets:
    own = lookups.event_on(database, lookups.assigned_groups(database, "facilitator"),
                           TODAY).group_id
    own_facts = _facts(database, own)
    with database.read() as session:
        partners = sorted(g.id for g in session.scalars(select(Record).where(
            Record.type == "group", Record.ref_id == own_facts.partner_id))
            if "-AUT" in (g.data or {}).get("code", "") and g.id != own)
    groups = {
        "own": own_facts,
        "partners": _facts(database, partners[0]),
        "assigned-qa": _facts(database, _autumn_group_where(
            database, _qa_facilitators(database, "qa"), own_facts.partner_id)),
        "other": _facts(database, _autumn_group_where(
            database, _qa_facilitators(database, "qa2"), own_facts.partner_id)),
    }
    targets = Targets(groups)
    for ownership, facts in groups.items():
        g, ev = facts.group_id, facts.past_event
        targets.records.update({
            ("group", ownership): ("group", g),
            ("event", ownership): ("event", ev),
            ("assignment", ownership): ("assignment", _first(database, "assignment", group_id=g)),
            ("candidate", ownership): ("candidate", _first(database, "candidate", group_id=g)),
            ("enrolment", ownership): ("enrolment", _first(database, "enrolment", group_id=g)),
            ("attendance", ownership): ("attendance", _first(database, "attendance",
                                                             event_id=ev)),
            ("register_submission", ownership): ("register_submission", _first(
                database, "register_submission", event_id=ev)),
            ("evaluation_summary", ownership): ("evaluation_summary", ev),
        })
    other = groups["other"]
    targets.records.update({
        ("walk_in", "own"): ("walk_in", _first(database, "walk_in", group_id=own)),
        ("partner", "own"): ("partner", own_facts.partner_id),
        ("partner", "other"): ("partner", other.partner_id),
        ("user", "other"): ("user", other.facilitators[0]),
        ("qualification", "global"): ("qualification", _first(database, "qualification")),
        ("term_dates", "global"): ("term_dates", _first(database, "term_dates")),
    })
    with database.read() as session:
        notes = list(session.scalars(select(Record).where(Record.type == "note",
                                                          Record.group_id == own)))
    targets.records[("private_note", "own")] = ("note", next(n.id for n in notes if n.private))
    targets.records[("shared_note", "co-facilitated")] = (
        "note", next(n.id for n in notes if not n.private))
    _write_extras(database, api, targets)
    _training_statuses(database, api, targets)
    _service_reports(database, targets)
    _qa_records(database, api, targets)
    _date_choices(database, api, targets)
    _invitations(database, api, targets, postbox)
    _recruitment(database, api, targets)
    return targets


def viability_request(group_id: str, hlc: str, record_id: str | None = None,
                      kind: str = "run_below_minimum", into: str | None = None) -> dict:
    return mutation("viability_decision_request", record_id or str(uuid.uuid4()), {
        "group_id": group_id, "kind": kind, "merge_into_group_id": into,
        "note": "Authorisation check", "requested_by": "x",
        "requested_at": "2026-11-23T10:00:00Z"}, hlc)


def profile_request(partner_id: str, hlc: str, record_id: str | None = None) -> dict:
    return mutation("partner_profile_request", record_id or str(uuid.uuid4()), {
        "partner_id": partner_id, "overview": "Authorisation check",
        "contacts": [{"name": "A Contact", "email": "a.contact@example.org"}],
        "venues": [{"name": "A Venue"}], "requested_by": "x",
        "requested_at": "2026-11-23T10:00:00Z"}, hlc)


def _recruitment(database: Database, api: Api, targets: Targets) -> None:
    """Applications to Siân's partner and another (written as the service would); the
    registration window of her group's intake and the rules, where the seed has none; a
    small group beside each persona's group, with a decision to run it below the minimum
    pushed by its partner's lead; a small group of her partner merged into her group; a
    profile proposed by her partner's lead and by the other group's."""
    own, other = targets.groups["own"], targets.groups["other"]
    intake = group_data(database, own.group_id).intake_id
    with database.write() as session:
        sequence.lock(session)
        for ownership, facts in (("own", own), ("other", other)):
            application = str(uuid.uuid4())
            store.put(session, "application", application, ApplicationData(
                given_name="Ada", family_name="Applicant", school="Invented School",
                qualification_code="NPQSL", intake_id=intake, partner_id=facts.partner_id,
                source="allocation_code", applied_on="2026-11-01").model_dump(),
                Placement(ref_id=facts.partner_id))
            targets.records[("application", ownership)] = ("application", application)
        window = registration_window_id(intake)
        if store.get(session, "registration_window", window) is None:
            store.put(session, "registration_window", window, RegistrationWindowData(
                intake_id=intake, opens_on="2026-01-17", closes_on="2026-09-12").model_dump(),
                Placement())
        if store.get(session, "recruitment_rules", recruitment_rules_id()) is None:
            store.put(session, "recruitment_rules", recruitment_rules_id(),
                      RecruitmentRulesData().model_dump(), Placement())
    targets.records[("registration_window", "global")] = ("registration_window", window)
    targets.records[("recruitment_rules", "global")] = ("recruitment_rules",
                                                        recruitment_rules_id())
    siân = lookups.user_id(database, "facilitator")
    for ownership, facts in targets.groups.items():
        facilitators = [siân] if ownership == "own" else facts.facilitators
        targets.small_groups[ownership] = add_group(
            database, facts.group_id, size=8, facilitators=facilitators, suffix="SMALL")
    for ownership in ("own", "partners", "other"):
        group = targets.small_groups[ownership]
        lead = api.login(partner_lead_of(database, targets.groups[ownership].partner_id))
        pushed = viability_request(group, "1-0-viability")
        assert lead.push(pushed)[0]["status"] == "applied", ownership
        targets.records[("viability_decision_request", ownership)] = (
            "viability_decision_request", pushed["id"])
        targets.records[("viability_decision", ownership)] = (
            "viability_decision", viability_decision_id(group))
        profile = profile_request(targets.groups[ownership].partner_id, "1-1-profile")
        if ownership != "partners":  # the same partner as own
            assert lead.push(profile)[0]["status"] == "applied", ownership
            targets.records[("partner_profile_request", ownership)] = (
                "partner_profile_request", profile["id"])
        lead.close()
    merged = add_group(database, own.group_id, size=7,
                       facilitators=targets.groups["partners"].facilitators, suffix="MERGED")
    lead = api.login(partner_lead_of(database, own.partner_id))
    assert lead.push(viability_request(merged, "1-2-viability", kind="merge",
                                       into=own.group_id))[0]["status"] == "applied"
    lead.close()
    targets.records[("merged_viability_decision", "own")] = (
        "viability_decision", viability_decision_id(merged))


def attended_candidate(database: Database, facts: GroupFacts) -> str:
    """A candidate of the group who attended its last past event (so a deferral dated that
    day follows engagement)."""
    with database.read() as session:
        marks = session.scalars(select(Record.data).where(
            Record.type == "attendance", Record.event_id == facts.past_event)
            .order_by(Record.id)).all()
    return next(str(m["candidate_id"]) for m in marks
                if m and m.get("status") in ATTENDED_STATUSES)


def deferral(database: Database, facts: GroupFacts, hlc: str,
             record_id: str | None = None) -> dict:
    """A deferral request for an attended candidate of the group, dated its past event."""
    with database.read() as session:
        event = session.get(Record, ("event", facts.past_event))
        assert event is not None and event.data is not None
        day = str(event.data["chosen_date"])
    return mutation("training_status_request", record_id or str(uuid.uuid4()), {
        "candidate_id": attended_candidate(database, facts), "group_id": facts.group_id,
        "kind": "deferred", "reason": "career-break", "effective_date": day,
        "note": "Authorisation check", "requested_by": "x",
        "requested_at": "2026-11-23T10:00:00Z"}, hlc)


def _training_statuses(database: Database, api: Api, targets: Targets) -> None:
    """A deferral in the own, partners' and other group, each asked for by someone who may
    (Siân, the partner lead, the other group's facilitator)."""
    targets.records[("training_status_reasons", "global")] = (
        "training_status_reasons", training_status_reasons_id())
    targets.records[("training_status", "global")] = ("training_status", str(uuid.uuid4()))
    askers = {"own": "facilitator", "partners": "partner",
              "other": username_of(database, targets.groups["other"].facilitators[0])}
    for ownership, username in askers.items():
        facts = targets.groups[ownership]
        client = api.login(username)
        pushed = deferral(database, facts, "1-0-status")
        result = client.push(pushed)[0]
        assert result["status"] == "applied", (ownership, result)
        client.close()
        targets.records[("training_status_request", ownership)] = (
            "training_status_request", pushed["id"])
        targets.records[("training_status", ownership)] = ("training_status", training_status_id(
            facts.group_id, pushed["data"]["candidate_id"]))


def _service_reports(database: Database, targets: Targets) -> None:
    """What the service reports of each candidate's year, as the seed computed it for every
    group (a candidate's progress and declarations); a group's impact report, written here
    where the seed has none."""
    for ownership, facts in targets.groups.items():
        g = facts.group_id
        targets.records[("participant_progress", ownership)] = (
            "participant_progress", _first(database, "participant_progress", group_id=g))
        targets.records[("declaration", ownership)] = (
            "declaration", _first(database, "declaration", group_id=g))
        report = impact_report_id(g)
        with database.write() as session:
            sequence.lock(session)
            if store.get(session, "impact_report", report) is None:
                store.put(session, "impact_report", report,
                          ImpactReportData(group_id=g, simulated=True).model_dump(),
                          Placement(group_id=g))
        targets.records[("impact_report", ownership)] = ("impact_report", report)


def _invitations(database: Database, api: Api, targets: Targets,
                 postbox: SimulatedPostbox) -> None:
    """Open evaluation invitations, their tokens as the candidates receive them: Siân
    takes today's register (everyone present) and submits it."""
    today = lookups.event_on(database, {targets.groups["own"].group_id}, TODAY)
    siân = api.login("facilitator")
    marks = [mutation("attendance", attendance_id(today.event_id, c), {
        "event_id": today.event_id, "candidate_id": c, "status": "present", "marked_by": "x"},
        f"3-{n}-authz") for n, c in enumerate(today.candidate_ids)]
    submission = mutation("register_submission", str(uuid.uuid4()), {
        "event_id": today.event_id, "submitted_by": "x",
        "submitted_at": "2026-11-23T16:00:00Z"}, "3-999-authz")
    assert {r["status"] for r in siân.push(*marks, submission)} == {"applied"}
    siân.close()
    targets.invitations = postbox.tokens(today.event_id)
    assert len(targets.invitations) >= 8


def partner_lead_of(database: Database, partner_id: str) -> str:
    with database.read() as session:
        leads = session.execute(select(User.username, User.roles).where(
            User.partner_id == partner_id).order_by(User.username)).all()
    return next(str(name) for name, roles in leads if "partner_lead" in roles)


def _date_choices(database: Database, api: Api, targets: Targets) -> None:
    """A future event of each group with a day free of problems; for reading, a choice
    made by the partner lead of the own, partners' and other group."""
    for ownership, facts in targets.groups.items():
        event = next(e for e in event_dates.future_events(database, {facts.group_id})
                     if any(o.clear for o in event_dates.options(database, e.id)))
        day = event_dates.clear_day(database, event.id)
        targets.date_events[ownership] = (event.id, day.isoformat())
    for ownership in ("own", "partners", "other"):
        event_id, day = targets.date_events[ownership]
        lead = api.login(partner_lead_of(database, targets.groups[ownership].partner_id))
        result = lead.push(event_dates.choice(event_id, day, event_dates.stamp()))[0]
        assert result["status"] == "applied", (ownership, result)
        targets.records[("event_date_choice", ownership)] = (
            "event_date_choice", event_date_choice_id(event_id))
        lead.close()


def _qa_records(database: Database, api: Api, targets: Targets) -> None:
    """QA forms: the seed's (a signed-off visit and conversation about Siân, a draft visit
    by the QA lead), and the drafts and self-assessments it lacks, pushed by their authors."""
    siân, qa = lookups.user_id(database, "facilitator"), lookups.user_id(database, "qa")
    colleague = lookups.user_id(database, "cofacilitator")
    qa2 = lookups.user_id(database, "qa2")
    other = targets.groups["other"].facilitators[0]
    with database.read() as session:
        forms = list(session.scalars(select(Record).where(
            Record.type.in_(("qa_visit", "coaching_conversation")),
            Record.owner_id == qa).order_by(Record.id)))
    seeded = {(r.type, r.private, r.ref_id == siân): r.id for r in forms}
    targets.records.update({
        ("qa_visit", "own"): ("qa_visit", seeded[("qa_visit", False, True)]),
        ("coaching_conversation", "own"): ("coaching_conversation",
                                           seeded[("coaching_conversation", False, True)]),
        ("draft_qa_visit", "assigned-qa"): ("qa_visit", seeded[("qa_visit", True, False)]),
        ("form_template", "global"): ("form_template", form_template_id("qa_visit", 1)),
        ("qa_assignment", "own"): ("qa_assignment", qa_care.record_id(qa, siân)),
        ("qa_assignment", "other"): ("qa_assignment", qa_care.record_id(qa2, other)),
        ("user", "assigned-qa"): ("user", targets.groups["assigned-qa"].facilitators[0]),
    })
    pushes = [
        ("qa", "draft_qa_visit", "own", "qa_visit", form(
            "qa_visit", facilitator_id=siân, author_id=qa)),
        ("qa2", "qa_visit", "other", "qa_visit", form(
            "qa_visit", facilitator_id=other, author_id=qa2, status="submitted",
            answers=complete_answers("qa_visit"), event_id=targets.groups["other"].past_event,
            mode="observed")),
        ("qa2", "coaching_conversation", "other", "coaching_conversation", form(
            "coaching_conversation", facilitator_id=other, author_id=qa2)),
        ("facilitator", "draft_self_assessment", "own", "self_assessment", form(
            "self_assessment", facilitator_id=siân, author_id=siân)),
    ]
    for username, user in (("facilitator", siân), ("cofacilitator", colleague),
                           (username_of(database, other), other)):
        ownership = {siân: "own", colleague: "co-facilitated"}.get(user, "other")
        pushes.append((username, "self_assessment", ownership, "self_assessment", form(
            "self_assessment", facilitator_id=user, author_id=user, status="submitted",
            answers=complete_answers("self_assessment"))))
    for step, (username, target, ownership, kind, data) in enumerate(pushes):
        client = api.login(username)
        pushed = push_form(kind, data, step)
        assert client.push(pushed)[0]["status"] == "applied", (target, ownership)
        targets.records[(target, ownership)] = (kind, pushed["id"])
        client.close()


def form_subject(targets: Targets, database: Database, ownership: str, caller: str) -> str:
    """Whom a pushed QA form is about, for a rule's ownership (``own``: for a
    self-assessment the caller, otherwise Siân)."""
    if ownership == "co-facilitated":
        return lookups.user_id(database, "cofacilitator")
    if ownership in ("assigned-qa", "other"):
        return targets.groups[ownership].facilitators[0]
    return lookups.user_id(database, "facilitator") if caller == "" else caller


def _note(event_id: str, visibility: str) -> dict:
    return {"event_id": event_id, "body": "Authorisation check", "visibility": visibility,
            "author_id": "x", "updated_at": "2026-11-23T10:00:00Z"}


def _write_extras(database: Database, api: Api, targets: Targets) -> None:
    """Records the seed lacks: a colleague's private note, a note and a walk-in elsewhere,
    and elsewhere a deleted note and walk-in (tombstones)."""
    own, other = targets.groups["own"], targets.groups["other"]
    colleague = api.login("cofacilitator")
    note_id = str(uuid.uuid4())
    assert colleague.push(mutation("note", note_id, _note(own.past_event, "private"),
                                   "1-0-authz"))[0]["status"] == "applied"
    targets.records[("private_note", "co-facilitated")] = ("note", note_id)
    stranger = api.login(username_of(database, other.facilitators[0]))
    note_id, walk_in_id = str(uuid.uuid4()), str(uuid.uuid4())
    gone_note, gone_walk_in = str(uuid.uuid4()), str(uuid.uuid4())
    walk_in = {"event_id": other.past_event, "name": "A Walk-in", "recorded_by": "x",
               "amendment_reason": "added after the register was submitted"}
    results = stranger.push(
        mutation("note", note_id, _note(other.past_event, "shared"), "1-0-authz"),
        mutation("walk_in", walk_in_id, walk_in, "1-1-authz"),
        mutation("note", gone_note, _note(other.past_event, "private"), "1-2-authz"),
        mutation("walk_in", gone_walk_in, walk_in, "1-3-authz"),
        mutation("note", gone_note, _note(other.past_event, "private"), "1-4-authz",
                 op="delete"),
        mutation("walk_in", gone_walk_in, walk_in, "1-5-authz", op="delete"))
    assert {r["status"] for r in results} == {"applied"}, results
    targets.records[("shared_note", "other")] = ("note", note_id)
    targets.records[("walk_in", "other")] = ("walk_in", walk_in_id)
    targets.records[("deleted_note", "other")] = ("note", gone_note)
    targets.records[("deleted_walk_in", "other")] = ("walk_in", gone_walk_in)

