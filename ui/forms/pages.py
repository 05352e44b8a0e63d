"""The QA forms' tabs in the main window, by role, and one closable tab per open form.

QA leads open on "QA visits" (their workspace), then "Registers" (not "Events": the events
panel on that page has its own "Events" tab); facilitators on "Registers", with "My
development" beside it; partner leads on "Registers", their own pages after it
(``ui.role_pages``). The main window hands its register page in. A form saved here is
announced on the hub as changed forms (to be sent soon); what a sync or another page changed
refreshes the lists and the open forms when it concerns them (``on_changes``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QTabBar, QTabWidget, QWidget

from app.changes import Changes
from app.forms.views import FormView
from desk.session import Session
from ui.changes_hub import ChangesHub
from ui.development_view import DevelopmentView
from ui.forms.choices import header_choices
from ui.forms.editor import FormEditor
from ui.forms.header import HeaderChoices
from ui.qa_workspace import QaWorkspaceView
from ui.runner import Runner

# What the lists and the open forms show: the forms and their templates, who is in the QA
# lead's care, the events and first sessions they are about, and how far each form's last
# change has travelled.
SHOWS = Changes(forms=True, catalogue=True, dates=True, outbox=True)


class FormPages(QObject):
    def __init__(self, tabs: QTabWidget, runner: Runner, session: Session,
                 today: Callable[[], dt.date], *, hub: ChangesHub) -> None:
        super().__init__(tabs)
        self.tabs, self._runner, self._session, self._today = tabs, runner, session, today
        self._hub = hub
        roles = session.identity.roles
        self.workspace: QaWorkspaceView | None = None
        self.development: DevelopmentView | None = None
        forms = session.forms
        if "qa_lead" in roles:
            from app.forms.workspace import qa_workspace

            self.workspace = QaWorkspaceView(
                runner, forms, partial(qa_workspace, session.store, session.identity.user_id),
                today)
            self.workspace.open_form.connect(self.open_form)
            self.workspace.form_started.connect(self.open_view)
        if "facilitator" in roles:
            from app.forms.workspace import own_cycle

            self.development = DevelopmentView(
                runner, forms, partial(own_cycle, session.store, session.identity.user_id),
                session.identity.user_id, today)
            self.development.open_form.connect(self.open_form)
            self.development.form_started.connect(self.open_view)
        tabs.setTabsClosable(True)
        tabs.setDocumentMode(True)
        tabs.setTabBarAutoHide(True)
        tabs.tabCloseRequested.connect(self.close_tab)
        hub.subscribe(self)

    def add_tabs(self, registers: QWidget) -> None:
        """The fixed tabs, in the order this role starts with."""
        if self.workspace is not None:
            self.add_fixed(self.workspace, self.tr("QA visits"))
        self.add_fixed(registers, self.tr("Registers"))
        if self.development is not None:
            self.add_fixed(self.development, self.tr("My development"))
        self.tabs.setCurrentIndex(0)

    def add_fixed(self, page: QWidget, title: str) -> None:
        index = self.tabs.addTab(page, title)
        for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
            self.tabs.tabBar().setTabButton(index, side, None)

    def editors(self) -> list[FormEditor]:
        pages = (self.tabs.widget(i) for i in range(self.tabs.count()))
        return [p for p in pages if isinstance(p, FormEditor)]

    def editor_for(self, form_id: str) -> FormEditor | None:
        return next((e for e in self.editors() if e.form_id == form_id), None)

    def open_form(self, form_id: str) -> FormEditor:
        editor = self.editor_for(form_id)
        if editor is None:
            editor = self._new_editor(self.tr("Opening…"))
            editor.open_form(form_id)
        self.tabs.setCurrentWidget(editor)
        return editor

    def open_view(self, view: FormView) -> FormEditor:
        """A form just started: show it at once, cursor in its first field."""
        editor = self.editor_for(view.id) or self._new_editor("")
        editor.show_form(view)
        self.tabs.setCurrentWidget(editor)
        editor.focus_first()
        return editor

    def _new_editor(self, title: str) -> FormEditor:
        editor = FormEditor(self._runner, self._session.forms, self._choices,
                            self._session.identity.user_id)
        editor.changed.connect(self._saved)
        editor.loaded.connect(lambda _view: self._refresh_lists())  # started, signed off…
        editor.title_changed.connect(lambda text, e=editor: self._retitle(e, text))
        self.tabs.addTab(editor, title)
        return editor

    def _saved(self) -> None:
        """A form was saved as typed: send it soon (the editor shows it already)."""
        self._hub.announce(Changes.saved_here(forms=True), self)

    def _choices(self, view: FormView) -> HeaderChoices:
        return header_choices(self._session.forms, self._session.catalogue, self._today(),
                              view)

    def _retitle(self, editor: FormEditor, text: str) -> None:
        index = self.tabs.indexOf(editor)
        if index >= 0:
            self.tabs.setTabText(index, text)
            self.tabs.setTabToolTip(index, text)

    def close_tab(self, index: int) -> None:
        editor = self.tabs.widget(index)
        if isinstance(editor, FormEditor):
            editor.save_now()
            self.tabs.removeTab(index)
            editor.deleteLater()
            self._refresh_lists()

    def _refresh_lists(self) -> None:
        if self.workspace is not None:
            self.workspace.refresh()
        if self.development is not None:
            self.development.refresh()

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        if initiator is not self and changes.touches(SHOWS):
            self.refresh()

    def refresh(self) -> None:
        """After a sync brought changes: lists, and each open form's state."""
        self._refresh_lists()
        for editor in self.editors():
            editor.refresh()

    def save_now(self) -> None:
        """Send every open form's last keystrokes to the write lane (closing the window)."""
        for editor in self.editors():
            editor.save_now()
