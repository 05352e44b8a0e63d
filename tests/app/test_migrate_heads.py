"""The store opens without importing alembic when it is up to date: the newest revision
read from the scripts' text must be alembic's own head, and an up-to-date database must
be recognised as one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from app.store import Store
from app.store.migrate import alembic_config, current_heads, script_heads
from sync.memory_keyring import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]


def test_the_heads_read_from_the_scripts_are_alembics_heads() -> None:
    assert script_heads() == set(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_a_new_database_has_no_revision_and_an_opened_one_is_at_head(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "desk.sqlite3")
    try:
        assert current_heads(store.engine) == script_heads()
    finally:
        store.close()


def test_reopening_an_up_to_date_store_does_not_import_alembic(
        tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    path = tmp_path / "desk.sqlite3"
    Store.open(path).close()  # encrypted, its key in the in-memory keyring
    code = ("import sys, keyring; from pathlib import Path; "
            "from sync.memory_keyring import MemoryKeyring; backend = MemoryKeyring(); "
            f"backend.secrets.update({memory_keyring.secrets!r}); "
            "keyring.set_keyring(backend); from app.store import Store; "
            f"Store.open(Path({str(path)!r})).close(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]", result.stdout
