"""Refresh-token rotation (issue 12): lost answers never sign anyone out, however many in a
row; a token used after its successor was used revokes the sign-in (theft detection); two
refreshes at once with one token take turns. Over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import update

from server.embedded import EmbeddedServer
from server.models import Token
from server.security import token_hash
from tests.server.api import Api

Pair = dict[str, str]


def refresh(api: Api, refresh_token: str) -> tuple[int, Pair]:
    answer = api.post("/auth/refresh", json={"refresh_token": refresh_token})
    return answer.status_code, answer.json()


def works(api: Api, pair: Pair) -> bool:
    """Whether the pair's access token still reads the feed (no side effect)."""
    return Api(api.base_url, pair["access_token"]).get("/sync/pull", limit=1).status_code == 200


def rotated(api: Api, refresh_token: str) -> Pair:
    status, pair = refresh(api, refresh_token)
    assert status == 200, pair
    return pair


@pytest.mark.parametrize("lost", [1, 2, 3, 10])
def test_any_number_of_lost_answers_in_a_row_never_signs_out(api: Api, lost: int) -> None:
    client = api.login("facilitator")
    held = client.refresh_token
    for round_ in range(3):  # lost answers at the start of the chain and further along
        never_arrived = [rotated(api, held) for _ in range(lost)]
        pair = rotated(api, held)  # the client tries again with what it holds
        assert works(api, pair)
        assert not any(works(api, p) for p in never_arrived)  # revoked: nobody has them
        held = pair["refresh_token"]
        assert pair["user"]["id"] == client.user["id"], round_
    assert works(api, rotated(api, held))


def test_one_to_ten_lost_answers_then_the_sign_in_goes_on(api: Api) -> None:
    """One sign-in meeting 1, 2, ..., 10 lost answers in turn (55 in all)."""
    held = api.login("cofacilitator").refresh_token
    for lost in range(1, 11):
        for _ in range(lost):
            rotated(api, held)
        held = rotated(api, held)["refresh_token"]
    assert works(api, rotated(api, held))


def test_the_token_before_the_newest_works_while_the_newest_was_never_used(api: Api) -> None:
    """The client got a new pair but could not keep it (killed before saving it, its keyring
    refused): it tries again with the token it still holds."""
    held = api.login("facilitator").refresh_token
    newest = rotated(api, held)
    retried = rotated(api, held)
    assert works(api, retried) and not works(api, newest)
    assert works(api, rotated(api, retried["refresh_token"]))


def test_reuse_after_the_successor_was_used_revokes_the_sign_in(api: Api) -> None:
    client = api.login("facilitator")
    second = rotated(api, client.refresh_token)
    third = rotated(api, second["refresh_token"])  # the successor was used
    status, body = refresh(api, client.refresh_token)
    assert status == 401 and body["code"] == "unauthorized"
    assert refresh(api, third["refresh_token"])[0] == 401
    assert not works(api, third)
    assert refresh(api, second["refresh_token"])[0] == 401


def test_a_thief_and_the_owner_using_one_sign_in_are_both_signed_out(api: Api) -> None:
    """Someone copies the laptop's current refresh token and uses it: as soon as the owner
    refreshes with its own token, the whole sign-in is revoked, the thief's tokens too."""
    owner = rotated(api, api.login("facilitator").refresh_token)
    stolen = owner["refresh_token"]
    thief = rotated(api, rotated(api, stolen)["refresh_token"])  # the thief keeps going
    assert works(api, thief)
    assert refresh(api, stolen)[0] == 401  # the owner's newest token: the thief moved on
    assert not works(api, thief) and refresh(api, thief["refresh_token"])[0] == 401


def test_a_thief_who_only_presents_the_stolen_token_is_caught_one_round_later(
        api: Api) -> None:
    owner = rotated(api, api.login("facilitator").refresh_token)
    stolen = owner["refresh_token"]
    thief = rotated(api, stolen)
    owner = rotated(api, stolen)  # looks like a lost answer: the thief's pair is revoked
    assert not works(api, thief)
    thief = rotated(api, thief["refresh_token"])  # the thief takes its place back...
    assert refresh(api, owner["refresh_token"])[0] == 401  # ...and the owner's next is reuse
    assert not works(api, thief)


def test_a_token_whose_successor_was_used_revokes_even_when_the_family_moved_on_twice(
        api: Api) -> None:
    first = api.login("partner").refresh_token
    chain = [first]
    for _ in range(4):
        chain.append(rotated(api, chain[-1])["refresh_token"])
    assert refresh(api, chain[1])[0] == 401
    assert refresh(api, chain[-1])[0] == 401


def test_two_processes_of_one_laptop_refreshing_at_once_stay_signed_in(api: Api) -> None:
    """Both present the same token; the keyring ends up with the answer of either."""
    held = api.login("facilitator").refresh_token
    for keep_first in (True, False, True):
        first, second = rotated(api, held), rotated(api, held)
        kept = first if keep_first else second
        pair = rotated(api, kept["refresh_token"])
        assert works(api, pair)
        held = pair["refresh_token"]


def at_once(api: Api, refresh_token: str) -> list[tuple[int, Pair]]:
    """Two refreshes with one token, sent at the same moment from two connections."""
    barrier = threading.Barrier(2)
    answers: list[tuple[int, Pair]] = []
    lock = threading.Lock()

    def go() -> None:
        client = Api(api.base_url)
        barrier.wait()
        answer = refresh(client, refresh_token)
        client.close()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=go) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_refreshes_at_the_same_moment_with_one_token_take_turns(api: Api) -> None:
    held = api.login("facilitator").refresh_token
    for _ in range(8):
        answers = at_once(api, held)
        assert [status for status, _ in answers] == [200, 200], answers
        live = [pair for _, pair in answers if works(api, pair)]
        assert len(live) == 1  # the later one revoked the earlier one's pair
        held = rotated(api, live[0]["refresh_token"])["refresh_token"]


def test_an_expired_refresh_token_is_refused_without_touching_the_sign_in(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator")
    pair = rotated(api, client.refresh_token)
    with server.database.write() as session:
        session.execute(update(Token).where(
            Token.token_hash == token_hash(client.refresh_token)).values(
            expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    assert refresh(api, client.refresh_token)[0] == 401
    assert works(api, rotated(api, pair["refresh_token"]))


def test_after_logout_no_token_of_the_sign_in_refreshes(api: Api) -> None:
    client = api.login("facilitator")
    lost = rotated(api, client.refresh_token)
    assert client.post("/auth/logout").status_code == 204
    assert refresh(api, client.refresh_token)[0] == 401  # the end of the chain
    assert refresh(api, lost["refresh_token"])[0] == 401
