"""Where the register's submission is: saved here, sent, confirmed, invitations sent."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.domain import Submission


def submission_text(submission: Submission | None) -> str:
    """'Submitted 15:42 by Siân Hughes · confirmed by the central service · evaluation
    invitations sent to 17 candidates'."""
    if submission is None:
        return ""
    local = submission.submitted_at.astimezone()
    text = f"Register submitted {local:%H:%M} on {local:%a} {local.day} {local:%b}"
    text += f" by {submission.submitted_by}"
    if not submission.confirmed:
        return text + " · waiting to reach the central service (it goes with the next sync)"
    text += " · confirmed by the central service"
    if submission.invitations_sent is not None:
        n = submission.invitations_sent
        text += f" · evaluation invitations sent to {n} candidate{'s' if n != 1 else ''}"
    if submission.amendments:
        text += f" · amended {submission.amendments}×"
    return text + ". Changes now need a reason and show as amendments."


class SubmissionLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("submissionLabel")
        self.setWordWrap(True)
        self.hide()

    def show_submission(self, submission: Submission | None) -> None:
        self.setText(submission_text(submission))
        self.setProperty("confirmed", bool(submission and submission.confirmed))
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(submission is not None)
