"""Submitting a form: check first, name what is missing, confirm, then submit.

The check runs on the write lane, behind the saves just queued, so it sees what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.forms.views import FieldProblem, FormView
from ui.forms.service import FormService
from ui.runner import Runner

NAMED = 5


def problems_text(problems: list[FieldProblem]) -> str:
    """'3 things to complete: Overall judgement, Agreed actions, Strengths.'"""
    if not problems:
        return ""
    labels = list(dict.fromkeys(p.label for p in problems))
    n = len(labels)
    head = "1 thing to complete" if n == 1 else f"{n} things to complete"
    named = ", ".join(labels[:NAMED])
    more = f" and {n - NAMED} more" if n > NAMED else ""
    return f"{head}: {named}{more}."


def confirm_text(view: FormView) -> tuple[str, str, str]:
    """(title, question, button) for the confirmation."""
    if view.kind == "qa_visit":
        return ("Sign off this QA visit",
                f"Sign off the QA visit record for {view.facilitator_name} and submit it? "
                f"{view.facilitator_name} will be able to read it. It becomes read-only; a "
                "later change is a new revision.", "Sign off and submit")
    who = ("" if view.kind == "self_assessment"
           else f" {view.facilitator_name} will be able to read it.")
    return ("Submit this form", f"Submit this form?{who} It becomes read-only; a later "
            "change is a new revision.", "Submit")


class SubmitFlow(QObject):
    problems_found = Signal(list)  # list[FieldProblem]
    submitted = Signal(object)  # FormView

    def __init__(self, parent: QWidget, runner: Runner, forms: FormService) -> None:
        super().__init__(parent)
        self._parent, self._runner, self._forms = parent, runner, forms
        self.question: QMessageBox | None = None

    def check(self, view: FormView) -> None:
        (self._runner.write(self._forms.problems, view.id)
         .success(lambda problems: self._checked(view, problems)).run())

    def _checked(self, view: FormView, problems: list[FieldProblem]) -> None:
        if problems:
            self.problems_found.emit(problems)
            return
        title, text, action = confirm_text(view)
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self._parent)
        box.setObjectName("confirmSubmit")
        yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda b: self._answered(view, b is yes))
        self.question = box
        box.open()

    def _answered(self, view: FormView, yes: bool) -> None:
        self.question = None
        if yes:
            (self._runner.write(self._forms.submit, view.id)
             .success(self.submitted.emit).failure(self._failed).run())

    def _failed(self, exc: BaseException) -> None:
        problems = getattr(exc, "problems", None)
        if problems:
            self.problems_found.emit(list(problems))
            return
        from ui.errors import show_error

        show_error(self._parent, exc)
