"""The pages beside the registers and the QA forms, by role.

Partner leads get "Recruitment and attendance" (each group's viability, attendance against
enrolment, course fees; not "Groups", which the events panel beside the registers already
names its list of groups) and "Fees" (their fee statement); facilitators and partner leads
get "Evaluations" (live evaluation reports). Each page is built the first time its tab is
shown (``LazyPage``): their charts, tables and a year of data are not needed to take a
register. A built page re-reads the local store after every sync (``refresh``), but only
the page on screen does so at once: the others are marked stale and re-read when their tab
is shown (``page_shown``). A partner lead's year of fees and groups takes seconds to load and lay
out; doing it for hidden tabs delayed the first usable window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desk.session import Session
from ui.i18n import translate
from ui.lazy_page import LazyPage
from ui.runner import Runner

if TYPE_CHECKING:  # the Groups page (and its imports) is built when first shown
    from ui.date_picker_dialog import EventDates


class RolePages:
    def __init__(self, runner: Runner, session: Session,
                 today: Callable[[], dt.date], *, dates: EventDates | None = None,
                 date_chosen: Callable[[str], None] | None = None) -> None:
        """``dates``: the partner lead's date picker opens from the Groups page's dates to
        choose; ``date_chosen(event_id)`` runs when a date is chosen there."""
        roles = set(session.identity.roles)
        self.dashboard: LazyPage | None = None
        self.reports: LazyPage | None = None
        self.fees: LazyPage | None = None
        self._stale: list[LazyPage] = []

        def dashboard() -> QWidget:
            from ui.dashboard_view import DashboardView

            view = DashboardView(runner, session.dashboard, today, dates=dates)
            if date_chosen is not None:
                view.date_chosen.connect(date_chosen)
            return view

        def reports() -> QWidget:
            from ui.reports import ReportsView

            return ReportsView(runner, session.reports)

        def fees() -> QWidget:
            from ui.fees_view import FeesView

            return FeesView(runner, session.fees, today)

        if "partner_lead" in roles:
            self.dashboard = LazyPage(dashboard, "dashboard")
        if roles & {"facilitator", "partner_lead"}:
            self.reports = LazyPage(reports, "reports")
        if "partner_lead" in roles:  # partner money: not for facilitators
            self.fees = LazyPage(fees, "fees")

    def pages(self) -> list[tuple[QWidget, str]]:
        named = [(self.dashboard, translate("RolePages", "Recruitment and attendance")),
                 (self.reports, translate("RolePages", "Evaluations")),
                 (self.fees, translate("RolePages", "Fees"))]
        return [(page, title) for page, title in named if page is not None]

    def refresh(self) -> None:
        """Re-read the built page on screen now; the other built ones when shown (a page
        not built yet reads the store when it is)."""
        for holder in (self.dashboard, self.reports, self.fees):
            if holder is None or holder.page is None:
                continue
            if holder.isVisible():
                holder.page.refresh()  # type: ignore[attr-defined]  # every lazy page has refresh()
            elif holder not in self._stale:
                self._stale.append(holder)

    def page_shown(self, page: QWidget | None) -> None:
        """A tab became current: re-read its page if a refresh was put off."""
        if isinstance(page, LazyPage) and page in self._stale:
            self._stale.remove(page)
            if page.page is not None:
                page.page.refresh()  # type: ignore[attr-defined]  # every lazy page has refresh()
