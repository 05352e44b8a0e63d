"""The Partner tab (partner leads): the allocation code in their hands, and the profile.

The top half puts the allocation code where it can be passed on: the code (selectable, and
a "Copy" button), the ready-to-send paragraph for a head teachers' meeting or a newsletter
("Copy paragraph"), and "Save flyer…" (an A5 PDF with a QR code of the application link
carrying the code, ``app.printing.flyer_pdf``; the same file as ``npq-desk export flyer``).
The lower half is the partner's published profile and its memorandum of understanding
(``ui.partner_profile_box``), with "Propose a change…".

Reads go through the runner and come back as plain data; the page re-reads when the
recruitment records, the catalogue or the outbox change (a proposal sent, refused or
carried out), at once only while it is on screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.errors import NotFoundError
from app.partner_page import AllocationCode
from ui.changes_hub import ChangesHub, RefreshWhenShown, subscribe
from ui.errors import explain
from ui.i18n import translate
from ui.partner_profile_box import ProfileBox
from ui.partner_profile_dialog import ProfileProposals
from ui.runner import Runner

SHOWS = Changes(recruitment=True, catalogue=True, outbox=True)
AskPath = Callable[[QWidget | None, str], str | None]  # parent, suggested path


class AllocationCodes(Protocol):
    def allocation_code(self) -> AllocationCode: ...


def ask_flyer_path(parent: QWidget | None, suggested: str) -> str | None:
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, translate("PartnerView", "Save the allocation-code flyer"), suggested,
        translate("PartnerView", "PDF document (*.pdf)"))
    return chosen or None


def write_flyer(codes: AllocationCodes, path: Path) -> Path:
    """The flyer written to ``path`` (on a worker thread: ReportLab loads here)."""
    from app.printing.exporters import write_pdf
    from app.printing.flyer_pdf import render_flyer
    from app.printing.model import now_for_print

    return write_pdf(render_flyer(codes.allocation_code(), now_for_print()), path)


def flyer_file_name(code: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", code).strip("-.") or "partner"
    return f"{safe}_flyer.pdf"


def _label(name: str, *, selectable: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return label


class PartnerView(QWidget):
    shown = Signal()  # what was read is on screen
    flyer_saved = Signal(str)  # the path written

    def __init__(self, runner: Runner, codes: AllocationCodes, profiles: ProfileProposals,
                 *, hub: ChangesHub | None = None, ask_path: AskPath = ask_flyer_path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnerView")
        self.runner, self.codes, self._ask_path = runner, codes, ask_path
        self.code: AllocationCode | None = None
        self._refresher = RefreshWhenShown(self, self.refresh)
        self.name = _label("partnerName")
        self.code_label = _label("partnerCode", selectable=True)
        self.code_label.setAccessibleName(self.tr("Allocation code"))
        self.copy_code = QPushButton(self.tr("&Copy"))
        self.copy_code.setObjectName("partnerCopyCode")
        self.copy_code.setToolTip(self.tr("Put the allocation code on the clipboard"))
        self.paragraph = _label("partnerParagraph", selectable=True)
        self.paragraph.setAccessibleName(self.tr("Paragraph to send"))
        self.copy_paragraph = QPushButton(self.tr("Copy p&aragraph"))
        self.copy_paragraph.setObjectName("partnerCopyParagraph")
        self.save_flyer = QPushButton(self.tr("Save fl&yer…"))
        self.save_flyer.setObjectName("partnerSaveFlyer")
        self.save_flyer.setToolTip(self.tr("An A5 PDF with the code and a QR code to the "
                                           "application page"))
        self.message = _label("partnerMessage")
        self.profile = ProfileBox(runner, profiles, hub=hub)
        self._build()
        self.copy_code.clicked.connect(self.copy_the_code)
        self.copy_paragraph.clicked.connect(self.copy_the_paragraph)
        self.save_flyer.clicked.connect(self.ask_and_save_flyer)
        subscribe(hub, self)

    def _build(self) -> None:
        box = QGroupBox(self.tr("Your allocation code"))
        box.setObjectName("partnerCodeBox")
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_label)
        code_row.addWidget(self.copy_code)
        code_row.addStretch()
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_paragraph)
        buttons.addWidget(self.save_flyer)
        buttons.addStretch()
        inner = QVBoxLayout(box)
        inner.addWidget(QLabel(self.tr("Applicants who enter this code when they apply come "
                                       "to you. Send it to your schools:")))
        inner.addLayout(code_row)
        inner.addWidget(self.paragraph)
        inner.addLayout(buttons)
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.name)
        column.addWidget(box)
        column.addWidget(self.message)
        column.addWidget(self.profile)
        column.addStretch()
        scroll = QScrollArea()
        scroll.setObjectName("partnerScroll")
        scroll.setAccessibleName(self.tr("Allocation code and profile"))
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.message.hide()
        for button in (self.copy_code, self.copy_paragraph, self.save_flyer):
            button.setEnabled(False)

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        if changes.touches(SHOWS):
            self._refresher.request()

    @Slot()
    def refresh(self) -> None:
        self.runner.read(self.codes.allocation_code).success(self._show).failure(
            self._not_shown).run()
        self.profile.refresh()

    def _show(self, code: AllocationCode) -> None:
        self.code = code
        self.name.setText(code.partner_name)
        self.code_label.setText(code.code)
        self.paragraph.setText(code.paragraph())
        for button in (self.copy_code, self.copy_paragraph, self.save_flyer):
            button.setEnabled(True)
        self.message.hide()
        self.shown.emit()

    def _not_shown(self, exc: BaseException) -> None:
        self.message.setText(exc.message if isinstance(exc, NotFoundError) else explain(exc))
        self.message.show()
        self.shown.emit()

    @Slot()
    def copy_the_code(self) -> None:
        if self.code is not None:
            QGuiApplication.clipboard().setText(self.code.code)
            self._say(self.tr("Allocation code copied."))

    @Slot()
    def copy_the_paragraph(self) -> None:
        if self.code is not None:
            QGuiApplication.clipboard().setText(self.code.paragraph())
            self._say(self.tr("Paragraph copied: paste it into your email or newsletter."))

    @Slot()
    def ask_and_save_flyer(self) -> None:
        if self.code is None:
            return
        chosen = self._ask_path(self, str(Path.home() / flyer_file_name(self.code.code)))
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.runner.read(write_flyer, self.codes, path).success(self._flyer_saved).failure(
            lambda exc: self._say(explain(exc))).run()

    def _flyer_saved(self, path: Path) -> None:
        self._say(self.tr("Flyer saved to {path}.").format(path=path))
        self.flyer_saved.emit(str(path))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

