"""``ReportsView``: the events with evaluation reports (left) and the chosen one's report
and its group's trend (right), with "Export PDF…".

Every read goes through the runner's read lane and comes back as plain data. ``refresh()``
re-reads the list and the open report and shows them in place, keeping the selection; with
a hub the page does so itself when a sync brings evaluations (``on_changes``): a new
response appears without the user doing anything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.printing.exporters import evaluation_report_pdf, write_pdf
from app.reports import EvaluationReport, GroupTrend, ReportedEvent, ReportService
from ui.card_delegate import show_as_cards
from ui.changes_hub import ChangesHub, RefreshWhenShown, subscribe
from ui.i18n import translate
from ui.keyboard_focus import leave_on_tab
from ui.reports.event_panel import EventReportPanel, text_label
from ui.reports.trend_panel import GroupTrendPanel
from ui.runner import Runner

log = logging.getLogger(__name__)

EVENT_ROLE = Qt.ItemDataRole.UserRole
AskPath = Callable[[QWidget, str], str | None]


def ask_pdf_path(parent: QWidget, suggested: str) -> str | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent, translate("ReportsView", "Export report as PDF"), suggested,
        translate("ReportsView", "PDF files (*.pdf)"))
    return path or None


def load_report(service: ReportService, event_id: str
                ) -> tuple[EvaluationReport | None, GroupTrend | None]:
    """One event's report and its group's trend (on a worker thread)."""
    report = service.event_report(event_id)
    trend = service.group_trend(report.group_id) if report is not None else None
    return report, trend


def list_text(item: ReportedEvent) -> str:
    when = item.date.strftime("%a %d %b %Y") if item.date else translate("ReportsView",
                                                                         "No date")
    state = translate("ReportsView", "results hidden") if item.hidden else translate(
        "ReportsView", "{n} of {attended} responded").format(n=item.responses,
                                                              attended=item.attended)
    return translate("ReportsView", "{group}\nSession {number}: {title}\n{when} · {state}").format(
        group=item.group_code, number=item.number, title=item.title, when=when, state=state)


# What the page shows: the evaluations, and the events they are about.
SHOWS = Changes(reports=True, catalogue=True, dates=True)


class ReportsView(QWidget):
    report_shown = Signal(str)  # event id, after a report is on screen (new or updated)
    exported = Signal(str)  # the path of a written PDF

    def __init__(self, runner: Runner, reports: ReportService,
                 parent: QWidget | None = None, *, ask_path: AskPath = ask_pdf_path,
                 hub: ChangesHub | None = None) -> None:
        super().__init__(parent)
        self.runner, self.reports, self._ask_path = runner, reports, ask_path
        self._refresher = RefreshWhenShown(self, self.refresh)
        self.events = QListWidget()
        self.events.setObjectName("report-events")
        self.events.setAccessibleName(self.tr("Events with evaluation reports"))
        self.events.setMinimumWidth(260)
        leave_on_tab(self.events)  # Tab goes on to the report
        self.events.setSpacing(2)
        show_as_cards(self.events)  # wrapped, never "12 of 18 …"
        self.events.currentItemChanged.connect(self._on_current_changed)
        self.empty = text_label(self.tr("No evaluation reports yet. They appear here once a "
                                        "register is submitted and candidates begin to answer."))
        self.report_panel = EventReportPanel()
        self.report_panel.setAccessibleName(self.tr("Event report"))
        self.trend_panel = GroupTrendPanel()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Evaluation reports"))
        self.tabs.addTab(self.report_panel, self.tr("Event report"))
        self.tabs.addTab(self.trend_panel, self.tr("Group trend"))
        self.export_button = QPushButton(self.tr("Export PDF…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_pdf)
        self.status = QLabel()
        self.status.setObjectName("report-status")
        self._build_layout()
        self._current: str | None = None
        subscribe(hub, self)

    def _build_layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(text_label(self.tr("Evaluation reports"), bold=True))
        left_layout.addWidget(self.events, 1)
        left_layout.addWidget(self.empty)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.tabs, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.export_button)
        right_layout.addLayout(actions)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    @property
    def current_event_id(self) -> str | None:
        return self._current

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Re-read when what this page shows changed: at once on screen, else when shown
        (an open report fills in as responses arrive)."""
        if changes.touches(SHOWS):
            self._refresher.request()

    @Slot()
    def refresh(self) -> None:
        """Re-read the list and the open report (after a sync), keeping the selection."""
        self.runner.read(self.reports.reported_events).success(self._show_list).run()

    def _show_list(self, items: list[ReportedEvent]) -> None:
        keep = self._current
        self.events.blockSignals(True)
        self.events.clear()
        chosen: QListWidgetItem | None = None
        for entry in items:
            item = QListWidgetItem(list_text(entry))
            item.setData(EVENT_ROLE, entry.event_id)
            self.events.addItem(item)
            if entry.event_id == keep:
                chosen = item
        if chosen is None and items:
            chosen = self.events.item(0)
        if chosen is not None:
            self.events.setCurrentItem(chosen)
        self.events.blockSignals(False)
        self.empty.setVisible(not items)
        self._current = chosen.data(EVENT_ROLE) if chosen is not None else None
        self.export_button.setEnabled(self._current is not None)
        if self._current is not None:
            self._load(self._current)

    def _on_current_changed(self, current: QListWidgetItem | None,
                            _previous: QListWidgetItem | None) -> None:
        self._current = current.data(EVENT_ROLE) if current is not None else None
        self.export_button.setEnabled(self._current is not None)
        if self._current is not None:
            self._load(self._current)

    def select_event(self, event_id: str) -> bool:
        for row in range(self.events.count()):
            if self.events.item(row).data(EVENT_ROLE) == event_id:
                self.events.setCurrentRow(row)
                return True
        return False

    def _load(self, event_id: str) -> None:
        def show(result: tuple[EvaluationReport | None, GroupTrend | None]) -> None:
            report, trend = result
            if event_id != self._current or report is None:
                return  # the user has moved on meanwhile, or the report is gone
            self.report_panel.show_report(report)
            self.trend_panel.show_trend(trend)
            self.report_shown.emit(event_id)

        self.runner.read(load_report, self.reports, event_id).success(show).run()

    @Slot()
    def export_pdf(self) -> None:
        report = self.report_panel.report
        if report is None:
            return
        suggested = f"evaluation-{report.group_code}-session-{report.title[:30]}.pdf"
        path = self._ask_path(self, suggested.replace(" ", "-").replace("/", "-"))
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else f"{path}.pdf")

        def done(written: Path) -> None:
            self.status.setText(self.tr("Saved {name}").format(name=written.name))
            self.exported.emit(str(written))

        def failed(exc: BaseException) -> None:
            log.warning("report export failed: %s", type(exc).__name__)
            self.status.setText(self.tr("Could not export the report: {error}").format(
                error=exc))

        self.status.setText(self.tr("Exporting…"))
        reports, event_id = self.reports, report.event_id
        (self.runner.read(lambda: write_pdf(evaluation_report_pdf(reports, event_id), target))
         .success(done).failure(failed).with_progress(
            self.tr("Exporting the report as PDF")).run())
