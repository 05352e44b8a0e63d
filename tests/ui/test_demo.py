"""Demo mode: an embedded server, signed in, today's event open, nothing to set up."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_TODAY
from ui.demo import Demo, DemoBackend


@pytest.fixture
def demo(runner, tmp_path):
    backend = DemoBackend(root=tmp_path / "demo", today=TEST_TODAY, own_keyring=False)
    demo = Demo(runner, backend)
    demo.failures = []  # type: ignore[attr-defined]
    demo.failed.connect(demo.failures.append)  # type: ignore[attr-defined]
    yield demo
    if demo.window is not None:
        demo.window.close()
    runner.wait_for_done()
    backend.close()


def open_role(qtbot, demo, role: str):
    before = demo.window
    demo.open(role)
    qtbot.waitUntil(lambda: demo.window is not before or bool(demo.failures), timeout=30_000)
    assert not demo.failures, demo.failures
    return demo.window


def test_the_demo_signs_in_and_opens_todays_event_first(qtbot, demo):
    window = open_role(qtbot, demo, "facilitator")
    qtbot.addWidget(window)
    panel = window.events_panel
    qtbot.waitUntil(lambda: window.register_view.model.rowCount() > 0, timeout=15_000)
    assert panel.headings()[0] == "Today"
    assert panel.chosen() == panel.event_ids()[0]
    register = window.register_view.model.register
    assert register is not None and register.event.date == TEST_TODAY
    assert window.register_view.buttons  # a facilitator can mark


def test_switching_demo_user_opens_the_other_users_view(qtbot, demo):
    first = open_role(qtbot, demo, "facilitator")
    closed: list[bool] = []
    first.closed.connect(lambda: closed.append(True))
    window = open_role(qtbot, demo, "partner")
    qtbot.addWidget(window)
    assert window is not first and closed == [True]
    assert window.session.identity.username == "partner"
    assert window.windowTitle().endswith("(partner lead)")
    assert not window.register_view.can_mark
