"""A partner lead's proposed change to the partner's published profile (issue 16).

Only a partner lead of the partner may propose one (a facilitator of one of its groups,
who reads the partner: ``forbidden_role``; anyone else: ``not_found``). The field rules are
the protocol's (``protocol.fields``: overview, contact names and roles, emails, phone
numbers, venue names and addresses); beyond them the request is refused (``invalid``,
nothing written, the reason in words) when:

- a contact has neither an email address nor a phone number (nobody could reach them);
- a phone number holds anything but digits, spaces and ``+ ( ) -``, or fewer than
  ``MIN_PHONE_DIGITS`` digits;
- it lists no venue at all (the profile says where the partner runs its days), or the
  same venue twice.

An accepted request is kept (``partner_profile_request``, placed with ``ref_id`` = the
partner: read by its partner leads only) and the ``partner`` record's ``overview``,
``contacts`` and ``venues`` are replaced by the request's; its memorandum-of-understanding
dates stay as the central team set them.
"""

from __future__ import annotations

from sqlalchemy import false, select

from protocol.records import PartnerData, PartnerProfileRequestData
from protocol.wire import Mutation
from server.models import Record
from server.services.writes import Context, Rejected, Row
from server.store import Placement

MIN_PHONE_DIGITS = 6
PHONE_CHARACTERS = frozenset("0123456789 +()-")
NOT_FOUND = "No such partner, or you are not one of its partner leads."


def _facilitates_for(ctx: Context, partner_id: str) -> bool:
    """Whether the caller facilitates a group of this partner (then they read it)."""
    groups = sorted(ctx.scope.facilitator_groups)
    if not groups:
        return False
    ctx.flush()
    return ctx.session.scalar(select(Record.id).where(
        Record.type == "group", Record.deleted == false(), Record.id.in_(groups),
        Record.ref_id == partner_id).limit(1)) is not None


def admit_lead(ctx: Context, m: Mutation, data: PartnerProfileRequestData) -> Row:
    """The partner, when the caller is one of its partner leads."""
    partner = ctx.live("partner", data.partner_id)
    if partner is not None and data.partner_id in ctx.scope.led_partners:
        return partner
    if partner is not None and _facilitates_for(ctx, data.partner_id):
        raise Rejected("forbidden_role", "Only the partner lead changes the partner's "
                                         "profile.")
    raise Rejected("not_found", NOT_FOUND)


def _check(data: PartnerProfileRequestData) -> None:
    for number, contact in enumerate(data.contacts, 1):
        who = f"Contact {number} ({contact.name})"
        if not contact.email.strip() and not contact.phone.strip():
            raise Rejected("invalid", f"{who} has neither an email address nor a phone "
                                      "number: give one, so people can reach them.")
        phone = contact.phone.strip()
        digits = sum(ch.isdigit() for ch in phone)
        if phone and (not set(phone) <= PHONE_CHARACTERS or digits < MIN_PHONE_DIGITS):
            raise Rejected("invalid", f"{who}'s phone number should be digits (at least "
                                      f"{MIN_PHONE_DIGITS}), with spaces, + ( ) or - only.")
    if not data.venues:
        raise Rejected("invalid", "Give at least one venue: the profile says where the "
                                  "partner runs its face-to-face days.")
    seen: set[str] = set()
    for venue in data.venues:
        key = " ".join(venue.name.split()).casefold()
        if key in seen:
            raise Rejected("invalid", f"The venue {venue.name} is listed twice.")
        seen.add(key)


def apply_request(ctx: Context, m: Mutation, data: PartnerProfileRequestData,
                  partner: Row) -> int:
    if m.op == "delete":
        raise Rejected("invalid", "A profile change cannot be taken back by deleting it: "
                                  "propose the profile as it should be.")
    _check(data)
    caller = ctx.scope.user_id
    request = ctx.put("partner_profile_request", m.id,
                      data.model_dump() | {"requested_by": caller},
                      Placement(ref_id=partner.id, owner_id=caller))
    current = ctx.live("partner", partner.id) or partner
    published = PartnerData.model_validate(current.data or {}).model_copy(update={
        "overview": data.overview, "contacts": data.contacts, "venues": data.venues})
    ctx.put("partner", partner.id, published.model_dump(),
            Placement(group_id=current.group_id, event_id=current.event_id,
                      owner_id=current.owner_id, ref_id=current.ref_id,
                      private=current.private))
    return request.seq
