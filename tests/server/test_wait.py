"""``GET /sync/wait``: it answers ``moved`` soon after a change the caller can pull, and for
nothing else; ``nothing`` at its time-out; 401 once the sign-in has ended; and a waiting
request holds no worker thread (on SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from protocol.wire import API_PREFIX
from server.embedded import EmbeddedServer
from server.models import User
from tests.server import lookups
from tests.server.api import Api, mutation
from tests.server.test_push import mark, stamp, today_event

PROMPT_S = 2.0  # "promptly": the in-process kick answers in milliseconds; the poll in ~1 s


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=80) as executor:
        yield executor


def cursor_now(client: Api) -> str:
    """The caller's cursor after pulling everything there is."""
    return client.pull_all()[1]


def wait(client: Api, cursor: str | None, timeout: float = 10) -> tuple[int, str, float]:
    """(status code, status or problem code, seconds taken)."""
    started = time.monotonic()
    params: dict[str, object] = {"timeout": timeout}
    if cursor is not None:
        params["cursor"] = cursor
    answer = client.http.get(f"{client.base_url}{API_PREFIX}/sync/wait", params=params,
                             headers=client._headers(None), timeout=timeout + 15)
    body = answer.json()
    said = body["status"] if answer.status_code == 200 else body["code"]
    return answer.status_code, said, time.monotonic() - started


def waiting(pool: ThreadPoolExecutor, server: EmbeddedServer, client: Api, cursor: str,
            timeout: float = 10, count: int = 1) -> Future[tuple[int, str, float]]:
    """A wait in the background, returned once it is open on the server."""
    assert server.feed is not None
    before = server.feed.waiting()
    future = pool.submit(wait, client, cursor, timeout)
    deadline = time.monotonic() + 5
    while server.feed.waiting() < before + count and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)  # its first check has armed it
    return future


def other_partners_lead(server: EmbeddedServer) -> str:
    """The username of a partner lead of another partner than the demo facilitator's."""
    with server.database.read() as session:
        partner = session.scalar(select(User.partner_id).where(User.username == "partner"))
        username, theirs = session.execute(select(User.username, User.partner_id).where(
            User.partner_id != partner, User.username.like("lead.%"))
            .order_by(User.username)).first() or ("", "")
    assert today_event(server).group_id not in lookups.partner_groups(server.database, theirs)
    return str(username)


def test_a_wait_answers_moved_promptly_after_a_colleagues_mark(
        api: Api, server: EmbeddedServer, pool: ThreadPoolExecutor) -> None:
    siân, colleague = api.login("facilitator"), api.login("cofacilitator")
    lead = api.login("partner")
    event = today_event(server)
    futures = [waiting(pool, server, who, cursor_now(who)) for who in (colleague, lead)]
    pushed = time.monotonic()
    siân.push(mark(event.event_id, event.candidate_ids[0], "present", stamp("A")))
    for future in futures:
        code, status, _took = future.result(timeout=15)
        assert (code, status) == (200, "moved")
    assert time.monotonic() - pushed < PROMPT_S


def test_a_wait_answers_nothing_at_its_time_out(api: Api, server: EmbeddedServer) -> None:
    colleague = api.login("cofacilitator")
    code, status, took = wait(colleague, cursor_now(colleague), timeout=1.2)
    assert (code, status) == (200, "nothing")
    assert 1.1 < took < 1.2 + PROMPT_S


def test_a_wait_behind_the_feed_answers_moved_at_once(api: Api, server: EmbeddedServer
                                                       ) -> None:
    siân, colleague = api.login("facilitator"), api.login("cofacilitator")
    cursor = cursor_now(colleague)
    event = today_event(server)
    siân.push(mark(event.event_id, event.candidate_ids[0], "late", stamp("A"),
                   arrival_time="09:25"))
    code, status, took = wait(colleague, cursor, timeout=30)
    assert (code, status) == (200, "moved") and took < PROMPT_S
    assert wait(colleague, None, timeout=30)[:2] == (200, "moved")  # from the start
    assert wait(colleague, cursor_now(colleague), timeout=0)[:2] == (200, "nothing")


def test_a_mark_in_another_partners_group_wakes_nobody_there(
        api: Api, server: EmbeddedServer, pool: ThreadPoolExecutor) -> None:
    """The other partner's lead and the QA lead (who sees the group's events but not its
    candidates or their marks) wait through it; the wait tells them nothing."""
    siân = api.login("facilitator")
    strangers = [api.login(other_partners_lead(server)), api.login("qa")]
    event = today_event(server)
    futures = [waiting(pool, server, who, cursor_now(who), timeout=3) for who in strangers]
    for n, candidate in enumerate(event.candidate_ids[:3]):
        siân.push(mark(event.event_id, candidate, "present", stamp("A", n)))
    for future in futures:
        code, status, took = future.result(timeout=15)
        assert (code, status) == (200, "nothing") and took >= 2.9


def test_a_colleagues_private_note_moves_nobody_elses_feed(
        api: Api, server: EmbeddedServer, pool: ThreadPoolExecutor) -> None:
    """A private note lives in the group (its waiters are woken to look) but only its
    author may pull it: the others' waits go on to their time-out."""
    siân, colleague = api.login("facilitator"), api.login("cofacilitator")
    event = today_event(server)
    others = [waiting(pool, server, who, cursor_now(who), timeout=3)
              for who in (siân, api.login("partner"))]
    mine = waiting(pool, server, colleague, cursor_now(colleague), timeout=10)
    note = {"event_id": event.event_id, "body": "Ask about the cover teacher",
            "author_id": colleague.user["id"], "visibility": "private",
            "updated_at": "2026-11-23T10:00:00Z"}
    [result] = colleague.push(mutation("note", str(uuid.uuid4()), note, stamp("B")))
    assert result["status"] == "applied"
    assert mine.result(timeout=15)[:2] == (200, "moved")  # the author's other laptop
    for future in others:
        assert future.result(timeout=15)[:2] == (200, "nothing")


def test_a_write_through_another_server_on_the_same_database_wakes_the_wait(
        api: Api, server: EmbeddedServer, pool: ThreadPoolExecutor, tmp_path: Path) -> None:
    """Several hosts over one database: nothing in this process is told of the write, so
    the watcher's poll of the change counter finds it."""
    other_host = EmbeddedServer(database_url=server.settings.database_url,
                                data_dir=tmp_path / "host2")
    other_host.start()
    try:
        siân = Api(other_host.base_url or "").login("facilitator")
        colleague = api.login("cofacilitator")
        future = waiting(pool, server, colleague, cursor_now(colleague), timeout=20)
        event = today_event(server)
        pushed = time.monotonic()
        siân.push(mark(event.event_id, event.candidate_ids[1], "absent", stamp("A")))
        assert future.result(timeout=15)[:2] == (200, "moved")
        assert time.monotonic() - pushed < server.settings.feed_poll_seconds + PROMPT_S
    finally:
        other_host.close()


def test_an_evaluation_answer_wakes_the_facilitators_wait(
        api: Api, server: EmbeddedServer, pool: ThreadPoolExecutor) -> None:
    siân = api.login("facilitator")
    event = today_event(server)
    siân.push(*[mark(event.event_id, c, "present", stamp("A", n))
                for n, c in enumerate(event.candidate_ids)])
    [submitted] = siân.push(mutation("register_submission", str(uuid.uuid4()), {
        "event_id": event.event_id, "submitted_by": siân.user["id"],
        "submitted_at": "2026-11-23T16:00:00Z"}, stamp("A", 99)))
    assert submitted["status"] == "applied"
    future = waiting(pool, server, siân, cursor_now(siân), timeout=20)
    token = server.postbox.tokens(event.event_id)[0]
    reply = requests.post(f"{server.base_url}{API_PREFIX}/evaluations/{token}",
                          json={"ratings": {"overall": 5}}, timeout=10)
    assert reply.status_code == 201, reply.text
    code, status, _took = future.result(timeout=15)
    assert (code, status) == (200, "moved")


def test_a_signed_out_wait_answers_401_when_it_next_looks_and_after(
        api: Api, server: EmbeddedServer, pool: ThreadPoolExecutor) -> None:
    siân, colleague = api.login("facilitator"), api.login("cofacilitator")
    future = waiting(pool, server, colleague, cursor_now(colleague), timeout=20)
    assert colleague.post("/auth/logout", json={}).status_code == 204
    event = today_event(server)
    siân.push(mark(event.event_id, event.candidate_ids[2], "present", stamp("A")))
    assert future.result(timeout=15)[:2] == (401, "unauthorized")
    assert wait(colleague, None, timeout=0)[:2] == (401, "unauthorized")
    stranger = Api(server.base_url or "", token="not-a-token")
    assert wait(stranger, None, timeout=0)[:2] == (401, "unauthorized")
    assert wait(Api(server.base_url or ""), None, timeout=0)[:2] == (401, "unauthorized")


def test_a_wait_ends_when_its_access_token_expires(
        server: EmbeddedServer, tmp_path: Path) -> None:
    short = EmbeddedServer(database_url=server.settings.database_url,
                           data_dir=tmp_path / "short")
    short.settings = dataclasses.replace(short.settings, access_token_ttl=2)
    short.start()
    try:
        colleague = Api(short.base_url or "").login("cofacilitator")
        code, status, took = wait(colleague, cursor_now(colleague), timeout=30)
        assert (code, status) == (200, "nothing") and took < 2 + PROMPT_S
        assert wait(colleague, None, timeout=0)[:2] == (401, "unauthorized")
    finally:
        short.close()


def test_odd_cursors_and_time_outs_are_refused_as_pull_refuses_them(
        api: Api, server: EmbeddedServer) -> None:
    colleague = api.login("cofacilitator")
    for cursor in ("zzz", "djE6b3RoZXI6MQ", "x" * 500):
        assert wait(colleague, cursor, timeout=0)[:2] == (410, "cursor_expired")
    for timeout in (-1, 56, float("nan")):
        answer = colleague.get("/sync/wait", timeout=timeout)
        assert answer.status_code == 422, timeout


def test_waiting_requests_hold_no_worker_thread(
        api: Api, server: EmbeddedServer, pool: ThreadPoolExecutor) -> None:
    """60 waits open (more than the 40 worker threads), and a pull still answers at once;
    a client that hangs up leaves no waiter behind."""
    colleague = api.login("cofacilitator")
    cursor = cursor_now(colleague)
    assert server.feed is not None
    futures = [pool.submit(wait, api.login("facilitator"), cursor, 8)
               for _ in range(60)]
    deadline = time.monotonic() + 20
    while server.feed.waiting() < 60 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.feed.waiting() == 60
    started = time.monotonic()
    colleague.pull_page(cursor)
    assert time.monotonic() - started < PROMPT_S
    for future in futures:
        assert future.result(timeout=30)[:2] == (200, "nothing")

    hung_up = threading.Event()

    def hang_up() -> None:
        with requests.Session() as http:
            try:
                http.get(f"{server.base_url}{API_PREFIX}/sync/wait",
                         params={"cursor": cursor, "timeout": 30},
                         headers=colleague._headers(None), timeout=(5, 0.5))
            except requests.exceptions.ReadTimeout:
                hung_up.set()

    hang_up()
    assert hung_up.is_set()
    deadline = time.monotonic() + 5
    while server.feed.waiting() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.feed.waiting() == 0


def test_stopping_the_server_lets_open_waits_go(
        api: Api, server: EmbeddedServer, pool: ThreadPoolExecutor) -> None:
    colleague = api.login("cofacilitator")
    future = waiting(pool, server, colleague, cursor_now(colleague), timeout=30)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < PROMPT_S
    assert future.result(timeout=5)[:2] == (200, "nothing")
