"""The partner's published profile on the Partner tab: the overview, contacts and venues as
the central service publishes them, the memorandum of understanding in words ("Signed on
… · renewal due in 41 days (…)"), a proposal still waiting ("Change proposed on …, waiting
for the central service") or refused, and "Propose a change…" (``ui.partner_profile_dialog``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.changes import Changes
from app.partner_profile import Contact, ProfileState, Venue
from ui.changes_hub import ChangesHub, announce
from ui.errors import explain
from ui.partner_profile_dialog import ProfileDialog, ProfileProposals
from ui.runner import Runner
from ui.theme import set_text_role


def contact_line(contact: Contact) -> str:
    """'Priya Shah, NPQ lead · priya@oakfield.example · 0113 496 0000'."""
    head = f"{contact.name}, {contact.role}" if contact.role else contact.name
    return " · ".join(part for part in (head, contact.email, contact.phone) if part)


def venue_line(venue: Venue) -> str:
    address = ", ".join(line.strip() for line in venue.address.splitlines() if line.strip())
    return f"{venue.name} — {address}" if address else venue.name


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ProfileBox(QGroupBox):
    shown = Signal()
    proposed = Signal(str)  # the request's id

    def __init__(self, runner: Runner, profiles: ProfileProposals, *,
                 hub: ChangesHub | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your published profile"))
        self.setObjectName("partnerProfileBox")
        self.runner, self.profiles, self._hub = runner, profiles, hub
        self.state: ProfileState | None = None
        self.dialog: QWidget | None = None
        self.mou = _label("partnerMou")
        self.pending = _label("partnerProposal")
        self.overview = _label("partnerOverview")
        self.contacts = _label("partnerContacts")
        self.venues = _label("partnerVenues")
        self.propose = QPushButton(self.tr("Propose a c&hange…"))
        self.propose.setObjectName("partnerPropose")
        self.propose.setEnabled(False)
        self.propose.clicked.connect(self.open_dialog)
        heading = QHBoxLayout()
        heading.addWidget(QLabel(self.tr("Memorandum of understanding:")))
        heading.addWidget(self.mou, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.pending)
        for title, label in ((self.tr("Overview"), self.overview),
                             (self.tr("Contacts"), self.contacts),
                             (self.tr("Venues"), self.venues)):
            head = QLabel(title)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            layout.addWidget(head)
            layout.addWidget(label)
        row = QHBoxLayout()
        row.addWidget(self.propose)
        row.addStretch()
        layout.addLayout(row)
        self.pending.hide()

    @Slot()
    def refresh(self) -> None:
        self.runner.read(self.profiles.state).success(self._show).failure(
            lambda exc: self.mou.setText(explain(exc))).run()

    def _show(self, state: ProfileState) -> None:
        self.state = state
        self.mou.setText(state.mou)
        overdue = state.mou_renewal_due is not None and "overdue" in state.mou
        set_text_role(self.mou, "danger_tint_text" if overdue else None)
        profile = state.profile
        self.overview.setText(profile.overview or self.tr("No overview published yet."))
        self.contacts.setText("\n".join(contact_line(c) for c in profile.contacts)
                              or self.tr("No contacts published yet."))
        self.venues.setText("\n".join(venue_line(v) for v in profile.venues)
                            or self.tr("No venues published yet."))
        proposal = state.proposal
        self.pending.setVisible(proposal is not None)
        if proposal is not None:
            self.pending.setText(proposal.words())
            set_text_role(self.pending, "danger_tint_text" if proposal.refused else None)
        self.propose.setEnabled(True)
        self.shown.emit()

    @Slot()
    def open_dialog(self) -> QWidget | None:
        """The dialog, opened on the proposal still waiting (else the published profile)."""
        if self.state is None:
            return None
        start = self.state.proposal.profile if self.state.proposal else self.state.profile
        dialog = ProfileDialog(self.runner, self.profiles, start, self)
        dialog.proposed.connect(self._proposed)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _proposed(self, request_id: str) -> None:
        self.proposed.emit(request_id)
        announce(self._hub, Changes.saved_here(recruitment=True, outbox=True), None)
        if self._hub is None:  # else the page re-reads on hearing it
            self.refresh()
