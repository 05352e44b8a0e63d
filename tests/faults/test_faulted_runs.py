"""Hundreds of syncs through a proxy that drops, cuts, resets, delays and refuses: two
facilitators mark the same register between syncs. Afterwards, one clean sync each: every
committed mark is on the server exactly once and both laptops agree with it."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.faults.harness import (
    Inspector,
    Laptop,
    check_converged,
    check_exactly_once,
    random_marks,
    record_ids,
    settle_all,
)
from tests.faults.proxy import FAULTS, Fault, FaultProxy, random_faults


def faulted_runs(server: Any, home: Path, runs: int, seed: int) -> Counter[str]:
    rng = random.Random(seed)
    with FaultProxy(server.base_url, seed=seed) as proxy:
        lead = Laptop("lead", home / "lead.sqlite3", proxy.url, "facilitator")
        co = Laptop("co", home / "co.sqlite3", proxy.url, "cofacilitator")
        laptops = [lead, co]
        try:
            settle_all(laptops)
            event_id = lead.todays_event()
            people = lead.markable(event_id)
            assert people and co.markable(event_id) == people
            proxy.choose = random_faults(rng, rate=0.15)
            outcomes: Counter[str] = Counter()
            faulted = 0
            for _ in range(runs):
                laptop = rng.choice(laptops)
                random_marks(rng, laptop, event_id, people, most=3)
                # At least one fault per run, on one of its requests: meta, push (when
                # there is something to send), the first pull page.
                requests = 3 if laptop.sync.status().pending_changes else 2
                proxy.plan.extend([Fault.PASS] * rng.randrange(requests)
                                  + [rng.choice(FAULTS)])
                before = len(proxy.log)
                error = laptop.try_sync()
                proxy.plan.clear()
                faulted += any(f is not Fault.PASS for f, _, _ in proxy.log[before:])
                outcomes[error.kind if error else "ok"] += 1
            proxy.choose = None
            settle_all(laptops)
            inspector = Inspector(server.base_url)
            ids = record_ids(event_id, people)
            check_exactly_once(inspector, laptops, ids)
            check_converged(inspector, laptops, ids, histories=False)
            inspector.close()
            assert faulted >= runs, f"only {faulted} of {runs} runs met a fault"
            assert set(proxy.tally()) >= set(FAULTS), "every kind of fault was injected"
            assert sum(len(laptop.committed) for laptop in laptops) > runs // 2
            return outcomes
        finally:
            for laptop in laptops:
                laptop.close()


def test_200_faulted_syncs_lose_and_duplicate_nothing(server: Any, tmp_path: Path) -> None:
    outcomes = faulted_runs(server, tmp_path, runs=200, seed=20261123)
    assert outcomes["ok"] > 0 and outcomes["network"] > 0 and outcomes["server"] > 0


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_2000_faulted_syncs_lose_and_duplicate_nothing(server: Any, tmp_path: Path) -> None:
    faulted_runs(server, tmp_path, runs=2000, seed=7)
