"""File > Settings…: the server address, how often to sync, how long to keep a finished
group's personal data, and the explicit choice to keep it unencrypted without a keyring.

The values live in ``settings.json`` (``app.settings``); the dialog checks them with
``app.settings.problems`` and saves nothing while anything is out of range, showing why in
words. It does not apply anything itself: ``saved`` carries the new settings and whether
the server address changed, and the main window applies the sync interval at once and
starts the sign-out (a different server means signing in again, with a fresh local copy).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import settings as app_settings
from app.errors import DiskFull
from app.settings import RETENTION_RANGE, SYNC_INTERVAL_RANGE, Settings


class SettingsDialog(QDialog):
    saved = Signal(object, bool)  # the new Settings, whether the server address changed

    def __init__(self, current: Settings, signed_in_server: str, data_dir: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings — NPQ Partner Desk"))
        self._current, self._data_dir = current, data_dir
        self._signed_in_server = signed_in_server.rstrip("/")
        self.server = QLineEdit(current.server_url or signed_in_server)
        self.server.setObjectName("serverEdit")
        self.server.setPlaceholderText(self.tr("https://npq.example.org"))
        self.server.setAccessibleName(self.tr("Server address"))
        self.server_note = self._note("serverNote", self.tr(
            "Changing the server address signs you out of this one: anything not yet sent "
            "must reach it first, then this laptop's copy is removed and you sign in again "
            "at the new address."))
        self.interval = self._spin("syncIntervalSpin", SYNC_INTERVAL_RANGE,
                                   current.sync_interval_minutes, self.tr(" minutes"),
                                   self.tr("Sync every"))
        self.retention = self._spin("retentionSpin", RETENTION_RANGE, current.retention_days,
                                    self.tr(" days"),
                                    self.tr("Keep a finished group's personal data for"))
        self.unencrypted = QCheckBox(self.tr(
            "Keep &personal data unencrypted when no secure keyring is available"))
        self.unencrypted.setObjectName("unencryptedCheck")
        self.unencrypted.setChecked(current.allow_unencrypted)
        self.unencrypted_warning = self._note("unencryptedWarning", self.tr(
            "Warning: without a secure keyring, names, email addresses and special "
            "requirements would be readable by anyone who gets hold of this laptop. Leave "
            "this off unless the central team has told you to turn it on."))
        self.message = self._note("settingsMessage", "")
        self.message.hide()
        form = QFormLayout()
        form.addRow(self._label(self.tr("&Server address"), self.server), self.server)
        form.addRow("", self.server_note)
        form.addRow(self._label(self.tr("Sync &every"), self.interval), self.interval)
        form.addRow(self._label(self.tr("&Keep a finished group's data for"), self.retention),
                    self.retention)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.unencrypted)
        layout.addWidget(self.unencrypted_warning)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.server.textChanged.connect(self._show_notes)
        self.unencrypted.toggled.connect(self._show_notes)
        self._show_notes()

    def _note(self, name: str, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _spin(self, name: str, limits: tuple[int, int], value: int, suffix: str,
              accessible: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(*limits)
        spin.setValue(value)
        spin.setSuffix(suffix)
        spin.setAccessibleName(accessible)
        return spin

    def chosen(self) -> Settings:
        """The settings as the dialog shows them now."""
        return self._current.with_changes(
            server_url=self.server.text().strip().rstrip("/"),
            sync_interval_minutes=self.interval.value(),
            retention_days=self.retention.value(),
            allow_unencrypted=self.unencrypted.isChecked())

    def server_changed(self) -> bool:
        text = self.server.text().strip().rstrip("/")
        return bool(self._signed_in_server) and text != self._signed_in_server

    def _show_notes(self) -> None:
        self.server_note.setVisible(self.server_changed())
        self.unencrypted_warning.setVisible(self.unencrypted.isChecked())

    def accept(self) -> None:
        chosen = self.chosen()
        problems = app_settings.problems(chosen)
        if not chosen.server_url:
            problems.insert(0, self.tr("Enter the server address, for example "
                                       "https://npq.example.org."))
        if problems:
            self.message.setText("\n".join(problems))
            self.message.show()
            self.server.setFocus()
            return
        try:
            app_settings.save(chosen, self._data_dir)
        except DiskFull as exc:  # says which disk and what to free
            self.message.setText(exc.message)
            self.message.show()
            return
        except OSError as exc:
            self.message.setText(self.tr("The settings could not be saved: {0}").format(
                exc.strerror or exc))
            self.message.show()
            return
        self.saved.emit(chosen, self.server_changed())
        super().accept()
