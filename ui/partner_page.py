"""The Partner tab for partner leads: a ``LazyPage`` whose ``PartnerView`` (the allocation
code, its paragraph and flyer, the published profile and the MoU) is built the first time
the tab is shown, as the Impact tab is. Other roles have no such tab."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from desk.session import Session
from ui.changes_hub import ChangesHub
from ui.i18n import translate
from ui.lazy_page import Built, LazyPage
from ui.runner import Runner


def partner_page(runner: Runner, session: Session, hub: ChangesHub,
                 today: Callable[[], dt.date]) -> LazyPage | None:
    """The tab's page, or None for a role that has none."""
    if "partner_lead" not in session.identity.roles:
        return None

    def build() -> Built:
        from ui.partner_view import PartnerView

        view = PartnerView(runner, session.partner_page(today), session.partner_profile(today),
                           hub=hub)
        return view, view.refresh

    return LazyPage(build, "partner")


def partner_title() -> str:
    return translate("PartnerPage", "Partner")
