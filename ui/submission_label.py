"""Where the register's submission is: saved here, sent, confirmed, invitations sent."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.domain import Submission
from ui.i18n import translate


def submission_text(submission: Submission | None) -> str:
    """'Submitted 15:42 by Siân Hughes · confirmed by the central service · evaluation
    invitations sent to 17 candidates'."""
    if submission is None:
        return ""
    local = submission.submitted_at.astimezone()
    parts = [translate("SubmissionLabel", "Register submitted {time} on {day} by {who}").format(
        time=f"{local:%H:%M}", day=f"{local:%a} {local.day} {local:%b}",
        who=submission.submitted_by)]
    if not submission.confirmed:
        parts.append(translate("SubmissionLabel", "waiting to reach the central service "
                                                  "(it goes with the next sync)"))
        return " · ".join(parts)
    parts.append(translate("SubmissionLabel", "confirmed by the central service"))
    if submission.invitations_sent is not None:
        n = submission.invitations_sent
        parts.append(translate("SubmissionLabel", "evaluation invitations sent to 1 candidate")
                     if n == 1 else translate(
            "SubmissionLabel", "evaluation invitations sent to {n} candidates").format(n=n))
    if submission.amendments:
        parts.append(translate("SubmissionLabel", "amended {n}×").format(
            n=submission.amendments))
    return translate("SubmissionLabel",
                     "{status}. Changes now need a reason and show as amendments.").format(
        status=" · ".join(parts))


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
