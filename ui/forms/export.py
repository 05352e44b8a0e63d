"""'Export PDF…': ask where (a file name like 'QA visit - Siân Hughes - 2026-11-12.pdf'),
then write it on a worker (``app.printing.exporters``: the PDF code, ReportLab, is imported
only then)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.forms.views import FormView
from app.printing.exporters import form_pdf, write_pdf
from ui.errors import describe_error
from ui.forms.texts import pdf_file_name
from ui.i18n import translate
from ui.runner import Runner


def default_path(view: FormView) -> Path:
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return Path(folder) / pdf_file_name(view)


class PdfExport:
    """One export: the file dialog (non-blocking), then the job, then a short message."""

    def __init__(self, parent: QWidget, runner: Runner, view: FormView) -> None:
        self._parent, self._runner, self._view = parent, runner, view
        self.dialog = QFileDialog(parent, translate("PdfExport", "Export PDF"),
                                  str(default_path(view)),
                                  translate("PdfExport", "PDF documents (*.pdf)"))
        self.dialog.setObjectName("exportPdfDialog")
        self.dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.dialog.setDefaultSuffix("pdf")
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.fileSelected.connect(lambda name: self.write(Path(name)))
        self.done: Path | None = None

    def ask(self) -> None:
        self.dialog.open()

    def write(self, path: Path) -> None:
        view = self._view
        (self._runner.read(lambda: write_pdf(form_pdf(view), path))
         .with_progress(translate("PdfExport", "Writing the PDF…"))
         .success(self._written).failure(self._failed).run())

    def _written(self, path: Path) -> None:
        self.done = path
        self._tell(QMessageBox.Icon.Information,
                   translate("PdfExport", "Saved {name} in {folder}.").format(
                       name=path.name, folder=path.parent))

    def _failed(self, exc: BaseException) -> None:
        self._tell(QMessageBox.Icon.Warning,
                   translate("PdfExport", "The PDF was not saved. {error}").format(
                       error=describe_error(exc)))

    def _tell(self, icon: QMessageBox.Icon, text: str) -> None:
        box = QMessageBox(icon, translate("PdfExport", "Export PDF"), text,
                          QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName("exportPdfDone")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
