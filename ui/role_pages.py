"""The pages beside the registers and the QA forms, by role.

Partner leads get "Recruitment and attendance" (each group's viability, attendance against
enrolment, course fees; not "Groups", which the events panel beside the registers already
names its list of groups) and "Fees" (their fee statement); facilitators and partner leads
get "Evaluations" (live evaluation reports) and "Progress" (each candidate's attendance in a
group, and who is at risk). Each page is built the first time its tab is
shown (``LazyPage``): their charts, tables and a year of data are not needed to take a
register. A built page hears what changed from the hub and re-reads what concerns it, at
once only while it is on screen (``ui.changes_hub.RefreshWhenShown``): a partner lead's year
of fees and groups takes seconds to load and lay out, and doing it for hidden tabs delayed
the first usable window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desk.session import Session
from ui.changes_hub import ChangesHub
from ui.i18n import translate
from ui.lazy_page import Built, LazyPage
from ui.runner import Runner

if TYPE_CHECKING:  # the Groups page (and its imports) is built when first shown
    from ui.date_picker_dialog import EventDates


class RolePages:
    def __init__(self, runner: Runner, session: Session,
                 today: Callable[[], dt.date], *, hub: ChangesHub,
                 dates: EventDates | None = None) -> None:
        """``dates``: the partner lead's date picker opens from the Groups page's dates to
        choose; each page, once built, subscribes itself to ``hub``."""
        roles = set(session.identity.roles)
        self.dashboard: LazyPage | None = None
        self.reports: LazyPage | None = None
        self.fees: LazyPage | None = None
        self.progress: LazyPage | None = None

        def dashboard() -> Built:
            from ui.dashboard_view import DashboardView

            view = DashboardView(runner, session.dashboard, today, dates=dates, hub=hub)
            if "partner_lead" in roles:  # the not-viable decision on the group's detail
                from ui.decision_panel import attach_decisions

                attach_decisions(view, runner, session.viability_decisions(today), hub)
            return view, view.refresh

        def reports() -> Built:
            from ui.reports import ReportsView

            view = ReportsView(runner, session.reports, hub=hub)
            return view, view.refresh

        def fees() -> Built:
            from ui.fees_view import FeesView

            view = FeesView(runner, session.fees, today, hub=hub)
            return view, view.refresh

        def progress() -> Built:
            from ui.progress_view import ProgressView

            view = ProgressView(runner, session.progress, today, hub=hub)
            return view, view.refresh

        if "partner_lead" in roles:
            self.dashboard = LazyPage(dashboard, "dashboard")
        if roles & {"facilitator", "partner_lead"}:
            self.reports = LazyPage(reports, "reports")
            self.progress = LazyPage(progress, "progress")
        if "partner_lead" in roles:  # partner money: not for facilitators
            self.fees = LazyPage(fees, "fees")

    def pages(self) -> list[tuple[QWidget, str]]:
        named = [(self.dashboard, translate("RolePages", "Recruitment and attendance")),
                 (self.progress, translate("RolePages", "Progress")),
                 (self.reports, translate("RolePages", "Evaluations")),
                 (self.fees, translate("RolePages", "Fees"))]
        return [(page, title) for page, title in named if page is not None]
