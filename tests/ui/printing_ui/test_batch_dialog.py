"""Printing every register of a group or an intake at once, off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.printing.builders import seed_groups
from tests.printing.conftest import pages_text
from tests.ui.printing_ui.conftest import shoot
from ui.printing.batch_dialog import BatchDialog
from ui.printing.batch_jobs import BatchResult


def _dialog(qtbot, runner, store, out: Path, **kwargs: object) -> BatchDialog:
    dialog = BatchDialog(runner, store, out_dir=out, **kwargs)  # type: ignore[arg-type]
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


def test_one_combined_pdf_for_a_whole_intake_with_confidential_sheets(
        qtbot, runner, store, groups, tmp_path: Path):
    dialog = _dialog(qtbot, runner, store, tmp_path / "out", whole_intake=True)
    dialog.combined_radio.setChecked(True)
    dialog.confidential_box.setChecked(True)
    with qtbot.waitSignal(dialog.finished_batch, timeout=60_000) as finished:
        dialog.start()
    result: BatchResult = finished.args[0]
    assert [p.name for p in result.files] == ["Autumn-2026_registers.pdf"]
    assert result.registers == 6
    text = " ".join(pages_text(result.files[0]))
    assert "CONFIDENTIAL" in text.upper()
    shoot(qtbot, dialog, "batch-dialog-done")


def test_closing_the_dialog_cancels_a_running_batch(qtbot, runner, store, groups,
                                                     tmp_path: Path):
    dialog = _dialog(qtbot, runner, store, tmp_path / "out", whole_intake=True)
    with qtbot.waitSignal(dialog.finished_batch, timeout=30_000) as finished:
        dialog.start()
        dialog.reject()
        QApplication.processEvents()
    assert finished.args[0].cancelled
