"""How long one QA form save takes to commit durably through ``FormService.save_answer``.

Real SQLite file (WAL, synchronous=FULL) and the real QA visit template (version 1, built
from resources/forms by the server's catalogue); 500 saves growing one evidence note word by
word, as the editor saves while someone types. Each timing covers validation against the
template, the form row and its (coalesced) outbox entry, and the fsync. The editor saves at
least every 250 ms while typing, so a save must stay well under that.

    .venv/bin/python benchmarks/bench_form_save.py [--dir FOLDER] [--saves N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring

from app.clock import shared_clock
from app.forms.service import FormService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from server.forms_catalogue import SHIPPED_AT, shipped_templates
from sync.memory_keyring import MemoryKeyring

QA_LEAD, FACILITATOR = str(uuid.uuid4()), str(uuid.uuid4())


def seed(store: Store) -> None:
    changes = [PulledChange("form_template", template_id, False, template.model_dump())
               for template_id, template in shipped_templates(published_at=SHIPPED_AT)]
    changes += [
        PulledChange("user", QA_LEAD, False, {"name": "Ciarán Ó Briain", "roles": ["qa_lead"]}),
        PulledChange("user", FACILITATOR, False, {"name": "Siân Hughes",
                                                  "roles": ["facilitator"]}),
        PulledChange("qa_assignment", str(uuid.uuid4()), False,
                     {"qa_lead_id": QA_LEAD, "facilitator_id": FACILITATOR}),
    ]
    apply_page(store, changes, "bench", shared_clock(store))


def main() -> None:
    keyring.set_keyring(MemoryKeyring())  # the database key: never the OS keyring
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--saves", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        store = Store.open(Path(folder) / "bench.sqlite3")
        seed(store)
        forms = FormService(store, shared_clock(store), QA_LEAD)
        form_id = forms.start_visit(FACILITATOR).id
        timings, text = [], ""
        cpu = time.process_time()
        for n in range(args.saves):
            text += f" word{n}"
            started = time.perf_counter()
            forms.save_answer(form_id, "pace_and_timing_evidence", text.strip())
            timings.append((time.perf_counter() - started) * 1000)
        cpu = time.process_time() - cpu
        store.close()
    timings.sort()
    print(f"{args.saves} saves: median {statistics.median(timings):.1f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms, max {timings[-1]:.1f} ms, "
          f"CPU {cpu * 1000 / args.saves:.1f} ms per save")


if __name__ == "__main__":
    main()
