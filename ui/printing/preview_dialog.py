"""Print preview of one event's register: see it, print it, save it as a PDF.

The PDF is made on a runner worker (``app.printing.exporters``), shown with ``QPdfView``,
printed through the system print dialog (pages drawn on a worker), and saved with
``write_pdf``. A second view shows the confidential facilitator sheet, marked as such in
red.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QPointF, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.printing.batch import file_stem
from app.printing.exporters import confidential_sheet_pdf, sign_in_sheet_pdf, write_pdf
from app.printing.model import load_paper_register, now_for_print
from app.store import Store
from ui.errors import show_error
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.printing.paper import pdf_buffer, print_pdf
from ui.runner import Runner

CONFIDENTIAL_WARNING = QT_TRANSLATE_NOOP(  # marked only: shown through translate()
    "PreviewDialog", "Confidential — special requirements; do not circulate")


@dataclass(frozen=True)
class Prepared:
    """A register made on a worker: the PDF and the file name to offer when saving."""

    pdf: bytes
    stem: str
    confidential: bool


def prepare(store: Store, event_id: str, confidential: bool) -> Prepared:
    """Runs on a worker: the sign-in register (or the confidential sheet) as PDF bytes."""
    printed_at = now_for_print()
    register = load_paper_register(store, event_id, printed_at=printed_at)
    document = confidential_sheet_pdf if confidential else sign_in_sheet_pdf
    pdf = document(store, event_id, printed_at=printed_at)
    stem = file_stem(register) + ("_CONFIDENTIAL" if confidential else "")
    return Prepared(pdf, stem, confidential)


class PreviewDialog(QDialog):
    loaded = Signal(int)  # page count of the sheet now shown
    printed = Signal(int)  # pages sent to the printer
    saved = Signal(object)  # the Path written

    def __init__(self, runner: Runner, store: Store, event_id: str, title: str, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.setWindowTitle(self.tr("Print preview — {title}").format(title=title))
        self._runner, self._store, self._event_id = runner, store, event_id
        self._prepared: Prepared | None = None
        self._buffer: QBuffer | None = None
        self._printer: QPrinter | None = None
        self._loading = 0
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.heading = QLabel(title)
        self.heading.setObjectName("previewTitle")
        self.warning = QLabel(translate("PreviewDialog", CONFIDENTIAL_WARNING))
        self.warning.setObjectName("confidentialWarning")
        self.warning.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.warning.hide()
        self.status = QLabel(self.tr("Preparing the register…"))
        self.status.setObjectName("previewStatus")
        self.page_label = QLabel("")
        self.page_label.setObjectName("pageLabel")
        self.page_label.setMinimumWidth(110)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sign_in_button = self._kind_button(
            self.tr("Sign-in register"),
            self.tr("the sheet that goes round the room: names, schools, signatures"))
        self.confidential_button = self._kind_button(
            self.tr("Confidential sheet"), self.tr("special requirements, for facilitators only"))
        self.confidential_button.setObjectName("confidentialKind")
        self.sign_in_button.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.sign_in_button)
        kinds.addButton(self.confidential_button)
        self.confidential_button.toggled.connect(lambda _on: self.reload())
        self.previous_button = QPushButton(self.tr("◀  Previous page"))
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_button = QPushButton(self.tr("Next page  ▶"))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("printButton")
        self.print_button.setToolTip(self.tr("Choose a printer and print — Ctrl+P"))
        self.print_button.clicked.connect(self.ask_to_print)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip(self.tr("Save this sheet as a PDF file — Ctrl+S"))
        self.save_button.clicked.connect(self.ask_where_to_save)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.ask_to_print)
        QShortcut(QKeySequence.StandardKey.Save, self, self.ask_where_to_save)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self,
                  lambda: self.go_to(self.current_page() + 1))
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self,
                  lambda: self.go_to(self.current_page() - 1))
        self._layout(close)
        self._set_ready(False)
        self.resize(900, 760)

    def _kind_button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setCheckable(True)
        button.setToolTip(self.tr("Show the {what}: {tip}").format(what=text.lower(), tip=tip))
        button.setProperty("segment", True)
        return button

    def _layout(self, close: QPushButton) -> None:
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.sign_in_button)
        top.addWidget(self.confidential_button)
        pages = QHBoxLayout()
        pages.addWidget(self.previous_button)
        pages.addWidget(self.page_label)
        pages.addWidget(self.next_button)
        pages.addStretch(1)
        pages.addWidget(self.status)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for button in (self.save_button, self.print_button, close):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.warning)
        layout.addWidget(self.view, 1)
        layout.addLayout(pages)
        layout.addLayout(actions)

    # --- loading ------------------------------------------------------------------------
    @property
    def confidential(self) -> bool:
        return self.confidential_button.isChecked()

    def reload(self) -> None:
        """Make the sheet now chosen (on a worker) and show it when it is ready."""
        self._loading += 1
        ticket = self._loading
        confidential = self.confidential
        self.warning.setVisible(confidential)
        self.status.setText(self.tr("Preparing the confidential sheet…") if confidential
                            else self.tr("Preparing the register…"))
        self._set_ready(False)

        def failed(exc: BaseException) -> None:
            if ticket == self._loading:
                self.status.setText(
                    translate("PreviewDialog", "The register could not be prepared."))
                show_error(self, exc)

        (self._runner.read(prepare, self._store, self._event_id, confidential)
         .success(lambda prepared: self._show(ticket, prepared)).failure(failed).run())

    def _show(self, ticket: int, prepared: Prepared) -> None:
        if ticket != self._loading:
            return  # the user switched sheets meanwhile
        self.document.close()
        self._prepared, self._buffer = prepared, pdf_buffer(prepared.pdf, self)
        self.document.load(self._buffer)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status.setText("")
        self._set_ready(True)
        self._page_changed(0)
        self.loaded.emit(self.document.pageCount())

    def _set_ready(self, ready: bool) -> None:
        for button in (self.print_button, self.save_button, self.previous_button,
                       self.next_button):
            button.setEnabled(ready)

    # --- pages --------------------------------------------------------------------------
    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        if 0 <= page < self.document.pageCount():
            self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())

    def _page_changed(self, page: int) -> None:
        count = self.document.pageCount()
        self.page_label.setText(self.tr("Page {page} of {count}").format(page=page + 1, count=count)
                                if count else "")
        self.previous_button.setEnabled(self._prepared is not None and page > 0)
        self.next_button.setEnabled(self._prepared is not None and page < count - 1)

    # --- print and save -----------------------------------------------------------------
    def ask_to_print(self) -> None:
        if self._prepared is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._prepared.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print register"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.open()  # type: ignore[call-arg]  # the stubs give QPrintDialog only open(receiver, member)

    def print_to(self, printer: QPrinter) -> None:
        """Draw the sheet onto ``printer`` on a worker (the window stays responsive)."""
        if self._prepared is None:
            return
        self._printer = printer  # alive until the worker is done with it
        self.status.setText(self.tr("Printing…"))
        self.print_button.setEnabled(False)

        def done(pages: int) -> None:
            self.print_button.setEnabled(True)
            self.status.setText(self.tr("Sent 1 page to the printer.") if pages == 1 else
                                self.tr("Sent {n} pages to the printer.").format(n=pages))
            self.printed.emit(pages)

        def failed(exc: BaseException) -> None:
            self.print_button.setEnabled(True)
            self.status.setText(translate("PreviewDialog", "Printing failed."))
            show_error(self, exc)

        (self._runner.read(print_pdf, self._prepared.pdf, printer)
         .with_progress(self.tr("Printing a register…")).success(done).failure(failed).run())

    def ask_where_to_save(self) -> None:
        if self._prepared is None:
            return
        start = Path.home() / f"{self._prepared.stem}.pdf"
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save register as PDF"), str(start), self.tr("PDF files (*.pdf)"))
        if name:
            self.save_to(Path(name) if name.lower().endswith(".pdf") else Path(f"{name}.pdf"))

    def save_to(self, path: Path) -> None:
        """Write the sheet shown to ``path`` on a worker."""
        if self._prepared is None:
            return
        if self._prepared.confidential:  # exactly the sheet previewed
            op = self._runner.read(write_pdf, self._prepared.pdf, path)
        else:  # the register as it is now
            store, event_id = self._store, self._event_id
            op = self._runner.read(lambda: write_pdf(sign_in_sheet_pdf(store, event_id), path))

        def done(_result: object) -> None:
            self.status.setText(self.tr("Saved {name}").format(name=path.name))
            self.saved.emit(path)

        op.with_progress(self.tr("Saving a register…")).success(done).failure(
            lambda exc: show_error(self, exc)).run()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._prepared is None and self._loading == 0:
            self.reload()
