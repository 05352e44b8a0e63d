"""The demo's application season (``seed_demo(..., season=True)``, ``npq-server seed-demo
--season``, the app's demo mode): two more groups for the demo partner, so its partner
lead sees one at risk and one that needs a decision beside its three viable groups.

- ``<NPQSL>-SPR27-HALIFAX-5``: the Spring intake, 6 enrolled with registration still open
  (at risk: ``app.viability``), and a stream of applications over the last six weeks
  (``server.services.applications``), most still waiting for a decision.
- ``<NPQML>-AUT26-HALIFAX-4``: the Autumn intake, 7 enrolled, its registration deadline
  passed (not viable: the partner lead must decide), its past registers taken.

(The qualifications are the partner's two Autumn groups', so each new group has a local
group of the same qualification to merge into.) Both are facilitated by the partner's third
facilitator, with events like the other groups (``server.seed.groups``), accepted
applications for their candidates (``server.seed.recruitment``), progress, declarations
and an impact report. Written last, from a random of its own, so nothing else moves.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from protocol.records import impact_report_id
from server import store
from server.seed.arrivals import group_needs, intake_window, write_arrivals
from server.seed.catalogue import CatalogueName, group_codes
from server.seed.groups import GroupPlan, write_candidates, write_events, write_group
from server.seed.impact import group_years, simulate
from server.seed.past import record_past
from server.seed.recruitment import write_applications
from server.seed.reference import PARTNERS
from server.seed.staff import Staff
from server.seed.writer import SeedWriter
from server.services import declarations, evaluations
from server.store import Placement

SEASON_SEED = 20270116
AUTUMN_ENROLLED, SPRING_ENROLLED = 7, 6
PENDING_WEEKS = 6


def _group(w: SeedWriter, plan: GroupPlan, code: str, partner_id: str, intake_id: str,
           today: dt.date, autumn: bool, size: int) -> None:
    partner = PARTNERS[0]
    write_group(w, plan, partner, code=code, partner_id=partner_id, intake_id=intake_id)
    write_events(w, plan, partner, today, autumn, demo_partner=True)
    first_day = min(e.date for e in plan.events if e.date is not None)
    write_candidates(w, plan, size, first_day - dt.timedelta(days=w.rng.randint(20, 60)))


def seed_season(session: Session, staff: Staff, partner_ids: dict[str, str],
                intake_ids: dict[str, str], year: int, today: dt.date,
                catalogue: CatalogueName = "pack") -> list[GroupPlan]:
    """Write the season's two groups (after everything else is flushed); returns them,
    the Spring one first."""
    w = SeedWriter(session, random.Random(SEASON_SEED))
    partner = PARTNERS[0]
    partner_id = partner_ids[partner.slug]
    facilitator = staff.facilitators_by_partner[partner.slug][-1]
    first, second, _ = group_codes(catalogue, 0)
    spring = GroupPlan(id=w.uid(), qualification=second, facilitators=[facilitator])
    _group(w, spring, f"{second}-SPR{(year + 1) % 100:02d}-{partner.town}-5", partner_id,
           intake_ids["spring"], today, autumn=False, size=SPRING_ENROLLED)
    autumn = GroupPlan(id=w.uid(), qualification=first, facilitators=[facilitator])
    _group(w, autumn, f"{first}-AUT{year % 100:02d}-{partner.town}-4", partner_id,
           intake_ids["autumn"], today, autumn=True, size=AUTUMN_ENROLLED)
    plans = [spring, autumn]
    past = record_past(w, plans, today)
    w.flush()
    session.flush()
    for event_id, _group_id in past:
        event = store.get(session, "event", event_id)
        assert event is not None
        evaluations.write_summary(session, event)
    ids = {p.id for p in plans}
    declarations.recompute(session, today, ids)
    session.flush()
    for group_year in group_years(session, today):
        if group_year.group_id in ids:
            w.add("impact_report", impact_report_id(group_year.group_id),
                  simulate(group_year, today), Placement(group_id=group_year.group_id))
    write_applications(w, session, today, ids)
    w.flush()
    intake = store.live(session, "intake", intake_ids["spring"])
    assert intake is not None
    days = [today - dt.timedelta(days=n) for n in range(7 * PENDING_WEEKS - 1, -1, -1)]
    needs = [n for n in group_needs(session, intake.id) if n.group_id == spring.id]
    write_arrivals(session, needs, days, intake_window(session, intake), today)
    return plans
