"""The pages beside the registers and the QA forms, by role.

Partner leads get "Groups" (viability, attendance against enrolment, course fees) and
"Fees" (their fee statement); facilitators and partner leads get "Evaluations" (live
evaluation reports). Each page re-reads the local store after every sync (``refresh``),
but only the page on screen does so at once: the others are marked stale and re-read when
their tab is shown (``page_shown``). A partner lead's year of fees and groups takes seconds
to load and lay out; doing it for hidden tabs delayed the first usable window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.dashboard import DashboardService
from app.fee_service import FeeService
from ui.dashboard_view import DashboardView
from ui.fees_view import FeesView
from ui.i18n import translate
from ui.reports import ReportsView
from ui.runner import Runner
from ui.session import Session


class RolePages:
    def __init__(self, runner: Runner, session: Session,
                 today: Callable[[], dt.date]) -> None:
        roles = set(session.identity.roles)
        self.dashboard: DashboardView | None = None
        self.reports: ReportsView | None = None
        self.fees: FeesView | None = None
        self._stale: list[QWidget] = []
        if "partner_lead" in roles:
            self.dashboard = DashboardView(runner, DashboardService(session.store), today)
        if roles & {"facilitator", "partner_lead"}:
            self.reports = ReportsView(runner, session.reports)
        if "partner_lead" in roles:  # partner money: not for facilitators
            self.fees = FeesView(runner, FeeService(session.store), today)

    def pages(self) -> list[tuple[QWidget, str]]:
        named = [(self.dashboard, translate("RolePages", "Groups")),
                 (self.reports, translate("RolePages", "Evaluations")),
                 (self.fees, translate("RolePages", "Fees"))]
        return [(page, title) for page, title in named if page is not None]

    def refresh(self) -> None:
        """Re-read the page on screen now; the hidden ones when they are shown."""
        for page, _title in self.pages():
            if page.isVisible():
                page.refresh()  # type: ignore[attr-defined]
            elif page not in self._stale:
                self._stale.append(page)

    def page_shown(self, page: QWidget | None) -> None:
        """A tab became current: re-read its page if a refresh was put off."""
        if page is not None and page in self._stale:
            self._stale.remove(page)
            page.refresh()  # type: ignore[attr-defined]
