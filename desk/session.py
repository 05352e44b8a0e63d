"""The one place where the services a signed-in user works with are built (no Qt).

A ``Session`` is the bundle the window and its pages receive: the local store, the sync
service, who is signed in, and every domain service the pages use. The pages take their
services from it and build none themselves (``tests/test_composition.py`` checks that).

Every function here does I/O: call them through the runner (or before Qt starts).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from app import paths, settings
from app.catalogue import CatalogueService
from app.clock import shared_clock
from app.domain import Identity
from app.forms.service import FormService
from app.identity import get_identity
from app.notes import NoteService
from app.registers import RegisterService
from app.reports import ReportService
from app.startup import check_database_path
from app.startup import open_store as open_store  # the one way to open it, for the panels
from app.store import Store
from app.store.encryption import database_key

if TYPE_CHECKING:  # built when first asked for: a facilitator's window never needs them
    from app.dashboard import DashboardService
    from app.event_dates_service import EventDateService
    from app.fee_service import FeeService
    from app.impact import ImpactService
    from app.partner_page import PartnerPageService
    from app.partner_profile import PartnerProfileService
    from app.progress import ProgressService
    from app.recruitment import RecruitmentService
    from app.training_status import TrainingStatusService
    from app.viability_decisions import ViabilityDecisionService
    from sync.service import SyncService

log = logging.getLogger(__name__)


@dataclass
class Session:
    """What one signed-in user works with. The services every window uses are built with
    it; the partner lead's (``dashboard``, ``fees``) are built the first time they are
    asked for, so their modules are not imported for a window that never shows them."""

    store: Store
    sync: SyncService
    identity: Identity
    registers: RegisterService
    catalogue: CatalogueService
    notes: NoteService
    forms: FormService
    reports: ReportService

    @cached_property
    def dashboard(self) -> DashboardService:
        """Recruitment and attendance of the partner's groups."""
        from app.dashboard import DashboardService

        return DashboardService(self.store)

    @cached_property
    def fees(self) -> FeeService:
        """The partner's fee statement."""
        from app.fee_service import FeeService

        return FeeService(self.store)

    @cached_property
    def progress(self) -> ProgressService:
        """Each candidate's attendance in a group, and who is at risk."""
        from app.progress import ProgressService

        return ProgressService(self.store)

    @cached_property
    def impact(self) -> ImpactService:
        """The impact of the user's groups as the central service reports it."""
        from app.impact import ImpactService

        return ImpactService(self.store)

    @cached_property
    def recruitment(self) -> RecruitmentService:
        """The recruitment pipeline of the partner's groups (partner leads)."""
        from app.recruitment import RecruitmentService

        return RecruitmentService(self.store)

    @cached_property
    def training_status(self) -> TrainingStatusService:
        """Deferral and withdrawal requests (partner leads and facilitators)."""
        from app.training_status import TrainingStatusService

        return TrainingStatusService(self.store, shared_clock(self.store),
                                     self.identity.user_id)

    def event_dates(self, today: Callable[[], dt.date]) -> EventDateService:
        """The event-date chooser for a window whose day is ``today()`` (the demo's day
        in demo mode, the real one otherwise)."""
        from app.event_dates_service import EventDateService

        return EventDateService(self.store, shared_clock(self.store), self.identity.user_id,
                                today=today)

    def partner_page(self, today: Callable[[], dt.date]) -> PartnerPageService:
        """The partner lead's allocation code, its paragraph and flyer."""
        from app.partner_page import PartnerPageService

        return PartnerPageService(self.store, today=today)

    def partner_profile(self, today: Callable[[], dt.date]) -> PartnerProfileService:
        """The partner's published profile, its MoU, and proposed changes (partner leads)."""
        from app.partner_profile import PartnerProfileService

        return PartnerProfileService(self.store, shared_clock(self.store),
                                     self.identity.user_id, today=today)

    def viability_decisions(self, today: Callable[[], dt.date]) -> ViabilityDecisionService:
        """The not-viable decision for a group (partner leads decide; everyone sees it)."""
        from app.viability_decisions import ViabilityDecisionService

        return ViabilityDecisionService(self.store, shared_clock(self.store),
                                        self.identity.user_id, today=today)

    def close(self) -> None:
        self.store.close()


def prepare_store(path: Path | None = None) -> None:
    """Before any window: make sure the database can be opened (its key is in a secure
    keyring, or the user accepted an unencrypted one); creates the key of a new database
    and encrypts one made before encryption. Raises ``StoreLocked`` or ``InsecureKeyring``
    with the message to show."""
    path = Path(path) if path is not None else paths.database_path()
    check_database_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    database_key(path, allow_unencrypted=settings.load(path.parent).allow_unencrypted)


def accept_unencrypted() -> None:
    """The user's explicit choice to keep personal data unencrypted (no secure keyring)."""
    settings.save(settings.load().with_changes(allow_unencrypted=True))
    log.warning("the user accepted an unencrypted database")


def _session(store: Store, sync: SyncService, identity: Identity) -> Session:
    clock = shared_clock(store)
    return Session(store, sync, identity,
                   registers=RegisterService(store, clock, identity.user_id),
                   catalogue=CatalogueService(store),
                   notes=NoteService(store, clock, identity.user_id),
                   forms=FormService(store, clock, identity.user_id),
                   reports=ReportService(store))


def resume(store: Store) -> Session | None:
    """The session saved on this laptop, if there is one and its token is in the keyring."""
    saved = get_identity(store)
    if saved is None:
        return None
    from sync.service import SyncService

    sync = SyncService(store, saved.server_url)
    identity = sync.resume()
    if identity is None:
        log.info("saved identity has no token in the keyring: sign-in needed")
        return None
    return _session(store, sync, identity)


def sign_in(store: Store, server_url: str, username: str, password: str) -> Session:
    """Sign in against ``server_url`` (raises SyncError with a human message on failure)."""
    from sync.service import SyncService

    sync = SyncService(store, server_url.rstrip("/"))
    identity = sync.login(username, password)
    log.info("signed in as user %s", identity.user_id)
    return _session(store, sync, identity)
