"""Printing every register of a group or an intake at once, off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QPushButton

from app.catalogue import CatalogueService
from tests.printing.builders import seed_groups
from tests.printing.conftest import pages_text
from tests.ui.printing_ui.conftest import shoot
from ui.printing.batch_dialog import BatchDialog
from ui.printing.batch_jobs import BatchResult


def _dialog(qtbot, runner, store, out: Path, **kwargs: object) -> BatchDialog:
    dialog = BatchDialog(runner, store, CatalogueService(store), out_dir=out,
                         **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=10_000)
    return dialog


def test_a_group_gives_one_file_per_event_and_the_bar_reaches_the_end(
        qtbot, runner, store, groups, tmp_path: Path):
    group = groups[1]
    dialog = _dialog(qtbot, runner, store, tmp_path / "out", group_id=group.group_id)
    assert dialog.group_radio.isChecked()
    assert dialog.group_list.currentData() == group.group_id
    seen: list[tuple[int, int]] = []
    dialog.progressed.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(dialog.finished_batch, timeout=30_000) as finished:
        dialog.start_button.click()
    result: BatchResult = finished.args[0]
    assert len(result.files) == len(group.event_ids) == result.registers
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        p.name for p in result.files)
    assert (dialog.progress.value(), dialog.progress.maximum()) == (3, 3)
    assert seen[-1] == (3, 3)
    assert dialog.message.text() == f"3 registers saved in {tmp_path / 'out'}."
    assert dialog.open_button.isVisible() and not dialog.cancel_button.isVisible()
    assert "NPQSL-AUT26-HALIFAX-2" in pages_text(result.files[0])[0]


def test_cancel_stops_an_intake_early_and_keeps_the_finished_files(
        qtbot, runner, store, tmp_path: Path):
    groups = seed_groups(store, [60, 60, 60, 60], events=6)
    dialog = _dialog(qtbot, runner, store, tmp_path / "out", whole_intake=True)
    assert dialog.intake_radio.isChecked() and dialog.intake_list.currentData() == "Autumn 2026"
    total = sum(len(g.event_ids) for g in groups)

    def cancel_after_the_first(done: int, _total: int) -> None:
        if done == 1:
            shoot(qtbot, dialog, "batch-dialog-running", settle_ms=0)
            dialog.cancel()

    dialog.progressed.connect(cancel_after_the_first)
    with qtbot.waitSignal(dialog.finished_batch, timeout=30_000) as finished:
        dialog.start_button.click()
        assert dialog.running and dialog.cancel_button.isVisible()
    result: BatchResult = finished.args[0]
    assert result.cancelled
    assert 1 <= len(result.files) < total
    assert len(list((tmp_path / "out").glob("*.pdf"))) == len(result.files)
    assert dialog.message.text().startswith(f"Cancelled: {len(result.files)} of {total} ")
    # The bar still says how far it got, not "0 of …" for a fresh start.
    assert dialog.progress.maximum() == total and dialog.progress.value() >= 1


def test_one_combined_pdf_for_a_whole_intake_and_the_confidential_sheets_apart(
        qtbot, runner, store, groups, tmp_path: Path):
    dialog = _dialog(qtbot, runner, store, tmp_path / "out", whole_intake=True)
    dialog.combined_radio.setChecked(True)
    assert not dialog.confidential_note.isVisible()
    dialog.confidential_box.setChecked(True)
    assert dialog.confidential_note.isVisible()
    assert "files of their own" in dialog.confidential_note.text()
    with qtbot.waitSignal(dialog.finished_batch, timeout=60_000) as finished:
        dialog.start()
    result: BatchResult = finished.args[0]
    assert [p.name for p in result.files] == ["Autumn-2026_registers.pdf",
                                              "Autumn-2026_registers_CONFIDENTIAL.pdf"]
    assert result.registers == 6
    registers, secrets = (pages_text(path) for path in result.files)
    assert all("SIGN-IN REGISTER" in t and "CONFIDENTIAL" not in t.upper() for t in registers)
    assert len(secrets) == 6 and all("CONFIDENTIAL — for facilitators only" in t
                                     and "SIGN-IN" not in t for t in secrets)
    assert dialog.message.text().endswith(
        "The confidential sheets are in a file of their own, "
        "Autumn-2026_registers_CONFIDENTIAL.pdf, for facilitators only.")
    shoot(qtbot, dialog, "batch-dialog-done")


def test_the_bar_counts_the_registers_of_what_is_chosen(qtbot, runner, store, tmp_path: Path):
    six = seed_groups(store, [18, 12], events=6)[0]
    three = seed_groups(store, [12], events=3, intake_id=six.intake_id)[0]
    dialog = _dialog(qtbot, runner, store, tmp_path / "out", group_id=six.group_id)
    assert dialog.progress.text() == "0 of 6 registers"  # was "0 of 100 registers"
    dialog.group_list.setCurrentIndex(dialog.group_list.findData(three.group_id))
    assert dialog.progress.text() == "0 of 3 registers"
    dialog.intake_radio.setChecked(True)
    assert dialog.progress.text() == "0 of 15 registers"  # 6 + 6 + 3 events
    dialog.group_radio.setChecked(True)
    dialog.group_list.setCurrentIndex(dialog.group_list.findData(six.group_id))
    assert dialog.progress.text() == "0 of 6 registers"
    seen: list[tuple[int, int]] = []
    dialog.progressed.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(dialog.finished_batch, timeout=60_000):
        dialog.start_button.click()
    assert {total for _, total in seen} == {6}
    assert dialog.progress.text() == "6 of 6 registers"


@pytest.mark.parametrize("font_pt", [None, 16.0])
def test_the_choose_button_stays_whole_after_saving(qtbot, qapp, runner, store, groups,
                                                    tmp_path: Path, font_pt: float | None):
    # A long folder makes the closing message wrap onto more lines than the window had
    # room for: Qt squeezed the other rows, and the Choose… button lost half its height.
    previous = qapp.font()
    if font_pt:
        font = QFont(previous)
        font.setPointSizeF(font_pt)
        qapp.setFont(font)
    try:
        out = tmp_path / ("a rather long folder name for the registers of the autumn term "
                          "at the Calder Learning Hub, kept for the NPQ team")
        dialog = _dialog(qtbot, runner, store, out, group_id=groups[1].group_id)
        dialog.combined_radio.setChecked(True)
        dialog.confidential_box.setChecked(True)
        with qtbot.waitSignal(dialog.finished_batch, timeout=60_000):
            dialog.start_button.click()
        QApplication.processEvents()
        choose = dialog.findChild(QPushButton, "chooseFolderButton")
        where = choose.parentWidget()
        shoot(qtbot, dialog, f"batch-dialog-saved-{int(font_pt or 0)}pt", settle_ms=0)
        assert choose.isVisible() and choose.text() == "Choose…"
        assert choose.height() >= choose.sizeHint().height(), (choose.geometry(),
                                                               choose.sizeHint())
        assert where.rect().contains(choose.geometry())
        assert dialog.rect().contains(where.geometry())
        for button in (dialog.start_button, dialog.close_button, dialog.open_button):
            assert button.height() >= button.sizeHint().height()
            assert dialog.rect().contains(button.geometry())
        assert dialog.message.height() >= dialog.message.heightForWidth(dialog.message.width())
    finally:
        qapp.setFont(previous)


def test_closing_the_dialog_cancels_a_running_batch(qtbot, runner, store, groups,
                                                     tmp_path: Path):
    dialog = _dialog(qtbot, runner, store, tmp_path / "out", whole_intake=True)
    with qtbot.waitSignal(dialog.finished_batch, timeout=30_000) as finished:
        dialog.start()
        dialog.reject()
        QApplication.processEvents()
    assert finished.args[0].cancelled
