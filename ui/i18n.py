"""Translation: the app's own strings and Qt's standard ones in the user's language.

English (en-GB) is the source language, so with no translation for the system locale the
app simply shows its source strings. A language is a file
``resources/translations/npq_desk_<locale>.qm`` (see that folder's README.md).

How strings are marked (so ``pyside6-lupdate`` finds them; it only recognises calls named
``tr``/``translate``/``QT_TRANSLATE_NOOP`` and the aliases given to it):
- in a QObject subclass: ``self.tr("Save")`` (context: the class);
- elsewhere in ui/: ``translate("Context", "Save")`` from this module;
- in app/: ``_("…")`` / ``N_("…")`` from ``protocol.text`` (context: empty), routed here by
  ``install_translator``;
- text with values: ``translate("Ctx", "Saved at {time}").format(time=…)`` (never an
  f-string, which cannot be extracted); counts: ``self.tr("%n candidate(s)", "", n)``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
)

from protocol import text as app_text
from resources import resource_path

log = logging.getLogger(__name__)

TRANSLATIONS = resource_path("translations")
CATALOGUE = "npq_desk"  # npq_desk_cy.qm, npq_desk_en_XA.qm …
APP_CONTEXT = ""  # lupdate files app's _()/N_() strings under the empty context

translate = QCoreApplication.translate
"""``translate(context, source, disambiguation=None, n=-1)``: lupdate extracts calls by
this name, so import it under this name."""

__all__ = ["QT_TRANSLATE_NOOP", "install_translator", "translate", "uninstall_translators"]


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark ``source`` for extraction under ``context`` and return it unchanged, as Qt's
    function of this name does (whose stubs say it takes and returns ``object``). For
    constants made before a translator loads (module-level lists): pass the constant
    through ``translate(context, constant)`` where it is shown."""
    return source


def translate_app_text(source: str) -> str:
    """How app/'s ``_()`` is looked up once the UI is running."""
    return QCoreApplication.translate(APP_CONTEXT, source)


def install_translator(app: QCoreApplication, locale: QLocale | None = None,
                       folder: Path | None = None) -> list[QTranslator]:
    """Load the app's and Qt's translations for ``locale`` (the system's by default) into
    ``app`` and route app/'s ``_()`` through them. Returns the translators installed
    (parented to ``app``, so they live as long as it does). Call it once, right after the
    QApplication is made and before any window is built. ``folder`` (tests) replaces
    ``resources/translations``."""
    locale = locale if locale is not None else QLocale()
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(locale, CATALOGUE, "_", str(folder or TRANSLATIONS)):
        app.installTranslator(ours)
        installed.append(ours)
        log.info("Translation %s loaded", ours.language())
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_own = QTranslator(app)
    if qt_own.load(locale, "qtbase", "_", qt_folder):  # standard buttons, dialogs
        app.installTranslator(qt_own)
        installed.append(qt_own)
    app_text.install(translate_app_text)
    return installed


def uninstall_translators(app: QCoreApplication, translators: list[QObject]) -> None:
    """Undo ``install_translator`` (tests switch languages within one QApplication)."""
    for translator in translators:
        if isinstance(translator, QTranslator):
            app.removeTranslator(translator)
            translator.deleteLater()
    app_text.install(None)
