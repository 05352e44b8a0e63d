"""The partner fee rules walked through the pack's table, and the statement built on them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import (
    EventSummary,
    MarkStatus,
    RecordSyncState,
    Register,
    RegisterRow,
    WalkInRow,
)
from app.fee_statement import (
    COUNTING_RULES,
    ApartCandidate,
    EventFeeInput,
    GroupFeeInput,
    RegisterTally,
    event_fee,
    fee_statement,
    statement_csv,
)
from app.fees import (
    PACK_FEES,
    CandidateFunding,
    DualBand,
    FeeTable,
    course_fee,
    course_fee_lines,
    facilitation_fee,
    hosting_fee,
    pounds,
    scholarship_eligible,
)

# (group size, two-facilitator fee in pence) at every edge of the pack's table
DUAL_TABLE = [
    (0, 400_00), (1, 400_00), (11, 400_00),  # below the table: the single-facilitator fee
    (12, 500_00), (13, 500_00), (14, 500_00),
    (15, 600_00), (18, 600_00),
    (19, 700_00), (23, 700_00),
    (24, 800_00), (25, 800_00), (40, 800_00),
]


@pytest.mark.parametrize(("size", "fee"), DUAL_TABLE)
def test_two_facilitators_are_paid_by_group_size(size: int, fee: int) -> None:
    assert facilitation_fee(size, 2).pence == fee


@pytest.mark.parametrize("size", [0, 11, 12, 14, 15, 18, 19, 23, 24, 60])
def test_one_facilitator_is_paid_400_whatever_the_group_size(size: int) -> None:
    assert facilitation_fee(size, 1).pence == 400_00
    assert facilitation_fee(size, 1).note == ""


def test_two_facilitators_below_twelve_says_why_it_is_the_single_rate() -> None:
    fee = facilitation_fee(11, 2)
    assert fee.pence == 400_00
    assert "11 candidates" in fee.note and "single-facilitator rate" in fee.note
    assert facilitation_fee(12, 2).note == ""


def test_three_facilitators_are_paid_as_two() -> None:
    fee = facilitation_fee(16, 3)
    assert fee.pence == 600_00
    assert "paid as two" in fee.note


def test_no_facilitator_assigned_means_no_facilitation_fee() -> None:
    assert facilitation_fee(20, 0).pence == 0


@pytest.mark.parametrize(("people", "pence"), [(0, 0), (1, 25_00), (12, 300_00), (24, 600_00)])
def test_hosting_is_25_pounds_per_person(people: int, pence: int) -> None:
    assert hosting_fee(people) == pence


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        hosting_fee(-1)
    with pytest.raises(ValueError):
        facilitation_fee(-1, 2)
    with pytest.raises(ValueError):
        facilitation_fee(12, -1)


def test_a_fee_table_from_the_central_service_replaces_the_pack() -> None:
    table = FeeTable(hosting_per_person_pence=30_00, single_facilitation_pence=450_00,
                     dual_bands=(DualBand(10, 550_00), DualBand(20, 900_00)))
    assert hosting_fee(3, table) == 90_00
    assert facilitation_fee(9, 2, table).pence == 450_00
    assert facilitation_fee(10, 2, table).pence == 550_00
    assert facilitation_fee(25, 2, table).pence == 900_00


def test_bands_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError):
        FeeTable(25_00, 400_00, (DualBand(15, 600_00), DualBand(12, 500_00)))


@given(size=st.integers(min_value=0, max_value=200), facilitators=st.integers(0, 4))
def test_facilitation_never_falls_when_the_group_grows(size: int, facilitators: int) -> None:
    smaller = facilitation_fee(size, facilitators).pence
    larger = facilitation_fee(size + 1, facilitators).pence
    assert 0 <= smaller <= larger


@given(size=st.integers(min_value=0, max_value=200))
def test_two_facilitators_are_never_paid_less_than_one(size: int) -> None:
    assert facilitation_fee(size, 2).pence >= facilitation_fee(size, 1).pence


@given(people=st.integers(min_value=0, max_value=500))
def test_hosting_is_never_negative_and_grows_by_25_pounds(people: int) -> None:
    assert hosting_fee(people + 1) - hosting_fee(people) == PACK_FEES.hosting_per_person_pence
    assert hosting_fee(people) >= 0


@pytest.mark.parametrize(("code", "pence"), [("NPQML", 950_00), ("NPQSL", 1_250_00),
                                             ("NPQH", 2_250_00), ("NPQEL", 4_950_00)])
def test_course_fees_by_qualification(code: str, pence: int) -> None:
    assert course_fee(code) == pence


def test_an_unpriced_qualification_is_an_error_not_free() -> None:
    with pytest.raises(KeyError):
        course_fee("NPQLTD")


@pytest.mark.parametrize(("district", "footprint", "eligible"), [
    (5, (), True), (6, (), True), (4, (), False), (1, (), False), (None, (), False),
    (3, (2, 6), True),  # the school's trust covers a category 6 district
    (None, (5,), True), (2, (3, 4), False),
])
def test_full_scholarship_for_category_5_or_6_districts(
        district: int | None, footprint: tuple[int, ...], eligible: bool) -> None:
    assert scholarship_eligible(district, footprint) is eligible


def test_scholarship_candidates_pay_nothing_on_the_group_view() -> None:
    lines = course_fee_lines("NPQH", [
        CandidateFunding("c1", "Siân Hughes", "Ysgol Gymraeg", scholarship=True),
        CandidateFunding("c2", "Zoë Adams", "Hill Academy", scholarship=False),
    ])
    assert [(line.course_fee_pence, line.payable_by_school_pence, line.funding)
            for line in lines] == [(2_250_00, 0, "Full scholarship"),
                                   (2_250_00, 2_250_00, "School pays")]


def test_pounds_are_written_the_british_way() -> None:
    assert pounds(125_000) == "£1,250.00"
    assert pounds(2_505) == "£25.05"
    assert pounds(0) == "£0.00"


# --- the statement ---------------------------------------------------------------------

def _event(number: int, enrolled: int, facilitators: int = 2,
           register: RegisterTally | None = None) -> EventFeeInput:
    return EventFeeInput(f"e{number}", number, f"Day {number}",
                         dt.date(2026, 10, 5) + dt.timedelta(weeks=6 * number), enrolled,
                         facilitators, register)


def test_expected_fee_counts_every_enrolled_candidate() -> None:
    fee = event_fee(_event(1, enrolled=15))
    assert fee.expected_hosting_pence == 15 * 25_00
    assert fee.expected_facilitation_pence == 600_00
    assert fee.expected_pence == 975_00
    assert not fee.submitted and fee.actual_pence is None


def test_actual_fee_hosts_who_came_and_bands_by_who_is_enrolled() -> None:
    # 15 on the register, 11 came plus 1 walk-in: hosting for 12, facilitation band 15-18
    fee = event_fee(_event(1, enrolled=15,
                           register=RegisterTally(group_size=15, attended=11, walk_ins=1)))
    assert fee.actual_people == 12
    assert fee.actual_hosting_pence == 300_00
    assert fee.actual_facilitation_pence == 600_00
    assert fee.actual_pence == 900_00


def test_withdrawals_before_the_event_can_drop_the_actual_band() -> None:
    fee = event_fee(_event(2, enrolled=12, register=RegisterTally(11, 10, 0)))
    assert fee.expected_facilitation_pence == 500_00
    assert fee.actual_facilitation_pence == 400_00
    assert "single-facilitator rate" in fee.note


def _row(candidate_id: str, status: MarkStatus | None, *, withdrawn: bool = False,
         not_applicable: bool = False) -> RegisterRow:
    return RegisterRow(candidate_id, "Given", candidate_id, "School", "", status, None, None,
                       "", withdrawn, RecordSyncState.CONFIRMED, not_applicable=not_applicable)


def test_a_register_is_tallied_by_attendance_and_walk_ins() -> None:
    summary = EventSummary("e1", "g1", "NPQSL-1", "NPQSL", 1, "Day 1", dt.date(2026, 11, 23),
                           dt.date(2026, 11, 16), dt.date(2026, 11, 29), "Leeds Hub", "08:30",
                           "09:00", "16:00", roster_size=7, marked=7, submitted=True)
    rows = (_row("a", MarkStatus.PRESENT), _row("b", MarkStatus.LATE),
            _row("c", MarkStatus.LEFT_EARLY), _row("d", MarkStatus.ABSENT),
            _row("e", MarkStatus.APOLOGIES), _row("f", None, withdrawn=True),
            _row("g", MarkStatus.NOT_APPLICABLE, not_applicable=True))
    walk_in = WalkInRow("w1", "Thi Nguyễn", "Park School", "t@example.org", "NPQSL",
                        MarkStatus.PRESENT, "u1", RecordSyncState.SAVED)
    tally = RegisterTally.of(Register(summary, rows, walk_ins=(walk_in,)))
    assert tally == RegisterTally(group_size=5, attended=3, walk_ins=1)
    assert tally.people == 4


def test_the_statement_totals_per_group_and_for_the_partner() -> None:
    big = GroupFeeInput("g1", "NPQSL-AUT26-LEEDS-1", "NPQSL", (
        _event(2, 24),
        _event(1, 24, register=RegisterTally(24, 20, 0)),
    ))
    small = GroupFeeInput("g2", "NPQML-AUT26-LEEDS-2", "NPQML", (_event(1, 12, facilitators=1),))
    statement = fee_statement("Leeds Learning Trust", [big, small], dt.date(2026, 11, 23))
    assert [g.group_code for g in statement.groups] == ["NPQML-AUT26-LEEDS-2",
                                                        "NPQSL-AUT26-LEEDS-1"]
    leeds1 = statement.groups[1]
    assert [e.number for e in leeds1.events] == [1, 2]
    assert leeds1.expected_pence == 2 * (24 * 25_00 + 800_00)
    assert leeds1.actual_pence == 20 * 25_00 + 800_00
    assert statement.expected_pence == leeds1.expected_pence + 12 * 25_00 + 400_00
    assert statement.actual_pence == leeds1.actual_pence
    assert statement.counting_rules == COUNTING_RULES


def test_the_csv_has_every_event_the_totals_and_how_people_are_counted() -> None:
    group = GroupFeeInput("g1", "=HYPERLINK(1)", "NPQSL", (
        _event(1, 15, register=RegisterTally(15, 14, 1)), _event(2, 15)))
    text = statement_csv(fee_statement("Leeds Learning Trust", [group], dt.date(2026, 11, 23)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:3] == ["Group", "Qualification", "Event"]
    first, second, total, partner = rows[2], rows[3], rows[4], rows[5]
    assert first[0] == "'=HYPERLINK(1)"  # never run as a formula
    assert first[7:10] == ["375.00", "600.00", "975.00"]
    assert first[10:16] == ["submitted", "15", "15", "375.00", "600.00", "975.00"]
    assert second[10:16] == ["not submitted", "", "", "", "", ""]
    assert total[2] == "Group total" and total[9] == "1950.00" and total[15] == "975.00"
    assert total[10] == "1 of 2 submitted"
    assert partner[0] == "Partner total" and partner[9] == "1950.00"
    rules = [r[0] for r in rows[7:]]
    assert any("Group size" in r for r in rules) and any("Per person" in r for r in rules)
    assert text.endswith("\r\n")


def test_deferred_and_withdrawn_candidates_are_listed_apart_in_the_csv() -> None:
    deferred = ApartCandidate("c1", "Okafor, Chidi", "deferred", dt.date(2027, 1, 12))
    withdrawn = ApartCandidate("c2", "=Evans, Rhian", "withdrawn", dt.date(2026, 12, 1))
    group = GroupFeeInput("g1", "NPQSL-AUT26-LEEDS-1", "NPQSL",
                          (_event(1, 14), _event(2, 12)), apart=(deferred, withdrawn))
    statement = fee_statement("Leeds Learning Trust", [group], dt.date(2026, 11, 23))
    assert statement.groups[0].apart == (withdrawn, deferred)  # by effective date
    assert deferred.words == "Deferred from 12 Jan 2027: not expected from then"
    rows = list(csv.reader(io.StringIO(statement_csv(statement))))
    total, first, second, partner = rows[4], rows[5], rows[6], rows[7]
    assert total[2] == "Group total" and partner[0] == "Partner total"
    assert first[2:5] == ["Withdrawn", "'=Evans, Rhian", "2026-12-01"]
    assert first[16] == "Withdrawn from 1 Dec 2026: not expected from then"
    assert second[2:5] == ["Deferred", "Okafor, Chidi", "2027-01-12"]
    assert any("listed apart" in r[0] for r in rows[9:] if r)


def test_a_deferred_candidate_who_did_not_come_is_not_in_the_registers_group_size() -> None:
    summary = EventSummary("e1", "g1", "NPQSL-1", "NPQSL", 2, "Day 2", dt.date(2027, 1, 20),
                           dt.date(2027, 1, 13), dt.date(2027, 1, 26), "Leeds Hub", "08:30",
                           "09:00", "16:00", roster_size=4, marked=3, submitted=True)
    paused = "Deferred from 12 Jan"
    rows = (_row("a", MarkStatus.PRESENT), _row("b", MarkStatus.ABSENT),
            replace(_row("c", None), training_status=paused),
            replace(_row("d", MarkStatus.PRESENT), training_status=paused))
    tally = RegisterTally.of(Register(summary, rows))
    # c is counted apart; d was marked before the deferral arrived and came: on the register
    assert tally == RegisterTally(group_size=3, attended=2, walk_ins=0)
