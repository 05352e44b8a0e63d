"""A QA lead fills a QA visit at the venue, offline: every field is saved as typed, the
window can be closed without saving and the draft is intact when the app opens again;
submitting names what is missing and takes the user there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.store import Store
from desk.session import resume
from tests.ui.forms_live import (
    current_editor,
    cycle_button,
    fill,
    fill_all,
    focused_field,
    open_forms_window,
    select_facilitator,
    workspace_ready,
)
from tests.ui.live import signed_in_session
from ui.forms.fields import RatingField, TextField

FACILITATOR = "Oluwaseun Adeyemi"  # assigned to the demo QA lead, no forms yet


@pytest.fixture
def qa_session(live_server, tmp_path):
    session = signed_in_session(live_server, tmp_path / "qa" / "desk.sqlite3", "qa")
    yield session
    session.close()


def start_visit(qtbot, win):
    workspace_ready(qtbot, win)
    select_facilitator(qtbot, win, FACILITATOR)
    qtbot.waitUntil(lambda: win.forms.workspace.detail.cycle.buttons.get("QA visit")
                    is not None, timeout=5_000)
    qtbot.mouseClick(cycle_button(win, "QA visit"), Qt.MouseButton.LeftButton)
    return current_editor(qtbot, win)


def test_a_visit_filled_offline_survives_closing_without_saving(
        qtbot, runner, live_server, qa_session, tmp_path):
    path = qa_session.store.path
    live_server.stop()  # at the venue: no connection after the first sync
    with open_forms_window(qtbot, runner, qa_session) as win:
        editor = start_visit(qtbot, win)
        form_id = editor.form_id
        typed = fill_all(qtbot, editor)
        # closed at once: the last keystrokes are still in the 250 ms throttle
    qa_session.close()

    store = Store.open(path)
    again = resume(store)
    assert again is not None
    try:
        saved = again.forms.form(form_id)
        assert saved.status == "draft"
        header = {"event_id": saved.event_id, "mode": saved.mode}
        for key, value in typed.items():
            assert (header[key] if key in header else saved.answers.get(key)) == value, key
        with open_forms_window(qtbot, runner, again) as win:
            editor = win.forms.open_form(form_id)
            qtbot.waitUntil(lambda: editor.body is not None, timeout=5_000)
            shown = {k: f.value() for k, f in editor.body.fields().items()}
            assert {k: shown[k] for k in typed} == typed
    finally:
        again.close()


def test_typing_without_a_pause_is_saved_at_least_every_quarter_second(
        qtbot, runner, qa_session):
    with open_forms_window(qtbot, runner, qa_session) as win:
        editor = start_visit(qtbot, win)
        field = next(f for f in editor.body.questions.values() if isinstance(f, TextField))
        field.edit.setFocus()
        stored: list[str] = []
        for char in "Candidates answered each other's questions before she did." * 2:
            qtbot.keyClicks(field.edit, char)
            qtbot.wait(20)  # a steady typist: never a 250 ms pause
            runner.read(qa_session.forms.form, editor.form_id).success(
                lambda v: stored.append(v.answers.get(field.key) or "")).run()
        typed = field.edit.toPlainText()
        saved_while_typing = [s for s in stored[:-10] if s]
        assert saved_while_typing, "nothing reached the database while typing"
        assert all(typed.startswith(s) for s in stored)


def test_required_fields_block_submit_and_the_first_missing_one_gets_the_focus(
        qtbot, runner, qa_session):
    with open_forms_window(qtbot, runner, qa_session) as win:
        win.activateWindow()
        editor = start_visit(qtbot, win)
        keys = list(editor.body.fields())
        ratings_first = keys.index("mode") + 1
        # the session and mode, and the first competency's rating, nothing else
        fill_all(qtbot, editor, only={"event_id", "mode", keys[ratings_first]})
        qtbot.mouseClick(editor.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(editor.problems.isVisible, timeout=5_000)
        message = editor.problems.text.text()
        assert "things to complete:" in message
        assert "Overall judgement" in message or "…" in message or "more" in message
        missing = [k for k, f in editor.body.fields().items() if f.property("problem")]
        required = [k for k, f in editor.body.fields().items()
                    if f.required and k not in {"event_id", "mode", keys[ratings_first]}]
        assert missing == required
        first = editor.body.fields()[missing[0]]
        assert first.label_text in message
        qtbot.waitUntil(lambda: focused_field(editor) == missing[0], timeout=5_000)
        assert first.problem.isVisible()
        assert editor.flow.question is None  # no confirmation while things are missing
        assert editor.view.status == "draft"
        # answering it clears its mark
        fill(qtbot, first, 0)
        assert not first.property("problem")


def test_a_qa_lead_opens_on_qa_visits_and_the_window_fits_1366_by_768_with_a_visit_open(
        qtbot, runner, qa_session):
    with open_forms_window(qtbot, runner, qa_session) as win:
        tabs = [win.tabs.tabText(i) for i in range(win.tabs.count())]
        assert tabs == ["QA visits", "Registers"] and win.tabs.currentIndex() == 0
        editor = start_visit(qtbot, win)
        assert win.tabs.tabText(win.tabs.indexOf(editor)) == f"QA visit · {FACILITATOR}"
        assert editor.submit_button.text() == "Sign off and submit"
        qtbot.wait(100)  # let the posted layout requests run
        hint = win.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 768, hint
        unnamed = [w.objectName() for f in editor.body.fields().values()
                   for w in f.inputs() if not w.accessibleName()]
        assert not unnamed


def test_tab_follows_the_form_and_a_digit_picks_the_focused_rating(qtbot, runner, qa_session):
    with open_forms_window(qtbot, runner, qa_session) as win:
        win.activateWindow()
        editor = start_visit(qtbot, win)
        fields = list(editor.body.fields().values())
        editor.body.focus_field(fields[0])
        order = []
        for _ in range(6):
            order.append(focused_field(editor))
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert order == [key for key in editor.body.fields()][:6]
        rating = next(f for f in fields if isinstance(f, RatingField))
        rating.focus_target().setFocus()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
        assert rating.value() == 3 and rating.descriptor.text().startswith(
            f"{rating.levels[3].label}: ")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
        assert rating.value() is None


def test_a_coaching_conversation_keeps_its_date_and_duration(
        qtbot, runner, qa_session):
    with open_forms_window(qtbot, runner, qa_session) as win:
        workspace_ready(qtbot, win)
        select_facilitator(qtbot, win, FACILITATOR)
        qtbot.waitUntil(lambda: "Pre-visit conversation" in
                        win.forms.workspace.detail.cycle.buttons, timeout=5_000)
        qtbot.mouseClick(cycle_button(win, "Pre-visit conversation"),
                         Qt.MouseButton.LeftButton)
        editor = current_editor(qtbot, win)
        assert editor.view.kind == "coaching_conversation"
        assert editor.body.header.fields["duration_minutes"].value() == 30
        typed = fill_all(qtbot, editor, only={"held_on", "duration_minutes", "notes"})
        editor.save_now()
        runner.wait_for_done()
        saved = qa_session.forms.form(editor.form_id)
        assert saved.held_on.isoformat() == typed["held_on"]
        assert saved.duration_minutes == 45 and saved.answers["notes"] == typed["notes"]
        assert win.tabs.tabText(win.tabs.indexOf(editor)) == \
            f"Pre-visit conversation · {FACILITATOR}"


def test_a_facilitator_starts_this_years_self_assessment_from_my_development(
        qtbot, runner, live_server, tmp_path):
    session = signed_in_session(live_server, tmp_path / "f" / "desk.sqlite3", "cofacilitator")
    try:
        with open_forms_window(qtbot, runner, session) as win:
            development = win.forms.development
            assert [win.tabs.tabText(i) for i in range(win.tabs.count())] == [
                "Registers", "My development", "Progress", "Evaluations", "Impact"]
            qtbot.waitUntil(lambda: "Self-assessment 2026/27" in
                            development.cycle_rows.buttons, timeout=10_000)
            qtbot.mouseClick(development.cycle_rows.buttons["Self-assessment 2026/27"],
                             Qt.MouseButton.LeftButton)
            editor = current_editor(qtbot, win)
            assert editor.view.kind == "self_assessment"
            assert editor.view.academic_year == "2026/27"
            assert editor.submit_button.text() == "Submit"
            qtbot.waitUntil(lambda: development.cycle_rows.buttons[
                "Self-assessment 2026/27"].text() == "Continue", timeout=5_000)
    finally:
        session.close()


def banner_count(editor) -> int | None:
    """How many things the banner says are left (None: it says something else)."""
    text = editor.problems.text.text()
    first = text.split(" ", 1)[0]
    return int(first) if editor.problems.isVisible() and first.isdigit() else None


def test_the_banner_counts_down_as_answers_are_typed_and_says_ready_to_sign_off(
        qtbot, runner, qa_session):
    """The banner said '12 things to complete' after everything was filled in: it counted
    once, at Submit. Now each save asks again, so it drops as answers go in, says when the
    visit is ready to sign off, and never moves the cursor from the field being typed in."""
    with open_forms_window(qtbot, runner, qa_session) as win:
        win.activateWindow()
        editor = start_visit(qtbot, win)
        qtbot.mouseClick(editor.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: banner_count(editor) is not None, timeout=5_000)
        at_first = banner_count(editor)
        fields = editor.body.fields()
        missing = [k for k, f in fields.items() if f.property("problem")]
        assert at_first is not None and at_first == len(missing) > 2
        last = next(k for k in reversed(missing) if isinstance(fields[k], TextField))
        for done, key in enumerate([k for k in missing if k != last], start=1):
            fill(qtbot, fields[key], done)
            qtbot.waitUntil(lambda n=at_first - done: banner_count(editor) == n, timeout=5_000)
        assert editor.problems.text.text() == f"1 thing to complete: {fields[last].label_text}."
        assert [k for k, f in fields.items() if f.property("problem")] == [last]

        fields[last].edit.setFocus()
        qtbot.keyClicks(fields[last].edit, "Agreed with the facilitator")  # the last answer
        qtbot.waitUntil(lambda: "ready" in editor.problems.text.text(), timeout=5_000)
        assert editor.problems.text.text() == ("Everything needed is filled in: ready to sign "
                                               "off and submit.")
        assert editor.problems.property("state") == "ready"
        assert [k for k, f in fields.items() if f.property("problem")] == []
        assert focused_field(editor) == last  # typing was never interrupted
        assert editor.view.status == "draft"  # saying ready does not submit
