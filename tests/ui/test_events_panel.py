"""The events panel puts today's event first, under plain headings."""

from __future__ import annotations

import datetime as dt

from app.domain import GroupSummary
from tests.ui.factories import event
from ui.events_panel import EventsPanel

TODAY = dt.date(2026, 11, 23)


class Catalogue:
    def events(self, today):
        return [event(id="today"), event(id="next", date=dt.date(2027, 1, 12), number=3),
                event(id="past", date=dt.date(2026, 10, 1), number=1)]

    def groups(self, today=None):
        return [GroupSummary(id="g", code="NPQSL-NW-26A", qualification_code="NPQSL",
                             qualification_title="Senior leadership", partner_name="P",
                             intake_label="Autumn 2026", venue_name="V", enrolled=11,
                             min_size=12, facilitator_names=("Siân Hughes",))]


def test_todays_event_comes_first_and_is_chosen_on_start(qtbot, runner):
    panel = EventsPanel(runner, Catalogue(), today=lambda: TODAY)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.event_chosen) as chosen:
        panel.refresh()
    assert chosen.args == ["today"]
    assert panel.event_ids() == ["today", "next", "past"]
    assert panel.headings() == ["Today", "Coming up", "Past"]


def test_groups_show_enrolled_against_the_minimum_of_twelve(qtbot, runner):
    panel = EventsPanel(runner, Catalogue(), today=lambda: TODAY)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.event_chosen):
        panel.refresh()
    item = panel.groups.topLevelItem(0)
    assert item.text(2) == "11 of 12 minimum"
    assert item.text(3) == "Needs 1 more"
