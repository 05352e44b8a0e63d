"""The embedded server: fast start, clean stop, restart on the same port and database."""

from __future__ import annotations

import time
from pathlib import Path

import requests
from sqlalchemy import func, select

from server.embedded import EmbeddedServer
from server.models import User
from tests.server.api import Api


def test_a_restart_reuses_the_same_port_and_database(tmp_path: Path,
                                                     sqlite_template: Path) -> None:
    folder = tmp_path / "server"
    folder.mkdir()
    (folder / "npq-server.sqlite3").write_bytes(sqlite_template.read_bytes())
    server = EmbeddedServer(data_dir=folder)
    started = time.perf_counter()
    url = server.start()
    assert time.perf_counter() - started < 3.0
    assert server.base_url == url and url.startswith("http://127.0.0.1:")
    client = Api(url).login("facilitator")
    note_changes, cursor = client.pull_all()
    server.stop()
    try:
        requests.get(url + "/api/v1/sync/meta", timeout=2)
        raise AssertionError("the server still answers after stop()")
    except requests.ConnectionError:
        pass
    assert server.start() == url
    assert client.pull_page(cursor)["changes"] == []
    assert client.get("/sync/meta").status_code == 200
    server.close()
    assert note_changes


def test_seeding_happens_only_for_a_new_database(tmp_path: Path) -> None:
    with EmbeddedServer(data_dir=tmp_path / "s", seed=True) as server, \
            server.database.read() as session:
        users = session.scalar(select(func.count()).select_from(User))
    assert users and users > 20
    with EmbeddedServer(data_dir=tmp_path / "s", seed=True) as again:
        with again.database.read() as session:
            assert session.scalar(select(func.count()).select_from(User)) == users
        assert Api(again.base_url or "").login("partner").user["name"]
