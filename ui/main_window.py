"""The main window only assembles the panels, the status bar and the menus.

It owns the "what changed" hub (``ui.changes_hub``) and hands it to every page; each page
subscribes itself and says what its own saves changed, so the window wires no refreshes:
a page added here adds no wiring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import outbox
from app import settings as app_settings
from app.attention import attention_items
from app.changes import RETRIED_OR_DISCARDED, Changes
from desk.session import Session
from ui.about_dialog import show_about
from ui.attendance_export_action import export_attendance
from ui.attention_dialog import AttentionDialog
from ui.backup_banner import BackupBanner
from ui.calendar_export_action import export_calendar
from ui.changes_hub import ChangesHub
from ui.close_guard import CloseGuard
from ui.events_panel import EventsPanel
from ui.forms.pages import FormPages
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.icons import icon
from ui.impact_page import impact_page, impact_title
from ui.login_dialog import LoginDialog
from ui.partner_page import partner_page, partner_title
from ui.pipeline_page import pipeline_page, pipeline_title
from ui.printing.menu import PrintingActions
from ui.reauth import reauth_dialog
from ui.register_risks import RegisterRisks
from ui.register_status_menu import StatusMenu
from ui.register_view import RegisterView
from ui.role_pages import RolePages
from ui.runner import Runner
from ui.settings_dialog import SettingsDialog
from ui.sign_out_flow import SignOutFlow
from ui.status_bar import StatusBar
from ui.sync_banner import SyncBanner
from ui.sync_controller import SyncController, SyncSettings
from ui.text_room import LAPTOP_WIDTH, ScrollsWhenShort, size_side_panel

FIRST_SYNC_DELAY_MS = 2000  # the first sync starts by then even if the list is slow

ROLE_NAMES = {"facilitator": QT_TRANSLATE_NOOP("Roles", "facilitator"),
              "partner_lead": QT_TRANSLATE_NOOP("Roles", "partner lead"),
              "qa_lead": QT_TRANSLATE_NOOP("Roles", "QA lead")}


def role_names(roles: Sequence[str]) -> str:
    """'partner lead' for the server's 'partner_lead': what a person calls their role."""
    return ", ".join(translate("Roles", ROLE_NAMES[r]) if r in ROLE_NAMES
                     else r.replace("_", " ") for r in roles)


class MainWindow(QMainWindow):
    switch_user_requested = Signal(str)  # demo mode: the role to switch to
    closed = Signal()
    signed_out = Signal()  # the local data and sign-in are gone: start again

    def __init__(self, session: Session, runner: Runner, *,
                 today: Callable[[], dt.date] = dt.date.today,
                 demo_roles: Sequence[str] = (), sync_period_ms: int | None = None,
                 settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.runner, self._settings = session, runner, settings
        self._closed = False
        who = f"{session.identity.name} ({role_names(session.identity.roles)})"
        self.setWindowTitle(self.tr("NPQ Partner Desk — {who}").format(who=who))
        self.setWindowIcon(icon("app"))
        dates = session.event_dates(today)
        self.hub = hub = ChangesHub(self)
        roles = set(session.identity.roles)
        self.events_panel = EventsPanel(runner, session.catalogue, today, dates=dates, hub=hub,
                                        exports=bool(roles & {"facilitator", "partner_lead"}))
        self.events_panel.export_attendance_requested.connect(
            lambda code: export_attendance(self, self.runner, self.session.store, code))
        self.register_view = RegisterView(
            runner, session.registers, can_mark="facilitator" in session.identity.roles,
            notes=session.notes if "facilitator" in session.identity.roles else None, hub=hub)
        if {"facilitator", "partner_lead"} & set(session.identity.roles):  # a row's menu
            StatusMenu(self.register_view, runner, session.training_status, hub)
        if "facilitator" in session.identity.roles:  # at risk, beside the names
            RegisterRisks(runner, session.progress, self.register_view.model, today, hub)
        self.status_bar = StatusBar()
        self.banner = SyncBanner()
        self.backup_banner = BackupBanner(runner, session.store, hub=hub)
        self.attention_dialog: AttentionDialog | None = None
        self.reauth: LoginDialog | None = None
        self.app_settings = app_settings.load(session.store.path.parent)
        period_ms = sync_period_ms or self.app_settings.sync_interval_minutes * 60_000
        settings_ = SyncSettings(period_ms=period_ms)
        self.sync = SyncController(runner, session.sync, settings_, hub=hub, parent=self)
        self.close_guard = CloseGuard(self, runner, self.sync, session.sync.status)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName(self.tr("Pages"))
        self.forms = FormPages(self.tabs, runner, session, today, hub=hub)
        self.role_pages = RolePages(runner, session, today, hub=hub, dates=dates)
        self.impact = impact_page(runner, session, hub)  # built when first shown
        self.pipeline = pipeline_page(runner, session, today, hub)  # partner leads
        self.partner = partner_page(runner, session, hub, today)  # partner leads
        self._assemble(who)
        self._menus(demo_roles, session.identity.username)
        self._connect()

    def _assemble(self, who: str) -> None:
        left = QWidget()
        user = QLabel(who)
        user.setObjectName("userLabel")
        user.setWordWrap(True)  # a long name on a narrow panel (large text) wraps, not cut
        layout = QVBoxLayout(left)
        layout.setContentsMargins(8, 8, 0, 0)
        layout.addWidget(user)
        layout.addWidget(self.events_panel, 1)
        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(left)
        splitter.addWidget(ScrollsWhenShort(self.register_view, "registerScroll"))
        splitter.setStretchFactor(1, 1)

        start = size_side_panel(left)  # 28 to 57.5 characters wide: 224–460 px at 11pt
        splitter.setSizes([start, LAPTOP_WIDTH - start])
        self.forms.add_tabs(splitter)
        for page, title in self.role_pages.pages():
            self.forms.add_fixed(page, title)
            if page is self.role_pages.dashboard and self.pipeline is not None:
                self.forms.add_fixed(self.pipeline, pipeline_title())  # beside recruitment
        if self.impact is not None:
            self.forms.add_fixed(self.impact, impact_title())
        if self.partner is not None:
            self.forms.add_fixed(self.partner, partner_title())
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.banner)
        column.addWidget(self.backup_banner)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.setStatusBar(self.status_bar)
        screen = self.screen().availableGeometry()
        self.resize(min(1366, screen.width()), min(768, screen.height()))

    def _menus(self, demo_roles: Sequence[str], current: str) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        sync_action = QAction(self.tr("&Sync now"), self)
        sync_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Refresh),
                                  QKeySequence("F5")])
        sync_action.triggered.connect(self.sync.sync_now)
        file_menu.addAction(sync_action)
        self.cancel_action = QAction(self.tr("&Cancel sync"), self, enabled=False,  # type: ignore[call-overload]  # PySide6 stubs lack triggered=
                                     triggered=self.sync.cancel)
        self.sync.running_changed.connect(self.cancel_action.setEnabled)
        file_menu.addAction(self.cancel_action)
        file_menu.addAction(QAction(self.tr("&Needs attention…"), self,  # type: ignore[call-overload]  # PySide6 stubs lack triggered=
                                    triggered=self.show_needs_attention))
        file_menu.addSeparator()
        self.printing = PrintingActions(  # e.g. marks typed in from a paper register
            self, self.runner, self.session,
            on_marked=partial(self.hub.announce, Changes.saved_here(marks=True)))
        self.printing.add_to(file_menu)
        self.events_panel.event_chosen.connect(self.printing.set_event)
        file_menu.addAction(QAction(self.tr("Export ca&lendar…"), self,  # type: ignore[call-overload]  # PySide6 stubs lack triggered=
                                    triggered=lambda: export_calendar(
                                        self, self.runner, self.session)))
        file_menu.addSeparator()
        self.settings_action = QAction(self.tr("Se&ttings…"), self,  # type: ignore[call-overload]  # PySide6 stubs lack triggered=
                                       triggered=self.show_settings)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setShortcuts(_shortcuts(QKeySequence.StandardKey.Preferences,
                                                     "Ctrl+,"))
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        if not demo_roles:  # demo users are switched, not signed out
            self.sign_out_action = QAction(self.tr("Sign &out…"), self,  # type: ignore[call-overload]  # PySide6 stubs lack triggered=
                                           triggered=self.ask_to_sign_out)
            file_menu.addAction(self.sign_out_action)
        quit_action = QAction(self.tr("&Quit"), self, triggered=self.close)  # type: ignore[call-overload]  # PySide6 stubs lack triggered=
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.setShortcuts(_shortcuts(QKeySequence.StandardKey.Quit, "Ctrl+Q"))
        file_menu.addAction(quit_action)
        self._view_menu()
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About NPQ Partner Desk"), self,  # type: ignore[call-overload]  # PySide6 stubs lack triggered=
                        triggered=lambda: show_about(self))
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)
        if demo_roles:
            demo = self.menuBar().addMenu(self.tr("&Demo"))
            switch = demo.addMenu(self.tr("&Switch demo user"))
            for role in demo_roles:
                action = QAction(role, self, enabled=role != current)
                action.triggered.connect(
                    lambda _checked=False, r=role: self.switch_user_requested.emit(r))
                switch.addAction(action)

    def _view_menu(self) -> None:
        """Moving between the tabs from the keyboard (Ctrl+Tab works in the tab widget
        itself; these also work wherever the focus is)."""
        view = self.menuBar().addMenu(self.tr("&View"))
        following = QAction(self.tr("&Next tab"), self, triggered=lambda: self._step_tab(1))  # type: ignore[call-overload]  # PySide6 stubs lack triggered=
        following.setShortcuts(_shortcuts(QKeySequence.StandardKey.NextChild, "Ctrl+PgDown"))
        previous = QAction(self.tr("&Previous tab"), self,  # type: ignore[call-overload]  # PySide6 stubs lack triggered=
                           triggered=lambda: self._step_tab(-1))
        previous.setShortcuts(_shortcuts(QKeySequence.StandardKey.PreviousChild,
                                         "Ctrl+PgUp"))
        view.addActions([following, previous])

    def _step_tab(self, step: int) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def show_settings(self) -> SettingsDialog:
        """File > Settings…: the sync interval applies at once; a new server address means
        signing out (and in again there)."""
        self.app_settings = app_settings.load(self.session.store.path.parent)
        dialog = SettingsDialog(self.app_settings, self.session.identity.server_url,
                                self.session.store.path.parent, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._settings_saved)
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def _settings_saved(self, chosen: app_settings.Settings, server_changed: bool) -> None:
        self.app_settings = chosen
        self.sync.set_period(chosen.sync_interval_minutes * 60_000)
        if server_changed and hasattr(self, "sign_out_action"):
            self.ask_to_sign_out()

    def _connect(self) -> None:
        self.events_panel.event_chosen.connect(self.register_view.show_event)
        self.status_bar.sync_requested.connect(self.sync.sync_now)
        self.sync.status_changed.connect(self.status_bar.show_status)
        self.sync.failed.connect(lambda message: self.status_bar.showMessage(message, 15_000))
        self.runner.busy_changed.connect(self.status_bar.show_busy)
        self.status_bar.attention_requested.connect(self.show_needs_attention)
        self.sync.clock_skew.connect(self.status_bar.show_clock_skew)
        self.sync.paused.connect(self._paused)
        self.sync.resumed.connect(self.banner.clear)
        self.banner.sign_in_requested.connect(self.ask_to_sign_in)
        self.backup_banner.backed_up.connect(lambda: self.status_bar.showMessage(
            self.tr("Backup taken: this laptop's data is backed up again."), 15_000))

    def ask_to_sign_out(self) -> None:
        self.sign_out = SignOutFlow(self, self.runner, self.session, self.sync, self.forms)
        self.sign_out.done.connect(self._signed_out)
        self.sign_out.start()

    def _signed_out(self) -> None:
        self.signed_out.emit()
        self.close_now()

    def _paused(self, kind: str, message: str) -> None:
        self.banner.show_pause(kind, message)
        if kind == "auth":
            self.ask_to_sign_in()

    def ask_to_sign_in(self) -> None:
        """Sign in again as the same user; unsent work stays; sync resumes after."""
        if self.reauth is not None:
            self.reauth.raise_()
            return
        self.reauth = reauth_dialog(self.runner, self.session, self)
        self.reauth.accepted.connect(self.sync.resume)
        self.reauth.finished.connect(self._reauth_closed)
        self.reauth.open()

    def _reauth_closed(self) -> None:
        if self.reauth is not None:
            self.reauth.deleteLater()
        self.reauth = None

    def show_needs_attention(self) -> None:
        if self.attention_dialog is None:
            store = self.session.store
            self.attention_dialog = AttentionDialog(
                self.runner, partial(attention_items, store), partial(outbox.retry, store),
                partial(outbox.discard, store), self)
            self.attention_dialog.changed.connect(  # it goes with the next sync, or is undone
                partial(self.hub.announce, RETRIED_OR_DISCARDED))
        self.attention_dialog.reload()
        self.attention_dialog.show()
        self.attention_dialog.raise_()

    def start(self) -> None:
        """Show today's events at once from the local store, then sync in the background."""
        self._restore_layout()
        self.hub.announce(Changes.EVERYTHING)  # every page reads what the laptop holds
        self._start_sync_after_first_list()

    def _start_sync_after_first_list(self) -> None:
        """The first sync waits until the events list shows what the laptop already holds
        (its pulls and the list's read would otherwise share the CPU and the database at
        the moment the user is waiting for the window), or FIRST_SYNC_DELAY_MS at most."""
        self.sync.start_when_ready()  # a sign-out or close before then cancels it

        def start_sync() -> None:
            self.events_panel.shown.disconnect(start_sync)
            self.sync.start_if_held()

        self.events_panel.shown.connect(start_sync)
        QTimer.singleShot(FIRST_SYNC_DELAY_MS, self.sync, self.sync.start_if_held)

    def close_now(self) -> None:
        """Close without asking about unsent changes (switching demo users, tests)."""
        self.close_guard.allowed = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            super().closeEvent(event)
            return
        if not self.close_guard.allowed:
            event.ignore()
            self.close_guard.check()
            return
        self._closed = True
        self.forms.save_now()  # the last keystrokes of an open form, before the runner drains
        self._save_layout()
        self.sync.blockSignals(True)  # a cancelled sync's answer must not refresh the views
        self.hub.blockSignals(True)
        self.sync.stop()
        self.runner.busy_changed.disconnect(self.status_bar.show_busy)
        self.runner.wait_for_done()
        super().closeEvent(event)
        self.closed.emit()

    def _restore_layout(self) -> None:
        """Window size and place, the splitter between events and register, the tab."""
        if self._settings is None:
            return
        geometry = self._settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self._settings.value("main_window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        tab = self._settings.value("main_window/tab")
        titles = [self.tabs.tabText(i) for i in range(self.tabs.count())]
        if isinstance(tab, str) and tab in titles:
            self.tabs.setCurrentIndex(titles.index(tab))

    def _save_layout(self) -> None:
        if self._settings is None:
            return
        self._settings.setValue("main_window/geometry", self.saveGeometry())
        self._settings.setValue("main_window/splitter", self.splitter.saveState())
        index = self.tabs.currentIndex()
        if index >= 0 and self.tabs.widget(index) in self._fixed_pages():
            self._settings.setValue("main_window/tab", self.tabs.tabText(index))
        self._settings.sync()

    def _fixed_pages(self) -> list[QWidget]:
        """The tabs every start has (an open form's tab is not one)."""
        pages: list[QWidget] = [self.splitter]
        pages += [page for page, _title in self.role_pages.pages()]
        pages += [self.impact] if self.impact is not None else []
        pages += [self.pipeline] if self.pipeline is not None else []
        pages += [self.partner] if self.partner is not None else []
        pages += [p for p in (self.forms.workspace, self.forms.development) if p is not None]
        return pages


def _shortcuts(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's standard keys for an action, with ``fallback`` where the platform
    has none (Preferences and Quit are empty on some Linux desktops)."""
    keys = QKeySequence.keyBindings(standard)
    if not any(k.toString() == fallback for k in keys):
        keys.append(QKeySequence(fallback))
    return keys
