"""Marks the strings app/ builds for a person to read, so they can be translated while
app/ stays free of Qt.

``_("…")`` returns the text in the language the user reads: English (the source
language) until the UI installs Qt's translator with ``install`` at start-up. ``N_("…")``
only marks a string for extraction and returns it unchanged: use it for constants built at
import time (before ``install`` runs) and pass the constant through ``_()`` where it is
shown. pyside6-lupdate finds both through ``-tr-function-alias tr+=_,tr+=N_`` (see
``scripts/update_translations.sh``) and files them under the empty context, which is the
context ``install``'s function must look them up in.

Log messages are never wrapped: logs stay in English for whoever reads them.
"""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str], str]


def _unchanged(text: str) -> str:
    return text


_translate: Translate = _unchanged


def _(text: str) -> str:
    """``text`` in the user's language (``text`` itself until a translator is installed)."""
    return _translate(text)


def N_(text: str) -> str:
    """Mark ``text`` for extraction only; translate it with ``_`` where it is shown."""
    return text


def install(translate: Translate | None) -> None:
    """Route ``_`` through ``translate`` (``None`` restores plain English)."""
    global _translate
    _translate = translate if translate is not None else _unchanged
