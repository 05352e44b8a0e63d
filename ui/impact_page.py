"""The Impact tab for partner leads and facilitators: a ``LazyPage`` whose ``ImpactView``
(and ``app.impact``) is built the first time the tab is shown, as the Progress tab is.
The central service scopes the reports: a partner lead's partner's groups, a
facilitator's own."""

from __future__ import annotations

from desk.session import Session
from ui.changes_hub import ChangesHub
from ui.i18n import translate
from ui.lazy_page import Built, LazyPage
from ui.runner import Runner

ROLES = frozenset({"partner_lead", "facilitator"})


def impact_page(runner: Runner, session: Session, hub: ChangesHub) -> LazyPage | None:
    """The tab's page, or None for a role that has none (a QA lead)."""
    if not ROLES & set(session.identity.roles):
        return None

    def build() -> Built:
        from ui.impact_view import ImpactView

        view = ImpactView(runner, session.impact, hub=hub)
        return view, view.refresh

    return LazyPage(build, "impact")


def impact_title() -> str:
    return translate("ImpactPage", "Impact")
