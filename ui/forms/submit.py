"""Submitting a form: check first, name what is missing, confirm, then submit.

The check runs on the write lane, behind the saves just queued, so it sees what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.forms.views import FieldProblem, FormView
from ui.forms.service import FormService
from ui.i18n import translate
from ui.runner import Runner

NAMED = 5


def problems_text(problems: list[FieldProblem]) -> str:
    """'3 things to complete: Overall judgement, Agreed actions, Strengths.'"""
    if not problems:
        return ""
    labels = list(dict.fromkeys(p.label for p in problems))
    n = len(labels)
    named = ", ".join(labels[:NAMED])
    if n > NAMED:
        return translate("SubmitFlow", "{n} things to complete: {named} and {more} more.").format(
            n=n, named=named, more=n - NAMED)
    if n == 1:
        return translate("SubmitFlow", "1 thing to complete: {named}.").format(named=named)
    return translate("SubmitFlow", "{n} things to complete: {named}.").format(n=n, named=named)


def ready_text(view: FormView) -> str:
    """The banner once nothing is missing any more."""
    if view.kind == "qa_visit":
        return translate("SubmitFlow", "Everything needed is filled in: ready to sign off and "
                                       "submit.")
    return translate("SubmitFlow", "Everything needed is filled in: ready to submit.")


def confirm_text(view: FormView) -> tuple[str, str, str]:
    """(title, question, button) for the confirmation."""
    if view.kind == "qa_visit":
        return (translate("SubmitFlow", "Sign off this QA visit"),
                translate("SubmitFlow", "Sign off the QA visit record for {name} and submit it? "
                                        "{name} will be able to read it. It becomes read-only; "
                                        "a later change is a new revision.").format(
                    name=view.facilitator_name),
                translate("SubmitFlow", "Sign off and submit"))
    if view.kind == "self_assessment":
        question = translate("SubmitFlow", "Submit this form? It becomes read-only; a later "
                                           "change is a new revision.")
    else:
        question = translate("SubmitFlow", "Submit this form? {name} will be able to read it. "
                                           "It becomes read-only; a later change is a new "
                                           "revision.").format(name=view.facilitator_name)
    return (translate("SubmitFlow", "Submit this form"), question,
            translate("SubmitFlow", "Submit"))


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
