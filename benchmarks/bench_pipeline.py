"""The recruitment pipeline's read on a partner lead's year (issue 16).

A new laptop store (encrypted, its key in an in-memory keyring) in a temporary folder,
filled as a pull fills it: one partner, two intakes, 100 groups (NPQML, NPQSL, NPQH and
NPQEL), 14 candidates enrolled in each (1,400, a few deferred), and 2,000 applications
spread over the groups (one in ten not yet placed), with every status and source, applied
over the twelve weeks before each deadline. Then, median of N runs after one warm-up, wall
and CPU time:

- ``RecruitmentService.pipeline(today)``: the whole page's read (every group's counts,
  trend and forecast, the intakes' totals, the windows and the expectations);
- ``RecruitmentService.applicants(group)``: one group's applicants;
- the bare limit: ``SELECT COUNT(*)`` of the application records on the same store.

The pipeline's figure is given beside the bare count as a ratio. Target: the pipeline's
read < 300 ms (the page reads it off the GUI thread).

    .venv/bin/python benchmarks/bench_pipeline.py [--runs N] [--applications N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from sqlalchemy import text  # noqa: E402

from app.clock import shared_clock  # noqa: E402
from app.recruitment import RecruitmentService  # noqa: E402
from app.store import Store  # noqa: E402
from app.store.apply import PulledChange, apply_page  # noqa: E402
from sync.memory_keyring import MemoryKeyring  # noqa: E402

TODAY = dt.date(2026, 11, 23)
TARGET_MS = 300
QUALIFICATIONS = ("NPQML", "NPQSL", "NPQH", "NPQEL")


def change(type_: str, **data: object) -> PulledChange:
    return PulledChange(type=type_, id=str(uuid.uuid4()), deleted=False, data=dict(data))


def fill(store: Store, groups: int, applications: int) -> list[str]:
    """The partner's year, landed as a pull lands it; the groups' ids."""
    rng = random.Random(16)
    partner = change("partner", name="Bench Partner", kind="trust", allocation_code="BENCH-1",
                     region="North")
    autumn = change("intake", term="autumn", year=2026, registration_deadline="2026-09-12",
                    label="Autumn 2026")
    spring = change("intake", term="spring", year=2027, registration_deadline="2027-01-16",
                    label="Spring 2027")
    changes = [partner, autumn, spring]
    group_ids, intakes, deadlines = [], {}, {autumn.id: dt.date(2026, 9, 12),
                                              spring.id: dt.date(2027, 1, 16)}
    for n in range(groups):
        intake = (autumn, spring)[n % 2]
        code = QUALIFICATIONS[n % 4]
        group = change("group", code=f"{code}-BENCH-{n}", qualification_code=code,
                       partner_id=partner.id, intake_id=intake.id, venue_name="Hub")
        changes.append(group)
        group_ids.append(group.id)
        intakes[group.id] = intake.id
        for k in range(14):
            person = change("candidate", given_name=f"G{k}", family_name=f"F{n}", school="S")
            changes.append(person)
            changes.append(change("enrolment", group_id=group.id, candidate_id=person.id,
                                  status="active", register_order=k, enrolled_on=(
                                      TODAY - dt.timedelta(days=rng.randrange(1, 90))
                                  ).isoformat()))
            if k == 0 and n % 5 == 0:
                changes.append(change("training_status", candidate_id=person.id,
                                      group_id=group.id, status="deferred", reason="other",
                                      effective_date="2026-11-01",
                                      decided_at="2026-11-01T10:00:00Z"))
    for k in range(applications):
        group_id = rng.choice(group_ids)
        status = rng.choice(("applied", "applied", "accepted", "rejected", "withdrawn"))
        applied = deadlines[intakes[group_id]] - dt.timedelta(days=rng.randrange(1, 84))
        changes.append(change(
            "application", given_name=f"A{k}", family_name=f"B{k}", school="S", role="R",
            qualification_code="NPQSL", intake_id=intakes[group_id], partner_id=partner.id,
            group_id=None if k % 10 == 0 else group_id,
            source=rng.choice(("allocation_code", "preferred_partner", "allocated")),
            status=status, applied_on=applied.isoformat(),
            decided_on=None if status == "applied" else applied.isoformat()))
    apply_page(store, changes, "bench", shared_clock(store))
    return group_ids


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``runs`` calls after one warm-up."""
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--applications", type=int, default=2000)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "data" / "desk.sqlite3")
        try:
            group_ids = fill(store, args.groups, args.applications)
            service = RecruitmentService(store)

            def count() -> object:
                with store.read() as session:
                    return session.execute(text(
                        "SELECT COUNT(*) FROM other_record WHERE type = 'application'")).scalar()

            pipeline = service.pipeline(TODAY)
            busiest = max(pipeline.groups, key=lambda p: p.counts.total)
            results = {
                "pipeline": timed(lambda: service.pipeline(TODAY), args.runs),
                "applicants": timed(lambda: service.applicants(busiest.group_id), args.runs),
                "count": timed(count, args.runs),
            }
        finally:
            store.close()
    print(f"{len(group_ids)} groups, {args.applications} applications, "
          f"{sum(p.counts.total for p in pipeline.groups)} placed; median of {args.runs}")
    for name, (wall, cpu) in results.items():
        print(f"{name:>11}: {wall:8.1f} ms wall, {cpu:8.1f} ms CPU")
    ratio = results["pipeline"][0] / max(results["count"][0], 0.001)
    print(f"pipeline / bare COUNT(*): {ratio:.0f}x; target < {TARGET_MS} ms: "
          f"{'met' if results['pipeline'][0] < TARGET_MS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
