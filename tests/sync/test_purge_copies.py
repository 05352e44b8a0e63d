"""A purge reaches every copy the app made: when a group leaves the laptop's scope, its
people's names are gone from the database's pages (free ones too), from its WAL and from
every backup, each read byte by byte with the key, not through SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.store import backup
from app.store.models import Candidate, Group
from server.models import Record
from tests.app.sqlcipher_pages import find, looks_like_sqlite
from tests.faults.test_scope_exit import unassign
from tests.server import lookups
from tests.sync.conftest import Client

NOON = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def invent_names(server: Any, group_id: str) -> list[str]:
    """Give everyone enrolled only in ``group_id`` an invented name found nowhere else;
    returns the names (given and family)."""
    names: list[str] = []
    with server.database.write() as session:
        enrolments = [r for r in session.scalars(select(Record).where(
            Record.type == "enrolment")) if r.data]
        groups_of: dict[str, set[str]] = {}
        for enrolment in enrolments:
            groups_of.setdefault(enrolment.data["candidate_id"], set()).add(enrolment.group_id)
        only_here = sorted(c for c, groups in groups_of.items() if groups == {group_id})
        for n, candidate_id in enumerate(only_here):
            record = session.get(Record, ("candidate", candidate_id))
            assert record is not None and record.data is not None
            given, family = f"Ysoldetta{n:02d}", f"Quillfeatherby{n:02d}"
            record.data = {**record.data, "given_name": given, "family_name": family,
                           "special_requirements": f"PURGE-NEEDLE-{n:02d}"}
            names += [given, family]
    assert len(names) >= 10, "enough people to look for"
    return names


def copies(client: Client) -> list[Path]:
    """The database and every backup of it."""
    return [client.store.path, *backup.backups(client.store.path)]


def test_a_group_that_leaves_the_scope_leaves_the_pages_the_wal_and_the_backups(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    database = live_server.database
    group_id = sorted(lookups.assigned_groups(database, "facilitator"))[0]
    names = invent_names(live_server, group_id)
    client = make_client(live_server.base_url)
    client.sync.sync_once()
    store, key = client.store, client.store.key
    assert key is not None
    for day in range(3):  # three daily backups, then a fourth start the same day
        backup.take_daily(store.path, key, now=NOON + dt.timedelta(days=day))
    assert backup.take_daily(store.path, key, now=NOON + dt.timedelta(days=2, hours=1)) is None
    # The control: the reader finds the names while they are there, in every copy.
    for copy in copies(client):
        assert looks_like_sqlite(copy, key)
        assert set(find(copy, key, names)) == set(names), copy.name

    unassign(live_server, client.identity.user_id, group_id)
    report = client.sync.sync_once()

    assert report.purged >= 1
    with store.read() as session:
        assert session.get(Group, group_id) is None
        assert session.scalars(select(Candidate.family_name)).all(), "others stay"
    for copy in copies(client):  # the database's pages and its WAL's frames, each backup
        assert looks_like_sqlite(copy, key)
        assert find(copy, key, names) == {}, copy.name
    [newest, *older] = backup.backups(store.path)
    assert older == [] and newest.name.endswith("-purge.sqlite3")
    assert backup.verify(newest, key), "the last good backup is the purged one"


def test_the_wal_is_empty_once_the_purge_has_committed(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    database = live_server.database
    group_id = sorted(lookups.assigned_groups(database, "facilitator"))[0]
    client = make_client(live_server.base_url)
    client.sync.sync_once()
    wal = client.store.path.with_name(client.store.path.name + "-wal")
    assert wal.stat().st_size > 0, "the pulled pages went through the WAL"
    unassign(live_server, client.identity.user_id, group_id)
    purged: list[int] = []
    original = client.store.after_purge

    def watched() -> None:
        original()
        purged.append(wal.stat().st_size)

    client.store.after_purge = watched  # type: ignore[method-assign]
    client.sync.sync_once()
    assert purged == [0]
