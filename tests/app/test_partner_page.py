"""The partner page's allocation code, paragraph and profile, read from a real store."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from app.attention import attention_items
from app.errors import NotFoundError, ValidationError
from app.outbox import needs_attention, pending_count
from app.partner_page import PartnerPageService, and_list, link_with_code
from app.partner_profile import (
    Contact,
    PartnerProfileService,
    ProfileProposalError,
    Venue,
    mou_words,
)
from app.store import Store
from app.store.models import OutboxEntry
from tests.app.partner_records import LEAD, TODAY, URL, Laptop, lead_laptop, new_id


@pytest.fixture
def laptop(store: Store) -> Laptop:
    laptop = lead_laptop(store)
    laptop.group("NPQSL-SPR27-LEEDS-1", "NPQSL", "spring27", 9)
    laptop.group("NPQML-SPR27-LEEDS-1", "NPQML", "spring27", 14)
    laptop.group("NPQH-AUT27-LEEDS-1", "NPQH", "autumn27", 0)
    laptop.group("NPQSL-AUT26-LEEDS-1", "NPQSL", "autumn26", 15)  # registration closed
    laptop.group("NPQH-SPR27-LONDON-1", "NPQH", "spring27", 3, partner=laptop.other_partner_id)
    return laptop


def profile_service(store: Store, today: dt.date = TODAY) -> PartnerProfileService:
    from app.clock import shared_clock

    return PartnerProfileService(store, shared_clock(store), LEAD, today=lambda: today)


def test_the_code_and_paragraph_name_what_the_partner_runs_this_and_next_intake(
        laptop: Laptop) -> None:
    code = PartnerPageService(laptop.store, today=lambda: TODAY).allocation_code()
    assert (code.partner_name, code.code) == ("Oakfield Learning Partnership", "OLP-YH-0142")
    assert code.this_intake is not None and code.next_intake is not None
    assert code.this_intake.label == "Spring 2027"
    assert [c for c, _t in code.this_intake.qualifications] == ["NPQML", "NPQSL"]
    assert code.next_intake.label == "Autumn 2027" and code.next_intake.codes == "NPQH"
    paragraph = code.paragraph()
    assert "OLP-YH-0142" in paragraph and URL in paragraph
    assert "For Spring 2027 we run NPQML and NPQSL; registration closes on Saturday 16 " \
           "January 2027." in paragraph
    assert "Autumn 2027 we run NPQH" in paragraph
    assert "Autumn 2026" not in paragraph  # its registration has closed
    assert "London" not in paragraph and "NPQH-SPR27" not in paragraph  # another partner's


def test_the_application_link_carries_the_code_as_a_query_parameter(laptop: Laptop) -> None:
    link = PartnerPageService(laptop.store, today=lambda: TODAY).allocation_code().apply_link
    assert link.startswith(URL) and parse_qs(urlsplit(link).query) == {"code": ["OLP-YH-0142"]}
    kept = link_with_code("https://a.example/apply?lang=cy&code=OLD", "X 1&2")
    assert parse_qs(urlsplit(kept).query) == {"lang": ["cy"], "code": ["X 1&2"]}
    assert link_with_code("", "X") == ""
    assert and_list(["A"]) == "A" and and_list(["A", "B", "C"]) == "A, B and C"


def test_without_recruitment_rules_the_paragraph_still_gives_the_code(store: Store) -> None:
    laptop = lead_laptop(store, rules=False)
    code = PartnerPageService(laptop.store, today=lambda: TODAY).allocation_code()
    assert code.apply_link == "" and code.this_intake is None
    assert "enter our allocation code OLP-YH-0142" in code.paragraph()


def test_a_laptop_with_no_partner_says_so(store: Store) -> None:
    with pytest.raises(NotFoundError, match="sync first"):
        PartnerPageService(store, today=lambda: TODAY).allocation_code()


@pytest.mark.parametrize(("due", "words"), [
    (TODAY + dt.timedelta(days=41), "renewal due in 41 days (Sunday 3 January 2027)"),
    (TODAY, "renewal due today"),
    (TODAY + dt.timedelta(days=1), "renewal due tomorrow"),
    (TODAY - dt.timedelta(days=1), "renewal overdue since Sunday 22 November 2026"),
])
def test_the_mou_renewal_is_said_in_words(due: dt.date, words: str) -> None:
    assert mou_words(dt.date(2024, 9, 3), due, TODAY) == (
        f"Signed on Tuesday 3 September 2024 · {words}")
    assert "No memorandum" in mou_words(None, None, TODAY)


def test_the_profile_shows_as_published_with_the_mou(laptop: Laptop) -> None:
    state = profile_service(laptop.store).state()
    assert state.profile.overview == "We are a trust of 14 schools."
    assert state.profile.contacts == (Contact("Priya Shah", "NPQ lead",
                                              "priya@oakfield.example", "0113 496 0000"),)
    assert state.profile.venues == (Venue("Leeds Hub", "1 Park Row\nLeeds"),)
    assert state.mou == ("Signed on Tuesday 3 September 2024 · renewal due in 41 days "
                         "(Sunday 3 January 2027)")
    assert state.proposal is None


def test_a_proposed_change_waits_until_the_partner_record_reflects_it(laptop: Laptop) -> None:
    service = profile_service(laptop.store)
    contacts = [Contact("Priya Shah", "NPQ lead", "priya@oakfield.example"),
                Contact("", "", "", ""),  # a blank row is left out
                Contact("Tom Ellis", "Administrator", "", "0113 496 0001")]
    request_id = service.propose("We are a trust of 15 schools.", contacts,
                                 [Venue("Leeds Hub", "1 Park Row"), Venue("York Hub")])
    assert pending_count(laptop.store) == 1
    state = service.state()
    assert state.proposal is not None and state.proposal.refused is None
    assert state.proposal.words().startswith("Change proposed on ")
    assert state.proposal.words().endswith("waiting for the central service.")
    assert state.profile.overview == "We are a trust of 14 schools."  # not yet published
    with laptop.store.read() as session:
        entry = session.query(OutboxEntry).one()
    assert entry.record_id == request_id and entry.type == "partner_profile_request"
    assert [c["name"] for c in entry.data["contacts"]] == ["Priya Shah", "Tom Ellis"]
    # sent: the outbox entry is gone and the service's copy of the request arrives
    with laptop.store.write() as session:
        session.delete(session.get(OutboxEntry, entry.seq))
    laptop.pull("partner_profile_request", request_id, **entry.data)
    assert service.state().proposal is not None  # the partner record still differs
    laptop.pull("partner", laptop.partner_id, name="Oakfield Learning Partnership",
                kind="trust", allocation_code="OLP-YH-0142", region="Yorkshire",
                overview=entry.data["overview"], contacts=entry.data["contacts"],
                venues=entry.data["venues"], mou_signed_on="2024-09-03",
                mou_renewal_due="2027-01-03")
    state = service.state()
    assert state.proposal is None and state.profile.overview == "We are a trust of 15 schools."


def test_a_bad_entry_is_refused_with_the_field_named_and_nothing_saved(laptop: Laptop) -> None:
    service = profile_service(laptop.store)
    with pytest.raises(ValidationError, match="Contact 2: the email address does not look"):
        service.propose("Fine", [Contact("A Person"), Contact("B Person", email="not-an-email")],
                        [])
    with pytest.raises(ValidationError, match="Venue 1: the name is required"):
        service.propose("Fine", [], [Venue("", "An address with no name")])
    with pytest.raises(ValidationError, match="The overview is too long"):
        service.propose("x" * 5001, [], [])
    with pytest.raises(ValidationError, match="Contact 1: the role must be on one line"):
        service.propose("Fine", [Contact("A Person", "two\nlines")], [])
    with pytest.raises(ProfileProposalError, match="Nothing has changed"):
        state = service.state().profile
        service.propose(state.overview, list(state.contacts), list(state.venues))
    assert pending_count(laptop.store) == 0


def test_a_refused_proposal_shows_on_the_page_and_in_needs_attention(laptop: Laptop) -> None:
    service = profile_service(laptop.store)
    service.propose("A new overview", [], [])
    with laptop.store.write() as session:
        entry = session.query(OutboxEntry).one()
        entry.state, entry.error_code = "needs_attention", "invalid"
        entry.error_message = "A venue's address is required for publication."
    proposal = service.state().proposal
    assert proposal is not None and proposal.refused == (
        "A venue's address is required for publication.")
    [item] = attention_items(laptop.store)
    assert item.what == "Proposing a change to the partner's profile"
    assert item.reason == "A venue's address is required for publication."
    assert "propose the change again" in item.advice
    assert len(needs_attention(laptop.store)) == 1


def test_only_partner_leads_propose(store: Store) -> None:
    laptop = lead_laptop(store, roles=("facilitator",))
    laptop.group("NPQSL-SPR27-LEEDS-1", "NPQSL", "spring27", 9)
    with pytest.raises(ProfileProposalError, match="Only the partner's leads"):
        profile_service(store).propose("Mine now", [], [])
    assert new_id() and pending_count(store) == 0
