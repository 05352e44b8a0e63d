"""The saved sign-in in the keyring (issue 12): the access token is kept with the refresh
token and reused while valid, so headless syncs do not rotate the refresh token each run;
it is renewed when expired or refused; a new pair is used only once it is saved, and the
one held is kept until then."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.errors import KeyringError
from sqlalchemy import update

from app import paths
from app.errors import LocalProblem
from app.store import Store
from server.embedded import EmbeddedServer
from server.models import Token
from sync.credentials import SERVICE, KeyringUnavailable, SavedSignIn, keyring_key, load_sign_in
from sync.memory_keyring import MemoryKeyring
from sync.service import SyncService
from tests.conftest import TEST_TODAY
from ui.main import main

PASSWORD = "npq-demo"


def sign_in_here(url: str) -> None:
    """Sign in on this test's laptop (``$NPQ_DESK_HOME``), as the app's dialog does."""
    with Store.open(paths.database_path()) as store:
        SyncService(store, url).login("facilitator", PASSWORD)


def saved(url: str) -> SavedSignIn:
    found = load_sign_in(url, "facilitator")
    assert found is not None
    return found


@pytest.fixture
def short_lived(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[EmbeddedServer]:
    """A server whose access tokens live 3 seconds."""
    monkeypatch.setenv("NPQ_ACCESS_TOKEN_TTL", "3")
    server = EmbeddedServer(data_dir=tmp_path / "server", seed=True, today=TEST_TODAY)
    server.start()
    assert server.settings.access_token_ttl == 3
    yield server
    server.stop()


def test_headless_syncs_keep_the_refresh_token_until_the_access_token_expires(
        short_lived: EmbeddedServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = short_lived.base_url or ""
    sign_in_here(url)
    first = saved(url)
    assert main(["sync"]) == 0 and main(["sync"]) == 0
    assert saved(url) == first  # two syncs in a row: nothing rotated
    time.sleep(max(0.0, first.access_expires_at - time.time()) + 0.05)
    assert main(["sync"]) == 0
    renewed = saved(url)
    assert renewed.refresh_token != first.refresh_token
    assert renewed.access_token != first.access_token
    assert capsys.readouterr().out.count("Synced with") == 3


def test_an_access_token_refused_by_the_service_is_renewed(live_server: Any) -> None:
    sign_in_here(live_server.base_url)
    first = saved(live_server.base_url)
    with live_server.database.write() as session:  # valid by the laptop's clock, not here
        session.execute(update(Token).where(Token.kind == "access").values(
            expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    assert main(["sync"]) == 0
    assert saved(live_server.base_url).refresh_token != first.refresh_token


def test_a_sign_in_saved_by_an_earlier_version_still_works(
        live_server: Any, memory_keyring: MemoryKeyring) -> None:
    sign_in_here(live_server.base_url)
    key = (SERVICE, keyring_key(live_server.base_url, "facilitator"))
    memory_keyring.secrets[key] = saved(live_server.base_url).refresh_token  # a bare token
    assert main(["sync"]) == 0
    assert set(json.loads(memory_keyring.secrets[key])) == {
        "refresh_token", "access_token", "access_expires_at"}


class FlakyKeyring(MemoryKeyring):
    """A keyring that refuses to store anything while ``refusing``."""

    refusing = False

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.refusing:
            raise KeyringError("the keyring is locked")
        super().set_password(service, username, password)


def test_a_new_pair_the_keyring_would_not_keep_is_not_used_and_the_old_one_still_works(
        live_server: Any, tmp_path: Path) -> None:
    backend = FlakyKeyring()
    keyring.set_keyring(backend)  # the autouse memory_keyring fixture puts its own back
    with Store.open(tmp_path / "desk.sqlite3") as store:
        SyncService(store, live_server.base_url).login("facilitator", PASSWORD)
        held = saved(live_server.base_url)
        backend.refusing = True
        with live_server.database.write() as session:
            session.execute(update(Token).where(Token.kind == "access").values(
                expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
        service = SyncService(store, live_server.base_url)  # the app started again
        for _ in range(3):  # each refresh rotated on the server; none could be kept
            with pytest.raises(KeyringUnavailable) as caught:
                service.sync_once()
            assert isinstance(caught.value, LocalProblem)
            assert "Unlock it" in caught.value.message
            assert saved(live_server.base_url) == held
        backend.refusing = False
        assert service.sync_once().pulled > 0  # the token held was still good
        assert saved(live_server.base_url).refresh_token != held.refresh_token
