"""Deterministic, realistic, invented demo data (see docs/demo-data.md).

``seed_demo(target, today)`` fills an empty, migrated database: the four qualifications,
eight delivery partners across English regions (each venue in a local authority; one
authority's 2026/27 school term dates, ``server.seed.term_dates``), an Autumn and a Spring
intake, 24 groups
with their candidates, events (past, today and future), facilitators, partner leads and QA
leads; registers taken, submitted and evaluated for past events; the QA form templates and
a little QA history for the demo QA lead (``server.seed.qa``); each group's simulated
impact report (``server.seed.impact``); the recruitment rules, registration windows,
partners' published profiles and the applications behind the groups
(``server.seed.recruitment``), and with ``season`` two more groups for the demo partner
(``server.seed.season``). Dates are relative to
``today``; the same ``today`` always gives the same records.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from protocol.records import IntakeData
from server import sequence, store
from server.db import Database
from server.models import User
from server.security import hash_password
from server.seed.catalogue import CatalogueName, qualifications
from server.seed.groups import make_groups
from server.seed.identifiers import with_delivery_ids
from server.seed.impact import seed_impact
from server.seed.past import demo_extras, record_past
from server.seed.qa import seed_qa
from server.seed.qa_care import assign_qa_leads
from server.seed.recruitment import seed_recruitment, with_profile
from server.seed.reference import PARTNERS
from server.seed.season import seed_season
from server.seed.staff import make_staff
from server.seed.term_dates import seed_term_dates
from server.seed.training_status import seed_demo_statuses, seed_reasons
from server.seed.writer import SeedWriter
from server.services import declarations, evaluations

log = logging.getLogger(__name__)

RANDOM_SEED = 20261123
DEMO_PASSWORD = "npq-demo"


@contextmanager
def _session(target: Database | Engine | Session) -> Iterator[Session]:
    if isinstance(target, Session):
        yield target
    elif isinstance(target, Database):
        with target.write() as session:
            yield session
    else:
        with Session(target) as session, session.begin():
            yield session


def _intakes(w: SeedWriter, year: int) -> dict[str, str]:
    return {
        "autumn": w.add("intake", w.uid(), IntakeData(
            term="autumn", year=year, registration_deadline=f"{year}-09-12",
            label=f"Autumn {year}")),
        "spring": w.add("intake", w.uid(), IntakeData(
            term="spring", year=year + 1, registration_deadline=f"{year + 1}-01-16",
            label=f"Spring {year + 1}")),
    }


def seed_demo(target: Database | Engine | Session, today: dt.date,
              catalogue: CatalogueName = "pack", *, season: bool = False) -> None:
    """Fill an empty database with the demo data; refuses a database that has users.
    ``catalogue``: the partner pack's four qualifications, or the current national suite.
    ``season``: two more groups for the demo partner, one at risk and one that needs a
    decision (``server.seed.season``), appended after everything else."""
    with _session(target) as session:
        if session.scalar(select(User.id).limit(1)) is not None:
            raise RuntimeError("the database already has users; seed only a new database")
        sequence.lock(session)
        w = SeedWriter(session, random.Random(RANDOM_SEED))
        year = today.year if today.month >= 8 else today.year - 1
        codes = []
        for qualification in qualifications(catalogue, year):
            w.add("qualification", w.uid(), qualification)
            codes.append(qualification.code)
        seed_reasons(w)
        w.flush()
        seed_term_dates(session)
        partner_ids = {p.slug: w.add("partner", w.uid(), with_profile(p, with_delivery_ids(
            p.slug, p.data, (year, year + 1)), index, today))
            for index, p in enumerate(PARTNERS)}
        intake_ids = _intakes(w, year)
        staff = make_staff(session, w, partner_ids, hash_password(DEMO_PASSWORD))
        plans = make_groups(w, staff, today, partner_ids, intake_ids, year, catalogue)
        past = record_past(w, plans, today)
        demo_extras(w, next(p for p in plans if p.is_demo), today)
        care = assign_qa_leads(session, w, staff, plans, today)
        seed_qa(w, staff, plans, today, care)
        w.flush()
        session.flush()
        seed_demo_statuses(session, w, next(p for p in plans if p.is_demo).id)
        w.flush()
        for event_id, _group_id in past:
            event = store.get(session, "event", event_id)
            assert event is not None
            evaluations.write_summary(session, event)
        declarations.recompute(session, today)  # online activity and funding declarations
        session.flush()
        # simulated, from a random of each group's own; its 360° counts are the online
        # activity's just written
        seed_impact(session, w, today)
        w.flush()
        # from randoms of their own, after the rest, so that nothing above moves
        seed_recruitment(session, today, codes)
        if season:
            plans += seed_season(session, staff, partner_ids, intake_ids, year, today,
                                 catalogue)
        log.info("seeded demo data: %d groups, %d past events", len(plans), len(past))
