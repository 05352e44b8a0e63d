"""A sync reports which record types it pulled, so the window can say what changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.changes import of_sync
from tests.sync.conftest import Client


def test_a_sync_names_the_record_types_it_pulled_and_none_when_nothing_was_new(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    client = make_client(live_server.base_url)
    first = client.sync.sync_once()
    assert {"group", "event", "candidate", "enrolment"} <= first.pulled_types
    assert of_sync(first).catalogue and of_sync(first).dates
    again = client.sync.sync_once()
    assert again.pulled == 0 and again.pulled_types == frozenset()
    assert not of_sync(again)
