"""How long printing registers takes.

1. One 30-candidate sign-in register PDF (read from the store, laid out, written to a file):
   median of 20 after one warm-up. Target: <= 300 ms.
2. Every register of 40 groups x 6 events (240 PDFs, 12-30 candidates each), one file per
   event, as the batch export does it on its worker thread; and the same as one combined PDF.

    .venv/bin/python benchmarks/bench_register_pdf.py [--dir FOLDER] [--runs N]

The data is generated in a temporary store (through the same path pulled data takes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring

from app.printing.batch import export_registers, intake_event_ids
from app.printing.exporters import sign_in_sheet_pdf, write_pdf
from app.store import Store
from sync.memory_keyring import MemoryKeyring
from tests.printing.builders import seed_groups

PRINTED_AT = dt.datetime(2026, 11, 23, 9, 12)


def one_register(folder: Path, runs: int) -> tuple[list[float], list[float]]:
    with Store.open(folder / "one.sqlite3") as store:
        event_id = seed_groups(store, [30], events=1)[0].event_ids[0]
        write_pdf(sign_in_sheet_pdf(store, event_id, printed_at=PRINTED_AT),
                  folder / "warm-up.pdf")
        timings, cpu = [], []
        for run in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            write_pdf(sign_in_sheet_pdf(store, event_id, printed_at=PRINTED_AT),
                      folder / f"one-{run}.pdf")
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    return timings, cpu


def many_registers(folder: Path) -> tuple[int, float, float, float, int]:
    sizes = [12 + (n * 7) % 19 for n in range(40)]  # 12..30 candidates
    with Store.open(folder / "many.sqlite3") as store:
        groups = seed_groups(store, sizes, events=6)
        event_ids = intake_event_ids(store, groups[0].intake_id)
        started, started_cpu = time.perf_counter(), time.process_time()
        files = export_registers(store, event_ids, folder / "each", printed_at=PRINTED_AT)
        each, each_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        started = time.perf_counter()
        export_registers(store, event_ids, folder / "combined", combine=True,
                         printed_at=PRINTED_AT)
        combined = time.perf_counter() - started
    size = sum(p.stat().st_size for p in files)
    return len(files), each, each_cpu, combined, size


def main() -> None:
    keyring.set_keyring(MemoryKeyring())  # the database key: never the OS keyring
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="where to write (default: a temp folder)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.dir or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        timings, cpu = one_register(folder, args.runs)
        print(f"one 30-candidate register PDF: median {statistics.median(timings):.0f} ms, "
              f"min {min(timings):.0f} ms, max {max(timings):.0f} ms, median CPU "
              f"{statistics.median(cpu):.0f} ms ({args.runs} runs; target <= 300 ms)")
        count, each, each_cpu, combined, size = many_registers(folder)
        print(f"40 groups x 6 events: {count} PDFs in {each:.1f} s, CPU {each_cpu:.1f} s "
              f"({each / count * 1000:.0f} ms each, {size / count / 1024:.0f} KiB each); "
              f"as one combined PDF: {combined:.1f} s")


if __name__ == "__main__":
    main()
