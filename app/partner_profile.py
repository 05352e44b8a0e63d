"""The partner's published profile and memorandum of understanding, and a proposed change.

The central service publishes an overview of each partner, its contacts and venues, and
holds the dates of its memorandum of understanding (MoU): all on the ``partner`` record,
which only the service changes. A partner lead proposes a change (``propose``): the
overview, contacts and venues as they should read, checked with the protocol's field rules
(the very rules the service applies) before anything is saved, then committed with its
outbox entry in one transaction as a ``partner_profile_request``. The service accepts it
(and rewrites the partner record) or refuses it, which shows in Needs attention
(``app.attention``) with its reason.

A proposal is *waiting* while its outbox entry is unsent, or while the latest proposal the
laptop holds differs from the partner record (sent, not yet carried out). The page says so
("Change proposed on 8 December 2026, waiting for the central service").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import DomainError
from app.marks import utc_now_iso
from app.outbox import NEEDS_ATTENTION, PENDING, enqueue
from app.partner_page import my_partner
from app.store import Store
from app.store.models import IdentityRow, OtherRecord, OutboxEntry, Partner
from app.validation import check_text
from protocol import fields
from protocol.event_dates import long_date
from protocol.hlc import HybridClock
from protocol.records import PartnerProfileRequestData
from protocol.text import _

log = logging.getLogger(__name__)

REQUEST = "partner_profile_request"
MAX_CONTACTS = 20
MAX_VENUES = 50


class ProfileProposalError(DomainError):
    """A proposed change that cannot be sent as it is (nothing is saved)."""


@dataclass(frozen=True)
class Contact:
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""

    def blank(self) -> bool:
        return not any(v.strip() for v in (self.name, self.role, self.email, self.phone))


@dataclass(frozen=True)
class Venue:
    name: str
    address: str = ""

    def blank(self) -> bool:
        return not (self.name.strip() or self.address.strip())


@dataclass(frozen=True)
class Profile:
    overview: str
    contacts: tuple[Contact, ...]
    venues: tuple[Venue, ...]

    def wire(self) -> dict[str, Any]:
        return {"overview": self.overview,
                "contacts": [dataclasses.asdict(c) for c in self.contacts],
                "venues": [dataclasses.asdict(v) for v in self.venues]}


@dataclass(frozen=True)
class Proposal:
    """The latest proposed change still waiting, or refused."""

    profile: Profile
    requested_on: dt.date
    refused: str | None  # the central service's reason, when it refused

    def words(self) -> str:
        if self.refused is not None:
            return _("The change proposed on {day} was refused: {reason} (see Needs "
                     "attention).").format(day=long_date(self.requested_on),
                                           reason=self.refused)
        return _("Change proposed on {day}, waiting for the central service.").format(
            day=long_date(self.requested_on))


@dataclass(frozen=True)
class ProfileState:
    partner_name: str
    profile: Profile  # as published (the partner record)
    mou_signed_on: dt.date | None
    mou_renewal_due: dt.date | None
    proposal: Proposal | None
    mou: str  # the MoU in words, as of the day read


def mou_words(signed_on: dt.date | None, renewal_due: dt.date | None, today: dt.date) -> str:
    """'Signed on 3 September 2024 · renewal due in 41 days (Monday 18 January 2027)',
    '… · renewal overdue since Monday 1 December 2026', or that none is recorded."""
    if signed_on is None:
        return _("No memorandum of understanding is recorded: ask the central team.")
    signed = _("Signed on {day}").format(day=long_date(signed_on))
    if renewal_due is None:
        return signed
    days = (renewal_due - today).days
    if days < 0:
        due = _("renewal overdue since {day}").format(day=long_date(renewal_due))
    elif days == 0:
        due = _("renewal due today")
    elif days == 1:
        due = _("renewal due tomorrow")
    else:
        due = _("renewal due in {n} days ({day})").format(n=days, day=long_date(renewal_due))
    return f"{signed} · {due}"


def _profile(data: dict[str, Any]) -> Profile:
    return Profile(str(data.get("overview") or ""),
                   tuple(Contact(**{k: str(c.get(k) or "") for k in ("name", "role", "email",
                                                                      "phone")})
                         for c in data.get("contacts") or []),
                   tuple(Venue(str(v.get("name") or ""), str(v.get("address") or ""))
                         for v in data.get("venues") or []))


def published(partner: Partner) -> Profile:
    return _profile({"overview": partner.overview, "contacts": partner.contacts,
                     "venues": partner.venues})


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _requested_on(data: dict[str, Any]) -> dt.date:
    return _day(str(data.get("requested_at") or "")[:10]) or dt.date.today()


def waiting_proposal(session: Session, partner: Partner) -> Proposal | None:
    """The latest proposal for ``partner`` not yet carried out: unsent or refused in the
    outbox, else the latest one the service holds while the partner record differs."""
    entry = session.scalars(select(OutboxEntry).where(
        OutboxEntry.type == REQUEST, OutboxEntry.state.in_((PENDING, NEEDS_ATTENTION)))
        .order_by(OutboxEntry.seq.desc())).first()
    if entry is not None and entry.data.get("partner_id") == partner.id:
        return Proposal(_profile(entry.data), _requested_on(entry.data),
                        (entry.error_message or _("refused"))
                        if entry.state == NEEDS_ATTENTION else None)
    held = [data for data in session.scalars(
        select(OtherRecord.data).where(OtherRecord.type == REQUEST))
        if (data or {}).get("partner_id") == partner.id]
    if not held:
        return None
    latest = max(held, key=lambda d: str(d.get("requested_at") or ""))
    proposed = _profile(latest)
    if proposed == published(partner):
        return None
    return Proposal(proposed, _requested_on(latest), None)


def check_profile(overview: str, contacts: Sequence[Contact],
                  venues: Sequence[Venue]) -> Profile:
    """The profile as it would be sent, blank rows left out, or a ``ValidationError``
    naming the field (and the row) that the protocol's field rules refuse."""
    text = check_text(fields.PROFILE_OVERVIEW, overview, _("The overview"))
    kept_contacts: list[Contact] = []
    for number, contact in enumerate((c for c in contacts if not c.blank()), start=1):
        def label(what: str, n: int = number) -> str:
            return _("Contact {n}: {what}").format(n=n, what=what)

        kept_contacts.append(Contact(
            check_text(fields.PERSON_NAME, contact.name, label(_("the name"))),
            check_text(fields.CONTACT_ROLE, contact.role, label(_("the role"))),
            check_text(fields.EMAIL, contact.email, label(_("the email address")))
            if contact.email.strip() else "",
            check_text(fields.PHONE, contact.phone, label(_("the phone number")))))
    kept_venues: list[Venue] = []
    for number, venue in enumerate((v for v in venues if not v.blank()), start=1):
        kept_venues.append(Venue(
            check_text(fields.VENUE_NAME, venue.name,
                       _("Venue {n}: the name").format(n=number)),
            check_text(fields.ADDRESS, venue.address,
                       _("Venue {n}: the address").format(n=number))))
    if len(kept_contacts) > MAX_CONTACTS:
        raise ProfileProposalError(_("At most {n} contacts.").format(n=MAX_CONTACTS))
    if len(kept_venues) > MAX_VENUES:
        raise ProfileProposalError(_("At most {n} venues.").format(n=MAX_VENUES))
    return Profile(text, tuple(kept_contacts), tuple(kept_venues))


class PartnerProfileService:
    def __init__(self, store: Store, clock: HybridClock, user_id: str, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.store, self.clock, self.user_id, self.today = store, clock, user_id, today

    def state(self) -> ProfileState:
        with self.store.read() as session:
            partner = my_partner(session)
            signed, due = _day(partner.mou_signed_on), _day(partner.mou_renewal_due)
            return ProfileState(partner.name, published(partner), signed, due,
                                waiting_proposal(session, partner),
                                mou_words(signed, due, self.today()))

    def propose(self, overview: str, contacts: Sequence[Contact],
                venues: Sequence[Venue]) -> str:
        """Commit the proposed profile and its outbox entry; the request's id. Raises
        ``ValidationError`` or ``ProfileProposalError`` (nothing saved) when it cannot be
        sent as it is."""
        profile = check_profile(overview, contacts, venues)
        with self.store.write() as session:
            me = session.get(IdentityRow, 1)
            if me is None or "partner_lead" not in (me.roles or []):
                raise ProfileProposalError(_("Only the partner's leads propose a change to "
                                             "its profile."))
            partner = my_partner(session)
            if profile == published(partner):
                raise ProfileProposalError(_("Nothing has changed: the profile already "
                                             "reads like this."))
            request_id = str(uuid.uuid4())
            data = PartnerProfileRequestData.model_validate(
                {"partner_id": partner.id, **profile.wire(), "requested_by": self.user_id,
                 "requested_at": utc_now_iso()})
            enqueue(session, type_=REQUEST, record_id=request_id, data=data.model_dump(),
                    hlc=str(self.clock.now()))
        log.info("partner profile request saved: %s", request_id)
        return request_id
