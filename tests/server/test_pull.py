"""The pull feed: pages in sequence order, opaque cursors, 410 for an unknown cursor."""

from __future__ import annotations

from server.embedded import EmbeddedServer
from tests.server.api import Api


def test_pull_pages_through_everything_in_order_and_ends_with_more_false(api: Api) -> None:
    client = api.login("facilitator")
    everything, final_cursor = client.pull_all(limit=1000)
    assert everything
    paged: list[dict] = []
    cursor = None
    pages = 0
    while True:
        page = client.pull_page(cursor, limit=7)
        pages += 1
        assert len(page["changes"]) <= 7
        paged.extend(page["changes"])
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert pages >= len(everything) // 7
    seqs = [c["seq"] for c in paged]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert [(c["type"], c["id"]) for c in paged] == [(c["type"], c["id"]) for c in everything]
    assert client.pull_page(cursor)["changes"] == []
    assert client.pull_page(final_cursor) == {"changes": [], "cursor": final_cursor,
                                              "more": False}


def test_pull_limit_is_capped_at_the_protocol_maximum(api: Api) -> None:
    client = api.login("partner")
    page = client.pull_page(limit=100_000)
    assert len(page["changes"]) <= 1000


def test_a_garbled_cursor_is_410_cursor_expired(api: Api) -> None:
    client = api.login("facilitator")
    for cursor in ("garbage", "djE6eHg6MQ", "%%%", "a" * 40):
        answer = client.get("/sync/pull", cursor=cursor)
        assert answer.status_code == 410, cursor
        assert answer.json()["code"] == "cursor_expired"


def test_a_cursor_from_another_database_is_410(api: Api, server: EmbeddedServer,
                                                tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = api.login("facilitator")
    _, cursor = client.pull_all()
    with EmbeddedServer(data_dir=tmp_path / "other", seed=True) as other:
        stranger = Api(other.base_url or "").login("facilitator")
        answer = stranger.get("/sync/pull", cursor=cursor)
        assert answer.status_code == 410
        assert answer.json()["code"] == "cursor_expired"
