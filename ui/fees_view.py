"""``FeesView``: the partner's fee statement on screen, expected against actual per event.

A group selector (all groups or one), the event lines, the totals, and the counting rules
in plain words under the table, so a partner lead can check any figure; "Export XLSX…"
(first: what a spreadsheet opens right), "Export CSV for scripts…" and "Export PDF…" write
the statement shown (whole or not at all). The CSV says what it is for on the button and
to a screen reader: LibreOffice's default import garbles its UTF-8 ("SiÃ¢n", "Â£";
``app.exports.fee_statement``). Every read and
export runs on the runner; ``refresh()`` re-reads the statement and keeps the chosen group;
with a hub the page does so itself when a change concerns it (``on_changes``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.fee_service import FeeService
from app.fee_statement import FeeStatement
from app.fees import pounds
from app.printing.exporters import fee_statement_pdf, write_pdf
from ui import theme
from ui.changes_hub import ChangesHub, RefreshWhenShown, subscribe
from ui.fees_model import FeeLinesModel, legend_text
from ui.i18n import translate
from ui.keyboard_focus import leave_on_tab
from ui.reports.event_panel import text_label
from ui.runner import Runner

log = logging.getLogger(__name__)

ALL_GROUPS = ""  # the selector's data for "All groups"
AskPath = Callable[[QWidget, str, str], str | None]  # parent, suggested name, file filter


def ask_save_path(parent: QWidget, suggested: str, file_filter: str) -> str | None:
    path, _chosen = QFileDialog.getSaveFileName(
        parent, translate("FeesView", "Export fee statement"), suggested, file_filter)
    return path or None


def totals_text(statement: FeeStatement) -> str:
    events = [e for g in statement.groups for e in g.events]
    done = [e for e in events if e.submitted]
    if len(done) == 1:
        text = translate("FeesView", "Expected: {expected} for {events} events.   Actual so "
                         "far: {actual} from 1 submitted register (expected for those: "
                         "{expected_done}).")
    else:
        text = translate("FeesView", "Expected: {expected} for {events} events.   Actual so "
                         "far: {actual} from {done} submitted registers (expected for those: "
                         "{expected_done}).")
    return text.format(expected=pounds(statement.expected_pence), events=len(events),
                       actual=pounds(statement.actual_pence), done=len(done),
                       expected_done=pounds(sum(e.expected_pence for e in done)))


def rules_text(statement: FeeStatement) -> str:
    return "\n".join(f"• {rule}" for rule in statement.counting_rules)


def only_group(statement: FeeStatement, group_id: str) -> FeeStatement:
    groups = tuple(g for g in statement.groups if g.group_id == group_id)
    intakes = tuple(dict.fromkeys(g.intake_label for g in groups if g.intake_label))
    return dataclasses.replace(statement, groups=groups, intakes=intakes)


# What the statement counts: groups, enrolments, scholarships and attendance.
SHOWS = Changes(catalogue=True, marks=True)


class FeesView(QWidget):
    shown = Signal()  # a statement is on screen (after a refresh or a change of group)
    exported = Signal(str)  # the path of a written XLSX, CSV or PDF

    def __init__(self, runner: Runner, fees: FeeService,
                 today: Callable[[], dt.date] | dt.date = dt.date.today,
                 parent: QWidget | None = None, *, ask_path: AskPath = ask_save_path,
                 hub: ChangesHub | None = None) -> None:
        super().__init__(parent)
        self.runner, self.fees, self._ask_path = runner, fees, ask_path
        self._refresher = RefreshWhenShown(self, self.refresh)
        self._today = today if callable(today) else (lambda: today)
        self.statement: FeeStatement | None = None  # as read, every group
        self.heading = text_label(bold=True, name="fees-heading")
        self.period = text_label(name="fees-period")
        self.groups = QComboBox()
        self.groups.setObjectName("fees-groups")
        self.groups.setAccessibleName(self.tr("Group"))  # a combo's own text is its choice
        self.groups.addItem(self.tr("All groups"), ALL_GROUPS)
        self.groups.currentIndexChanged.connect(self._show)
        self.model = FeeLinesModel(self)
        self.table = QTableView()
        self.table.setObjectName("fees-table")
        leave_on_tab(self.table)
        self.table.setAccessibleName(self.tr("Fee statement lines"))
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.legend = text_label(legend_text(), name="fees-legend")  # what "18 / –" means
        theme.set_text_role(self.legend, "text_secondary")
        self.totals = text_label(bold=True, name="fees-totals")
        self.rules_heading = text_label(self.tr("How the figures are counted"), bold=True)
        self.rules = text_label(name="fees-rules")
        self.xlsx_button = QPushButton(self.tr("Export XLSX…"))
        self.xlsx_button.setToolTip(self.tr("The statement as a workbook: names, £ figures "
                                            "and dates open right in any spreadsheet"))
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.csv_button = QPushButton(self.tr("Export CSV for scripts…"))
        csv_use = self.tr("CSV for scripts; open the XLSX in a spreadsheet (LibreOffice's "
                          "default import garbles accents and £ in a CSV)")
        self.csv_button.setToolTip(csv_use)
        self.csv_button.setAccessibleDescription(csv_use)
        self.csv_button.clicked.connect(self.export_csv)
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.clicked.connect(self.export_pdf)
        self.status = QLabel()
        self.status.setObjectName("fees-status")
        self._build_layout()
        self._set_enabled(False)
        subscribe(hub, self)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.period)
        top.addLayout(titles, 1)
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.groups)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.xlsx_button)
        actions.addWidget(self.csv_button)
        actions.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.totals)
        layout.addSpacing(4)
        layout.addWidget(self.rules_heading)
        layout.addWidget(self.rules)
        layout.addLayout(actions)

    @property
    def group_id(self) -> str | None:
        """The chosen group, or None for all groups."""
        return self.groups.currentData() or None

    def select_group(self, group_id: str | None) -> bool:
        index = self.groups.findData(group_id or ALL_GROUPS)
        if index >= 0:
            self.groups.setCurrentIndex(index)
        return index >= 0

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Re-read when what this page shows changed: at once on screen, else when shown
        (a year of fees takes seconds to read and lay out)."""
        if changes.touches(SHOWS):
            self._refresher.request()

    @Slot()
    def refresh(self) -> None:
        """Re-read the statement (after a sync), keeping the chosen group."""
        self.runner.read(self.fees.statement, self._today()).success(self._take).run()

    def _take(self, statement: FeeStatement) -> None:
        self.statement = statement
        keep = self.group_id
        self.groups.blockSignals(True)
        self.groups.clear()
        self.groups.addItem(self.tr("All groups"), ALL_GROUPS)
        for group in statement.groups:
            label = f"{group.group_code} ({group.intake_label})" if group.intake_label else (
                group.group_code)
            self.groups.addItem(label, group.group_id)
        self.groups.setCurrentIndex(max(0, self.groups.findData(keep or ALL_GROUPS)))
        self.groups.blockSignals(False)
        self._show()

    @Slot()
    def _show(self) -> None:
        if self.statement is None:
            return
        shown = self.shown_statement()
        assert shown is not None
        self.heading.setText(self.tr("Fee statement — {partner}").format(
            partner=shown.partner_name))
        self.period.setText(self.tr("{period} · as at {day}").format(
            period=shown.period or self.tr("No intakes on this laptop yet"),
            day=shown.prepared_on.strftime("%d %B %Y").lstrip("0")))
        self.model.set_statement(shown)
        self.table.resizeColumnsToContents()
        self.totals.setText(totals_text(shown))
        self.rules.setText(rules_text(shown))
        self._set_enabled(bool(shown.groups))
        self.shown.emit()

    def shown_statement(self) -> FeeStatement | None:
        if self.statement is None or self.group_id is None:
            return self.statement
        return only_group(self.statement, self.group_id)

    def _set_enabled(self, enabled: bool) -> None:
        self.xlsx_button.setEnabled(enabled)
        self.csv_button.setEnabled(enabled)
        self.pdf_button.setEnabled(enabled)

    @Slot()
    def export_xlsx(self) -> None:
        self._export("xlsx", self.tr("Excel workbook (*.xlsx)"), self.fees.export_xlsx)

    @Slot()
    def export_csv(self) -> None:
        self._export("csv", self.tr("CSV files (*.csv)"), self.fees.export_csv)

    @Slot()
    def export_pdf(self) -> None:
        fees = self.fees
        self._export("pdf", self.tr("PDF files (*.pdf)"), lambda today, path, group_ids:
                     write_pdf(fee_statement_pdf(fees, today, group_ids), path))

    def _export(self, suffix: str, file_filter: str,
                write: Callable[[dt.date, Path, set[str] | None], Path]) -> None:
        shown = self.shown_statement()
        if shown is None:
            return
        scope = (shown.groups[0].group_code if self.group_id and shown.groups
                 else shown.partner_name)
        suggested = re.sub(r"[^A-Za-z0-9._-]+", "-", f"fees-{scope}-"
                           f"{shown.prepared_on.isoformat()}").strip("-") + f".{suffix}"
        path = self._ask_path(self, suggested, file_filter)
        if not path:
            return
        target = Path(path if path.lower().endswith(f".{suffix}") else f"{path}.{suffix}")
        group_ids = {self.group_id} if self.group_id else None

        def done(written: Path) -> None:
            self.status.setText(self.tr("Saved {name}").format(name=written.name))
            self.exported.emit(str(written))

        def failed(exc: BaseException) -> None:
            log.warning("fee statement export failed: %s", type(exc).__name__)
            self.status.setText(self.tr("Could not export the statement: {error}").format(
                error=exc))

        self.status.setText(self.tr("Exporting…"))
        (self.runner.read(write, shown.prepared_on, target, group_ids)
         .success(done).failure(failed)
         .with_progress(self.tr("Exporting the fee statement as {kind}").format(
             kind=suffix.upper())).run())
