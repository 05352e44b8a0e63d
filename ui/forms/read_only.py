"""A submitted form (or someone else's draft) shown as text: easy to read, nothing to edit."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.forms.views import FormView
from protocol.records import Answer, TemplateQuestion
from ui import theme
from ui.forms.header import MODES, STAGES
from ui.forms.texts import answer_text, long_date
from ui.i18n import translate


def status_line(view: FormView) -> str:
    """'Signed off by Ciarán Ó Briain on Thursday 12 November 2026' and the like."""
    if view.status != "submitted" or view.submitted_at is None:
        return translate("ReadOnlyForm", "Draft by {author}").format(author=view.author_name)
    day = long_date(view.submitted_at.astimezone().date())
    revision = (translate("ReadOnlyForm", " · revision {n}").format(n=view.revision)
                if view.revision > 1 else "")
    if view.kind == "qa_visit":
        text = translate("ReadOnlyForm", "Signed off by {author} on {day}{revision}")
    else:
        text = translate("ReadOnlyForm", "Submitted by {author} on {day}{revision}")
    return text.format(author=view.author_name, day=day, revision=revision)


def header_facts(view: FormView) -> list[tuple[str, str]]:
    facts = [(translate("ReadOnlyForm", "Facilitator"), view.facilitator_name)]
    if view.kind == "qa_visit":
        mode = dict(MODES).get(view.mode or "")
        facts.append((translate("ReadOnlyForm", "Session visited"),
                      view.event_label or translate("ReadOnlyForm", "Not chosen")))
        facts.append((translate("ReadOnlyForm", "Co-facilitated or observed"),
                      translate("FormHeader", mode) if mode
                      else translate("ReadOnlyForm", "Not answered")))
    elif view.kind == "coaching_conversation":
        stage = STAGES.get(view.stage or "")
        facts.append((translate("ReadOnlyForm", "Conversation"),
                      translate("FormHeader", stage) if stage else ""))
        facts.append((translate("ReadOnlyForm", "Held on"),
                      long_date(view.held_on) if view.held_on
                      else translate("ReadOnlyForm", "Not set")))
        facts.append((translate("ReadOnlyForm", "Duration"),
                      translate("ReadOnlyForm", "{n} minutes").format(
                          n=view.duration_minutes or 30)))
    elif view.academic_year:
        facts.append((translate("ReadOnlyForm", "Academic year"), view.academic_year))
    if view.author_id != view.facilitator_id:
        facts.append((translate("ReadOnlyForm", "QA lead") if view.kind != "self_assessment"
                      else translate("ReadOnlyForm", "Completed by"), view.author_name))
    return facts


def _answer_html(question: TemplateQuestion, value: Answer) -> str:
    text = escape(answer_text(question, value)).replace("\n", "<br>")
    if value is None or value == "":
        return f"<span style='color:{theme.css('text_muted')}'>{text}</span>"
    if question.kind == "rating":
        level = next((lv for lv in question.levels if lv.value == value), None)
        if level is not None:
            return (f"<b style='color:{theme.css('accent_text')}'>{text}</b><br>"
                    f"<span style='color:{theme.css('text_secondary')}'>"
                    f"{escape(level.descriptor)}</span>")
    return text


def _question_html(question: TemplateQuestion, value: Answer) -> str:
    return f"<b>{escape(question.label)}</b><br>{_answer_html(question, value)}"


def _facts_html(view: FormView) -> str:
    key = theme.css("text_secondary")
    rows = "".join(f"<tr><td style='padding-right:14px;color:{key}'>{escape(k)}</td>"
                   f"<td>{escape(v)}</td></tr>" for k, v in header_facts(view))
    return f"<table>{rows}</table>"


class ReadOnlyForm(QFrame):
    def __init__(self, view: FormView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyForm")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self._label(partial(_facts_html, view), "readOnlyHeader"))
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
                value = view.answers.get(question.id)
                answer = self._label(partial(_question_html, question, value),
                                     f"answer_{question.id}")
                answer.setAccessibleName(
                    f"{question.label}: {answer_text(question, view.answers.get(question.id))}")
                inner.addWidget(answer)
            layout.addWidget(block)
        layout.addStretch(1)

    @staticmethod
    def _label(html: Callable[[], str], name: str) -> QLabel:
        """Rich text coloured from the theme, rebuilt when the scheme changes."""
        label = QLabel()
        theme.on_change(label, lambda lbl: lbl.setText(html()))
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return label
