"""How long a group's attendance export takes (issue 15: under 1 s for 26 candidates).

A 26-candidate group with 6 events (5 dated and held, every register marked: present,
late, left early, absent, apologies, some left unmarked, two walk-ins), exported with
``app.exports.attendance.write_attendance`` as XLSX and as CSV: read from the store, the
totals worked out, the file written atomically. Median of N runs after one warm-up (the
warm-up loads openpyxl), wall and CPU time.

Beside it the bare limit: a plain openpyxl write of an empty-valued grid of the same size
(the matrix sheet's rows x columns plus the long list's), nothing read, nothing styled, so
what the export adds over the library itself shows.

    .venv/bin/python benchmarks/bench_export.py [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring
from sqlalchemy import select

from app.clock import shared_clock
from app.domain import MarkStatus
from app.exports.attendance import load_attendance, long_rows, write_attendance
from app.registers import RegisterService
from app.store import Store
from app.store.models import Event
from sync.memory_keyring import MemoryKeyring
from tests.printing.builders import seed_groups

AS_OF = dt.date(2027, 4, 1)  # after the fifth event; the sixth is undated
ME = "11111111-1111-4111-8111-111111111111"
PATTERN = [(MarkStatus.PRESENT, None, None)] * 6 + [
    (MarkStatus.LATE, "09:40", None), (MarkStatus.LEFT_EARLY, None, "14:15"),
    (MarkStatus.ABSENT, None, None), (MarkStatus.APOLOGIES, None, None)]


def seed(store: Store) -> str:
    group = seed_groups(store, [26], events=6)[0]
    with store.read() as session:
        dates = {e.id: e.chosen_date for e in session.scalars(select(Event))}
    for number, event_id in enumerate(group.event_ids[:5]):
        day = dt.date.fromisoformat(dates[event_id])
        service = RegisterService(store, shared_clock(store), ME, today=lambda d=day: d)
        for index, candidate in enumerate(group.candidate_ids[:-1]):  # the last unmarked
            status, arrival, departure = PATTERN[(index + number) % len(PATTERN)]
            service.mark(event_id, candidate, status, arrival, departure)
        service.add_walk_in(event_id, f"Walk-in Visitor{number % 2}", school="Elsewhere")
    return group.code


def timed(work: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    work()  # warm-up
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def bare_grid(rows: int, columns: int, list_rows: int, list_columns: int,
              path: Path) -> Callable[[], object]:
    def write() -> None:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in range(1, rows + 1):
            for column in range(1, columns + 1):
                sheet.cell(row, column, "")
        long = book.create_sheet("Long list")
        for row in range(1, list_rows + 1):
            for column in range(1, list_columns + 1):
                long.cell(row, column, "")
        book.save(path)
    return write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        with Store.open(folder / "desk.sqlite3") as store:
            code = seed(store)
            matrix = load_attendance(store, code, AS_OF)
            rows = len(matrix.rows) + 1 + 1 + 7  # header, rows, a blank, the totals
            columns = 2 + 2 * len(matrix.events) + 4
            lines = long_rows(matrix)
            print(f"group {code}: {len(matrix.rows)} rows ({sum(r.walk_in for r in matrix.rows)}"
                  f" walk-ins) x {len(matrix.events)} events; long list {len(lines) - 1} lines")
            results = {
                "export .xlsx": timed(lambda: write_attendance(
                    store, code, folder / "a.xlsx", as_of=AS_OF), args.runs),
                "export .csv": timed(lambda: write_attendance(
                    store, code, folder / "a.csv", as_of=AS_OF), args.runs),
                "read the matrix only": timed(lambda: load_attendance(store, code, AS_OF),
                                              args.runs),
                "bare limit: openpyxl empty grid": timed(bare_grid(
                    rows, columns, len(lines), len(lines[0]), folder / "bare.xlsx"),
                    args.runs),
            }
    for name, (wall, cpu) in results.items():
        print(f"{name:34s} median {statistics.median(wall):7.1f} ms wall "
              f"(max {max(wall):6.1f}), {statistics.median(cpu):7.1f} ms CPU")
    worst = max(statistics.median(results["export .xlsx"][0]),
                statistics.median(results["export .csv"][0]))
    print(f"target: under 1000 ms -> {'met' if worst < 1000 else 'NOT met'}")


if __name__ == "__main__":
    main()
