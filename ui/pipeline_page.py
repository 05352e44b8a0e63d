"""The Pipeline tab for partner leads: a ``LazyPage`` whose ``PipelineView`` (and
``app.recruitment``) is built the first time the tab is shown, beside "Recruitment and
attendance". The central service scopes the applications: a partner lead's partner's
own recruits and those allocated to its groups, never another partner's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from desk.session import Session
from ui.changes_hub import ChangesHub
from ui.i18n import translate
from ui.lazy_page import Built, LazyPage
from ui.runner import Runner


def pipeline_page(runner: Runner, session: Session, today: Callable[[], dt.date],
                  hub: ChangesHub) -> LazyPage | None:
    """The tab's page, or None for a role that has none (facilitators, QA leads)."""
    if "partner_lead" not in session.identity.roles:
        return None

    def build() -> Built:
        from ui.pipeline_view import PipelineView

        view = PipelineView(runner, session.recruitment, today, hub=hub)
        return view, view.refresh

    return LazyPage(build, "pipeline")


def pipeline_title() -> str:
    return translate("PipelinePage", "Pipeline")
