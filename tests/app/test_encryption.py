"""The local database is encrypted at rest with a key from the keyring; a missing or wrong
key is a clear error that leaves the old file alone; no secure keyring means no plaintext
personal data unless the user accepted it."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import select, text

from app import settings
from app.store import Store, keys
from app.store.engine import make_engine
from app.store.keys import InsecureKeyring, StoreLocked
from app.store.models import Candidate, LocalMeta
from sync.memory_keyring import MemoryKeyring

PLANTED = "Zebedee Quuxworthington"


def _plant(store: Store) -> None:
    with store.write() as session:
        session.add(Candidate(id="c1", given_name="Zebedee", family_name="Quuxworthington",
                              school="Planted School", special_requirements="PLANTED-7731"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_is_encrypted_with_a_random_raw_key_kept_in_the_keyring(
        tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    path = tmp_path / "desk.sqlite3"
    with Store.open(path) as store:
        _plant(store)
        with store.read() as session:
            assert session.scalar(text("PRAGMA cipher_version"))
            assert session.scalar(text("PRAGMA journal_mode")) == "wal"
            assert session.scalar(text("PRAGMA synchronous")) == 2
            assert session.scalar(text("PRAGMA temp_store")) == 2  # MEMORY
    stored = memory_keyring.secrets[(keys.SERVICE, f"db-key:{path.resolve()}")]
    assert len(bytes.fromhex(stored)) == 32
    assert not keys.is_plaintext(path)
    assert PLANTED.split()[1].encode() not in path.read_bytes()
    with pytest.raises(sqlite3.DatabaseError), sqlite3.connect(path) as plain:
        plain.execute("SELECT * FROM candidate").fetchall()
    # Another database gets another key.
    with Store.open(tmp_path / "other.sqlite3"):
        pass
    assert len(set(memory_keyring.secrets.values())) == 2


def test_a_missing_key_is_a_clear_error_and_the_old_database_stays_as_it_was(
        tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    path = tmp_path / "desk.sqlite3"
    with Store.open(path) as store:
        _plant(store)
    before = _digest(path)
    files = sorted(p.name for p in tmp_path.iterdir())
    memory_keyring.secrets.clear()
    with pytest.raises(StoreLocked) as caught:
        Store.open(path)
    assert "locked and its key is not in the keyring" in caught.value.message
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files
    assert memory_keyring.secrets == {}  # no new key for a new empty database either


def test_a_wrong_key_is_a_clear_error_and_the_old_database_stays_as_it_was(
        tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    path = tmp_path / "desk.sqlite3"
    with Store.open(path) as store:
        _plant(store)
    before = _digest(path)
    user = keys.key_user(path)
    memory_keyring.secrets[(keys.SERVICE, user)] = "ab" * 32
    with pytest.raises(StoreLocked) as caught:
        Store.open(path)
    assert "does not match" in caught.value.message
    assert _digest(path) == before
    assert memory_keyring.secrets[(keys.SERVICE, user)] == "ab" * 32


def test_with_the_right_key_back_the_database_opens_with_its_data(
        tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    path = tmp_path / "desk.sqlite3"
    with Store.open(path) as store:
        _plant(store)
    saved = dict(memory_keyring.secrets)
    memory_keyring.secrets.clear()
    with pytest.raises(StoreLocked):
        Store.open(path)
    memory_keyring.secrets.update(saved)
    with Store.open(path) as store, store.read() as session:
        assert session.scalar(select(Candidate.special_requirements)) == "PLANTED-7731"


def test_a_plaintext_database_from_the_previous_version_is_encrypted_on_first_open(
        tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    old = Store(path, make_engine(path))  # what the previous version made: plaintext
    from app.store.migrate import upgrade

    upgrade(old.engine)
    _plant(old)
    with old.write() as session:
        session.add(LocalMeta(key="device_id", value="device-1"))
    # Leave the plaintext WAL behind, as a running app would.
    keep_open = sqlite3.connect(path)
    keep_open.execute("SELECT count(*) FROM candidate").fetchall()
    old.close()
    keep_open.close()
    assert keys.is_plaintext(path)

    with Store.open(path) as store, store.read() as session:
        assert session.scalar(select(Candidate.family_name)) == "Quuxworthington"
        assert session.scalar(select(LocalMeta.value)) == "device-1"
        assert session.scalar(text("SELECT version_num FROM alembic_version"))
    assert not keys.is_plaintext(path)
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert b"Quuxworthington" not in file.read_bytes(), file.name
    assert not path.with_name(path.name + ".encrypting").exists()


def test_no_secure_keyring_refuses_personal_data_unless_accepted_in_settings(
        tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())  # what a laptop without a password store has
    data = tmp_path / "data"
    path = data / "desk.sqlite3"
    with pytest.raises(InsecureKeyring) as caught:
        Store.open(path)
    assert "no secure password store" in caught.value.message
    assert not path.exists()

    settings.save(settings.Settings(allow_unencrypted=True), data)
    with Store.open(path) as store:
        assert store.key is None
        _plant(store)
    assert keys.is_plaintext(path)  # as accepted


def test_a_plaintext_keyring_file_is_not_a_secure_keyring() -> None:
    class PlaintextKeyring(MemoryKeyring):  # keyrings.alt's file backends live here
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    assert keys.keyring_is_secure(MemoryKeyring())
    assert not keys.keyring_is_secure(PlaintextKeyring())
    assert not keys.keyring_is_secure(fail.Keyring())


def test_an_encrypted_database_is_locked_when_the_keyring_goes_away(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = data / "desk.sqlite3"
    with Store.open(path) as store:
        _plant(store)
    before = _digest(path)
    keyring.set_keyring(fail.Keyring())
    settings.save(settings.Settings(allow_unencrypted=True), data)
    with pytest.raises(StoreLocked):
        Store.open(path)
    assert _digest(path) == before


def test_the_wal_is_encrypted_too(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    with Store.open(path) as store:
        _plant(store)
        wal = path.with_name(path.name + "-wal")
        assert wal.stat().st_size > 0  # the planted row is in the WAL, not checkpointed
        for file in tmp_path.iterdir():
            content = file.read_bytes()
            assert b"Quuxworthington" not in content and b"PLANTED-7731" not in content


class _LockedSecretService(MemoryKeyring):
    """A secure password store whose unlock prompt the user dismissed."""

    priority = 0  # type: ignore[assignment]  # never picked by keyring's own discovery

    def get_password(self, service: str, username: str) -> str | None:
        from keyring.errors import KeyringLocked

        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        from keyring.errors import KeyringLocked

        raise KeyringLocked("Failed to unlock the collection!")


@pytest.mark.parametrize("existing", [True, False])
def test_a_locked_password_store_says_unlock_it_not_go_unencrypted(
        tmp_path: Path, existing: bool) -> None:
    path = tmp_path / "desk.sqlite3"
    if existing:
        with Store.open(path) as store:
            _plant(store)
    before = sorted((p.name, _digest(p)) for p in tmp_path.iterdir())
    keyring.set_keyring(_LockedSecretService())
    with pytest.raises(StoreLocked) as caught:
        Store.open(path)
    assert "password store (keyring) did not open" in caught.value.message
    assert not isinstance(caught.value, InsecureKeyring)
    assert sorted((p.name, _digest(p)) for p in tmp_path.iterdir()) == before
