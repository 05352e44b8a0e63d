"""Propose a change to the partner's published profile: the overview, contacts and venues.

Opened from the Partner tab with the profile as published (or the proposal still
waiting). Save checks everything with the protocol's field rules on the write lane before
anything is stored (``PartnerProfileService.propose``): a bad entry ("Contact 2: the email
address does not look like an email address") shows in the dialog, which stays open with
everything typed, and nothing is saved. A saved proposal goes to the central service with
the next sync.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.partner_profile import Contact, Profile, ProfileState, Venue
from ui.errors import explain
from ui.keyboard_focus import leave_on_tab
from ui.runner import Runner
from ui.theme import set_text_role

ORIGINAL = Qt.ItemDataRole.UserRole + 1  # an address as published (it may hold line breaks)


class ProfileProposals(Protocol):
    def state(self) -> ProfileState: ...
    def propose(self, overview: str, contacts: Sequence[Contact],
                venues: Sequence[Venue]) -> str: ...


def one_line(address: str) -> str:
    return ", ".join(part.strip() for part in address.splitlines() if part.strip())


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    # not on a mere change of cell: a cell that opened its editor as Tab arrived kept Tab
    # (the editor's Tab moves to the next cell); typing, F2 or a double click edits, and
    # Enter ends the edit, after which Tab leaves the table
    table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                          | QAbstractItemView.EditTrigger.EditKeyPressed
                          | QAbstractItemView.EditTrigger.DoubleClicked
                          | QAbstractItemView.EditTrigger.SelectedClicked)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    leave_on_tab(table)  # Tab leaves the table; arrows move between cells
    return table


class ProfileDialog(QDialog):
    proposed = Signal(str)  # the request's id, once saved on this laptop

    def __init__(self, runner: Runner, profiles: ProfileProposals, start: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnerProfileDialog")
        self.setWindowTitle(self.tr("Propose a change to your profile"))
        self.setModal(True)
        self.runner, self.profiles = runner, profiles
        self.overview = QPlainTextEdit(start.overview)
        self.overview.setObjectName("profileOverview")
        self.overview.setTabChangesFocus(True)
        self.contacts = _table([self.tr("Name"), self.tr("Role"), self.tr("Email"),
                                self.tr("Phone")], "profileContacts")
        self.venues = _table([self.tr("Venue"), self.tr("Address")], "profileVenues")
        for contact in start.contacts:
            self._add_row(self.contacts, [contact.name, contact.role, contact.email,
                                          contact.phone])
        for venue in start.venues:
            self._add_row(self.venues, [venue.name, one_line(venue.address)])
            if (item := self.venues.item(self.venues.rowCount() - 1, 1)) is not None:
                item.setData(ORIGINAL, venue.address)
        self.error = QLabel()
        self.error.setObjectName("profileError")
        self.error.setWordWrap(True)
        set_text_role(self.error, "danger_tint_text")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Send to the central service"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The central team publishes the change once they "
                                        "have accepted it; until then your profile shows "
                                        "as it is.")))
        overview_label = QLabel(self.tr("&Overview"))
        overview_label.setBuddy(self.overview)
        layout.addWidget(overview_label)
        layout.addWidget(self.overview)
        self._section(layout, self.tr("Con&tacts"), self.contacts, 4,
                      self.tr("Add contact"), self.tr("Remove contact"))
        self._section(layout, self.tr("&Venues"), self.venues, 2,
                      self.tr("Add venue"), self.tr("Remove venue"))
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(720, 600)

    def _section(self, layout: QVBoxLayout, title: str, table: QTableWidget, columns: int,
                 add_text: str, remove_text: str) -> None:
        label = QLabel(title)
        label.setBuddy(table)
        add, remove = QPushButton(add_text), QPushButton(remove_text)
        add.setObjectName(f"{table.objectName()}Add")
        remove.setObjectName(f"{table.objectName()}Remove")
        add.clicked.connect(lambda: self._add_row(table, [""] * columns, edit=True))
        remove.clicked.connect(lambda: self._remove_row(table))
        row = QHBoxLayout()
        row.addWidget(label, 1)
        row.addWidget(add)
        row.addWidget(remove)
        layout.addLayout(row)
        layout.addWidget(table)

    @staticmethod
    def _add_row(table: QTableWidget, values: list[str], *, edit: bool = False) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))
        if edit:
            table.setCurrentCell(row, 0)
            table.setFocus()
            if (first := table.item(row, 0)) is not None:
                table.editItem(first)

    @staticmethod
    def _remove_row(table: QTableWidget) -> None:
        row = table.currentRow()
        if row >= 0:
            table.removeRow(row)

    @staticmethod
    def _cells(table: QTableWidget, row: int) -> list[str]:
        return [(item.text() if (item := table.item(row, c)) is not None else "")
                for c in range(table.columnCount())]

    def entered(self) -> tuple[str, list[Contact], list[Venue]]:
        """What the dialog holds, as typed (checked by the service, not here)."""
        contacts = [Contact(*self._cells(self.contacts, r))
                    for r in range(self.contacts.rowCount())]
        venues = []
        for row in range(self.venues.rowCount()):
            name, address = self._cells(self.venues, row)
            item = self.venues.item(row, 1)
            original = item.data(ORIGINAL) if item is not None else None
            if isinstance(original, str) and one_line(original) == address:
                address = original  # untouched: keep its line breaks
            venues.append(Venue(name, address))
        return self.overview.toPlainText(), contacts, venues

    @Slot()
    def submit(self) -> None:
        self.error.hide()
        self.ok.setEnabled(False)
        overview, contacts, venues = self.entered()
        self.runner.write(self.profiles.propose, overview, contacts, venues).success(
            self._saved).failure(self._refused).run()

    def _saved(self, request_id: str) -> None:
        self.proposed.emit(request_id)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.error.setText(explain(exc))
        self.error.show()
        self.ok.setEnabled(True)
