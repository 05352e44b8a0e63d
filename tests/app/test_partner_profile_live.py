"""A proposed change to the partner's profile against the real reference server: made
offline it waits; once pushed and accepted the partner record carries it and nothing
waits; one the service refuses (no venue left) shows on the page and in Needs attention
with the service's reason, and the published profile stays as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.attention import attention_items
from app.outbox import pending_count
from app.partner_profile import Contact, Venue
from desk.session import Session
from tests.conftest import TEST_TODAY
from tests.ui.live import signed_in_session


@pytest.fixture
def lead(live_server: Any, tmp_path: Path) -> Iterator[Session]:
    session = signed_in_session(live_server, tmp_path / "lead" / "desk.sqlite3", "partner")
    yield session
    session.close()


def test_a_proposal_made_offline_waits_then_is_published(live_server: Any,
                                                         lead: Session) -> None:
    profiles = lead.partner_profile(lambda: TEST_TODAY)
    before = profiles.state().profile
    assert before.venues  # the demo publishes its partners' profiles
    live_server.stop()
    contacts = [*before.contacts, Contact("Sam Okafor", "Venue bookings", "",
                                          "01632 960111")]
    profiles.propose(before.overview + " We welcome visits.", contacts, list(before.venues))
    waiting = profiles.state()
    assert waiting.proposal is not None and waiting.proposal.refused is None
    assert waiting.profile == before
    live_server.start()

    lead.sync.sync_once()
    assert pending_count(lead.store) == 0 and attention_items(lead.store) == []
    after = profiles.state()
    assert after.proposal is None
    assert after.profile.overview.endswith("We welcome visits.")
    assert after.profile.contacts[-1] == Contact("Sam Okafor", "Venue bookings", "",
                                                 "01632 960111")


def test_a_refused_proposal_is_said_on_the_page_and_in_needs_attention(lead: Session) -> None:
    profiles = lead.partner_profile(lambda: TEST_TODAY)
    before = profiles.state().profile
    profiles.propose(before.overview, list(before.contacts), [Venue("", "")])  # no venue
    lead.sync.sync_once()
    [item] = attention_items(lead.store)
    assert item.reason.startswith("Give at least one venue")
    assert item.what == "Proposing a change to the partner's profile"
    state = profiles.state()
    assert state.proposal is not None and state.proposal.refused == item.reason
    assert "was refused: Give at least one venue" in state.proposal.words()
    assert state.profile == before
