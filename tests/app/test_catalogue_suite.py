"""Nothing assumes the partner pack's four qualifications: a catalogue of the current
national suite (ten codes, their fees sent by the central service) with a group of each,
landed into a real laptop store as a pull lands it, goes through the catalogue, its words,
the dashboard (viability and course fees), the fee statement, the calendar, the sign-in
sheet and a walk-in without an error and with each qualification's own fee. A
qualification whose fee has not been sent falls back to the pack's fee when the pack has
one, and otherwise says it is not known rather than failing."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from app.calendar_service import calendar_for
from app.catalogue import CatalogueService
from app.clock import shared_clock
from app.dashboard import DashboardService
from app.fee_service import FeeService
from app.printing.exporters import sign_in_sheet_pdf
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from app.store.models import WalkIn
from app.viability import Viability
from tests.app.conftest import ME, TODAY

# The current national suite, with invented fees (pence) and plausible shapes.
SUITE = {
    "NPQLT": ("NPQ in Leading Teaching", "npq-leading-teaching", "specialist", 12, 1_090_00),
    "NPQLTD": ("NPQ in Leading Teacher Development", "npq-leading-teaching-development",
               "specialist", 12, 1_090_00),
    "NPQLBC": ("NPQ in Leading Behaviour and Culture", "npq-leading-behaviour-culture",
               "specialist", 12, 1_090_00),
    "NPQLL": ("NPQ in Leading Literacy", "npq-leading-literacy", "specialist", 12, 1_090_00),
    "NPQLPM": ("NPQ in Leading Primary Mathematics", "npq-leading-primary-mathematics",
               "specialist", 12, 1_150_00),
    "NPQSL": ("NPQ in Senior Leadership", "npq-senior-leadership", "leadership", 18,
              1_490_00),
    "NPQH": ("NPQ in Headship", "npq-headship", "leadership", 18, 2_400_00),
    "NPQEL": ("NPQ in Executive Leadership", "npq-executive-leadership", "leadership", 18,
              4_950_00),
    "NPQEYL": ("NPQ in Early Years Leadership", "npq-early-years-leadership", "leadership",
               18, 1_490_00),
    "NPQSENCO": ("NPQ for Special Educational Needs Co-ordinators",
                 "npq-senco", "specialist", 18, 1_490_00),
}


def _id() -> str:
    return str(uuid.uuid4())


def _change(type_: str, id_: str, **data: object) -> PulledChange:
    return PulledChange(type=type_, id=id_, deleted=False, data=dict(data))


def _suite(store: Store, *, unpriced: tuple[str, ...] = ()) -> dict[str, str]:
    """The suite, a partner, an intake and one group of each code with 12 candidates and
    one event today; the group ids by code. ``unpriced``: codes sent with no fee."""
    partner, intake = _id(), _id()
    changes = [
        _change("intake", intake, term="autumn", year=2026,
                registration_deadline=(TODAY - dt.timedelta(days=60)).isoformat(),
                label="Autumn 2026"),
        _change("partner", partner, name="Harbour Trust", kind="trust",
                allocation_code="HT", region="North", delivery_partner_ids={"2026": "DP-1"}),
    ]
    groups: dict[str, str] = {}
    for code, (title, identifier, kind, months, fee) in SUITE.items():
        changes.append(_change(
            "qualification", _id(), code=code, title=title,
            course_fee_pence=0 if code in unpriced else fee, coaching_included=kind == "leadership",
            course_identifier=identifier, programme_type=kind, duration_months=months,
            schedules=[{"identifier": f"npq-{kind}-autumn", "cohort": 2026, "start": "autumn",
                        "milestones": [{"declaration_type": "started",
                                        "start_date": "2026-10-01",
                                        "milestone_date": "2026-12-31"}]}]))
        group = groups[code] = _id()
        changes.append(_change("group", group, code=f"{code}-AUT26-HARBOUR-1",
                               qualification_code=code, partner_id=partner, intake_id=intake,
                               venue_name="Harbour Hub", facilitator_ids=[ME]))
        changes.append(_change("event", _id(), group_id=group, number=1, title="Day one",
                               window_start=(TODAY - dt.timedelta(days=3)).isoformat(),
                               window_end=(TODAY + dt.timedelta(days=10)).isoformat(),
                               chosen_date=TODAY.isoformat(), venue_name="Harbour Hub"))
        for n in range(12):
            person = _id()
            changes.append(_change("candidate", person, given_name=f"Given{n}",
                                   family_name=f"{code.title()}{n}", school="A School",
                                   scholarship=n == 0, participant_id=f"P-{code}-{n}",
                                   school_urn=f"1{n:05d}"))
            changes.append(_change("enrolment", _id(), group_id=group, candidate_id=person,
                                   status="active", enrolled_on="2026-09-01",
                                   register_order=n))
    apply_page(store, changes, "c1", shared_clock(store))
    return groups


def test_ten_qualifications_go_through_every_service_with_their_own_fees(
        store: Store) -> None:
    groups = _suite(store)
    catalogue = CatalogueService(store)
    assert {g.qualification_code for g in catalogue.groups()} == set(SUITE)
    assert {g.qualification_title for g in catalogue.groups()} == {t[0] for t in SUITE.values()}
    assert {e.qualification_code for e in catalogue.events(TODAY)} == set(SUITE)
    for code, group_id in groups.items():
        facts = catalogue.course(group_id)
        assert facts is not None and facts.known
        _title, identifier, kind, months, _fee = SUITE[code]
        assert facts.words.startswith(f"{code} · {identifier} · {kind}, {months} months")
        assert "started by 31 Dec 2026" in facts.words

    dashboard = DashboardService(store)
    rows = {r.qualification_code: r for r in dashboard.groups(TODAY)}
    assert set(rows) == set(SUITE)
    assert all(r.status is Viability.VIABLE and r.enrolled == 12 for r in rows.values())
    assert set(dashboard.filters().qualifications) == set(SUITE)
    for code, group_id in groups.items():
        fees = dashboard.group_detail(group_id, TODAY).fees
        assert fees.known
        assert {line.course_fee_pence for line in fees.lines} == {SUITE[code][4]}
        assert fees.total_pence == 12 * SUITE[code][4]
        assert fees.payable_pence == 11 * SUITE[code][4]  # one on full scholarship

    statement = FeeService(store).statement(TODAY)
    assert {g.qualification_code for g in statement.groups} == set(SUITE)
    ics = calendar_for(store, ME, dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)).decode()
    for code in SUITE:
        assert f"{code} event 1" in ics
    senco = next(e for e in catalogue.events(TODAY) if e.qualification_code == "NPQSENCO")
    assert sign_in_sheet_pdf(store, senco.id).startswith(b"%PDF")
    registers = RegisterService(store, shared_clock(store), ME, today=lambda: TODAY)
    registers.add_walk_in(senco.id, "Walk-in, Wren", "Harbour School",
                          qualification_code="NPQSENCO")
    with store.read() as session:
        assert session.scalars(select(WalkIn.qualification_code)).all() == ["NPQSENCO"]


@pytest.mark.parametrize(("code", "expected"), [("NPQSL", 1_250_00), ("NPQLT", None)])
def test_a_fee_not_sent_falls_back_to_the_pack_or_says_it_is_not_known(
        store: Store, code: str, expected: int | None) -> None:
    groups = _suite(store, unpriced=(code,))
    fees = DashboardService(store).group_detail(groups[code], TODAY).fees
    if expected is None:  # the pack has no fee for it: not known, never a made-up one
        assert not fees.known
        assert {line.fee_known for line in fees.lines} == {False}
        assert fees.total_pence == 0
    else:  # the pack's fee for one of its four
        assert fees.known and {line.course_fee_pence for line in fees.lines} == {expected}
