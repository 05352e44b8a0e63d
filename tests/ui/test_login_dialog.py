"""Signing in: mistakes are explained in the dialog, which stays open."""

from __future__ import annotations

import socket
from functools import partial

import pytest

from app.store import Store
from desk.session import sign_in
from tests.other_web_server import ANSWERS, OtherWebServer
from ui.login_dialog import LoginDialog


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "data" / "desk.sqlite3")
    yield opened
    opened.close()


def dialog_for(qtbot, runner, store, url: str) -> LoginDialog:
    dialog = LoginDialog(runner, partial(sign_in, store), url, "facilitator")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_wrong_password_shows_a_clear_message_and_the_dialog_stays_open(
        qtbot, runner, store, live_server):
    dialog = dialog_for(qtbot, runner, store, live_server.base_url)
    dialog.password.setText("not-the-password")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled())
    assert dialog.isVisible() and dialog.session is None
    text = dialog.message.text()
    assert text and "went wrong" not in text
    assert "password" in text.lower() or "sign" in text.lower()


def test_an_unreachable_server_shows_a_clear_message(qtbot, runner, store):
    url = f"http://127.0.0.1:{free_port()}"
    dialog = dialog_for(qtbot, runner, store, url)
    dialog.password.setText("npq-demo")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=15_000)
    assert dialog.isVisible() and dialog.session is None
    assert "reach" in dialog.message.text().lower()


def test_empty_fields_are_explained_without_calling_the_server(qtbot, runner, store):
    dialog = dialog_for(qtbot, runner, store, "")
    dialog.submit()
    assert "Fill in" in dialog.message.text()


def test_the_right_password_signs_in_and_closes_the_dialog(qtbot, runner, store, live_server):
    dialog = dialog_for(qtbot, runner, store, live_server.base_url)
    dialog.password.setText("npq-demo")
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        dialog.submit()
    assert dialog.session is not None
    assert dialog.session.identity.username == "facilitator"


def submitted(qtbot, dialog: LoginDialog) -> str:
    dialog.password.setText("npq-demo")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=15_000)
    assert dialog.isVisible() and dialog.session is None
    return dialog.message.text()


def test_our_server_at_a_wrong_path_says_the_address_is_wrong_not_the_password(
        qtbot, runner, store, live_server):
    url = live_server.base_url + "/api/v1"
    text = submitted(qtbot, dialog_for(qtbot, runner, store, url))
    assert "does not answer like an NPQ central service" in text and url in text
    assert "Check the server address" in text
    assert "password" not in text.lower() and "went wrong" not in text


def test_a_web_page_at_the_address_says_the_address_is_wrong(qtbot, runner, store):
    with OtherWebServer(ANSWERS["a redirect to an HTML page"]) as url:
        text = submitted(qtbot, dialog_for(qtbot, runner, store, url))
    assert "does not answer like an NPQ central service" in text and url in text
    assert "password" not in text.lower()
