"""National identifiers and funding for the demo: each partner's delivery-partner id per
cohort, each candidate's participant id, their school's URN and their funding.

All of it is derived from names and ids already drawn (name-based UUIDs, a hash of the
school's name, a ``random.Random`` of the candidate's own), never from the seed's shared
random sequence, so adding it moved no name or date of the demo.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Iterable

from protocol.records import NPQ_NAMESPACE, CandidateData, FundingData, PartnerData

URN_FIRST, URN_COUNT = 100_000, 50_000  # six digits, 100000-149999
TARGETED = "School in a category 5 or 6 local authority district (targeted funding)"
STATE_FUNDED = "State-funded school in England"
NOT_ELIGIBLE = ("Independent school", "Not in a state-funded school in England")
# Of the candidates without a scholarship, the share not eligible for funding
NOT_ELIGIBLE_SHARE = 0.12


def delivery_partner_id(slug: str, cohort: int) -> str:
    return str(uuid.uuid5(NPQ_NAMESPACE, f"demo-delivery-partner:{slug}:{cohort}"))


def with_delivery_ids(slug: str, data: PartnerData, cohorts: Iterable[int]) -> PartnerData:
    """The partner with a national delivery-partner id for each cohort."""
    return data.model_copy(update={"delivery_partner_ids": {
        str(cohort): delivery_partner_id(slug, cohort) for cohort in cohorts}})


def school_urn(school: str) -> str:
    """The same six-digit URN for the same school name."""
    digest = int.from_bytes(hashlib.sha256(school.encode("utf-8")).digest()[:8], "big")
    return str(URN_FIRST + digest % URN_COUNT)


def funding(candidate_id: str, scholarship: bool) -> FundingData:
    """Scholarship holders: targeted funding; most others eligible with a funded place;
    some not eligible, paid for by their school, trust or themselves."""
    if scholarship:
        return FundingData(eligible=True, eligibility_reason=TARGETED, funded_place=True)
    rng = random.Random(f"funding:{candidate_id}")
    if rng.random() >= NOT_ELIGIBLE_SHARE:
        return FundingData(eligible=True, eligibility_reason=STATE_FUNDED, funded_place=True)
    return FundingData(eligible=False, eligibility_reason=rng.choice(NOT_ELIGIBLE),
                       funded_place=False, paid_by=rng.choice(("school", "trust", "self")))


def with_identifiers(candidate_id: str, person: CandidateData) -> CandidateData:
    """The candidate with their participant id, their school's URN and their funding."""
    return person.model_copy(update={
        "participant_id": str(uuid.uuid5(NPQ_NAMESPACE, f"demo-participant:{candidate_id}")),
        "school_urn": school_urn(person.school),
        "funding": funding(candidate_id, person.scholarship)})
