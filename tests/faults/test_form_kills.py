"""Killing the app while a QA form is being typed loses nothing that was saved: a process
types into a visit form (one save per word, each committed with its outbox entry) and is
killed with SIGKILL at a random moment; reopened, the form holds at least every word whose
save had returned, the database is intact, and the outbox holds one entry for the form
carrying exactly what the form holds."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import select, text

from app.clock import shared_clock
from app.forms.service import FormService
from app.store import Store
from app.store.models import OutboxEntry
from tests.app.conftest import ME
from tests.app.forms_data import QA_LEAD, seed_forms
from tests.faults.file_keyring import FileKeyring

ROOT = Path(__file__).resolve().parents[2]
KILLS = 8


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[FileKeyring]:
    backend = FileKeyring(tmp_path / "keyring.json")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _kill_while_typing(store_path: Path, keyring_path: Path, form_id: str,
                       after: int) -> int:
    """Start the typist, kill it once ``after`` saves have returned; the last save known
    to have returned."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.form_typist", str(store_path), str(keyring_path),
         form_id], cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)})
    assert child.stdout is not None
    acknowledged = 0
    for line in child.stdout:
        acknowledged = int(line)
        if acknowledged >= after:
            child.send_signal(signal.SIGKILL)
            break
    acknowledged = max([acknowledged, *(int(line) for line in child.stdout)])
    assert child.wait(timeout=30) == -signal.SIGKILL, "the typist ended before the kill"
    return acknowledged


def test_a_form_typed_until_killed_keeps_every_saved_word(tmp_path: Path,
                                                          file_keyring: FileKeyring) -> None:
    store_path = tmp_path / "desk.sqlite3"
    store = Store.open(store_path)
    seed_forms(store)
    form_id = FormService(store, shared_clock(store), QA_LEAD).start_visit(ME).id
    store.close()
    rng = random.Random(7)
    for _ in range(KILLS):
        acknowledged = _kill_while_typing(store_path, file_keyring.path, form_id,
                                          rng.randint(1, 40))
        store = Store.open(store_path)
        try:
            with store.read() as session:
                assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
                entries = list(session.scalars(select(OutboxEntry).where(
                    OutboxEntry.record_id == form_id)))
            held = FormService(store, shared_clock(store), QA_LEAD).form(form_id)
        finally:
            store.close()
        typed = str(held.answers["strengths"]).split()
        # Each run starts typing again from word 1: it holds every acknowledged word, and
        # at most the one whose save was committed but not yet reported.
        assert typed[:acknowledged] == [f"word{n}" for n in range(1, acknowledged + 1)]
        assert acknowledged <= len(typed) <= acknowledged + 1
        assert len(entries) == 1 and entries[0].data["answers"]["strengths"] == " ".join(typed)
