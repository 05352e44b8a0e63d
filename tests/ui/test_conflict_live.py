"""Two laptops against the real server: both show where they disagreed; settling on one
clears it on the other after it syncs."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain import MarkStatus
from tests.ui.live import disagree, signed_in_session
from ui.register_view import RegisterView


def test_a_disagreement_shows_on_both_laptops_and_settling_on_one_clears_both(
        qtbot, runner, live_server, tmp_path):
    lead = signed_in_session(live_server, tmp_path / "lead" / "desk.sqlite3", "facilitator")
    co = signed_in_session(live_server, tmp_path / "co" / "desk.sqlite3", "cofacilitator")
    try:
        event_id, candidate_id = disagree(lead, co)

        views = {}
        for name, session in (("lead", lead), ("co", co)):
            view = RegisterView(runner, session.registers)
            qtbot.addWidget(view)
            view.show()
            view.show_event(event_id)
            qtbot.waitUntil(lambda v=view: v.conflicts_button.isVisible(), timeout=10_000)
            assert view.conflicts_button.text() == "1 mark differs between laptops — review"
            views[name] = view
        lead_view = views["lead"]
        lead_view.next_conflict()
        panel = lead_view.conflict_panel
        assert [b.accessibleName() for b in panel.keep_buttons] == [
            f"Keep Present, marked by {lead.identity.name}",
            f"Keep Absent, marked by {co.identity.name}"]
        qtbot.mouseClick(panel.keep_buttons[0], Qt.MouseButton.LeftButton)  # keep Present
        qtbot.waitUntil(lambda: not lead_view.conflicts_button.isVisible(), timeout=10_000)

        runner.wait_for_done()
        lead.sync.sync_once()
        co.sync.sync_once()
        views["co"].refresh()
        qtbot.waitUntil(lambda: not views["co"].conflicts_button.isVisible(), timeout=10_000)
        for session in (lead, co):
            row = next(r for r in session.registers.load(event_id).rows
                       if r.candidate_id == candidate_id)
            assert row.status is MarkStatus.PRESENT and not row.in_conflict
        for view in views.values():
            view.close()
        runner.wait_for_done()
    finally:
        lead.close()
        co.close()
