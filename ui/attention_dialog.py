"""Needs attention: changes the central service did not accept, why, and what to do.

Nothing is dropped silently: each change stays here until the user tries it again or,
after confirming, discards it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.attention import AttentionItem
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.runner import Runner

DISCARD_QUESTION = QT_TRANSLATE_NOOP(
    "AttentionDialog",
    "Discard this change?\n\n{what}\n\nIt will not be sent, and this laptop will show the "
    "register as it was before the change. This cannot be undone.")


class AttentionDialog(QDialog):
    changed = Signal()  # an item was retried or discarded

    def __init__(self, runner: Runner, load: Callable[[], list[AttentionItem]],
                 retry: Callable[[str], None], discard: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attentionDialog")
        self.setWindowTitle(self.tr("Needs attention — NPQ Partner Desk"))
        self._runner, self._load, self._retry, self._discard = runner, load, retry, discard
        self.items: list[AttentionItem] = []
        intro = QLabel(self.tr("The central service did not accept these changes. They are kept "
                               "on this laptop until you decide what to do with each one."))
        intro.setWordWrap(True)
        self._list = QVBoxLayout()
        holder = QWidget()
        holder.setLayout(self._list)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def reload(self) -> None:
        self._runner.read(self._load).success(self._show_items).run()

    def _show_items(self, items: list[AttentionItem]) -> None:
        self.items = items
        while self._list.count():
            taken = self._list.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        if not items:
            self._list.addWidget(QLabel(self.tr("Nothing needs attention: every change was "
                                                "accepted or is waiting to be sent.")))
        for item in items:
            self._list.addWidget(self._card(item))
        self._list.addStretch(1)

    def _card(self, item: AttentionItem) -> QFrame:
        card = QFrame()
        card.setObjectName("attentionCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        labels = [(item.what, "attentionWhat"),
                  (self.tr("Why: {reason}").format(reason=item.reason), "attentionReason"),
                  (self.tr("What you can do: {advice}").format(advice=item.advice),
                   "attentionAdvice")]
        layout = QVBoxLayout(card)
        for text, name in labels:
            label = QLabel(text)
            label.setObjectName(name)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        row = QHBoxLayout()
        again = QPushButton(self.tr("Try again"))
        again.setObjectName("retryButton")
        again.clicked.connect(lambda: self.retry(item))
        drop = QPushButton(self.tr("Discard this change…"))
        drop.setObjectName("discardButton")
        drop.clicked.connect(lambda: self.ask_discard(item))
        row.addWidget(again)
        row.addWidget(drop)
        row.addStretch(1)
        layout.addLayout(row)
        return card

    def retry(self, item: AttentionItem) -> None:
        self._runner.write(self._retry, item.mutation_id).success(self._done).run()

    def ask_discard(self, item: AttentionItem) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Discard this change?"),
                          translate("AttentionDialog", DISCARD_QUESTION).format(what=item.what),
                          parent=self)
        box.setObjectName("discardQuestion")
        yes = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda b: self.discard(item) if b is yes else None)
        box.open()
        return box

    def discard(self, item: AttentionItem) -> None:
        self._runner.write(self._discard, item.mutation_id).success(self._done).run()

    def _done(self, _result: object = None) -> None:
        self.changed.emit()
        self.reload()
