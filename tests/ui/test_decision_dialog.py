"""The not-viable decision on the group's detail, on a real store: "Record a decision…" only
for a group at risk or not viable, the dialog offering only the valid choices, worked from
the keyboard, and the group then saying the decision waits for the central service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.clock import shared_clock
from app.dashboard import DashboardService
from app.outbox import pending_count
from app.store import Store
from app.store.models import OutboxEntry
from app.viability_decisions import ViabilityDecisionService
from tests.app.partner_records import LEAD, TODAY, Laptop, lead_laptop
from ui.dashboard_view import DashboardView
from ui.decision_dialog import DecisionDialog
from ui.decision_panel import DecisionPanel, attach_decisions
from ui.runner import Runner

SMALL, OTHER, FULL = "NPQSL-SPR27-LEEDS-1", "NPQSL-SPR27-LEEDS-2", "NPQML-SPR27-LEEDS-1"


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Laptop]:
    store = Store.open(tmp_path / "data" / "desk.sqlite3")
    laptop = lead_laptop(store)
    laptop.group(SMALL, "NPQSL", "spring27", 7)
    laptop.group(OTHER, "NPQSL", "spring27", 8)
    laptop.group(FULL, "NPQML", "spring27", 12)
    laptop.group("NPQH-AUT27-LEEDS-1", "NPQH", "autumn27", 3)
    yield laptop
    store.close()


def decisions(laptop: Laptop) -> ViabilityDecisionService:
    return ViabilityDecisionService(laptop.store, shared_clock(laptop.store), LEAD,
                                    today=lambda: TODAY)


def shown_panel(qtbot: Any, runner: Runner, laptop: Laptop, code: str) -> DecisionPanel:
    panel = DecisionPanel(runner, decisions(laptop))
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.shown, timeout=10_000):
        panel.show_group(laptop.groups[code])
    return panel


def opened_dialog(qtbot: Any, panel: DecisionPanel) -> DecisionDialog:
    qtbot.mouseClick(panel.decide, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible(),
                    timeout=10_000)
    assert panel.dialog is not None
    return panel.dialog


def test_a_viable_group_offers_no_decision(qtbot: Any, runner: Runner, laptop: Laptop) -> None:
    panel = shown_panel(qtbot, runner, laptop, FULL)
    assert panel.decide.isHidden() and panel.isHidden()


def test_the_dialog_offers_only_valid_choices_and_works_from_the_keyboard(
        qtbot: Any, runner: Runner, laptop: Laptop) -> None:
    panel = shown_panel(qtbot, runner, laptop, SMALL)
    assert panel.decide.isVisible()
    dialog = opened_dialog(qtbot, panel)
    assert list(dialog.options) == ["run_below_minimum", "merge", "distance_learning",
                                    "next_intake"]
    assert dialog.options["next_intake"].text().endswith(": Autumn 2027")
    assert [dialog.merge_into.itemText(i) for i in range(dialog.merge_into.count())] == [
        f"{OTHER} — Leeds Hub (8 enrolled)"]
    assert not dialog.ok.isEnabled() and not dialog.merge_into.isEnabled()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    first = dialog.options["run_below_minimum"]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Space)  # the first choice
    assert dialog.chosen_kind() == "run_below_minimum" and not dialog.merge_into.isEnabled()
    qtbot.keyClick(first, Qt.Key.Key_Down)  # the arrows move between the choices
    assert dialog.chosen_kind() == "merge" and dialog.merge_into.isEnabled()
    assert dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.note, "Agreed with the central team on the phone")
    with qtbot.waitSignal(panel.shown, timeout=10_000):
        qtbot.keyClick(dialog.merge_into, Qt.Key.Key_Return)  # the default button
    assert pending_count(laptop.store) == 1
    with laptop.store.read() as session:
        entry = session.query(OutboxEntry).one()
    assert entry.data["kind"] == "merge"
    assert entry.data["merge_into_group_id"] == laptop.groups[OTHER]
    assert entry.data["note"] == "Agreed with the central team on the phone"
    assert panel.decide.isHidden()
    assert panel.words.text().endswith(f"(merge into {OTHER}), waiting for the central "
                                       "service.")


def test_without_a_like_group_merge_is_not_offered(qtbot: Any, runner: Runner,
                                                   laptop: Laptop) -> None:
    panel = shown_panel(qtbot, runner, laptop, "NPQH-AUT27-LEEDS-1")
    dialog = opened_dialog(qtbot, panel)
    assert list(dialog.options) == ["run_below_minimum", "distance_learning"]
    dialog.reject()


def test_the_outcome_shows_on_the_group_once_carried_out(qtbot: Any, runner: Runner,
                                                         laptop: Laptop) -> None:
    laptop.decision(SMALL, "merge", merge_into_group_id=laptop.groups[OTHER],
                    outcome=f"7 candidates moved to {OTHER}")
    laptop.group(SMALL, "NPQSL", "spring27", 0, status="closed", merged_into=laptop.groups[OTHER])
    panel = shown_panel(qtbot, runner, laptop, SMALL)
    assert panel.words.text() == (f"Closed. Merged into {OTHER} on Tuesday 24 November 2026: "
                                  f"7 candidates moved to {OTHER}")
    assert panel.decide.isHidden()


def test_the_decision_line_follows_the_group_chosen_on_the_dashboard(
        qtbot: Any, runner: Runner, laptop: Laptop) -> None:
    view = DashboardView(runner, DashboardService(laptop.store), TODAY)
    panel = attach_decisions(view, runner, decisions(laptop), None)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.groups_shown, timeout=10_000):
        view.refresh()
    with qtbot.waitSignal(panel.shown, timeout=10_000):
        assert view.select_group(laptop.groups[SMALL])
    assert panel.isVisible() and panel.decide.isVisible()
    assert panel.parent() is view.detail
