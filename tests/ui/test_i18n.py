"""A translation really loads: a .qm built here with pyside6-lrelease from a tiny .ts is
installed through ``ui.i18n.install_translator`` for its locale, and a real widget, an
app/ message (through ``app.text._``) and Qt's own standard buttons show the translation.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.domain import MarkStatus
from app.errors import NotFoundError
from app.text import _
from ui.event_header import EventHeader
from ui.i18n import install_translator, uninstall_translators

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
    <name></name>
    <message>
        <source>Absent</source>
        <translation>Abwesend</translation>
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
    finally:
        uninstall_translators(qapp, list(installed))


def test_the_shipped_folder_holds_the_template_and_no_stray_catalogue() -> None:
    """npq_desk.ts is the template; a bare npq_desk.qm would load for every locale."""
    folder = Path(__file__).resolve().parents[2] / "resources" / "translations"
    assert (folder / "npq_desk.ts").exists()
    assert not (folder / "npq_desk.qm").exists()
