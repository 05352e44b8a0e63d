"""An editable form generated from its template: the header, then each section as a titled
block of question fields, in the template's order (which is also the Tab order)."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.forms.views import FieldProblem, FormView
from protocol.records import TemplateQuestion
from ui.forms.fields import QuestionField, field_for
from ui.forms.header import FormHeader


class FormBody(QWidget):
    answer_changed = Signal(str, object)  # question id, Answer
    header_changed = Signal(str, object)  # header field ("event_id", "mode", ...), value
    left_field = Signal()  # focus left an input: save now

    def __init__(self, view: FormView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formBody")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.header = FormHeader(view)
        layout.addWidget(self.header)
        self.questions: dict[str, QuestionField] = {}
        for section in view.template.sections:
            layout.addWidget(self._section(section.title, section.intro, section.questions))
        layout.addStretch(1)
        for key, field in self.header.fields.items():
            field.changed.connect(lambda value, k=key: self.header_changed.emit(k, value))
        for key, field in self.questions.items():
            field.set_value(view.answers.get(key))
            field.changed.connect(lambda value, k=key: self.answer_changed.emit(k, value))
        self._chain_tab_order()

    def _section(self, title: str, intro: str, questions: list[TemplateQuestion]) -> QFrame:
        block = QFrame()
        block.setObjectName("formSection")
        inner = QVBoxLayout(block)
        inner.setContentsMargins(8, 10, 8, 10)
        inner.setSpacing(6)
        heading = QLabel(title)
        heading.setObjectName("sectionTitle")
        heading.setWordWrap(True)
        inner.addWidget(heading)
        if intro:
            text = QLabel(intro)
            text.setObjectName("sectionIntro")
            text.setWordWrap(True)
            inner.addWidget(text)
        for question in questions:
            field = field_for(question)
            self.questions[question.id] = field
            inner.addWidget(field)
        return block

    def fields(self) -> dict[str, QuestionField]:
        """Header fields then questions: the order of the form."""
        return {**self.header.fields, **self.questions}

    def _chain_tab_order(self) -> None:
        inputs = [w for f in self.fields().values() for w in f.inputs()]
        for widget in inputs:
            widget.installEventFilter(self)
        for first, second in pairwise(inputs):
            QWidget.setTabOrder(first, second)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.left_field.emit()
        return super().eventFilter(watched, event)

    def show_problems(self, problems: list[FieldProblem]) -> QuestionField | None:
        """Mark every field with a problem; the first one in form order is returned."""
        by_key = {p.question_id: p for p in problems}
        first: QuestionField | None = None
        for key, field in self.fields().items():
            problem = by_key.get(key)
            field.set_problem(problem.message if problem else None)
            if problem and first is None:
                first = field
        return first

    def focus_field(self, field: QuestionField) -> None:
        field.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
