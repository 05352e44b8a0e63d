"""A signed-off visit reaches the facilitator's laptop and is read-only there; a newer
template version reaches a draft in progress, which moves across only when asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QMessageBox

from server.services.templates import publish_template
from tests.ui.forms_live import (
    current_editor,
    cycle_button,
    fill,
    fill_all,
    open_forms_window,
    select_facilitator,
    workspace_ready,
)
from tests.ui.live import signed_in_session
from ui.forms.editor import FormEditor
from ui.forms.read_only import ReadOnlyForm
from ui.qa_detail import FORM_ID_ROLE

FACILITATOR = "Oluwaseun Adeyemi"  # demo user "cofacilitator", in the QA lead's care
VISIT_SOURCE = Path(__file__).resolve().parents[2] / "resources" / "forms" / "qa_visit.json"


@pytest.fixture
def qa_session(live_server, tmp_path):
    session = signed_in_session(live_server, tmp_path / "qa" / "desk.sqlite3", "qa")
    yield session
    session.close()


def start_visit(qtbot, win) -> FormEditor:
    workspace_ready(qtbot, win)
    select_facilitator(qtbot, win, FACILITATOR)
    qtbot.waitUntil(lambda: "QA visit" in win.forms.workspace.detail.cycle.buttons,
                    timeout=5_000)
    qtbot.mouseClick(cycle_button(win, "QA visit"), Qt.MouseButton.LeftButton)
    return current_editor(qtbot, win)


def sync(qtbot, win) -> None:
    with qtbot.waitSignal(win.sync.synced, timeout=20_000):
        win.sync.sync_now()


def test_a_signed_off_visit_reaches_the_facilitator_read_only(
        qtbot, runner, live_server, qa_session, tmp_path):
    live_server.stop()
    with open_forms_window(qtbot, runner, qa_session) as win:
        editor = start_visit(qtbot, win)
        form_id = editor.form_id
        typed = fill_all(qtbot, editor)
        qtbot.mouseClick(editor.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: editor.flow.question is not None, timeout=5_000)
        box = editor.flow.question
        assert "Sign off" in box.windowTitle() and FACILITATOR in box.text()
        sign = next(b for b in box.buttons() if b.text() == "Sign off and submit")
        qtbot.mouseClick(sign, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: editor.view.status == "submitted", timeout=5_000)
        assert editor.body is None and isinstance(editor.scroll_area.widget().findChild(
            ReadOnlyForm), ReadOnlyForm)
        assert editor.submit_button.isHidden() and not editor.export_button.isHidden()
        assert not editor.revise_button.isHidden()
        assert "Signed off by Ciarán Ó Briain" in editor.status.text()

        live_server.start()  # back in the office
        sync(qtbot, win)
        assert qa_session.sync.status().pending_changes == 0

    facilitator = signed_in_session(live_server, tmp_path / "cofac" / "desk.sqlite3",
                                    "cofacilitator")
    try:
        with open_forms_window(qtbot, runner, facilitator) as win:
            development = win.forms.development
            assert development is not None and win.tabs.tabText(1) == "My development"
            win.tabs.setCurrentWidget(development)
            qtbot.waitUntil(lambda: form_id in development.record_ids(), timeout=10_000)
            records = development.records
            item = next(records.item(i) for i in range(records.count())
                        if records.item(i).data(FORM_ID_ROLE) == form_id)
            assert item.text().startswith("QA visit · signed off")
            development.records.setCurrentItem(item)
            qtbot.mouseClick(development.open_button, Qt.MouseButton.LeftButton)
            editor = current_editor(qtbot, win)
            assert editor.form_id == form_id and editor.body is None
            assert editor.submit_button.isHidden() and editor.revise_button.isHidden()
            assert not editor.export_button.isHidden()
            shown = editor.scroll_area.widget().findChild(ReadOnlyForm)
            for key, value in typed.items():
                if key in ("event_id", "mode"):
                    continue
                answer = shown.findChild(QLabel, f"answer_{key}")
                assert answer is not None, key
                if isinstance(value, str) and value.startswith("Seen"):
                    assert answer.accessibleName().endswith(value), key
                assert "Not answered" not in answer.accessibleName(), key

            qtbot.mouseClick(editor.export_button, Qt.MouseButton.LeftButton)
            dialog = editor.export.dialog
            assert dialog.selectedFiles()[0].endswith(
                f"QA visit - {FACILITATOR} - {editor.view.submitted_at.astimezone():%Y-%m-%d}.pdf")
            target = tmp_path / "shared" / "visit.pdf"
            target.parent.mkdir()
            dialog.selectFile(str(target))
            dialog.accept()
            qtbot.waitUntil(lambda: editor.export.done is not None, timeout=15_000)
            assert target.read_bytes().startswith(b"%PDF")
            box = editor.findChild(QMessageBox, "exportPdfDone")
            assert box is not None and "visit.pdf" in box.text()
            box.close()
    finally:
        facilitator.close()


def test_a_newer_template_is_offered_to_a_draft_and_moves_its_answers_on_request(
        qtbot, runner, live_server, qa_session):
    with open_forms_window(qtbot, runner, qa_session) as win:
        editor = start_visit(qtbot, win)
        assert editor.view.template.version == 1
        keys = list(editor.body.questions)
        rating = keys[0]
        kept = {rating: fill(qtbot, editor.body.questions[rating], 2),
                "strengths": fill(qtbot, editor.body.questions["strengths"], 1)}
        fill(qtbot, editor.body.questions["areas_for_development"], 3)
        editor.save_now()
        assert editor.template_banner.isHidden()

        source = json.loads(VISIT_SOURCE.read_text(encoding="utf-8"))
        summary = next(s for s in source["sections"] if s["id"] == "summary")
        summary["questions"] = [
            q for q in summary["questions"] if q["id"] != "areas_for_development"] + [
            {"id": "development_priorities", "kind": "text", "required": True,
             "label": "Development priorities"}]
        with live_server.database.write() as session:
            publish_template(session, source)
        sync(qtbot, win)  # the sync also refreshes the open form

        qtbot.waitUntil(editor.template_banner.isVisible, timeout=5_000)
        assert "A newer version of this form is available" in \
            editor.template_banner.text.text()
        assert editor.view.template.version == 1  # nothing moved by itself
        qtbot.mouseClick(editor.template_banner.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: editor.move_dialog is not None, timeout=5_000)
        dialog = editor.move_dialog
        kept_list = dialog.findChild(QListWidget, "moveKept")
        dropped_list = dialog.findChild(QListWidget, "moveDropped")
        kept_labels = [kept_list.item(i).text() for i in range(kept_list.count())]
        dropped_labels = [dropped_list.item(i).text() for i in range(dropped_list.count())]
        assert "Strengths" in kept_labels and dropped_labels == ["Areas for development"]
        qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: editor.view.template.version == 2, timeout=5_000)
        assert editor.template_banner.isHidden()
        assert "development_priorities" in editor.body.questions
        assert "areas_for_development" not in editor.body.questions
        for key, value in kept.items():
            assert editor.body.questions[key].value() == value
        assert qa_session.forms.form(editor.form_id).template.version == 2
