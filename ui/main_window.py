"""The main window only assembles the panels, the status bar and the menus."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from ui.events_panel import EventsPanel
from ui.icons import icon
from ui.register_view import RegisterView
from ui.runner import Runner
from ui.session import Session
from ui.status_bar import StatusBar
from ui.sync_controller import SyncController, SyncSettings

ROLE_NAMES = {"facilitator": "facilitator", "partner_lead": "partner lead",
              "qa_lead": "QA lead"}


def role_names(roles: Sequence[str]) -> str:
    """'partner lead' for the server's 'partner_lead': what a person calls their role."""
    return ", ".join(ROLE_NAMES.get(r, r.replace("_", " ")) for r in roles)


class MainWindow(QMainWindow):
    switch_user_requested = Signal(str)  # demo mode: the role to switch to
    closed = Signal()

    def __init__(self, session: Session, runner: Runner, *,
                 today: Callable[[], dt.date] = dt.date.today,
                 demo_roles: Sequence[str] = (), sync_period_ms: int | None = None,
                 settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.runner, self._settings = session, runner, settings
        self._closed = False
        who = f"{session.identity.name} ({role_names(session.identity.roles)})"
        self.setWindowTitle(f"NPQ Partner Desk — {who}")
        self.setWindowIcon(icon("app"))
        self.events_panel = EventsPanel(runner, session.catalogue, today)
        self.register_view = RegisterView(
            runner, session.registers, can_mark="facilitator" in session.identity.roles)
        self.status_bar = StatusBar()
        settings_ = SyncSettings(period_ms=sync_period_ms) if sync_period_ms else SyncSettings()
        self.sync = SyncController(runner, session.sync, settings_, parent=self)
        self._assemble(who)
        self._menus(demo_roles, session.identity.username)
        self._connect()

    def _assemble(self, who: str) -> None:
        left = QWidget()
        user = QLabel(who)
        user.setObjectName("userLabel")
        layout = QVBoxLayout(left)
        layout.setContentsMargins(8, 8, 0, 0)
        layout.addWidget(user)
        layout.addWidget(self.events_panel, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.register_view)
        splitter.setStretchFactor(1, 1)
        left.setMinimumWidth(340)
        left.setMaximumWidth(460)
        splitter.setSizes([360, 1006])
        self.setCentralWidget(splitter)
        self.setStatusBar(self.status_bar)
        screen = self.screen().availableGeometry()
        self.resize(min(1366, screen.width()), min(768, screen.height()))

    def _menus(self, demo_roles: Sequence[str], current: str) -> None:
        file_menu = self.menuBar().addMenu("&File")
        sync_action = QAction("&Sync now", self, shortcut=QKeySequence("F5"))
        sync_action.triggered.connect(self.sync.sync_now)
        file_menu.addAction(sync_action)
        file_menu.addSeparator()
        file_menu.addAction(QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit,
                                    triggered=self.close))
        if demo_roles:
            demo = self.menuBar().addMenu("&Demo")
            switch = demo.addMenu("Switch demo user")
            for role in demo_roles:
                action = QAction(role, self, enabled=role != current)
                action.triggered.connect(
                    lambda _checked=False, r=role: self.switch_user_requested.emit(r))
                switch.addAction(action)

    def _connect(self) -> None:
        self.events_panel.event_chosen.connect(self.register_view.show_event)
        self.register_view.marked.connect(lambda _row: self.sync.changed_locally())
        self.status_bar.sync_requested.connect(self.sync.sync_now)
        self.sync.status_changed.connect(self.status_bar.show_status)
        self.sync.synced.connect(lambda _report: self._refresh_views())
        self.sync.failed.connect(lambda message: self.status_bar.showMessage(message, 15_000))
        self.sync.failed.connect(lambda _message: self.events_panel.refresh())  # local counts
        self.runner.busy_changed.connect(self.status_bar.show_busy)

    def _refresh_views(self) -> None:
        self.events_panel.refresh()
        self.register_view.refresh()

    def start(self) -> None:
        """Show today's events at once from the local store, then sync in the background."""
        geometry = self._settings.value("main_window/geometry") if self._settings else None
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.events_panel.refresh()
        self.sync.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            super().closeEvent(event)
            return
        self._closed = True
        if self._settings is not None:
            self._settings.setValue("main_window/geometry", self.saveGeometry())
        self.sync.stop()
        self.runner.busy_changed.disconnect(self.status_bar.show_busy)
        self.runner.wait_for_done()
        super().closeEvent(event)
        self.closed.emit()
