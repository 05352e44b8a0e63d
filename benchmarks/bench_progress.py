"""The progress view's read and the group exports on a partner lead's year (issue 15).

On the 20,000-record partner-lead laptop that ``bench_cold_start.py`` prepares (``--home``,
default /work/benchhome: its ``laptop/`` store and ``keyring.json``), opened read-only the
way bench_cold_start's child opens it (the keyring file handed to an in-memory keyring; the
store's engine made directly, so nothing is migrated, backed up or purged):

- the progress view's read: ``ProgressService.group`` for the partner lead's biggest group,
  and for every one of the partner's groups (``ProgressService.groups`` then each group),
  with the central service's reports of the year read in the same read (each candidate's
  ``participant_progress`` and ``declaration`` records, the course schedule). Until the
  reference server writes those, ``--land-reports`` lands them into the bench laptop once,
  as a pull lands them (the cursor kept): per enrolment one progress report and one to
  three declarations, and a schedule for each qualification's intakes;
- the bare limit: a plain ``SELECT COUNT(*)`` of attendance on the same store;
- the exports of a 26-candidate group (the group with 26 enrolled nearest in size when
  none has exactly 26): attendance as XLSX (``write_attendance``) and the progress summary
  as PDF (``progress_pdf`` + ``write_pdf``), each written to a temporary folder.

Median of N runs after one warm-up (which loads openpyxl and ReportLab), wall and CPU
time. Targets: the progress view < 300 ms, each export < 1 s.

    .venv/bin/python benchmarks/bench_progress.py [--home DIR] [--runs N] [--land-reports]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from app.exports.attendance import write_attendance  # noqa: E402
from app.printing.exporters import progress_pdf, write_pdf  # noqa: E402
from app.progress import ProgressService  # noqa: E402
from app.store import Store, keys  # noqa: E402
from app.store.engine import make_engine  # noqa: E402
from app.store.models import Enrolment, Group, Intake, OtherRecord, Qualification  # noqa: E402
from app.sync_state import saved_cursor  # noqa: E402
from protocol.records import declaration_id, participant_progress_id  # noqa: E402
from sync.memory_keyring import MemoryKeyring  # noqa: E402

TARGET_VIEW_MS = 300
TARGET_EXPORT_MS = 1000


def open_read_only(home: Path) -> Store:
    """The partner lead's store of a prepared bench home, its key from the keyring file;
    no migration, no backup, no purge: only reads follow."""
    backend = MemoryKeyring()
    for service, user, secret in json.loads((home / "keyring.json").read_text("utf-8")):
        backend.secrets[(service, user)] = secret
    keyring.set_keyring(backend)
    path = home / "laptop" / "data" / "desk.sqlite3"
    key = keys.load_key(path)
    if key is None:
        raise SystemExit(f"no key for {path} in {home / 'keyring.json'}")
    return Store(path, make_engine(path, key), key)


def land_reports(store: Store) -> int:
    """What the central service will send of the year: a schedule for each qualification's
    intakes, per enrolment a progress report and one to three declarations; landed as a
    pull lands them, the laptop's cursor kept. Returns the records landed."""
    from app.clock import shared_clock
    from app.store.apply import PulledChange, apply_page

    def change(type_: str, id_: str, data: dict[str, object]) -> PulledChange:
        return PulledChange(type=type_, id=id_, deleted=False, data=data)

    with store.read() as session:
        intakes = {(i.term, i.year) for i in session.scalars(select(Intake))}
        qualifications = list(session.scalars(select(Qualification)))
        enrolments = session.execute(select(Enrolment.group_id, Enrolment.candidate_id)).all()
    changes = [change("qualification", q.id, {
        "code": q.code, "title": q.title, "course_fee_pence": q.course_fee_pence,
        "coaching_included": q.coaching_included,
        "participation_threshold_percent": q.participation_threshold_percent,
        "schedules": [{
            "identifier": f"npq-{term}-{year}", "cohort": year, "start": term,
            "assessment_window_start": f"{year + 2}-05-01",
            "assessment_window_end": f"{year + 2}-06-30",
            "milestones": [{"declaration_type": kind, "start_date": f"{year + n}-01-01",
                            "milestone_date": f"{year + n}-12-31"}
                           for n, kind in enumerate(("started", "retained-1", "retained-2",
                                                     "completed"))]}
            for term, year in sorted(intakes)]}) for q in qualifications]
    for n, (group_id, candidate_id) in enumerate(enrolments):
        changes.append(change("participant_progress",
                              participant_progress_id(group_id, candidate_id), {
            "candidate_id": candidate_id, "group_id": group_id,
            "online_sessions_attended": n % 5, "online_sessions_held": 4,
            "online_course_percent": n % 101, "diagnostic_360": "invited",
            "coaching_sessions": n % 3, "coaching_sessions_planned": 6}))
        for kind in ("started", "retained-1", "retained-2")[:1 + n % 3]:
            changes.append(change("declaration", declaration_id(group_id, candidate_id, kind), {
                "candidate_id": candidate_id, "group_id": group_id, "declaration_type": kind,
                "state": ("paid", "eligible", "voided")[n % 3],
                "declaration_date": "2026-11-01"}))
    apply_page(store, changes, saved_cursor(store) or "", shared_clock(store))
    return len(changes)


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``runs`` runs after one warm-up."""
    work()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, default=Path("/work/benchhome"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--land-reports", action="store_true",
                        help="land the service's reports of the year first (writes the store)")
    args = parser.parse_args()
    store = open_read_only(args.home)
    if args.land_reports:
        print(f"landed {land_reports(store)} records of the service's reports")
    today = dt.date.today()
    service = ProgressService(store)
    with store.read() as session:
        records = session.execute(text("SELECT COUNT(*) FROM attendance")).scalar_one()
        sizes = dict(session.execute(
            select(Group.id, func.count(Enrolment.id))
            .join(Enrolment, Enrolment.group_id == Group.id).group_by(Group.id)).all())
        codes = dict(session.execute(select(Group.id, Group.code)).all())
        reports = dict(session.execute(
            select(OtherRecord.type, func.count()).where(OtherRecord.type.in_(
                ("participant_progress", "declaration"))).group_by(OtherRecord.type)).all())
    biggest = max(sizes, key=lambda g: (sizes[g], codes[g]))
    export_group = min(sizes, key=lambda g: (abs(sizes[g] - 26), codes[g]))
    print(f"store: {store.path} ({len(codes)} groups, {records} attendance rows, "
          f"{reports.get('participant_progress', 0)} progress reports, "
          f"{reports.get('declaration', 0)} declarations); as at {today}")

    def count() -> int:
        with store.read() as session:
            return int(session.execute(text("SELECT COUNT(*) FROM attendance")).scalar_one())

    def every_group() -> int:
        return sum(len(service.group(g.group_id, today).rows) for g in service.groups(today))

    rows: list[tuple[str, float, float, int | None]] = []
    rows.append(("bare limit: SELECT COUNT(*) FROM attendance", *timed(count, args.runs), None))
    rows.append((f"progress view: biggest group {codes[biggest]} ({sizes[biggest]} enrolled)",
                 *timed(lambda: service.group(biggest, today), args.runs), TARGET_VIEW_MS))
    wall, cpu = timed(every_group, args.runs)
    rows.append((f"progress view: all {len(codes)} groups (chooser + each group)", wall, cpu,
                 None))
    rows.append((f"progress view: per group opened (all {len(codes)} / {len(codes)})",
                 wall / len(codes), cpu / len(codes), TARGET_VIEW_MS))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        rows.append((f"export attendance XLSX: {codes[export_group]} "
                     f"({sizes[export_group]} enrolled)",
                     *timed(lambda: write_attendance(store, export_group, out / "a.xlsx"),
                            args.runs), TARGET_EXPORT_MS))
        rows.append((f"export progress PDF: {codes[export_group]} "
                     f"({sizes[export_group]} enrolled)",
                     *timed(lambda: write_pdf(progress_pdf(service, export_group),
                                              out / "p.pdf"), args.runs), TARGET_EXPORT_MS))
        pdf_size = (out / "p.pdf").stat().st_size
    store.engine.dispose()
    print(f"median of {args.runs} runs after one warm-up (wall / CPU ms):")
    failed = False
    for name, wall, cpu, target in rows:
        verdict = "" if target is None else ("  ok" if wall < target else "  OVER")
        failed |= target is not None and wall >= target
        aim = "" if target is None else f" (< {target} ms)"
        print(f"  {name}: {wall:.1f} / {cpu:.1f}{aim}{verdict}")
    print(f"  (progress PDF: {pdf_size / 1024:.0f} KiB)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
