"""The bottom bar: what is waiting to send, when we last synced, online or not."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

from app.domain import SyncStatus
from ui.i18n import translate
from ui.icons import icon
from ui.sync_controller import syncing_label


@dataclass(frozen=True)
class StatusTexts:
    pending: str
    last_sync: str
    connection: str
    attention: str
    online: bool


def status_texts(status: SyncStatus) -> StatusTexts:
    n = status.pending_changes
    if n == 0:
        pending = translate("StatusBar", "All changes sent")
    elif n == 1:
        pending = translate("StatusBar", "1 change waiting to send")
    else:
        pending = translate("StatusBar", "{n} changes waiting to send").format(n=n)
    if status.last_success is not None:
        last = translate("StatusBar", "Synced {time}").format(
            time=f"{status.last_success.astimezone():%H:%M}")
    else:
        last = translate("StatusBar", "Not synced yet")
    if status.server_reachable is False:
        connection = translate("StatusBar", "Offline — your marks are saved on this laptop")
    elif status.server_reachable:
        connection = translate("StatusBar", "Online")
    else:
        connection = translate("StatusBar", "Connecting…")
    k = status.needs_attention
    if k == 0:
        attention = ""
    elif k == 1:
        attention = translate("StatusBar", "1 change needs attention")
    else:
        attention = translate("StatusBar", "{n} changes need attention").format(n=k)
    return StatusTexts(pending, last, connection, attention, status.server_reachable is not False)


CLOCK_WARNING_SECONDS = 5 * 60


def _span(seconds: float) -> str:
    minutes = round(abs(seconds) / 60)
    if minutes == 1:
        return translate("StatusBar", "1 minute")
    if minutes < 90:
        return translate("StatusBar", "{n} minutes").format(n=minutes)
    hours = round(minutes / 60)
    if hours < 48:
        return translate("StatusBar", "{n} hours").format(n=hours)
    return translate("StatusBar", "{n} days").format(n=round(hours / 24))


def clock_text(skew_seconds: float | None) -> str:
    """A warning when this laptop's clock is more than five minutes off the server's
    (``skew`` = server minus laptop); empty otherwise. Nothing depends on it."""
    if skew_seconds is None or abs(skew_seconds) <= CLOCK_WARNING_SECONDS:
        return ""
    if skew_seconds < 0:
        text = translate("StatusBar", "This laptop's clock is {span} fast — marks are still "
                                      "ordered correctly, but please fix the clock")
    else:
        text = translate("StatusBar", "This laptop's clock is {span} slow — marks are still "
                                      "ordered correctly, but please fix the clock")
    return text.format(span=_span(skew_seconds))


class StatusBar(QStatusBar):
    sync_requested = Signal()
    attention_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setSizeGripEnabled(False)
        self.connection = self._label("connectionLabel")
        self.pending = self._label("pendingLabel")
        self.last_sync = self._label("lastSyncLabel")
        self.attention = QPushButton()
        self.attention.setObjectName("attentionButton")
        self.attention.setIcon(icon("needs_attention"))
        self.attention.setToolTip(self.tr("Changes the central service did not accept: see why, "
                                  "and try again or discard them"))
        self.attention.clicked.connect(self.attention_requested)
        self.attention.hide()
        self.clock = self._label("clockWarning")
        self.clock.setWordWrap(False)
        self.clock.hide()
        self.busy = self._label("busyLabel")
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves focus be
        self.sync_button.clicked.connect(self.sync_requested)
        for widget in (self.connection, self.pending, self.attention, self.clock):
            self.addWidget(widget)
        for widget in (self.busy, self.last_sync, self.sync_button):
            self.addPermanentWidget(widget)

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def show_status(self, status: SyncStatus) -> None:
        texts = status_texts(status)
        self.connection.setText(texts.connection)
        self.connection.setProperty("online", texts.online)
        self.connection.setToolTip("" if texts.online else
                                   self.tr("Keep marking: changes are sent when the server "
                                           "is back."))
        self.pending.setText(texts.pending)
        self.last_sync.setText(texts.last_sync)
        self.attention.setText(texts.attention)
        self.attention.setVisible(bool(texts.attention))
        self._restyle(self.connection)
        self.setProperty("icon", "online" if texts.online else "offline")
        self.sync_button.setIcon(icon("online" if texts.online else "offline"))

    def show_clock_skew(self, skew_seconds: float | None) -> None:
        text = clock_text(skew_seconds)
        self.clock.setText(text)
        self.clock.setToolTip(self.tr("The central service's clock decides what is new; this "
                              "laptop's clock only orders marks, and is corrected for. "
                              "Set the date and time in the laptop's settings."))
        self.clock.setVisible(bool(text))

    def show_busy(self, label: str) -> None:
        self.busy.setText(label)
        self.sync_button.setEnabled(label != syncing_label())

    @staticmethod
    def _restyle(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)
