"""One event's report: who answered, and per question the distribution chart and mean,
then the comments. While results are hidden, a plain explanation instead of charts.

``show_report`` updates an already shown report in place (the same event and questions):
the bars move, the scroll position stays, nothing is rebuilt.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.reports import SCALE_NOTE, EvaluationReport, QuestionResult
from protocol.text import _
from ui import theme
from ui.i18n import translate
from ui.reports.charts import DistributionChart
from ui.style import render

HIDDEN_STYLE = ("background: $note_tint; border: 1px solid $note_border; border-radius: 4px; "
                "padding: 10px; color: $text;")  # theme roles, filled by ui.style.render


def text_label(text: str = "", *, bold: bool = False, wrap: bool = True, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    if name:
        label.setObjectName(name)
    return label


def two_equal_columns(parent: QWidget | None = None) -> QGridLayout:
    """The charts' grid: two columns of one width, whatever their titles' lengths (a long
    question made its column a fifth wider than the other, and its chart with it)."""
    grid = QGridLayout(parent)
    grid.setContentsMargins(0, 0, 0, 0)
    for column in (0, 1):
        grid.setColumnStretch(column, 1)
    return grid


def mean_text(q: QuestionResult) -> str:
    if q.mean is None:
        return translate("QuestionPanel", "Too few ratings to show yet")
    if q.count == 1:
        return translate("QuestionPanel", "Mean {mean} of 5 · 1 rating").format(
            mean=f"{q.mean:.1f}")
    return translate("QuestionPanel", "Mean {mean} of 5 · {n} ratings").format(
        mean=f"{q.mean:.1f}", n=q.count)


class QuestionPanel(QFrame):
    """A question's label, its mean and its distribution chart."""

    def __init__(self, question: QuestionResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"question-{question.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(question.label, bold=True))
        self.mean = text_label(name="mean")
        layout.addWidget(self.mean)
        layout.addStretch(1)  # a shorter title: the room goes above the chart, not into it
        self.chart = DistributionChart(self)
        self.chart.setAccessibleName(translate("QuestionPanel", "Ratings: {question}").format(
            question=question.label))
        layout.addWidget(self.chart)
        self.show_question(question)

    def show_question(self, question: QuestionResult, top: int | None = None) -> None:
        """The question's figures; its chart drawn to ``top`` (the report's scale)."""
        self.mean.setText(mean_text(question))
        self.chart.setVisible(question.shown)
        if question.distribution is not None:
            self.chart.show_counts(question.distribution, top)


def largest_count(report: EvaluationReport) -> int:
    """The most answers any one rating got in ``report``: its charts' common scale."""
    return max((max(q.distribution) for q in report.questions if q.distribution), default=0)


class EventReportPanel(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self.title = text_label(bold=True, name="report-title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() + 3)
        self.title.setFont(font)
        self.when = text_label(name="report-when")
        self.counts = text_label(name="report-counts")
        self.hidden_note = text_label(name="report-hidden")
        theme.bind_style(self.hidden_note, lambda: render(HIDDEN_STYLE))
        self.scale = text_label(_(SCALE_NOTE), name="report-scale")
        theme.set_text_role(self.scale, "text_secondary")
        for widget in (self.title, self.when, self.counts, self.hidden_note, self.scale):
            layout.addWidget(widget)
        self.questions_box = QWidget()
        self.grid = two_equal_columns(self.questions_box)
        layout.addWidget(self.questions_box)
        self.comments_title = text_label(self.tr("Comments"), bold=True)
        self.comments = text_label(name="report-comments")
        self.comments.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.comments_title)
        layout.addWidget(self.comments)
        layout.addStretch(1)
        self.panels: dict[str, QuestionPanel] = {}
        self.report: EvaluationReport | None = None

    def show_report(self, report: EvaluationReport) -> None:
        same = (self.report is not None and self.report.event_id == report.event_id
                and list(self.panels) == [q.id for q in report.questions])
        self.report = report
        self.title.setText(f"{report.title} — {report.group_code}")
        self.when.setText(report.date_label)
        self.counts.setText(self.tr("{responses} · {n} invited").format(
            responses=report.response_line, n=report.invitations))
        self.hidden_note.setText(report.hidden_reason or "")
        self.hidden_note.setVisible(report.hidden)
        self.scale.setVisible(not report.hidden)
        self.questions_box.setVisible(not report.hidden)
        if not same:
            self._rebuild(report)
        top = largest_count(report)
        for question in report.questions:
            self.panels[question.id].show_question(question, top)
        shown = not report.hidden
        self.comments_title.setVisible(shown)
        self.comments.setVisible(shown)
        self.comments.setText("\n\n".join(f"“{c}”" for c in report.comments)
                              if report.comments else self.tr("No comments yet."))
        if not same:
            self.verticalScrollBar().setValue(0)

    def _rebuild(self, report: EvaluationReport) -> None:
        for panel in self.panels.values():
            self.grid.removeWidget(panel)
            panel.deleteLater()
        self.panels = {}
        for index, question in enumerate(report.questions):
            panel = QuestionPanel(question, self.questions_box)
            self.grid.addWidget(panel, index // 2, index % 2)
            self.panels[question.id] = panel
