"""A submitted form (or someone else's draft) shown as text: easy to read, nothing to edit."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.forms.views import FormView
from sync.records import TemplateQuestion
from ui.forms.header import MODES, STAGES
from ui.forms.texts import answer_text, long_date


def status_line(view: FormView) -> str:
    """'Signed off by Ciarán Ó Briain on Thursday 12 November 2026' and the like."""
    if view.status != "submitted" or view.submitted_at is None:
        return f"Draft by {view.author_name}"
    day = long_date(view.submitted_at.astimezone().date())
    verb = "Signed off" if view.kind == "qa_visit" else "Submitted"
    revision = f" · revision {view.revision}" if view.revision > 1 else ""
    return f"{verb} by {view.author_name} on {day}{revision}"


def header_facts(view: FormView) -> list[tuple[str, str]]:
    facts = [("Facilitator", view.facilitator_name)]
    if view.kind == "qa_visit":
        facts.append(("Session visited", view.event_label or "Not chosen"))
        facts.append(("Co-facilitated or observed",
                      dict(MODES).get(view.mode or "", "Not answered")))
    elif view.kind == "coaching_conversation":
        facts.append(("Conversation", STAGES.get(view.stage or "", "")))
        facts.append(("Held on", long_date(view.held_on) if view.held_on else "Not set"))
        facts.append(("Duration", f"{view.duration_minutes or 30} minutes"))
    elif view.academic_year:
        facts.append(("Academic year", view.academic_year))
    if view.author_id != view.facilitator_id:
        facts.append(("QA lead" if view.kind != "self_assessment" else "Completed by",
                      view.author_name))
    return facts


def _answer_html(question: TemplateQuestion, value: object) -> str:
    text = escape(answer_text(question, value)).replace("\n", "<br>")  # type: ignore[arg-type]
    if value is None or value == "":
        return f"<span style='color:#777777'>{text}</span>"
    if question.kind == "rating":
        level = next((lv for lv in question.levels if lv.value == value), None)
        if level is not None:
            return (f"<b style='color:#1f4e79'>{text}</b><br><span style='color:#555555'>"
                    f"{escape(level.descriptor)}</span>")
    return text


class ReadOnlyForm(QFrame):
    def __init__(self, view: FormView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyForm")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        rows = "".join(f"<tr><td style='padding-right:14px;color:#555555'>{escape(k)}</td>"
                       f"<td>{escape(v)}</td></tr>" for k, v in header_facts(view))
        layout.addWidget(self._label(f"<table>{rows}</table>", "readOnlyHeader"))
        for section in view.template.sections:
            block = QFrame()
            block.setObjectName("formSection")
            inner = QVBoxLayout(block)
            inner.setContentsMargins(14, 10, 14, 12)
            inner.setSpacing(12)
            title = QLabel(section.title)
            title.setObjectName("sectionTitle")
            inner.addWidget(title)
            for question in section.questions:
                html = (f"<b>{escape(question.label)}</b><br>"
                        f"{_answer_html(question, view.answers.get(question.id))}")
                answer = self._label(html, f"answer_{question.id}")
                answer.setAccessibleName(
                    f"{question.label}: {answer_text(question, view.answers.get(question.id))}")
                inner.addWidget(answer)
            layout.addWidget(block)
        layout.addStretch(1)

    @staticmethod
    def _label(html: str, name: str) -> QLabel:
        label = QLabel(html)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return label
