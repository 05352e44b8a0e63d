"""How long a mark on one laptop takes to show on the other laptop's open register.

Two real app processes (each its own home, store, sign-in, runner and main window, Qt
offscreen, an in-memory keyring) against one ``npq-server serve`` process on loopback, over a
freshly seeded demo database. Laptop A (the demo facilitator) marks a person on today's
register every ``--every`` seconds, as the register does (the mark saved, then a sync a few
seconds later, the app's own debounce); laptop B (her co-facilitator), with its periodic
sync set to an hour, shows the register and notes when each mark appears in its model.

Reports, over ``--marks`` marks (at least 30): the delay from the mark on A to the row on
B's screen (what a facilitator sees, A's debounce included), and from A's push answered to
the row on B (the wait, B's sync and refresh).

    .venv/bin/python benchmarks/bench_live_marks.py [--marks 30] [--every 6]
    .venv/bin/python benchmarks/bench_live_marks.py --database-url postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import queue
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 11, 23)
AN_HOUR_MS = 60 * 60 * 1000
USERS = {"a": "facilitator", "b": "cofacilitator"}


# ---- one laptop (a child process) -------------------------------------------------------------


def laptop(role: str, server: str, home: Path, marks: int, every: float) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import keyring
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.domain import MarkStatus
    from app.store import Store
    from desk.session import sign_in
    from sync.memory_keyring import MemoryKeyring
    from ui.gui_gc import GuiThreadCollector
    from ui.main_window import MainWindow
    from ui.runner import Runner

    keyring.set_keyring(MemoryKeyring())
    app = QApplication([])
    GuiThreadCollector(app)
    session = sign_in(Store.open(home / "desk.sqlite3"), server, USERS[role], "npq-demo")
    session.sync.sync_once()
    runner = Runner(on_error=lambda exc: say("ERROR", type(exc).__name__, str(exc)))
    window = MainWindow(session, runner, today=lambda: TODAY,
                        sync_period_ms=AN_HOUR_MS if role == "b" else None)
    window.show()
    window.start()
    model = window.register_view.model
    seen: dict[str, str | None] = {}

    def ready() -> bool:
        return model.rowCount() > 0 and window.sync.is_waiting()

    def look() -> None:  # B: note every change its register shows
        for row in range(model.rowCount()):
            person = model.row_at(row)
            status = person.status.value if person.status else None
            if seen.get(person.candidate_id, "-") != status:
                if person.candidate_id in seen:
                    say("SEEN", person.candidate_id, str(status), f"{time.time():.4f}")
                seen[person.candidate_id] = status

    statuses = (MarkStatus.PRESENT, MarkStatus.ABSENT)
    done: dict[str, MarkStatus | None] = {}

    def mark() -> None:  # A: the next person, each mark a change of their status
        register = model.register
        assert register is not None
        people = [r for r in register.rows if not r.withdrawn]
        if not done:
            done.update({r.candidate_id: r.status for r in people})
        person = people[len(marked) % len(people)]
        status = statuses[1] if done[person.candidate_id] is statuses[0] else statuses[0]
        say("MARK", person.candidate_id, status.value, f"{time.time():.4f}")
        session.registers.mark(register.event.id, person.candidate_id, status)
        window.sync.changed_locally()
        done[person.candidate_id] = status
        marked.append(person.candidate_id)
        if len(marked) >= marks:
            timer.stop()
            QTimer.singleShot(int(every * 1000) + 5_000, app.quit)

    marked: list[str] = []
    window.sync.synced.connect(lambda report: report.pushed and say(
        "PUSHED", f"{time.time():.4f}"))
    timer = QTimer(interval=int(every * 1000), timeout=mark if role == "a" else look)
    if role == "b":
        timer.setInterval(10)

    def start_when_ready() -> None:
        if not ready():
            QTimer.singleShot(100, start_when_ready)
            return
        look()
        say("READY")
        timer.start()

    start_when_ready()
    signal.signal(signal.SIGTERM, lambda *_: app.quit())  # B: until the parent says so
    code = app.exec()
    window.close_now()
    runner.wait_for_done()
    session.close()
    return code


def say(*words: str) -> None:
    print(" ".join(words), flush=True)


# ---- the parent ---------------------------------------------------------------------------


def _lines(stream: IO[str], into: queue.Queue[tuple[str, list[str]]], name: str) -> None:
    for line in stream:
        into.put((name, line.split()))


def wait_until_answering(base: str, server: subprocess.Popen[bytes]) -> bool:
    import requests

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            requests.get(f"{base}/api/v1/sync/meta", timeout=1)
            return True
        except requests.ConnectionError:
            time.sleep(0.1)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marks", type=int, default=30)
    parser.add_argument("--every", type=float, default=6.0, help="seconds between marks")
    parser.add_argument("--database-url", default=os.environ.get("NPQ_BENCH_DATABASE_URL"))
    parser.add_argument("--laptop", choices=sorted(USERS), help=argparse.SUPPRESS)
    parser.add_argument("--server", help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.laptop:
        return laptop(args.laptop, args.server, args.home, args.marks, args.every)

    from benchmarks.bench_server_load import _free_port, percentile, prepare

    folder = Path(tempfile.mkdtemp(prefix="npq-live-marks-"))
    url = args.database_url or f"sqlite:///{folder / 'npq-server.sqlite3'}"
    prepare(url, 0)
    port = _free_port()
    env = dict(os.environ, NPQ_DATABASE_URL=url, NPQ_SERVER_HOME=str(folder))
    server = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=open(folder / "server.log", "w"))  # noqa: SIM115
    base = f"http://127.0.0.1:{port}"
    lines: queue.Queue[tuple[str, list[str]]] = queue.Queue()
    laptops: dict[str, subprocess.Popen[str]] = {}
    try:
        if not wait_until_answering(base, server):
            print("the server did not start; see", folder / "server.log")
            return 1
        for name in ("b", "a"):
            child = subprocess.Popen(
                [sys.executable, __file__, "--laptop", name, "--server", base,
                 "--home", str(folder / name), "--marks", str(args.marks),
                 "--every", str(args.every)], cwd=ROOT, text=True,
                stdout=subprocess.PIPE, env=dict(os.environ, NPQ_DESK_HOME=str(folder / name)))
            laptops[name] = child
            assert child.stdout is not None
            threading.Thread(target=_lines, args=(child.stdout, lines, name),
                             daemon=True).start()
            while (got := lines.get(timeout=120)) != (name, ["READY"]):
                print(name, *got[1])
        marks: list[tuple[str, str, float]] = []
        pushes: list[float] = []
        seen: list[tuple[str, str, float]] = []
        while laptops["a"].poll() is None or not lines.empty():
            try:
                name, words = lines.get(timeout=1)
            except queue.Empty:
                continue
            if words[0] == "MARK":
                marks.append((words[1], words[2], float(words[3])))
            elif words[0] == "PUSHED":
                pushes.append(float(words[1]))
            elif words[0] == "SEEN":
                seen.append((words[1], words[2], float(words[3])))
            else:
                print(name, *words)
    finally:
        for child in [*laptops.values(), server]:
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
    shown, after_push, missing = [], [], 0
    for candidate, status, marked in marks:
        arrival = next((t for c, s, t in seen if c == candidate and s == status and t > marked),
                       None)
        if arrival is None:
            missing += 1
            continue
        shown.append(arrival - marked)
        pushed = max((p for p in pushes if p <= arrival), default=None)
        if pushed is not None and pushed >= marked:
            after_push.append(arrival - pushed)
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{backend}: {len(marks)} marks, one every {args.every:g} s; load {load}")
    for label, values in (("mark on A -> row on B's screen", shown),
                          ("A's sync done -> row on B", after_push)):
        print(f"{label}: median {statistics.median(values):.2f} s, "
              f"p95 {percentile(values, 95):.2f} s, max {max(values):.2f} s "
              f"({len(values)} marks)")
    print(f"marks that never showed on B: {missing}")
    return 0 if not missing else 2


if __name__ == "__main__":
    raise SystemExit(main())
