"""Where two laptops disagreed about one person: both marks, who and when, and "Keep this one".

Shown under the register while the selected row has a disagreement. Keyboard: Tab reaches
the buttons; Alt+1, Alt+2 (…) keep the first, second (…) mark from anywhere in the register.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain import MarkObservation, RegisterRow
from ui.i18n import translate


def when_text(when: dt.datetime, today: dt.date | None = None) -> str:
    """'09:05', or '09:05 on Mon 23 Nov' when not today (local time)."""
    local = when.astimezone()
    today = today or dt.date.today()
    if local.date() == today:
        return f"{local:%H:%M}"
    return translate("ConflictPanel", "{time} on {day}").format(
        time=f"{local:%H:%M}", day=f"{local:%a} {local.day} {local:%b}")


def source_text(obs: MarkObservation) -> str:
    """'Siân Hughes, on this laptop, at 09:05'."""
    if obs.this_laptop:
        text = translate("ConflictPanel", "{who}, on this laptop, at {when}")
    else:
        text = translate("ConflictPanel", "{who}, on another laptop, at {when}")
    return text.format(who=obs.who, when=when_text(obs.when))


def conflict_summary(row: RegisterRow) -> str:
    """One line for a tooltip: 'Marks differ: Present (Siân Hughes) · Absent (Tomos Evans)'."""
    marks = " · ".join(f"{o.describe()} ({o.who})" for o in row.conflict)
    return translate("ConflictPanel", "Marks differ between laptops: {marks}. Select the row to "
                     "settle it.").format(marks=marks)


def conflicts_text(n: int) -> str:
    """'2 marks differ between laptops — review' (empty when none)."""
    if not n:
        return ""
    if n == 1:
        return translate("ConflictPanel", "1 mark differs between laptops — review")
    return translate("ConflictPanel", "{n} marks differ between laptops — review").format(n=n)


class ConflictPanel(QFrame):
    keep_requested = Signal(str, str)  # candidate id, the stamp of the mark to keep

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictPanel")
        self._row: RegisterRow | None = None
        self.title = QLabel()
        self.title.setObjectName("conflictTitle")
        self.title.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName("conflictHint")
        self.hint.setWordWrap(True)
        self._cards = QHBoxLayout()
        self._cards.setSpacing(12)
        self.keep_buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(self._cards)
        self.hide()

    @property
    def candidate_id(self) -> str | None:
        return self._row.candidate_id if self._row else None

    def show_row(self, row: RegisterRow | None, *, can_settle: bool = True) -> None:
        """Show the disagreement of ``row``, or hide when it has none."""
        self._row = row if row is not None and row.in_conflict else None
        self._clear()
        if self._row is None:
            self.hide()
            return
        row = self._row
        self.title.setText(self.tr("Two laptops marked {name} differently").format(
            name=row.display_name))
        current = next((o for o in row.conflict if o.current), None)
        shown = self.tr("The register shows {mark} for now. ").format(
            mark=current.describe()) if current else ""
        self.hint.setText(shown + (self.tr("Choose the mark that is right; the other laptop "
                                           "will show your choice after it syncs.")
                                   if can_settle else
                                   self.tr("A facilitator of this group can settle it.")))
        for number, obs in enumerate(row.conflict, start=1):
            card = self._card(number, obs, can_settle)
            self._cards.addWidget(card)
            card.show()
        self._cards.addStretch(1)
        self.show()

    def keep(self, number: int) -> None:
        """Keep the ``number``-th mark (1-based), as its button does."""
        if self._row is not None and 0 < number <= len(self._row.conflict) and self.keep_buttons:
            self.keep_requested.emit(self._row.candidate_id, self._row.conflict[number - 1].hlc)

    def _card(self, number: int, obs: MarkObservation, can_settle: bool) -> QFrame:
        card = QFrame()
        card.setObjectName("conflictCard")
        card.setProperty("status", obs.status.value)
        status = QLabel(obs.describe())
        status.setObjectName("conflictStatus")
        source = QLabel(source_text(obs))
        source.setObjectName("conflictSource")
        source.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(4)
        layout.addWidget(status)
        layout.addWidget(source)
        if can_settle:
            button = QPushButton(self.tr("Keep this one"))
            button.setObjectName(f"keepMark{number}")
            button.setToolTip(self.tr("Keep “{mark}” by {who} — Alt+{number}").format(
                mark=obs.describe(), who=obs.who, number=number))
            button.setAccessibleName(self.tr("Keep {mark}, marked by {who}").format(
                mark=obs.describe(), who=obs.who))
            button.clicked.connect(lambda _checked=False, n=number: self.keep(n))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.keep_buttons.append(button)
        return card

    def _clear(self) -> None:
        self.keep_buttons = []
        while self._cards.count():
            item = self._cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
