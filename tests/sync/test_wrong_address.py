"""A wrong server address is said to be one (issue 12): an address that answers, but not
like an NPQ central service, is a ``protocol`` error naming the address and what to check;
only the service's own 401 means a wrong username or password; nothing is saved, and a
sign-in already saved is kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.identity import get_identity
from app.store import Store
from sync.credentials import TokenKeeper, load_sign_in
from sync.errors import SyncError
from sync.service import WRONG_PASSWORD, SyncService
from sync.transport import Transport
from tests.other_web_server import ANSWERS, OtherWebServer

PASSWORD = "npq-demo"
NOT_NPQ = "does not answer like an NPQ central service"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "desk.sqlite3") as opened:
        yield opened


def sign_in_error(store: Store, url: str, password: str = PASSWORD) -> SyncError:
    with pytest.raises(SyncError) as caught:
        SyncService(store, url).login("facilitator", password)
    return caught.value


def assert_wrong_address(error: SyncError, url: str, store: Store, keyring: Any) -> None:
    assert error.kind == "protocol", error.message
    assert NOT_NPQ in error.message and url.rstrip("/") in error.message
    assert "password" not in error.message.lower()
    assert "Check the server address" in error.message
    assert get_identity(store) is None and not keyring.secrets.get(
        ("npq-partner-desk", f"{url.rstrip('/')}|facilitator"))


@pytest.mark.parametrize("tail", ["/api/v1", "/npq"])
def test_our_own_server_at_a_wrong_path_is_a_wrong_address_not_a_wrong_password(
        live_server: Any, store: Store, memory_keyring: Any, tail: str) -> None:
    url = live_server.base_url + tail
    assert_wrong_address(sign_in_error(store, url), url, store, memory_keyring)


@pytest.mark.parametrize("answer", sorted(ANSWERS))
def test_another_web_server_is_a_wrong_address(store: Store, memory_keyring: Any,
                                               answer: str) -> None:
    with OtherWebServer(ANSWERS[answer]) as url:
        assert_wrong_address(sign_in_error(store, url), url, store, memory_keyring)


def test_no_password_is_sent_to_an_address_that_is_not_an_npq_service(store: Store) -> None:
    server = OtherWebServer(ANSWERS["an HTML page"])
    with server as url:
        sign_in_error(store, url)
    assert [method for method, _ in server.requests] == ["GET"]  # the meta check only


def test_https_to_a_plain_http_server_is_a_wrong_address(
        live_server: Any, store: Store, memory_keyring: Any) -> None:
    url = live_server.base_url.replace("http://", "https://")
    error = sign_in_error(store, url)
    assert_wrong_address(error, url, store, memory_keyring)


def test_only_the_services_own_401_is_a_wrong_password(live_server: Any, store: Store) -> None:
    error = sign_in_error(store, live_server.base_url, password="not-the-password")
    assert error.kind == "auth" and error.status == 401
    assert "username or password was not accepted" in error.message
    assert error.message == SyncError("auth", WRONG_PASSWORD).message


def test_a_username_too_long_to_be_anyones_is_a_wrong_password(
        live_server: Any, store: Store) -> None:
    with pytest.raises(SyncError) as caught:
        SyncService(store, live_server.base_url).login("x" * 500, PASSWORD)
    assert caught.value.kind == "auth" and "not accepted" in caught.value.message


@pytest.mark.parametrize("answer", ["an HTML 404 page", "an HTML page", "someone else's JSON"])
def test_a_refresh_answered_by_a_web_page_keeps_the_saved_sign_in(
        live_server: Any, store: Store, answer: str) -> None:
    """A proxy or a web server answering in the service's place is no reason to forget the
    sign-in (before: a 404 deleted it from the keyring)."""
    SyncService(store, live_server.base_url).login("facilitator", PASSWORD)
    saved = load_sign_in(live_server.base_url, "facilitator")
    assert saved is not None
    with OtherWebServer(ANSWERS[answer]) as url:
        keeper = TokenKeeper(Transport(url), live_server.base_url, "facilitator")
        with pytest.raises(SyncError) as caught:
            keeper.refresh()
    assert caught.value.kind == "protocol"
    assert load_sign_in(live_server.base_url, "facilitator") == saved
    assert SyncService(store, live_server.base_url).sync_once().pulled >= 0  # still signed in
