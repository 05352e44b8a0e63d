"""The printing entries of the File menu, and the windows they open.

The main window makes one ``PrintingActions``, adds its actions to the File menu, and tells
it which event is open (``set_event``); everything else about printing lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from app.domain import EventSummary
from desk.session import Session
from ui.runner import Runner

# The dialogs (and through them ReportLab and QtPdf, ~150 ms of imports) are loaded the
# first time one is opened, not when the main window starts.
if TYPE_CHECKING:
    from ui.printing.batch_dialog import BatchDialog
    from ui.printing.preview_dialog import PreviewDialog
    from ui.printing.transcribe_view import TranscribeView


class PrintingActions(QObject):
    def __init__(self, window: QWidget, runner: Runner, session: Session, *,
                 on_marked: Callable[[], None] = lambda: None) -> None:
        super().__init__(window)
        self._window, self._runner, self._session = window, runner, session
        self._on_marked = on_marked
        self._event: EventSummary | None = None
        self.preview: PreviewDialog | None = None
        self.batch: BatchDialog | None = None
        self.transcribe: TranscribeView | None = None
        self.print_action = QAction(self.tr("&Print register…"), self, enabled=False,
                                    shortcut=QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.triggered.connect(lambda: self.show_preview())
        self.save_action = QAction(self.tr("Save register as P&DF…"), self, enabled=False)
        self.save_action.triggered.connect(lambda: self.show_preview(then_save=True))
        self.group_action = QAction(self.tr("Print all registers of this &group…"), self)
        self.group_action.triggered.connect(lambda: self.show_batch(whole_intake=False))
        self.intake_action = QAction(self.tr("Print all registers of this &intake…"), self)
        self.intake_action.triggered.connect(lambda: self.show_batch(whole_intake=True))
        self.transcribe_action = QAction(self.tr("&Transcribe from paper…"), self,
                                         shortcut=QKeySequence("Ctrl+T"))
        self.transcribe_action.triggered.connect(self.show_transcribe)
        self.transcribe_action.setEnabled("facilitator" in session.identity.roles)

    def add_to(self, menu: QMenu) -> None:
        for action in (self.print_action, self.save_action, self.group_action,
                       self.intake_action, self.transcribe_action):
            menu.addAction(action)

    def set_event(self, event_id: str) -> None:
        """The event now open in the register view (its summary is read on a worker)."""
        (self._runner.read(self._session.catalogue.event, event_id)
         .success(self._event_loaded).run())

    def _event_loaded(self, event: EventSummary | None) -> None:
        self._event = event
        self.print_action.setEnabled(event is not None)
        self.save_action.setEnabled(event is not None)

    def show_preview(self, *, then_save: bool = False) -> None:
        if self._event is None:
            return
        if self.preview is not None:
            self.preview.close()
            self.preview.deleteLater()
        title = self.tr("{group} · Event {number}: {title}").format(
            group=self._event.group_code, number=self._event.number, title=self._event.title)
        from ui.printing.preview_dialog import PreviewDialog

        self.preview = PreviewDialog(self._runner, self._session.store, self._event.id, title,
                                     parent=self._window)
        if then_save:
            self.preview.loaded.connect(lambda _pages: self._save_once())
        self.preview.show()

    def _save_once(self) -> None:
        if self.preview is not None:
            self.preview.loaded.disconnect()
            self.preview.ask_where_to_save()

    def show_batch(self, *, whole_intake: bool) -> None:
        if self.batch is not None and self.batch.running:
            self.batch.raise_()
            return
        if self.batch is not None:
            self.batch.deleteLater()
        from ui.printing.batch_dialog import BatchDialog

        self.batch = BatchDialog(self._runner, self._session.store, self._session.catalogue,
                                 group_id=self._event.group_id if self._event else None,
                                 whole_intake=whole_intake, parent=self._window)
        self.batch.show()

    def show_transcribe(self) -> None:
        if self.transcribe is None:
            from ui.printing.transcribe_view import TranscribeView

            self.transcribe = TranscribeView(self._runner, self._session.store,
                                             self._session.registers, parent=self._window)
            self.transcribe.marked.connect(lambda _row: self._on_marked())
            self.transcribe.walk_in_added.connect(lambda _id: self._on_marked())
        if self._event is not None and self.transcribe.sheet is None:
            self.transcribe.open_event(self._event.id)
        self.transcribe.show()
        self.transcribe.raise_()
