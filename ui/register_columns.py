"""The register table's columns and the words of their headings and saving states
(``ui.register_model`` shows them; kept apart so the model stays one screen of reading)."""

from __future__ import annotations

from enum import IntEnum

from app.domain import RecordSyncState
from ui.i18n import QT_TRANSLATE_NOOP, translate


class Column(IntEnum):
    NAME = 0
    SCHOOL = 1
    STATUS = 2
    ARRIVAL = 3
    DAY = 4
    AM = 5
    PM = 6
    SYNC = 7


CONTEXT = "RegisterModel"  # the translation context of every text of the register's table
# Marked for extraction only: shown through translate(CONTEXT, …) (header_text, sync_text).
HEADERS = {Column.NAME: QT_TRANSLATE_NOOP("RegisterModel", "Name"),
           Column.SCHOOL: QT_TRANSLATE_NOOP("RegisterModel", "School"),
           Column.STATUS: QT_TRANSLATE_NOOP("RegisterModel", "Status"),
           Column.ARRIVAL: QT_TRANSLATE_NOOP("RegisterModel", "Time"),
           Column.DAY: QT_TRANSLATE_NOOP("RegisterModel", "Day"),
           Column.AM: QT_TRANSLATE_NOOP("RegisterModel", "AM"),
           Column.PM: QT_TRANSLATE_NOOP("RegisterModel", "PM"),
           Column.SYNC: QT_TRANSLATE_NOOP("RegisterModel", "Saved")}
HEADER_TIPS = {
    Column.DAY: QT_TRANSLATE_NOOP("RegisterModel", "Share of the day attended (09:00–16:00)"),
    Column.AM: QT_TRANSLATE_NOOP("RegisterModel",
                                 "Morning session attended (at least half of 09:00–12:30)"),
    Column.PM: QT_TRANSLATE_NOOP("RegisterModel",
                                 "Afternoon session attended (at least half of 13:30–16:00)"),
}

SYNC_TEXT = {
    RecordSyncState.SAVED: QT_TRANSLATE_NOOP("RegisterModel",
                                             "Saved on this laptop — waiting to send"),
    RecordSyncState.SENT: QT_TRANSLATE_NOOP("RegisterModel",
                                            "Sent — waiting for the central service to confirm"),
    RecordSyncState.CONFIRMED: QT_TRANSLATE_NOOP("RegisterModel",
                                                 "Confirmed by the central service"),
    RecordSyncState.NEEDS_ATTENTION: QT_TRANSLATE_NOOP(
        "RegisterModel", "Not accepted by the central service — see “Needs attention” at the "
                         "bottom of the window"),
}

def header_text(column: Column) -> str:
    """A column's heading in the user's language."""
    return translate(CONTEXT, HEADERS[column])


def sync_text(state: RecordSyncState) -> str:
    """What a record's saving state means, in the user's language."""
    return translate(CONTEXT, SYNC_TEXT[state])
