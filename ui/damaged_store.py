"""At start, the local database failed its check: say so plainly, and offer to put it right.

The offer names what will happen, in the words a facilitator at the venue door needs: the
last good copy and when it was made (or that there is none), that the rest comes from the
central service, and what becomes of the changes not sent yet (how many are kept, how many
could not be read). Choosing it runs ``app.store.recovery.recover`` on the write lane
(``ui.launcher``); closing quits and leaves the file as it is. ``recovered_message`` says
what was done, over the window that then opens.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.store.recovery import Damage, Recovered
from protocol.event_dates import long_date
from ui.errors import APP_TITLE
from ui.i18n import QT_TRANSLATE_NOOP, translate

_KINDS = {  # outbox types in words: (one, several)
    "attendance": (QT_TRANSLATE_NOOP("DamagedStore", "attendance mark"),
                   QT_TRANSLATE_NOOP("DamagedStore", "attendance marks")),
    "note": (QT_TRANSLATE_NOOP("DamagedStore", "note"),
             QT_TRANSLATE_NOOP("DamagedStore", "notes")),
    "walk_in": (QT_TRANSLATE_NOOP("DamagedStore", "walk-in"),
                QT_TRANSLATE_NOOP("DamagedStore", "walk-ins")),
    "register_submission": (QT_TRANSLATE_NOOP("DamagedStore", "register submission"),
                            QT_TRANSLATE_NOOP("DamagedStore", "register submissions")),
    "qa_visit": (QT_TRANSLATE_NOOP("DamagedStore", "QA visit form"),
                 QT_TRANSLATE_NOOP("DamagedStore", "QA visit forms")),
    "coaching_conversation": (
        QT_TRANSLATE_NOOP("DamagedStore", "coaching conversation form"),
        QT_TRANSLATE_NOOP("DamagedStore", "coaching conversation forms")),
    "self_assessment": (QT_TRANSLATE_NOOP("DamagedStore", "self-assessment"),
                        QT_TRANSLATE_NOOP("DamagedStore", "self-assessments")),
    "event_date_choice": (QT_TRANSLATE_NOOP("DamagedStore", "event date choice"),
                          QT_TRANSLATE_NOOP("DamagedStore", "event date choices")),
    "unknown": (QT_TRANSLATE_NOOP("DamagedStore", "change of an unknown kind"),
                QT_TRANSLATE_NOOP("DamagedStore", "changes of an unknown kind")),
}


def when(moment: dt.datetime) -> str:
    """'Sunday 22 November 2026 at 07:00', in this laptop's time."""
    local = moment.astimezone()
    return translate("DamagedStore", "{day} at {time}").format(
        day=long_date(local.date()), time=local.strftime("%H:%M"))


def offer_text(damage: Damage) -> str:
    """The details under the headline: what putting it right will do."""
    parts = [translate("DamagedStore", "Part of the database on this laptop can no longer "
                       "be read (a disk fault, or the laptop switching off suddenly, can do "
                       "this). Nothing more has been written to it.")]
    if damage.backup_taken_at is not None:
        parts.append(translate(
            "DamagedStore", "NPQ Partner Desk can put back its last good copy, from "
            "{when}, then fetch everything since from the central service (once this "
            "laptop is online). It takes a few seconds; you can then take registers as "
            "usual.").format(when=when(damage.backup_taken_at)))
    else:
        parts.append(translate(
            "DamagedStore", "There is no good copy on this laptop, so NPQ Partner Desk "
            "will start again and fetch your groups and registers from the central service "
            "(once this laptop is online). You stay signed in."))
    if damage.unsent == 1:
        parts.append(translate("DamagedStore", "The 1 change you had not sent yet will be "
                               "kept and sent at the next sync."))
    elif damage.unsent:
        parts.append(translate("DamagedStore", "The {n} changes you had not sent yet will be "
                               "kept and sent at the next sync.").format(n=damage.unsent))
    if damage.unreadable == 1:
        parts.append(translate("DamagedStore", "1 unsent change cannot be read and will be "
                               "lost."))
    elif damage.unreadable:
        parts.append(translate("DamagedStore", "{n} unsent changes cannot be read and will "
                               "be lost.").format(n=damage.unreadable))
    elif damage.missed_some:
        parts.append(translate("DamagedStore", "Some unsent changes may not be readable, "
                               "and would be lost."))
    if damage.unreadable or damage.missed_some:
        parts.append(translate("DamagedStore", "Once it has synced, check today's marks and "
                               "make any missing ones again."))
    return "\n\n".join(parts)


def make_offer(damage: Damage, parent: QWidget | None = None) -> QMessageBox:
    """The offer, not yet shown: its accept button puts it right, its close button quits."""
    box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE,
                      translate("DamagedStore", "The data on this laptop is damaged"),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("damagedStore")
    box.setInformativeText(offer_text(damage))
    label = (translate("DamagedStore", "Put back the copy and fetch the rest")
             if damage.backup_taken_at is not None
             else translate("DamagedStore", "Start again and fetch everything"))
    restore = box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
    restore.setObjectName("restoreButton")
    close = box.addButton(translate("DamagedStore", "Close NPQ Partner Desk"),
                          QMessageBox.ButtonRole.RejectRole)
    close.setObjectName("closeButton")
    box.setDefaultButton(restore)
    box.setEscapeButton(close)
    return box


def restoring_progress() -> QProgressDialog:
    """Shown while the copy is put back (a few seconds): a window stays open meanwhile."""
    progress = QProgressDialog(translate("DamagedStore", "Putting back the last good copy…"),
                               "", 0, 0)
    progress.setObjectName("restoring")
    progress.setWindowTitle(APP_TITLE)
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    return progress


def recovered_message(done: Recovered) -> str:
    """What was done, for the note shown over the window that follows."""
    if done.backup_taken_at is not None:
        parts = [translate("DamagedStore", "The copy from {when} has been put back. "
                           "Everything since is being fetched from the central service.")
                 .format(when=when(done.backup_taken_at))]
    else:
        parts = [translate("DamagedStore", "NPQ Partner Desk has started again. Your groups "
                           "and registers are being fetched from the central service.")]
    if done.kept == 1:
        parts.append(translate("DamagedStore", "The 1 change you had not sent yet was kept "
                               "and is being sent."))
    elif done.kept:
        parts.append(translate("DamagedStore", "The {n} changes you had not sent yet were "
                               "kept and are being sent.").format(n=done.kept))
    if done.unreadable or done.missed_some:
        lost = ", ".join(_counted(kind, n) for kind, n in sorted(done.unreadable.items()))
        parts.append(translate("DamagedStore", "These could not be read and are lost: {what}. "
                               "Please make them again.").format(
            what=lost or translate("DamagedStore", "some unsent changes")))
    return "\n\n".join(parts)


def _counted(kind: str, count: int) -> str:
    one, several = _KINDS.get(kind, _KINDS["unknown"])
    return f"{count} {translate('DamagedStore', one if count == 1 else several)}"
