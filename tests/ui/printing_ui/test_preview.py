"""Print preview: the register as it will print, printing it, saving it as a PDF."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from app.printing.exporters import sign_in_sheet_pdf
from tests.printing.conftest import pages_text
from tests.ui.printing_ui.conftest import shoot
from ui.printing.preview_dialog import CONFIDENTIAL_WARNING, PreviewDialog


def _open(qtbot, runner, store, event_id: str) -> PreviewDialog:
    dialog = PreviewDialog(runner, store, event_id, "Event 1: Setting direction")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.show()
    return dialog


def test_the_preview_shows_every_page_of_the_register(qtbot, runner, store, groups):
    event_id = groups[0].event_ids[0]
    expected = len(PdfReader(io.BytesIO(sign_in_sheet_pdf(store, event_id))).pages)
    dialog = _open(qtbot, runner, store, event_id)
    assert expected >= 2
    assert dialog.document.pageCount() == expected
    assert dialog.page_label.text() == f"Page 1 of {expected}"
    assert not dialog.previous_button.isEnabled() and dialog.next_button.isEnabled()
    assert not dialog.warning.isVisible()
    shoot(qtbot, dialog, "print-preview")


def test_save_as_pdf_writes_the_register_with_its_title(qtbot, runner, store, groups,
                                                        tmp_path: Path):
    dialog = _open(qtbot, runner, store, groups[1].event_ids[1])
    target = tmp_path / "out" / "register.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.save_to(target)
    text = " ".join(pages_text(target))
    assert "Leading teaching" in text
    assert "NPQSL-AUT26-HALIFAX-2" in text
    assert all(family in text for _given, family in groups[1].names)


def test_printing_to_a_pdf_printer_gives_a_readable_pdf_with_every_page(
        qtbot, runner, store, groups, tmp_path: Path):
    dialog = _open(qtbot, runner, store, groups[0].event_ids[0])
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    with qtbot.waitSignal(dialog.printed, timeout=30_000) as sent:
        dialog.print_to(printer)
    assert sent.args == [dialog.document.pageCount()]
    reader = PdfReader(target)
    assert len(reader.pages) == dialog.document.pageCount()
    assert dialog.status.text().startswith("Sent ")


def test_the_confidential_sheet_is_labelled_and_separate(qtbot, runner, store, groups,
                                                         tmp_path: Path):
    group = groups[0]
    dialog = _open(qtbot, runner, store, group.event_ids[0])
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.confidential_button.click()
    assert dialog.warning.isVisible() and dialog.warning.text() == CONFIDENTIAL_WARNING
    shoot(qtbot, dialog, "print-preview-confidential")
    target = tmp_path / "confidential.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.save_to(target)
    text = " ".join(pages_text(target))
    assert all(need in text for need in group.requirements.values())
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.sign_in_button.click()
    assert not dialog.warning.isVisible()
