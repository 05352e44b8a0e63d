"""``npq-server simulate-applications --intake INTAKE --weeks N [--today YYYY-MM-DD]``:
applicants arrive at an intake's open groups over the N weeks up to ``today``, on the days
its registration window is open (``server.seed.arrivals``: the partner's own recruits,
more as the deadline nears; those the central team allocates to a group short of its
minimum; a few withdrawing, a few rejected, the rest waiting for a decision).

Idempotent: a group's arrivals on a day are always the same, so the same arguments again
write nothing, overlapping runs never duplicate an applicant, and a later ``today`` or more
weeks adds the days not yet covered and settles, on the days it covers, the applicants
whose withdrawal or rejection day has come. (The demo seed has already drawn the four
weeks up to its day for an intake whose window is open.)
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.orm import Session

from server import sequence, store
from server.models import Record
from server.seed.arrivals import (
    PartnerSeason,
    group_needs,
    intake_window,
    live_records,
    write_arrivals,
)

log = logging.getLogger(__name__)


def find_intake(session: Session, intake: str) -> Record | None:
    """An intake by id or label ("Spring 2027", any case)."""
    wanted = " ".join(intake.split()).casefold()
    for record in live_records(session, "intake"):
        if record.id == intake or str((record.data or {}).get("label", "")).casefold() == wanted:
            return record
    return None


def simulate_applications(session: Session, *, intake_id: str, weeks: int,
                          today: dt.date) -> list[PartnerSeason]:
    """Write the arrivals of the ``weeks`` weeks up to ``today`` at the intake's open
    groups; what was done, a partner at a time, in the order of their names. Call inside
    a write transaction."""
    intake = store.live(session, "intake", intake_id)
    if intake is None:
        raise LookupError(f"no intake {intake_id!r}")
    sequence.lock(session)
    first = today - dt.timedelta(days=7 * weeks - 1)
    days = [first + dt.timedelta(days=n) for n in range((today - first).days + 1)]
    seasons = write_arrivals(session, group_needs(session, intake_id), days,
                             intake_window(session, intake), today)
    names = {r.id: str((r.data or {}).get("name", r.id)) for r in live_records(session, "partner")}
    for partner_id, season in seasons.items():
        season.name = names.get(partner_id, partner_id)
    log.info("simulated applications for intake %s: %d week(s) to %s", intake_id, weeks,
             today.isoformat())
    return sorted(seasons.values(), key=lambda s: s.name)
