"""The top of the register: which event this is, where and when."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain import EventSummary
from ui.i18n import translate


def when_text(event: EventSummary) -> str:
    if event.date is not None:
        day = f"{event.date:%A} {event.date.day} {event.date:%B %Y}"
    else:
        day = translate("EventHeader", "Date not chosen yet ({start} – {end})").format(
            start=f"{event.window_start:%d %b}", end=f"{event.window_end:%d %b}")
    return translate("EventHeader", "{day}  ·  {venue}  ·  arrival from {arrival}  ·  "
                     "{start}–{end}").format(day=day, venue=event.venue_name,
                                             arrival=event.arrival_time,
                                             start=event.start_time, end=event.end_time)


def context_text(event: EventSummary) -> str:
    """'NPQSL  ·  National Professional Qualification for Senior Leadership  ·  NPQSL-…-2'."""
    parts = [event.qualification_code, event.qualification_title, event.group_code]
    if event.submitted:
        parts.append(translate("EventHeader", "register submitted"))
    return "  ·  ".join(p for p in parts if p)


class EventHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventHeader")
        self._context = QLabel()
        self._context.setObjectName("eventContext")
        self._context.setWordWrap(True)  # a long title wraps at a large font, not widens
        self._title = QLabel(self.tr("Choose an event"))
        self._title.setObjectName("eventTitle")
        self._title.setWordWrap(True)
        self._when = QLabel(self.tr("Your events are on the left. Today's event opens first."))
        self._when.setObjectName("eventWhen")
        self._when.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for label in (self._context, self._title, self._when):
            layout.addWidget(label)

    def show_event(self, event: EventSummary) -> None:
        self._context.setText(context_text(event))
        self._title.setText(self.tr("Event {number}: {title}").format(
            number=event.number, title=event.title))
        self._when.setText(when_text(event))

    def title(self) -> str:
        return self._title.text()

    def context(self) -> str:
        return self._context.text()
