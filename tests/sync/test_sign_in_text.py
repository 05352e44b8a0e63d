"""Signing in with text no account can have (a lone surrogate, an over-long password) is
the usual clear "not accepted" message, not an unhandled validation error; nothing on the
laptop changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sync.errors import SyncError
from sync.service import SyncService
from tests.sync.conftest import Client


@pytest.mark.parametrize(("username", "password"), [
    ("facili\ud800tor", "npq-demo"), ("facilitator", "npq\ud800demo"),
    ("facilitator", "p" * 501), ("", "npq-demo"),
])
def test_sign_in_text_that_cannot_be_sent_is_not_accepted_in_words(
        live_server: Any, make_client: Callable[..., Client], username: str,
        password: str) -> None:
    client = make_client(live_server.base_url)
    with pytest.raises(SyncError) as caught:
        SyncService(client.store, live_server.base_url).login(username, password)
    assert caught.value.kind == "auth"
    assert "username or password was not accepted" in caught.value.message
    assert client.sync.resume() is not None  # the saved sign-in is untouched
