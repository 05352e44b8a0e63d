"""A normal start: sign in the first time; after that the app opens straight away."""

from __future__ import annotations

import pytest


@pytest.fixture
def launcher(launchers, tmp_path):
    return lambda: launchers(tmp_path / "data" / "desk.sqlite3")


def test_the_first_start_asks_to_sign_in_then_opens_the_main_window(
        qtbot, launcher, live_server):
    first = launcher()
    first.start()
    qtbot.waitUntil(lambda: first.login is not None and first.login.isVisible())
    login = first.login
    login.server.setText(live_server.base_url)
    login.username.setText("facilitator")
    login.password.setText("npq-demo")
    login.submit()
    qtbot.waitUntil(lambda: first.window is not None, timeout=15_000)
    qtbot.addWidget(first.window)
    assert first.window.session.identity.username == "facilitator"


def test_the_next_start_resumes_without_asking(qtbot, launcher, live_server):
    first = launcher()
    first.start()
    qtbot.waitUntil(lambda: first.login is not None)
    first.login.server.setText(live_server.base_url)
    first.login.username.setText("facilitator")
    first.login.password.setText("npq-demo")
    first.login.submit()
    qtbot.waitUntil(lambda: first.window is not None, timeout=15_000)
    first.window.close_now()
    first.close()

    second = launcher()
    second.start()
    qtbot.waitUntil(lambda: second.window is not None, timeout=15_000)
    qtbot.addWidget(second.window)
    assert second.login is None
    assert second.window.session.identity.username == "facilitator"
