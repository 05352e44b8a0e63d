"""Fill a real local store with groups, events and candidates, through the path pulled data
takes (``app.store.apply``). Used by the printing tests and by the PDF benchmark."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from app.clock import shared_clock
from app.store import Store
from app.store.apply import PulledChange, apply_page

FACILITATORS = {"f1000000-0000-4000-8000-000000000001": "Siân Hughes",
                "f1000000-0000-4000-8000-000000000002": "Ciarán Ó Briain"}

# The names a printer gets wrong first; every generated roster starts with them.
HARD_NAMES = [("Siân", "Hughes"), ("Zoë", "Adams"), ("Łukasz", "Nowak"), ("Thi", "Nguyễn"),
              ("Ciarán", "Ó Briain"), ("Róisín", "Ní Bhriain"), ("Ayşe", "Yılmaz"),
              ("Søren", "Dvořák")]
GIVEN = ["Hannah", "Oliver", "Priya", "Kwame", "Fatima", "Gareth", "Bethan", "Mei", "Tomasz",
         "Aisha", "Rhys", "Chloë", "Inés", "Emeka", "Nadia", "David", "Claire", "Owain"]
FAMILY = ["Patel", "Jones", "Okafor", "Campbell", "Khan", "Williams", "Chen", "Müller",
          "Fernández", "Doherty", "Mensah", "Roberts", "Singh", "Wójcik", "Pritchard", "Ahmed"]
SCHOOLS = ["Calder Valley Primary School", "St Mary's Catholic Primary School",
           "The Brontë Academy", "Ysgol Gymraeg Bro Morgannwg",
           "Holy Trinity Church of England Voluntary Aided Junior and Infant School",
           "Northfield High School", "King Edward VI Grammar School for Girls",
           "Oakwood Community College"]
REQUIREMENTS = ["Wheelchair user: step-free access to the hall, please",
                "Coeliac: gluten-free lunch", "Uses a hearing loop; please sit near the front",
                "Carries an adrenaline pen (severe nut allergy)",
                "Type 1 diabetes: may need a short break mid-morning"]


@dataclass
class SeededGroup:
    group_id: str
    intake_id: str
    code: str
    event_ids: list[str] = field(default_factory=list)
    candidate_ids: list[str] = field(default_factory=list)  # active ones, in creation order
    withdrawn_ids: list[str] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)  # (given, family), active
    requirements: dict[str, str] = field(default_factory=dict)  # candidate id -> text
    emails: list[str] = field(default_factory=list)


def _id() -> str:
    return str(uuid.uuid4())


def _change(type_: str, id_: str, **data: object) -> PulledChange:
    return PulledChange(type=type_, id=id_, deleted=False, data=dict(data))


def reference_changes(intake_id: str, partner_id: str) -> list[PulledChange]:
    changes = [
        _change("qualification", _id(), code="NPQSL",
                title="National Professional Qualification for Senior Leadership",
                course_fee_pence=125_000, coaching_included=False),
        _change("partner", partner_id, name="Calder Learning Trust", kind="trust",
                allocation_code="CLT-01", region="Yorkshire and the Humber"),
        _change("intake", intake_id, term="autumn", year=2026,
                registration_deadline="2026-09-15", label="Autumn 2026"),
    ]
    changes += [_change("user", uid, name=name, roles=["facilitator"])
                for uid, name in FACILITATORS.items()]
    return changes


def group_changes(*, code: str, intake_id: str, partner_id: str, candidates: int,
                  events: int = 6, withdrawn: int = 1, first_date: dt.date | None = None,
                  undated_last: bool = True) -> tuple[SeededGroup, list[PulledChange]]:
    group = SeededGroup(group_id=_id(), intake_id=intake_id, code=code)
    changes = [_change("group", group.group_id, code=code, qualification_code="NPQSL",
                       partner_id=partner_id, intake_id=intake_id,
                       venue_name="Calder Learning Hub",
                       venue_address="12 Wharf Street, Halifax HX1 1AA",
                       facilitator_ids=list(FACILITATORS))]
    day = first_date or dt.date(2026, 10, 12)
    titles = ["Setting direction", "Leading teaching", "Implementing change well",
              "Working with families and the community", "Developing others",
              "Reflecting on the year"]
    for number in range(1, events + 1):
        event_id = _id()
        group.event_ids.append(event_id)
        chosen = None if undated_last and number == events else day
        changes.append(_change(
            "event", event_id, group_id=group.group_id, number=number,
            title=titles[(number - 1) % len(titles)],
            window_start=(day - dt.timedelta(days=4)).isoformat(),
            window_end=(day + dt.timedelta(days=9)).isoformat(),
            chosen_date=chosen.isoformat() if chosen else None,
            venue_name="Calder Learning Hub",
            venue_address="12 Wharf Street, Halifax HX1 1AA"))
        day += dt.timedelta(days=42)
    people = HARD_NAMES + [(g, f) for f in FAMILY for g in GIVEN]
    for index in range(candidates + withdrawn):
        given, family = people[index % len(people)]
        candidate_id = _id()
        active = index < candidates
        needs = REQUIREMENTS[index // 4] if index % 4 == 1 and index // 4 < len(REQUIREMENTS) \
            else None
        email = f"person{index}@school{index % 7}.sch.uk"
        changes.append(_change("candidate", candidate_id, given_name=given,
                               family_name=family, school=SCHOOLS[index % len(SCHOOLS)],
                               role="Assistant head", email=email,
                               special_requirements=needs if active else None))
        changes.append(_change("enrolment", _id(), group_id=group.group_id,
                               candidate_id=candidate_id,
                               status="active" if active else "withdrawn",
                               enrolled_on="2026-09-01", register_order=index + 1))
        if active:
            group.candidate_ids.append(candidate_id)
            group.names.append((given, family))
            group.emails.append(email)
            if needs:
                group.requirements[candidate_id] = needs
        else:
            group.withdrawn_ids.append(candidate_id)
    return group, changes


def seed_groups(store: Store, sizes: list[int], *, events: int = 6,
                intake_id: str | None = None) -> list[SeededGroup]:
    """One group per size, all in one intake, ``events`` events each."""
    intake_id = intake_id or _id()
    partner_id = _id()
    changes = reference_changes(intake_id, partner_id)
    groups = []
    for index, size in enumerate(sizes, start=1):
        group, more = group_changes(code=f"NPQSL-AUT26-HALIFAX-{index}", intake_id=intake_id,
                                    partner_id=partner_id, candidates=size, events=events)
        groups.append(group)
        changes += more
    apply_page(store, changes, f"cursor-{uuid.uuid4()}", shared_clock(store))
    return groups


def add_candidate(store: Store, group: SeededGroup, given: str, family: str) -> str:
    candidate_id = _id()
    apply_page(store, [
        _change("candidate", candidate_id, given_name=given, family_name=family,
                school="Late Joiners Academy"),
        _change("enrolment", _id(), group_id=group.group_id, candidate_id=candidate_id,
                enrolled_on="2026-09-01"),
    ], f"cursor-{uuid.uuid4()}", shared_clock(store))
    group.candidate_ids.append(candidate_id)
    group.names.append((given, family))
    return candidate_id
