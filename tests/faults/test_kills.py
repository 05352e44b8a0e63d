"""The client process killed with SIGKILL during push and pull, again and again. After each
restart and a clean sync: the laptop holds exactly what the server shows its user, the
database is intact, every mark it committed is on the server exactly once."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import keyring
import pytest
from sqlalchemy import select, text

from app.store import Store
from app.store.models import AttendanceHistory, OutboxEntry
from tests.faults.file_keyring import FileKeyring
from tests.faults.harness import Inspector
from tests.faults.replica import assert_same

REPO = Path(__file__).resolve().parents[2]


class Zygote:
    """The driver process; ``run`` forks one life of the client and maybe kills it."""

    def __init__(self, home: Path, url: str, username: str) -> None:
        self.home = home
        self.marks = home / "marks.txt"
        self.store = home / "desk.sqlite3"
        env = os.environ | {"PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.kill_driver", "--store", str(self.store),
             "--url", url, "--keyring", str(home / "keyring.json"), "--marks",
             str(self.marks), "--username", username],
            cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.readline() == "ready"

    def readline(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        assert line, "the kill driver died"
        return line

    def run(self, seed: int, delay_ms: float) -> tuple[str, str, float]:
        assert self.process.stdin is not None
        self.process.stdin.write(f"run {seed} {delay_ms}\n")
        self.process.stdin.flush()
        words = self.readline().split()
        outcome = words[0] if words[0] == "killed" else f"exit{words[1]}"
        return outcome, words[-2], float(words[-1])

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def kill_again_and_again(server: Any, home: Path, kills: int, seed: int,
                         at_least: dict[str, int] | None = None) -> Counter[str]:
    """``kills`` kills at random moments of a sync, and more (up to three times as many)
    until each phase in ``at_least`` has had its share: on a loaded machine the start of
    a life takes longer and more kills land before the sync has begun."""
    wanted = at_least or {}
    rng = random.Random(seed)
    home.mkdir(parents=True, exist_ok=True)
    zygote = Zygote(home, server.base_url, "facilitator")
    where: Counter[str] = Counter()
    try:
        assert zygote.run(rng.randrange(2**31), -1)[0] == "exit0"  # first sync: the data
        durations = sorted(zygote.run(rng.randrange(2**31), -1)[2] for _ in range(3))
        typical_ms = durations[1] * 1000  # most lives are killed somewhere in their sync
        killed = lives = 0
        while killed < kills or any(where[p] < n for p, n in wanted.items()):
            lives += 1
            assert lives < kills * 12, f"only {killed} kills in {lives} lives: {where}"
            if killed >= kills * 3:
                break  # the caller's assertion says which phase was missed
            outcome, phase, _ = zygote.run(rng.randrange(2**31), rng.uniform(0, typical_ms))
            if outcome == "killed":
                killed += 1
                where["push" if "push" in phase else "pull" if "pull" in phase
                      else "other"] += 1
            else:
                assert outcome in ("exit0", "exit1"), f"the client failed: {outcome} {phase}"
        outcome, phase, _ = zygote.run(0, -1)
        if outcome != "exit0":  # a refresh token lost to a kill: signed in again, retry
            outcome, phase, _ = zygote.run(0, -1)
        assert outcome == "exit0", f"the clean sync after the kills failed: {phase}"
    finally:
        zygote.close()
    check_laptop_equals_server(zygote, server.base_url)
    return where


def check_laptop_equals_server(zygote: Zygote, base_url: str) -> None:
    inspector = Inspector(base_url)
    keyring.set_keyring(FileKeyring(zygote.home / "keyring.json"))  # the database key
    try:
        with Store.open(zygote.store) as store:
            with store.read() as session:
                assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
                assert session.scalar(select(OutboxEntry.seq).limit(1)) is None
                local = Counter((h.attendance_id, h.hlc, h.status) for h in session.scalars(
                    select(AttendanceHistory).where(AttendanceHistory.source == "local")))
                device = session.scalars(select(AttendanceHistory.device_id).where(
                    AttendanceHistory.source == "local").limit(1)).first()
            assert_same(store, inspector.feed())
        logged = Counter(tuple(line.split()) for line in zygote.marks.read_text().splitlines())
        assert all(n == 1 for n in logged.values()), "one stamp issued twice"
        assert set(logged) <= set(local), "a mark the client committed is gone"
        on_server: Counter[tuple[str, str, str]] = Counter()
        for record_id in {r for r, _, _ in local}:
            for row in inspector.history(record_id):
                if row["device_id"] == device:
                    on_server[(record_id, row["hlc"], row["status"])] += 1
        assert on_server == local, "the server's history of this laptop's marks differs"
    finally:
        inspector.close()


def test_50_kills_during_push_and_pull_lose_nothing(server: Any, tmp_path: Path) -> None:
    where = kill_again_and_again(server, tmp_path / "laptop", kills=50, seed=5,
                                 at_least={"push": 5, "pull": 10})
    assert where["push"] >= 5 and where["pull"] >= 10, where


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_500_kills_during_push_and_pull_lose_nothing(server: Any, tmp_path: Path) -> None:
    where = kill_again_and_again(server, tmp_path / "laptop", kills=500, seed=55,
                                 at_least={"push": 50, "pull": 100})
    assert where["push"] >= 50 and where["pull"] >= 100, where
