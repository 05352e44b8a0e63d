"""The partner lead's page: the allocation code and the words that go with it.

Applicants enter a partner's allocation code when they apply, so their application comes
to that partner. The page puts the code in the partner lead's hands: the code itself, a
ready-to-send paragraph for a head teachers' meeting or a newsletter (the qualifications
the partner runs in the intake open for registration now and in the next one, the
registration deadline, where to apply), and the facts of a printable flyer
(``app.printing.flyer_pdf``) with a QR code of the application link carrying the code.

Everything is read from what the laptop holds (``partner``, ``group``, ``intake``,
``qualification``, ``registration_window`` and ``recruitment_rules`` records); nothing here
writes. The partner is the signed-in partner lead's own (their ``user`` record's
``partner_id``), or, failing that, the partner of their groups.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError
from app.store import Store
from app.store.models import (
    Colleague,
    Group,
    IdentityRow,
    Intake,
    OtherRecord,
    Partner,
    Qualification,
)
from protocol.event_dates import long_date
from protocol.fields import READING
from protocol.records import (
    RecruitmentRulesData,
    RegistrationWindowData,
    recruitment_rules_id,
)
from protocol.text import _

WINDOW = "registration_window"
RULES = "recruitment_rules"
CODE_PARAMETER = "code"  # the application link's query parameter that carries the code


@dataclass(frozen=True)
class IntakeOffer:
    """What the partner runs in one intake, and until when applicants can register."""

    intake_id: str
    label: str  # "Autumn 2026"
    opens_on: dt.date | None
    closes_on: dt.date  # the registration deadline, inclusive
    qualifications: tuple[tuple[str, str], ...]  # (code, title), by code

    @property
    def codes(self) -> str:
        """'NPQML and NPQSL', 'NPQH, NPQML and NPQSL'."""
        return and_list([code for code, _title in self.qualifications])


@dataclass(frozen=True)
class AllocationCode:
    """The allocation code and everything said around it."""

    partner_id: str
    partner_name: str
    code: str
    this_intake: IntakeOffer | None  # registration open now (or opening next)
    next_intake: IntakeOffer | None  # the one after it
    application_url: str  # "" until the central service has sent its recruitment rules

    @property
    def apply_link(self) -> str:
        """The application page with the code as a query parameter (the flyer's QR code);
        "" without an application page."""
        return link_with_code(self.application_url, self.code)

    def paragraph(self) -> str:
        """The ready-to-send paragraph, for a head teachers' meeting or a newsletter."""
        parts = [_("{partner} runs National Professional Qualifications (NPQs) for "
                   "teachers and leaders in our schools.").format(partner=self.partner_name)]
        if self.this_intake is not None and self.this_intake.qualifications:
            parts.append(_("For {intake} we run {codes}; registration closes on "
                           "{deadline}.").format(
                intake=self.this_intake.label, codes=self.this_intake.codes,
                deadline=long_date(self.this_intake.closes_on)))
        if self.next_intake is not None and self.next_intake.qualifications:
            parts.append(_("For {intake} we run {codes} (registration closes on "
                           "{deadline}).").format(
                intake=self.next_intake.label, codes=self.next_intake.codes,
                deadline=long_date(self.next_intake.closes_on)))
        if self.application_url:
            parts.append(_("Apply online at {url} and enter our allocation code {code}, so "
                           "that your application comes to us.").format(
                url=self.application_url, code=self.code))
        else:
            parts.append(_("When you apply online, enter our allocation code {code}, so "
                           "that your application comes to us.").format(code=self.code))
        return " ".join(parts)


def and_list(words: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(words) <= 1:
        return "".join(words)
    return _("{first} and {last}").format(first=", ".join(words[:-1]), last=words[-1])


def link_with_code(url: str, code: str) -> str:
    """``url`` with ``code=<code>`` added to its query (any other parameters kept)."""
    if not url:
        return ""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k != CODE_PARAMETER] + [(CODE_PARAMETER, code)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def my_partner(session: Session) -> Partner:
    """The signed-in partner lead's partner: their own user record's, else their groups'
    (the one most of them belong to). ``NotFoundError`` when the laptop holds none."""
    me = session.get(IdentityRow, 1)
    mine = session.get(Colleague, me.user_id) if me is not None else None
    if mine is not None and mine.partner_id:
        partner = session.get(Partner, mine.partner_id)
        if partner is not None:
            return partner
    counts = Counter(session.scalars(select(Group.partner_id)))
    for partner_id, _count in counts.most_common():
        partner = session.get(Partner, partner_id)
        if partner is not None:
            return partner
    raise NotFoundError(_("This laptop holds no partner of yours yet: sync first."))


def recruitment_rules(session: Session) -> RecruitmentRulesData:
    """The central service's recruitment rules; the defaults until they have arrived."""
    row = session.get(OtherRecord, (RULES, recruitment_rules_id()))
    if row is None:
        return RecruitmentRulesData()
    return RecruitmentRulesData.model_validate(row.data or {}, context=READING)


def windows(session: Session) -> dict[str, RegistrationWindowData]:
    """Each intake's registration window, by intake id."""
    found: dict[str, RegistrationWindowData] = {}
    for data in session.scalars(select(OtherRecord.data).where(OtherRecord.type == WINDOW)):
        try:
            window = RegistrationWindowData.model_validate(data or {}, context=READING)
        except ValueError:
            continue
        found[window.intake_id] = window
    return found


def _offers(session: Session, partner_id: str, today: dt.date) -> list[IntakeOffer]:
    """The partner's intakes whose registration has not closed, earliest deadline first."""
    held = windows(session)
    titles = {q.code: q.title for q in session.scalars(select(Qualification))}
    groups = [g for g in session.scalars(select(Group).where(Group.partner_id == partner_id))
              if g.status != "closed"]
    offers: list[IntakeOffer] = []
    for intake in session.scalars(select(Intake)):
        window = held.get(intake.id)
        closes = dt.date.fromisoformat(window.closes_on if window is not None
                                       else intake.registration_deadline)
        if closes < today:
            continue
        codes = sorted({g.qualification_code for g in groups if g.intake_id == intake.id})
        offers.append(IntakeOffer(
            intake.id, intake.label,
            dt.date.fromisoformat(window.opens_on) if window is not None else None, closes,
            tuple((code, titles.get(code, code)) for code in codes)))
    return sorted(offers, key=lambda o: (o.closes_on, o.label))


def allocation_code(session: Session, today: dt.date) -> AllocationCode:
    partner = my_partner(session)
    offers = [o for o in _offers(session, partner.id, today) if o.qualifications]
    return AllocationCode(partner.id, partner.name, partner.allocation_code,
                          offers[0] if offers else None, offers[1] if len(offers) > 1 else None,
                          recruitment_rules(session).application_url)


class PartnerPageService:
    """Reads for the partner page (each a short read transaction)."""

    def __init__(self, store: Store, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.store, self.today = store, today

    def allocation_code(self) -> AllocationCode:
        with self.store.read() as session:
            return allocation_code(session, self.today())
