"""Facilitator notes beside the register: on the event, and on the selected candidate.

Saved as typed: half a second after the last key, and at once when the editor loses focus
or the register moves to someone else. Each save commits the note and its outbox entry
together (``app.notes``). A co-facilitator's shared notes are shown read-only, with their
name and time.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import NoteView, RegisterRow
from ui.errors import explain
from ui.i18n import translate
from ui.runner import Runner

SAVE_DELAY_MS = 500


class NoteService(Protocol):
    def notes(self, event_id: str, candidate_id: str | None = None) -> list[NoteView]: ...
    def noted(self, event_id: str) -> dict[str, str]: ...
    def save(self, event_id: str, body: str, *, note_id: str | None = None,
             candidate_id: str | None = None, shared: bool = False) -> NoteView: ...


def others_text(notes: list[NoteView]) -> str:
    """Co-facilitators' shared notes: 'Tomos Evans, 08:40: I'll take the afternoon'."""
    return "\n\n".join(f"{n.author_name}, {n.updated_at.astimezone():%H:%M}: {n.body}"
                       for n in notes if not n.mine)


class NoteEditor(QFrame):
    """My note on one target (an event, or a candidate at it) and others' shared ones."""

    stored = Signal(object)  # the NoteView just saved

    def __init__(self, runner: Runner, notes: NoteService, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._runner, self._notes = runner, notes
        self._target: tuple[str, str | None] | None = None
        self._note_id = ""
        self._dirty = False
        self._loads = 0
        self._wants_focus = False
        self.title = QLabel()
        self.title.setObjectName("notesTitle")
        self.title.setWordWrap(True)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName(f"{name}Edit")
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText(self.tr("Type a note; it is saved as you type."))
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)
        self.title.setBuddy(self.edit)  # the box is named by its title (``show_target``)
        self.shared = QCheckBox(self.tr("Share with my co-facilitator"))
        self.shared.setObjectName(f"{name}Shared")
        self.shared.toggled.connect(lambda _on: self._typed())
        self.saved = QLabel("")
        self.saved.setObjectName("notesSaved")
        self.others = QLabel("")
        self.others.setObjectName("notesOthers")
        self.others.setWordWrap(True)
        self.others.setTextFormat(Qt.TextFormat.PlainText)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for widget in (self.title, self.edit, self.shared, self.saved, self.others):
            layout.addWidget(widget)
        self.setEnabled(False)

    def show_target(self, event_id: str, candidate_id: str | None, title: str) -> None:
        if self._target == (event_id, candidate_id):
            return
        self.save_now()
        self._target = (event_id, candidate_id)
        self.title.setText(title)
        self.edit.setAccessibleName(title)
        self.setEnabled(False)
        self._loads += 1
        load = self._loads
        (self._runner.read(self._notes.notes, event_id, candidate_id)
         .success(lambda notes: self._loaded(load, notes)).run())

    def _loaded(self, load: int, notes: list[NoteView]) -> None:
        if load != self._loads:
            return
        mine = next((n for n in notes if n.mine), None)
        self._note_id = mine.id if mine else str(uuid.uuid4())
        self.edit.blockSignals(True)
        self.shared.blockSignals(True)
        self.edit.setPlainText(mine.body if mine else "")
        self.shared.setChecked(bool(mine and mine.shared))
        self.edit.blockSignals(False)
        self.shared.blockSignals(False)
        self._dirty = False
        self.saved.setText(self._saved_text(mine) if mine else "")
        self.others.setText(others_text(notes))
        self.others.setVisible(bool(self.others.text()))
        self.setEnabled(True)
        if self._wants_focus:
            self.focus_edit()

    def focus_edit(self) -> None:
        """Put the cursor in my note (once it has loaded)."""
        self._wants_focus = not self.isEnabled()
        if self.isEnabled():
            self.edit.setFocus()

    def _typed(self) -> None:
        self._dirty = True
        self.saved.setText(self.tr("Saving…"))
        self._timer.start()

    def save_now(self) -> None:
        """Commit what is typed, if anything changed since the last save."""
        self._timer.stop()
        if not self._dirty or self._target is None:
            return
        self._dirty = False
        event_id, candidate_id = self._target
        save = partial(self._notes.save, event_id, self.edit.toPlainText(),
                       note_id=self._note_id, candidate_id=candidate_id,
                       shared=self.shared.isChecked())
        self._runner.write(save).success(self._saved).failure(self._not_saved).run()

    def _not_saved(self, exc: BaseException) -> None:
        """Said where "Saved" would be, not in a dialog that would pop up at every pause
        in typing; the text stays in the editor, and the next change tries again."""
        self.saved.setText(self.tr("Not saved: {reason}").format(reason=explain(exc)))

    def _saved(self, note: NoteView) -> None:
        self.stored.emit(note)
        if note.id == self._note_id and not self._dirty:
            self.saved.setText(self._saved_text(note))

    @staticmethod
    def _saved_text(note: NoteView) -> str:
        if note.shared:
            text = translate("NoteEditor", "Saved {time} by {author} · shared with your "
                                           "co-facilitator")
        else:
            text = translate("NoteEditor", "Saved {time} by {author} · only you can see it")
        return text.format(time=f"{note.updated_at.astimezone():%H:%M}", author=note.author_name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.save_now()
        return super().eventFilter(watched, event)


class NotesPanel(QFrame):
    """Both editors, stacked; shown beside the register with Ctrl+N."""

    noted = Signal()  # a note on a candidate was saved: who has a note may have changed

    def __init__(self, runner: Runner, notes: NoteService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self.event_notes = NoteEditor(runner, notes, "eventNotes")
        self.candidate_notes = NoteEditor(runner, notes, "candidateNotes")
        self.candidate_notes.stored.connect(lambda _note: self.noted.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.event_notes, 1)
        layout.addWidget(self.candidate_notes, 1)
        self.setMinimumWidth(260)
        self.setMaximumWidth(360)
        self.hide()

    def show_for(self, event_id: str, candidate_id: str | None, name: str) -> None:
        self.event_notes.show_target(event_id, None, self.tr("Notes on this event"))
        if candidate_id is None:
            self.candidate_notes.hide()
            return
        self.candidate_notes.show()
        self.candidate_notes.show_target(event_id, candidate_id,
                                         self.tr("Notes on {name}").format(name=name))

    def save_now(self) -> None:
        self.event_notes.save_now()
        self.candidate_notes.save_now()

    def follow(self, event_id: str, row: RegisterRow | None) -> None:
        """Show the notes of the event and of the selected person (walk-ins have none)."""
        if not self.isVisible():
            return
        on_roster = row is not None and not row.walk_in
        self.show_for(event_id, row.candidate_id if row and on_roster else None,
                      row.display_name if row else "")

    def toggle(self, event_id: str, row: RegisterRow | None, focus: QWidget | None) -> bool:
        """Open with the cursor in the person's note (or the event's); close, saving, when
        the focus is already inside. True when it closed."""
        if self.isVisible() and focus is not None and self.isAncestorOf(focus):
            self.save_now()
            self.hide()
            return True
        self.show()
        self.follow(event_id, row)
        target = self.candidate_notes if row and not row.walk_in else self.event_notes
        target.focus_edit()
        return False
