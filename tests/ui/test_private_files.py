"""No plaintext personal data in any file the app writes (issue 7).

Unmistakable names, an email and a special requirement are planted on the real server;
the app syncs them, shows today's register in the main window, marks the person, writes a
note and a QA form draft naming them, prints the register to a folder outside the data
folder, syncs, closes and starts again (a daily backup). Then every file under the app's
home (data, backups, logs, settings, window state) is searched for the planted strings as
raw UTF-8 and UTF-16 bytes, ignoring case: 0 hits. The same search finds them in the printed
PDF and, through the key, in the database: the planting and the search both work.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from app import paths, settings
from app.domain import MarkStatus
from app.printing.exporters import confidential_sheet_pdf, sign_in_sheet_pdf, write_pdf
from app.store import backup, keys
from desk.session import open_store, resume, sign_in
from server.embedded import EmbeddedServer
from server.models import Record
from tests.conftest import TEST_TODAY
from tests.server import lookups
from tests.ui.live import PASSWORD, open_main_window
from ui.main import setup_logging, store_ready
from ui.runner import Runner

GIVEN, FAMILY = "Zebedee", "Quuxworthington"
NEED = "needs a hoist: PLANTED-SECRET-7731"
EMAIL = "zebedee.quuxworthington@planted.example"
NEEDLES = (GIVEN, FAMILY, "PLANTED-SECRET-7731", "needs a hoist", EMAIL)


def _variants(needle: str) -> list[bytes]:
    lower = needle.lower()
    return [lower.encode("utf-8"), lower.encode("utf-16-le"), lower.encode("utf-16-be")]


def _content(file: Path) -> bytes:
    """The file's bytes; for a PDF also its text (compressed streams, subset fonts)."""
    content = file.read_bytes()
    if content.startswith(b"%PDF"):
        text = "\n".join(page.extract_text() for page in PdfReader(file).pages)
        content += text.encode("utf-8")
    return content.lower()


def hits(folder: Path) -> list[tuple[str, str]]:
    """(file, needle) for every planted string found in any file under ``folder``."""
    found = []
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        content = _content(file)
        found += [(str(file.relative_to(folder)), needle) for needle in NEEDLES
                  if any(v in content for v in _variants(needle))]
    return found


def plant(server: EmbeddedServer) -> tuple[str, str]:
    """Rename an active candidate on today's register of the facilitator's group; returns
    (event id, candidate id)."""
    database = server.database
    event = lookups.event_on(database, lookups.assigned_groups(database, "facilitator"),
                             TEST_TODAY)
    with database.write() as session:
        active = {r.data["candidate_id"] for r in session.scalars(select(Record).where(
            Record.type == "enrolment", Record.group_id == event.group_id))
            if r.data and r.data.get("status") == "active"}
        candidate_id = sorted(active & set(event.candidate_ids))[0]
        record = session.get(Record, ("candidate", candidate_id))
        assert record is not None and record.data is not None
        record.data = {**record.data, "given_name": GIVEN, "family_name": FAMILY,
                       "email": EMAIL, "special_requirements": NEED}
    return event.event_id, candidate_id


@pytest.fixture
def app_log(isolated_home: Path) -> Iterator[Path]:
    handler = setup_logging(paths.log_dir())  # the app's own rotating log file
    yield paths.log_dir()
    logging.getLogger().removeHandler(handler)
    handler.close()


def _first_text_question(view: Any) -> str:
    return next(q.id for s in view.template.sections for q in s.questions if q.kind == "text")


def test_no_file_the_app_writes_holds_planted_personal_data(
        live_server: EmbeddedServer, qtbot: Any, runner: Runner, isolated_home: Path,
        app_log: Path, tmp_path: Path) -> None:
    event_id, candidate_id = plant(live_server)
    printed = tmp_path / "printed"  # outside the app's home, as the user chooses
    printed.mkdir()

    store = open_store()
    session = sign_in(store, live_server.base_url, "facilitator", PASSWORD)
    with open_main_window(qtbot, runner, session) as window:
        names = [window.register_view.model.index(row, 0).data()
                 for row in range(window.register_view.model.rowCount())]
        assert any(FAMILY in str(name) for name in names), "the planted person is shown"
        session.registers.mark(event_id, candidate_id, MarkStatus.PRESENT)
        session.notes.save(event_id, f"{GIVEN} {FAMILY} {NEED}; ring {EMAIL}",
                           candidate_id=candidate_id)
        draft = session.forms.start_self_assessment()
        session.forms.save_answer(draft.id, _first_text_question(draft),
                                  f"Supported {GIVEN} {FAMILY} ({NEED})")
        write_pdf(sign_in_sheet_pdf(store, event_id), printed / "register.pdf")
        write_pdf(confidential_sheet_pdf(store, event_id), printed / "confidential.pdf")
        session.sync.sync_once()
    session.close()
    again = open_store()  # a second start: the daily backup
    assert resume(again) is not None
    again.close()

    database = paths.database_path()
    with keys.connected(database) as raw:
        stored = raw.execute("SELECT family_name, special_requirements FROM candidate "
                             "WHERE id = ?", (candidate_id,)).fetchall()
    assert stored == [(FAMILY, NEED)]
    assert backup.backups(database), "the daily backup is among the files searched"
    assert (app_log / "npq-desk.log").stat().st_size > 0
    assert {needle for _, needle in hits(printed)} >= {GIVEN, FAMILY, "PLANTED-SECRET-7731"}
    written = {p for p in isolated_home.rglob("*") if p.is_file()}
    assert {database, app_log / "npq-desk.log", *backup.backups(database)} <= written

    assert hits(isolated_home) == []


def _answer_next_box(qtbot: Any, button: str | None, seen: list[str]) -> None:
    """When the next modal message box shows, note its text and press ``button`` (by its
    text; None: close it)."""
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        chosen = next((b for b in box.buttons() if b.text() == button), None)
        if chosen is not None:
            chosen.click()
        else:
            box.reject()

    QTimer.singleShot(0, answer)


def test_start_up_says_the_database_is_locked_when_its_key_is_missing(
        qtbot: Any, memory_keyring: Any) -> None:
    store = open_store()
    store.close()
    memory_keyring.secrets.clear()
    before = paths.database_path().read_bytes()
    seen: list[str] = []
    _answer_next_box(qtbot, None, seen)
    assert store_ready() is False
    assert len(seen) == 1 and "locked and its key is not in the keyring" in seen[0]
    assert paths.database_path().read_bytes() == before


def test_start_up_without_a_secure_keyring_stores_nothing_unless_the_user_accepts(
        qtbot: Any) -> None:
    keyring.set_keyring(fail.Keyring())
    seen: list[str] = []
    _answer_next_box(qtbot, None, seen)
    assert store_ready() is False
    assert "no secure password store" in seen[0]
    assert not paths.database_path().exists()
    assert settings.load().allow_unencrypted is False

    _answer_next_box(qtbot, "Keep data unencrypted", seen)
    assert store_ready() is True
    assert settings.load().allow_unencrypted is True
    with open_store() as store:
        assert store.key is None
