"""What the central service reports of a group's candidates beyond the registers, read for
the progress view in its one read (no Qt).

- the group's qualification and the schedule its intake follows are
  ``app.catalogue.course_facts`` (one reading for the dashboard and the progress view).
- ``read_reports``: each candidate's ``participant_progress`` and ``declaration`` records
  (kept whole on the laptop, ``OtherRecord``), looked up by their ids
  (``participant_progress_id``, ``declaration_id``), so a partner lead's year costs one
  indexed lookup per record of the group, not a scan of every group's.
- ``Reported`` and ``Funding``: those figures and the candidate's funding, with their
  words. Nothing reported is ``None`` ("not reported"), never zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.models import OtherRecord
from protocol.fields import READING
from protocol.records import (
    DECLARATION_TYPES,
    DeclarationData,
    FundingData,
    ParticipantProgressData,
    declaration_id,
    participant_progress_id,
)
from protocol.text import _

PROGRESS = "participant_progress"
DECLARATION = "declaration"

DIAGNOSTIC_WORDS = {
    "not_invited": "Not invited",
    "invited": "Invited",
    "completed": "Completed",
}
PAID_BY_WORDS = {
    "school": "paid by the school",
    "trust": "paid by the trust",
    "self": "paid by the candidate",
    "local_authority": "paid by the local authority",
    "other": "paid by another body",
}


@dataclass(frozen=True)
class Reported:
    """A candidate's engagement beyond the registers, as the central service reports it."""

    online_attended: int
    online_held: int
    online_course_percent: int
    diagnostic_360: str  # "not_invited" | "invited" | "completed"
    coaching_attended: int | None = None  # None where the course has no coaching
    coaching_planned: int | None = None

    @property
    def diagnostic_words(self) -> str:
        return _(DIAGNOSTIC_WORDS.get(self.diagnostic_360, self.diagnostic_360))


def reported(data: ParticipantProgressData | None, coaching_included: bool) -> Reported | None:
    """The figures to show; coaching only where the qualification includes it."""
    if data is None:
        return None
    coaching = coaching_included and data.coaching_sessions is not None
    return Reported(data.online_sessions_attended, data.online_sessions_held,
                    data.online_course_percent, data.diagnostic_360,
                    data.coaching_sessions if coaching else None,
                    data.coaching_sessions_planned if coaching else None)


@dataclass(frozen=True)
class Funding:
    """A candidate's funding as the central service knows it."""

    eligible: bool | None  # None: not yet decided
    reason: str
    funded_place: bool | None
    paid_by: str  # "" | "school" | "trust" | "self" | "local_authority" | "other"

    @property
    def words(self) -> str:
        """'Eligible for funding (School in category 5 or 6) · funded place', 'Not
        eligible for funding · paid by the school', 'Funding not decided yet'."""
        if self.eligible is None:
            parts = [_("Funding not decided yet")]
        elif self.eligible:
            parts = [_("Eligible for funding")]
        else:
            parts = [_("Not eligible for funding")]
        if self.reason:
            parts[0] += f" ({self.reason})"
        if self.funded_place is True:
            parts.append(_("funded place"))
        elif self.funded_place is False:
            parts.append(_("no funded place"))
        if self.paid_by in PAID_BY_WORDS:
            parts.append(_(PAID_BY_WORDS[self.paid_by]))
        return " · ".join(parts)


def funding(data: dict[str, Any] | None) -> Funding | None:
    """The candidate row's funding (its JSON column); None when the service sent none."""
    if not data:
        return None
    try:
        found = FundingData.model_validate(data, context=READING)
    except ValueError:
        return None
    return Funding(found.eligible, found.eligibility_reason, found.funded_place,
                   found.paid_by)


def read_reports(session: Session, group_id: str, candidate_ids: Sequence[str]
                 ) -> tuple[dict[str, ParticipantProgressData],
                            dict[str, dict[str, DeclarationData]]]:
    """The candidates' progress reports (by candidate id) and declarations (by candidate
    id, then type), by their ids."""
    progress: dict[str, ParticipantProgressData] = {}
    declarations: dict[str, dict[str, DeclarationData]] = {}
    if not candidate_ids:
        return progress, declarations
    progress_ids = [participant_progress_id(group_id, c) for c in candidate_ids]
    for data in session.scalars(select(OtherRecord.data).where(
            OtherRecord.type == PROGRESS, OtherRecord.id.in_(progress_ids))):
        try:
            report = ParticipantProgressData.model_validate(data or {}, context=READING)
        except ValueError:
            continue
        if report.group_id == group_id:
            progress[report.candidate_id] = report
    declaration_ids = [declaration_id(group_id, c, kind)
                       for c in candidate_ids for kind in DECLARATION_TYPES]
    for data in session.scalars(select(OtherRecord.data).where(
            OtherRecord.type == DECLARATION, OtherRecord.id.in_(declaration_ids))):
        try:
            made = DeclarationData.model_validate(data or {}, context=READING)
        except ValueError:
            continue
        if made.group_id == group_id:
            declarations.setdefault(made.candidate_id, {})[made.declaration_type] = made
    return progress, declarations
