"""Print every register of a group, or of every group in an intake, in one go.

The export runs on the runner's read lane; its ``progress(done, total)`` reaches the
progress bar through a Qt signal (queued to the GUI thread), and Cancel sets a
``threading.Event`` the export checks between registers.

While it runs, the objects that existed before it are frozen out of garbage collection
(``gc.freeze``): laying out 240 PDFs triggers full collections, and a full collection of the
app's heap holds the GIL for ~100 ms on the worker, which stalls the GUI thread. Frozen, a
full collection only walks what the batch made (~10 ms). They are unfrozen when it ends.
"""

from __future__ import annotations

import gc
import threading
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.catalogue import CatalogueService
from app.store import Store
from ui.errors import show_error
from ui.printing.batch_jobs import BatchRequest, BatchResult, Choices, choices, run_batch
from ui.runner import Runner

EVENTS_ROLE = Qt.ItemDataRole.UserRole + 1  # a list entry's number of events (registers)


def default_folder() -> Path:
    documents = Path.home() / "Documents"
    return (documents if documents.is_dir() else Path.home()) / "NPQ registers"


class BatchDialog(QDialog):
    progressed = Signal(int, int)  # emitted by the worker; queued to the GUI thread
    finished_batch = Signal(object)  # the BatchResult

    def __init__(self, runner: Runner, store: Store, catalogue: CatalogueService, *,
                 group_id: str | None = None, whole_intake: bool = False,
                 out_dir: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchDialog")
        self.setWindowTitle(self.tr("Print all registers"))
        self._runner, self._store, self._group_id = runner, store, group_id
        self._catalogue = catalogue
        self._cancel = threading.Event()
        self._running = False
        self.batch_result: BatchResult | None = None
        self.group_radio = QRadioButton(self.tr("All registers of one group"))
        self.intake_radio = QRadioButton(self.tr("Every group in an intake"))
        scope = QButtonGroup(self)
        scope.addButton(self.group_radio)
        scope.addButton(self.intake_radio)
        (self.intake_radio if whole_intake else self.group_radio).setChecked(True)
        self.group_list = QComboBox()
        self.group_list.setObjectName("groupList")
        self.intake_list = QComboBox()
        self.intake_list.setObjectName("intakeList")
        self.group_radio.toggled.connect(self._choice_changed)
        self.group_list.currentIndexChanged.connect(self._choice_changed)
        self.intake_list.currentIndexChanged.connect(self._choice_changed)
        self.folder = QLineEdit(str(out_dir or default_folder()))
        self.folder.setObjectName("outputFolder")
        browse = QPushButton(self.tr("Choose…"))
        browse.setObjectName("chooseFolderButton")
        browse.clicked.connect(self._choose_folder)
        self._browse = browse
        self.separate_radio = QRadioButton(self.tr("One PDF per event (to send or file)"))
        self.combined_radio = QRadioButton(self.tr("One combined PDF (to print in one go)"))
        files = QButtonGroup(self)
        files.addButton(self.separate_radio)
        files.addButton(self.combined_radio)
        self.separate_radio.setChecked(True)
        self.confidential_box = QCheckBox(self.tr("Also the confidential facilitator sheets "
                                          "(special requirements)"))
        self.confidential_note = QLabel(self.tr(
            "They are saved in files of their own, ending _CONFIDENTIAL, never in the same "
            "PDF as the sign-in registers that go round the room."))
        self.confidential_note.setObjectName("confidentialNote")
        self.confidential_note.setWordWrap(True)
        self.confidential_note.setVisible(False)
        self.confidential_box.toggled.connect(self._confidential_toggled)
        self.progress = QProgressBar()
        self.progress.setObjectName("batchProgress")
        self.progress.setFormat(self.tr("%v of %m registers"))
        self.progress.setTextVisible(False)  # until the number of registers is known
        self.progress.setValue(0)
        self.message = QLabel("")
        self.message.setObjectName("batchMessage")
        self.message.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Save registers"))
        self.start_button.setObjectName("startButton")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.setObjectName("openFolderButton")
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.hide()
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        self.progressed.connect(self._show_progress)
        self._layout()
        self._set_running(False)
        self.resize(760, 0)
        if parent is not None:
            parent.window().installEventFilter(self)  # quitting the app cancels the batch

    def _layout(self) -> None:
        what = QGroupBox(self.tr("What to print"))
        grid = QGridLayout(what)
        grid.addWidget(self.group_radio, 0, 0)
        grid.addWidget(self.group_list, 0, 1)
        grid.addWidget(self.intake_radio, 1, 0)
        grid.addWidget(self.intake_list, 1, 1)
        grid.setColumnStretch(1, 1)
        where = QGroupBox(self.tr("Where"))
        folder = QHBoxLayout()
        folder.addWidget(self.folder, 1)
        folder.addWidget(self._browse)
        column = QVBoxLayout(where)
        column.addLayout(folder)
        column.addWidget(self.separate_radio)
        column.addWidget(self.combined_radio)
        column.addWidget(self.confidential_box)
        column.addWidget(self.confidential_note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        for button in (self.start_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(where)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    # --- choices ------------------------------------------------------------------------
    def load_choices(self) -> None:
        self.say(self.tr("Finding groups…"))
        self.start_button.setEnabled(False)
        (self._runner.read(choices, self._catalogue, self._store).success(self._set_choices)
         .failure(lambda exc: show_error(self, exc)).run())

    def _set_choices(self, found: Choices) -> None:
        for box, items in ((self.group_list, found.groups), (self.intake_list, found.intakes)):
            box.blockSignals(True)
            box.clear()
            for choice in items:
                box.addItem(choice.label, choice.key)
                box.setItemData(box.count() - 1, choice.events, EVENTS_ROLE)
            box.blockSignals(False)
        index = self.group_list.findData(self._group_id) if self._group_id else -1
        self.group_list.setCurrentIndex(max(index, 0))
        self.say("" if found.groups else
                 self.tr("No groups on this laptop yet: sync, then try again."))
        self._choice_changed()

    def _scope_changed(self, *_args: object) -> None:
        self.group_list.setEnabled(self.group_radio.isChecked() and not self._running)
        self.intake_list.setEnabled(self.intake_radio.isChecked() and not self._running)
        box = self._chosen_list()
        self.start_button.setEnabled(box.count() > 0 and not self._running)

    def _chosen_list(self) -> QComboBox:
        return self.group_list if self.group_radio.isChecked() else self.intake_list

    def _choice_changed(self, *_args: object) -> None:
        self._scope_changed()
        box = self._chosen_list()
        if box.count() and not self._running:
            self._show_total(box.currentData(EVENTS_ROLE) or 0)

    def _show_total(self, registers: int) -> None:
        """'0 of 6 registers' for what is chosen, before it is printed (what the last
        batch reached stays shown until the choice changes)."""
        self.progress.setMaximum(max(registers, 1))
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("%v of %m registers") if registers
                                else self.tr("No events to print"))
        self.progress.setTextVisible(True)

    def _confidential_toggled(self, checked: bool) -> None:
        self.confidential_note.setVisible(checked)
        self._fit_height()

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Save the registers in"),
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    # --- running ------------------------------------------------------------------------
    def request(self) -> BatchRequest:
        whole_intake = self.intake_radio.isChecked()
        box = self.intake_list if whole_intake else self.group_list
        name = box.currentData() if whole_intake else box.currentText().split()[0]
        return BatchRequest(whole_intake=whole_intake, key=box.currentData(), name=name,
                            out_dir=Path(self.folder.text()).expanduser(),
                            combine=self.combined_radio.isChecked(),
                            confidential=self.confidential_box.isChecked())

    def start(self) -> None:
        if self._running or not self.folder.text().strip():
            return
        self._cancel.clear()
        self.batch_result = None
        self.open_button.hide()
        self.progress.setValue(0)
        self.say(self.tr("Preparing…"))
        self._set_running(True)
        gc.freeze()
        job = partial(run_batch, self._store, self.request(), self.progressed.emit,
                      self._cancel.is_set)
        (self._runner.read(job).with_progress(self.tr("Printing registers…"))
         .success(self._finished).failure(self._failed).run())

    def cancel(self) -> None:
        if self._running:
            self._cancel.set()
            self.say(self.tr("Cancelling after the register being printed…"))
            self.cancel_button.setEnabled(False)

    def _show_progress(self, done: int, total: int) -> None:
        if not self._running:
            return
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        if not self._cancel.is_set():
            self.say(self.tr("Printing register {n} of {total}…").format(
                n=min(done + 1, total), total=total))

    def _finished(self, result: BatchResult) -> None:
        self._set_running(False)
        self.batch_result = result
        if not result.cancelled and result.events:
            self.progress.setMaximum(result.events)
            self.progress.setValue(result.events)
        self.open_button.setVisible(bool(result.files))
        self.say(result.summary())
        self.finished_batch.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._set_running(False)
        self.say(self.tr("The registers could not be saved."))
        show_error(self, exc)

    def _set_running(self, running: bool) -> None:
        if self._running and not running:
            gc.unfreeze()
        self._running = running
        for widget in (self.group_radio, self.intake_radio, self.folder, self._browse,
                       self.separate_radio, self.combined_radio, self.confidential_box):
            widget.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.close_button.setVisible(not running)
        self._scope_changed()

    def say(self, text: str) -> None:
        """Show ``text`` under the progress bar, the window growing to hold it whole."""
        self.message.setText(text)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow the window to the height its contents need at its width. A wrapped label
        (a long folder in the message) needs more lines than the window's minimum height
        allows for, and Qt then squeezes the other rows (it cut the Choose… button)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        self.setMinimumHeight(needed)
        if self.height() < needed:
            self.resize(self.width(), needed)
            self._keep_on_screen()

    def _keep_on_screen(self) -> None:
        """Grown downwards past the bottom of the screen: move up, so the buttons stay
        within reach."""
        if not self.isVisible() or self.screen() is None:
            return
        room = self.screen().availableGeometry()
        frame = self.frameGeometry()
        if frame.bottom() > room.bottom():
            self.move(frame.x(), max(room.top(), frame.y() - (frame.bottom() - room.bottom())))

    @property
    def running(self) -> bool:
        return self._running

    def open_folder(self) -> None:
        if self.batch_result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.batch_result.out_dir)))

    def reject(self) -> None:
        self.cancel()  # closing the window stops the batch; files already saved stay
        super().reject()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()  # narrower: the message may wrap onto more lines

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.group_list.count() == 0 and self.intake_list.count() == 0:
            self.load_choices()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and watched is not self:
            self.cancel()
        return super().eventFilter(watched, event)
