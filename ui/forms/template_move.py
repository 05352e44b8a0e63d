"""Moving a draft to a newer version of its template, only when the user says so.

The dialog lists what moves across (same question, answer still fits) and what would be
dropped, from the service's ``preview_move``; nothing happens until "Move my answers".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.forms.views import TemplateMove
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.keyboard_focus import leave_on_tab

BANNER_TEXT = QT_TRANSLATE_NOOP(
    "TemplateMove", "A newer version of this form is available. Move your answers across to "
    "use it; nothing changes until you confirm.")


def move_summary(move: TemplateMove) -> str:
    kept = len(move.kept)
    moving = (translate("TemplateMove", "1 answer will move to version {version} of “{title}”.")
              if kept == 1 else
              translate("TemplateMove", "{n} answers will move to version {version} of "
                        "“{title}”."))
    text = moving.format(n=kept, version=move.to_template.version, title=move.to_template.title)
    if move.dropped:
        n = len(move.dropped)
        if n == 1:
            text += translate("TemplateMove", " 1 answer would be dropped: the new version no "
                              "longer asks for it.")
        else:
            text += translate("TemplateMove", " {n} answers would be dropped: the new version "
                              "no longer asks for them.").format(n=n)
    else:
        text += translate("TemplateMove", " Nothing will be dropped.")
    return text


class TemplateMoveDialog(QDialog):
    def __init__(self, move: TemplateMove, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateMoveDialog")
        self.setWindowTitle(self.tr("Move to the newer version of this form"))
        self.move_plan = move
        summary = QLabel(move_summary(move))
        summary.setObjectName("moveSummary")
        summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        for title, labels, name in ((self.tr("Answers that move across"), move.kept,
                                     "moveKept"),
                                    (self.tr("Answers that would be dropped"), move.dropped,
                                     "moveDropped")):
            if not labels:
                continue
            heading = QLabel(title)
            heading.setObjectName("sectionTitle")
            listing = QListWidget()
            listing.setObjectName(name)
            listing.setAccessibleName(title)
            leave_on_tab(listing)
            listing.addItems(list(labels))
            listing.setMaximumHeight(220)
            layout.addWidget(heading)
            layout.addWidget(listing)
        buttons = QDialogButtonBox()
        self.confirm = buttons.addButton(self.tr("Move my answers"),
                                         QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setObjectName("confirmMove")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(560, 460)
