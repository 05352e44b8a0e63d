"""What the central service pays a delivery partner per event, and what a course costs.

The rules come from the partner information pack that the central service gives partners:

- Hosting: "a fee of £25 per person per event for hosting the training (includes providing
  room hire, lunch, refreshments & equipment necessary for delivery)".
- Facilitation: "£400 per event, for groups with a single facilitator, or in accordance with
  the following table if using two facilitators per group": 12 to 14 candidates £500,
  15 to 18 £600, 19 to 23 £700, 24+ £800 per event.
- Course fees: NPQML £950, NPQSL £1,250, NPQH £2,250, NPQEL £4,950 (the pack's four: a
  fallback for a qualification whose fee the central service has not sent; the catalogue,
  and its fees, are the service's, of any number of qualifications); "Full scholarship
  funding is available to candidates from schools situated in category 5 or 6 local area
  districts", and to schools in a trust or diocese whose footprint covers one.

Decisions where the pack is silent (the statement prints them, see ``app.fee_statement``):

- Two facilitators with fewer than 12 candidates: the dual table starts at 12, the minimum
  viable group size ("minimum group size of 12 candidates"), so it offers no dual rate
  below it. Such an event is paid the single-facilitator fee, £400: the pack pays £400 for
  delivering an event at all, and funds a second facilitator only from 12 candidates. The
  fee then never falls when a group grows, and the line says why it is £400.
- More than two facilitators are paid as two: the table is for "two facilitators per group".
- No facilitator assigned yet: no facilitation fee (there is nobody to pay).

Money is in pence (int) everywhere. The design keeps fees as reference data held by the
central service, so every rule takes a ``FeeTable``; ``PACK_FEES`` is the pack's table,
the default until the service sends its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from protocol.text import _

MINIMUM_GROUP_SIZE = 12  # "minimum group size of 12 candidates"


@dataclass(frozen=True)
class DualBand:
    """One row of the dual-facilitation table: groups of ``min_size`` or more candidates."""

    min_size: int
    fee_pence: int


@dataclass(frozen=True)
class FeeTable:
    hosting_per_person_pence: int
    single_facilitation_pence: int
    dual_bands: tuple[DualBand, ...]  # ascending by min_size

    def __post_init__(self) -> None:
        sizes = [band.min_size for band in self.dual_bands]
        if sizes != sorted(set(sizes)):
            raise ValueError("dual-facilitation bands must ascend by group size")


PACK_FEES = FeeTable(
    hosting_per_person_pence=25_00,
    single_facilitation_pence=400_00,
    dual_bands=(DualBand(12, 500_00), DualBand(15, 600_00), DualBand(19, 700_00),
                DualBand(24, 800_00)),
)

PACK_COURSE_FEES_PENCE: Mapping[str, int] = {
    "NPQML": 950_00,
    "NPQSL": 1_250_00,
    "NPQH": 2_250_00,
    "NPQEL": 4_950_00,
}

SCHOLARSHIP_DISTRICT_CATEGORIES = frozenset({5, 6})


@dataclass(frozen=True)
class FacilitationFee:
    pence: int
    note: str = ""  # why the fee is not simply read off the table, for the statement line


def hosting_fee(people: int, table: FeeTable = PACK_FEES) -> int:
    """The hosting fee for one event at which ``people`` were hosted."""
    _not_negative(people, "people")
    return people * table.hosting_per_person_pence


def facilitation_fee(group_size: int, facilitators: int,
                     table: FeeTable = PACK_FEES) -> FacilitationFee:
    """The facilitation fee for one event of a group of ``group_size`` candidates."""
    _not_negative(group_size, "group size")
    _not_negative(facilitators, "facilitators")
    if facilitators == 0:
        return FacilitationFee(0, _("No facilitator assigned yet: no facilitation fee."))
    if facilitators == 1:
        return FacilitationFee(table.single_facilitation_pence)
    note = "" if facilitators == 2 else _("{n} facilitators: paid as two.").format(
        n=facilitators)
    bands = [band for band in table.dual_bands if group_size >= band.min_size]
    if not bands:
        lowest = table.dual_bands[0].min_size if table.dual_bands else 0
        below = _("Two facilitators with {n} candidates (the two-facilitator table starts at "
                  "{lowest}): paid at the single-facilitator rate.").format(n=group_size,
                                                                           lowest=lowest)
        return FacilitationFee(table.single_facilitation_pence, _join(note, below))
    return FacilitationFee(max(bands[-1].fee_pence, table.single_facilitation_pence), note)


def course_fee(qualification_code: str,
               fees: Mapping[str, int] = PACK_COURSE_FEES_PENCE) -> int:
    """A qualification's course fee; ``KeyError`` for a qualification nobody priced."""
    return fees[qualification_code]


def scholarship_eligible(district_category: int | None,
                         footprint_categories: Iterable[int] = ()) -> bool:
    """Full scholarship: the school's local area district is category 5 or 6, or its trust's
    or diocese's footprint covers such a district. An unknown category is not eligible."""
    categories = {district_category, *footprint_categories}
    return bool(categories & SCHOLARSHIP_DISTRICT_CATEGORIES)


@dataclass(frozen=True)
class CandidateFunding:
    candidate_id: str
    name: str
    school: str
    scholarship: bool  # full scholarship, as the central service decided it


@dataclass(frozen=True)
class CourseFeeLine:
    """One candidate's course fee on the group view: who pays it."""

    candidate_id: str
    name: str
    school: str
    course_fee_pence: int  # 0 while the fee is not known
    scholarship: bool
    fee_known: bool = True  # False: neither the central service nor the pack prices it

    @property
    def payable_by_school_pence(self) -> int:
        return 0 if self.scholarship else self.course_fee_pence

    @property
    def funding(self) -> str:
        return _("Full scholarship") if self.scholarship else _("School pays")


def course_fee_lines(qualification_code: str, candidates: Iterable[CandidateFunding],
                     fees: Mapping[str, int] = PACK_COURSE_FEES_PENCE
                     ) -> tuple[CourseFeeLine, ...]:
    """The group view's course fees, scholarship candidates marked. The pack mentions
    "discounts ... for schools putting multiple candidates through" without figures, so no
    discount is applied here. A qualification nobody has priced yet (a new one whose fee
    the central service has not sent) gives lines with ``fee_known`` False and no fee."""
    fee = fees.get(qualification_code)
    return tuple(CourseFeeLine(c.candidate_id, c.name, c.school, fee or 0, c.scholarship,
                               fee_known=fee is not None)
                 for c in candidates)


def pounds(pence: int) -> str:
    """'£1,250.00' for 125000."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"


def _not_negative(value: int, what: str) -> None:
    if value < 0:
        raise ValueError(f"{what} cannot be negative ({value})")


def _join(*notes: str) -> str:
    return " ".join(n for n in notes if n)
