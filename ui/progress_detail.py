"""``ProgressDetail``: the selected candidate of the progress table, in full.

Under the table: the candidate's name and school, their participant id and school URN
(held for the central service, useful to a partner lead; this is not a sign-in register),
their funding in words, why they are at risk and why they will miss their next milestone;
beside them, each milestone of the schedule with its state and date (a small read-only
table the keyboard reaches with Tab from the progress table). Plain widgets filled from
one ``CandidateProgress``; no I/O.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.progress import CandidateProgress
from ui import theme
from ui.keyboard_focus import leave_on_tab
from ui.reports.event_panel import text_label

MILESTONE_ROWS = 4  # started, retained 1 and 2, completed


class ProgressDetail(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progress-detail")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("The selected candidate"))
        self.title = text_label(bold=True, name="progress-detail-name")
        self.facts = text_label(name="progress-detail-facts")
        self.funding = text_label(name="progress-detail-funding")
        self.why = text_label(name="progress-detail-why")
        theme.set_text_role(self.why, "danger_tint_text")
        self.milestones = QTableWidget(0, 3)
        self.milestones.setObjectName("progress-detail-milestones")
        self.milestones.setAccessibleName(self.tr("Funding milestones"))
        self.milestones.setHorizontalHeaderLabels(
            [self.tr("Milestone"), self.tr("State"), self.tr("Date")])
        self.milestones.verticalHeader().setVisible(False)
        self.milestones.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.milestones.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        leave_on_tab(self.milestones)  # Tab leaves it, arrows move in it
        self.milestones.setWordWrap(False)
        header = self.milestones.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.no_milestones = text_label(name="progress-detail-no-milestones")
        theme.set_text_role(self.no_milestones, "text_secondary")
        self._build()
        self.show_row(None)

    def _build(self) -> None:
        left = QVBoxLayout()
        for label in (self.title, self.facts, self.funding, self.why):
            left.addWidget(label)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.milestones)
        right.addWidget(self.no_milestones)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        rows = self.milestones.verticalHeader()
        self.milestones.setFixedHeight(self.milestones.horizontalHeader().sizeHint().height()
                                       + rows.defaultSectionSize() * MILESTONE_ROWS
                                       + 2 * self.milestones.frameWidth() + 2)

    def show_row(self, row: CandidateProgress | None) -> None:
        """Fill the panel from ``row`` (None: nothing selected)."""
        if row is None:
            self.title.setText(self.tr("Choose a candidate to see their details here."))
            for label in (self.facts, self.funding, self.why):
                label.setText("")
                label.hide()
            self.milestones.setRowCount(0)
            self.milestones.hide()
            self.no_milestones.hide()
            return
        self.title.setText(row.name)
        facts = [row.school] if row.school else []
        facts.append(self.tr("Participant id {id}").format(id=row.participant_id)
                     if row.participant_id else self.tr("No participant id yet"))
        facts.append(self.tr("School URN {urn}").format(urn=row.school_urn)
                     if row.school_urn else self.tr("No school URN yet"))
        self.facts.setText(" · ".join(facts))
        self.funding.setText(self.tr("Funding: {words}").format(
            words=row.funding.words if row.funding is not None
            else self.tr("not reported by the central service yet")))
        self.why.setText("\n".join(self._why(row)))
        for label in (self.facts, self.funding):
            label.show()
        self.why.setVisible(bool(self.why.text()))
        self._fill_milestones(row)

    def _why(self, row: CandidateProgress) -> list[str]:
        lines = []
        if row.risk is not None:
            lines.append(self.tr("At risk: {reason}").format(reason=row.risk.text))
        upcoming = row.next_milestone
        if upcoming is not None and upcoming.will_miss:
            lines.append(self.tr("Will miss {milestone} ({when}): {why}").format(
                milestone=upcoming.line.name, when=upcoming.line.due_words,
                why=upcoming.why))
        return lines

    def _fill_milestones(self, row: CandidateProgress) -> None:
        lines = row.milestones
        self.milestones.setRowCount(len(lines))
        for r, line in enumerate(lines):
            state = line.state_words
            if line.voided_reason:
                state = f"{state} ({line.voided_reason})"
            for c, value in enumerate((line.name, state, line.date_words)):
                item = QTableWidgetItem(value)
                if line.missed:
                    item.setForeground(theme.brush("danger_tint_text"))
                self.milestones.setItem(r, c, item)
        self.milestones.setVisible(bool(lines))
        self.no_milestones.setVisible(not lines)
        self.no_milestones.setText(self.tr(
            "No course schedule or declarations from the central service yet."))
        self.milestones.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
