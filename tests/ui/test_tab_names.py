"""Every tab a person can see in the main window has a name of its own, for every role:
the window's tabs, the events panel's, and those inside each page (built as when first
shown). Two tabs called "Groups" (the partner lead's overview and the events panel's list)
and two called "Events" (the QA lead's register page and the same panel's list) sent people
to the wrong one."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from PySide6.QtWidgets import QTabWidget

from tests.ui.forms_live import open_forms_window
from tests.ui.live import signed_in_session
from ui.lazy_page import LazyPage
from ui.main_window import MainWindow
from ui.runner import Runner


def tab_names(window: MainWindow) -> list[str]:
    """The text of every tab in the window, every page built first."""
    for page in window.findChildren(LazyPage):
        page.ensure()
    return [tabs.tabText(i) for tabs in window.findChildren(QTabWidget)
            for i in range(tabs.count())]


@pytest.mark.parametrize("username", ["facilitator", "partner", "qa"])
def test_no_two_tabs_in_the_window_share_a_name(qtbot: Any, runner: Runner, live_server: Any,
                                               tmp_path: Any, username: str) -> None:
    session = signed_in_session(live_server, tmp_path / "data" / "desk.sqlite3", username)
    try:
        with open_forms_window(qtbot, runner, session) as window:
            qtbot.waitUntil(lambda: bool(window.events_panel.event_ids()), timeout=15_000)
            names = tab_names(window)
    finally:
        session.close()
    assert len(names) >= 4, names  # the window's tabs and the events panel's at least
    assert [n for n, count in Counter(names).items() if count > 1] == [], names
    assert all(name.strip() for name in names), names
