"""A translation really loads: a .qm built here with pyside6-lrelease from a tiny .ts is
installed through ``ui.i18n.install_translator`` for its locale, and a real widget, an
app/ message (through ``protocol.text._``) and Qt's own standard buttons show the translation;
so do texts built away from a Qt text call (the register model's headers and saving states,
the status bar's counts, app's register summary and dates, sync's messages).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.domain import MarkStatus, RecordSyncState, RegisterCounts, SyncStatus
from app.errors import NotFoundError
from protocol.event_dates import long_date
from protocol.text import _
from sync.errors import default_message
from ui.event_header import EventHeader
from ui.i18n import install_translator, uninstall_translators
from ui.register_model import Column, RegisterModel, sync_text
from ui.status_bar import status_texts

LRELEASE = Path(sys.executable).with_name("pyside6-lrelease")

TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en_GB">
<context>
    <name>EventHeader</name>
    <message>
        <source>Choose an event</source>
        <translation>Wählen Sie eine Veranstaltung</translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>School</source>
        <translation>Schule</translation>
    </message>
    <message>
        <source>Share of the day attended (09:00–16:00)</source>
        <translation>Anteil des Tages anwesend (09:00–16:00)</translation>
    </message>
    <message>
        <source>Saved on this laptop — waiting to send</source>
        <translation>Auf diesem Laptop gespeichert — wartet auf den Versand</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>{n} changes waiting to send</source>
        <translation>{n} Änderungen warten auf den Versand</translation>
    </message>
</context>
<context>
    <name></name>
    <message>
        <source>Absent</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>{attended} of {total} here</source>
        <translation>{attended} von {total} da</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>Montag</translation>
    </message>
    <message>
        <source>{n} seconds</source>
        <translation>{n} Sekunden</translation>
    </message>
</context>
</TS>
"""


@pytest.fixture
def german(qapp: QApplication, tmp_path: Path) -> Iterator[Path]:
    """npq_desk_de_DE.qm in a folder of its own, installed for German; removed after."""
    if not LRELEASE.exists():  # pragma: no cover - the venv always has it
        pytest.skip("pyside6-lrelease missing")
    source = tmp_path / "npq_desk_de_DE.ts"
    source.write_text(TS, encoding="utf-8")
    subprocess.run([str(LRELEASE), str(source), "-qm", str(tmp_path / "npq_desk_de_DE.qm")],
                   check=True, capture_output=True)
    installed = install_translator(qapp, QLocale(QLocale.Language.German,
                                                 QLocale.Country.Germany), tmp_path)
    yield tmp_path
    uninstall_translators(qapp, list(installed))


def test_a_widget_shows_the_loaded_translation(german: Path, qtbot) -> None:
    header = EventHeader()
    qtbot.addWidget(header)
    assert header.title() == "Wählen Sie eine Veranstaltung"


def test_app_messages_go_through_the_installed_translator(german: Path) -> None:
    assert MarkStatus.ABSENT.label == "Abwesend"
    assert _("Absent") == "Abwesend"
    # A message with no translation stays in English rather than going blank.
    assert str(NotFoundError(_("Nothing here"))) == "Nothing here"


def test_texts_built_away_from_a_qt_call_follow_the_translation(german: Path) -> None:
    model = RegisterModel()
    header = Qt.Orientation.Horizontal
    assert model.headerData(Column.SCHOOL, header) == "Schule"
    assert model.headerData(Column.DAY, header, Qt.ItemDataRole.ToolTipRole) == \
        "Anteil des Tages anwesend (09:00–16:00)"
    assert model.headerData(Column.NAME, header) == "Name"  # no translation: English
    assert sync_text(RecordSyncState.SAVED) == \
        "Auf diesem Laptop gespeichert — wartet auf den Versand"
    status = SyncStatus(pending_changes=3, needs_attention=0, last_success=None,
                        last_attempt=None, last_error=None, server_reachable=None)
    assert status_texts(status).pending == "3 Änderungen warten auf den Versand"
    counts = RegisterCounts(total=18, by_status={MarkStatus.PRESENT: 10})
    assert counts.summary() == "10 von 18 da"
    assert long_date(dt.date(2026, 11, 23)) == "Montag 23 November 2026"
    # sync's sentence has no translation here (English), its duration has
    assert default_message("rate_limited", retry_after=30).endswith("try again in 30 Sekunden.")


def test_qt_standard_buttons_follow_the_locale(german: Path, qtbot) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text().replace("&", "") == "Abbrechen"


def test_without_a_translation_the_source_english_shows(qapp: QApplication, qtbot,
                                                        tmp_path: Path) -> None:
    installed = install_translator(qapp, QLocale(QLocale.Language.Welsh), tmp_path)
    try:
        header = EventHeader()
        qtbot.addWidget(header)
        assert header.title() == "Choose an event"
        assert MarkStatus.ABSENT.label == "Absent"
        assert RegisterModel().headerData(Column.SCHOOL, Qt.Orientation.Horizontal) == "School"
        assert long_date(dt.date(2026, 11, 23)) == "Monday 23 November 2026"
    finally:
        uninstall_translators(qapp, list(installed))


def test_the_shipped_folder_holds_the_template_and_no_stray_catalogue() -> None:
    """npq_desk.ts is the template; a bare npq_desk.qm would load for every locale."""
    folder = Path(__file__).resolve().parents[2] / "resources" / "translations"
    assert (folder / "npq_desk.ts").exists()
    assert not (folder / "npq_desk.qm").exists()
