"""Make the pipeline screenshot: the demo partner lead's Pipeline tab, with the group that
most needs the partner chosen (its trend, forecast and applicants).

Until the demo server simulates an application season (``npq-server
simulate-applications``), the laptop holds no applications; with ``--invent`` this script
lands a few invented ones into the demo laptop first, as a pull would land them (names,
schools and dates made up), so the page has something to show. Once the server sends its
own, run it without ``--invent``.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_pipeline.py \\
        docs/screenshot-pipeline.png [--invent]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screenshot_common import SCREEN, Shots, Step
from screenshot_progress import show_tab
from sqlalchemy import select

from app.changes import Changes
from app.clock import shared_clock
from app.store.apply import PulledChange, apply_page
from app.store.models import Group, Intake
from app.sync_state import saved_cursor
from app.viability import Viability
from ui.main_window import MainWindow
from ui.pipeline_view import PipelineView

GIVEN = ["Aisha", "Ben", "Chloe", "Dev", "Ellie", "Femi", "Grace", "Hamza", "Isla", "Jack",
         "Kiran", "Leah", "Mo", "Nia", "Owen", "Priya", "Rory", "Sana"]
FAMILY = ["Ahmed", "Brooks", "Clarke", "Dhillon", "Evans", "Fofana", "Green", "Hussain",
          "Ives", "Jones", "Kaur", "Lewis", "Mensah", "Nolan", "Okafor", "Patel"]
ROLES = ["Head of year", "Assistant headteacher", "Head of department", "Deputy headteacher"]


def invented_applications(window: MainWindow, today: dt.date) -> None:
    """A season's worth of invented applications to each open group of the partner."""
    store = window.session.store
    rng = random.Random(16)
    with store.read() as db:
        groups = [(g.id, g.intake_id, g.partner_id, g.qualification_code)
                  for g in db.scalars(select(Group).where(Group.status == "open"))]
        deadlines = {i.id: dt.date.fromisoformat(i.registration_deadline)
                     for i in db.scalars(select(Intake))}
    changes = []
    for n, (group_id, intake_id, partner_id, code) in enumerate(groups):
        for _k in range(4 + (n * 5) % 9):
            status = rng.choice(["applied", "applied", "accepted", "rejected", "withdrawn"])
            last = min(today, deadlines[intake_id])  # nobody applies after the deadline
            applied = last - dt.timedelta(days=rng.randrange(0, 70))
            changes.append(PulledChange("application", str(uuid.uuid4()), False, {
                "given_name": rng.choice(GIVEN), "family_name": rng.choice(FAMILY),
                "school": f"{rng.choice(FAMILY)} Primary School", "role": rng.choice(ROLES),
                "qualification_code": code, "intake_id": intake_id, "partner_id": partner_id,
                "group_id": group_id,
                "source": rng.choice(["allocation_code", "preferred_partner", "allocated"]),
                "status": status, "applied_on": applied.isoformat(),
                "decided_on": None if status == "applied" else min(last, (
                    applied + dt.timedelta(days=rng.randrange(1, 10)))).isoformat()}))
    apply_page(store, changes, saved_cursor(store) or "", shared_clock(store))
    window.hub.announce(Changes(recruitment=True))


def shots_today(page: PipelineView | None) -> dt.date:
    assert page is not None
    return page.today()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--role", default="partner")
    parser.add_argument("--invent", action="store_true",
                        help="land invented applications first (the demo server sends none)")
    args = parser.parse_args()
    shots = Shots()

    def view(window: MainWindow) -> PipelineView | None:
        found = window.findChildren(PipelineView)
        return found[0] if found else None

    def steps(window: MainWindow) -> Iterator[Step]:
        yield lambda: show_tab(window, "Pipeline")
        yield lambda: (page := view(window)) is not None and page.pipeline is not None
        if args.invent:  # the demo's day: the one the page reads the pipeline as at
            yield lambda: invented_applications(window, shots_today(view(window))) or True
            yield lambda: (page := view(window)) is not None and page.pipeline is not None \
                and any(g.counts.total for g in page.pipeline.groups)

        def choose() -> bool:
            page = view(window)
            assert page is not None and page.pipeline is not None
            groups = page.pipeline.groups
            today = page.today()
            needs = ([g for g in groups if g.status is Viability.AT_RISK]
                     or [g for g in groups if g.deadline >= today] or list(groups))
            if needs:
                page.select(needs[0].group_id)
            return True
        yield choose

    def shoot(window: MainWindow) -> None:
        shots.save(window.grab(), args.out)

    return shots.drive_demo(args.role, steps, shoot, settle_ms=1500, size=SCREEN)


if __name__ == "__main__":
    raise SystemExit(main())
