"""Errors of the QA forms, each a ``DomainError`` the UI may show as it is."""

from __future__ import annotations

from app.errors import DomainError, ValidationError
from app.forms.views import FieldProblem
from protocol.text import _


class FormIncomplete(ValidationError):
    """Submit refused: ``problems`` lists what is missing or wrong, in form order (the UI
    takes the user to the first)."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        count = len(problems)
        names = ", ".join(p.label for p in problems[:5]) + (", …" if count > 5 else "")
        if count == 1:
            super().__init__(_("1 thing to complete: {names}.").format(names=names))
        else:
            super().__init__(_("{n} things to complete: {names}.").format(n=count, names=names))
        self.problems = problems


class FormNotEditable(DomainError):
    """The form is submitted (read-only: a change is a new revision) or not mine to edit."""
