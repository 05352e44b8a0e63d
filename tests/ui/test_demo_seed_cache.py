"""A demo starts from a copy of the day's seeded server database (seeding is most of a
demo's start): the first demo of a day seeds it into the cache, the next ones copy it and
serve the same data; another day or a cache that cannot be written seeds as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import TEST_TODAY
from ui.demo_backend import DemoBackend, seed_key


def records_seen(tmp_path: Path, name: str, cache: Path, today: dt.date = TEST_TODAY
                 ) -> tuple[int, list[str]]:
    """A demo partner lead's first sync: how many records it pulled, and its events."""
    backend = DemoBackend(root=tmp_path / name, today=today, own_keyring=False,
                          seed_cache=cache)
    try:
        session = backend.session_for("partner", synced=False)
        pulled = session.sync.sync_once().pulled
        return pulled, [e.id for e in session.catalogue.events(today)]
    finally:
        backend.close()


def test_the_next_demo_of_the_day_starts_from_the_seeded_copy_and_sees_the_same(
        tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = records_seen(tmp_path, "first", cache)
    [kept] = cache.glob("server-*.sqlite3")
    assert kept.name == f"server-{seed_key(TEST_TODAY)}.sqlite3"
    made = kept.stat().st_mtime_ns
    second = records_seen(tmp_path, "second", cache)
    assert second == first and first[0] > 100  # the same demo, served from the copy
    assert kept.stat().st_mtime_ns == made  # copied, not seeded again
    assert sorted(p.name for p in cache.iterdir()) == [kept.name]  # no scratch left

    records_seen(tmp_path, "next-day", cache, TEST_TODAY + dt.timedelta(days=1))
    [newer] = cache.glob("server-*.sqlite3")
    assert newer.name == f"server-{seed_key(TEST_TODAY + dt.timedelta(days=1))}.sqlite3"


def test_a_cache_that_cannot_be_written_seeds_in_place_as_before(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    pulled, events = records_seen(tmp_path, "demo", blocked / "demo")
    assert pulled > 100 and events
    assert blocked.read_text(encoding="utf-8").startswith("a file")


@pytest.mark.parametrize("role", ["facilitator", "qa"])
def test_a_demo_in_a_folder_of_its_own_keeps_no_cache_unless_given_one(
        tmp_path: Path, role: str) -> None:
    backend = DemoBackend(root=tmp_path / "demo", today=TEST_TODAY, own_keyring=False)
    try:
        assert backend.seed_cache is None
        backend.session_for(role)
    finally:
        backend.close()
    assert not (tmp_path / "demo").exists() or not list((tmp_path / "demo").glob("**/server-*"))
