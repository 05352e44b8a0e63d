"""The left panel: the user's events (Today, Coming up, Past) and their groups.

With an event date service (``app.event_dates_service.EventDateService``) each event also
says where its date stands ("Date to choose (window 12–23 Jan)", "Proposed 14 Jan, waiting
for the central service") and when its facilitator briefing is, and a partner lead gets
"Choose date…" (a button and the event's context menu) on an event not yet held.

With ``exports`` (a partner lead or facilitator) the Groups tab offers "Export
attendance…" (a button under it and each group's context menu): the panel asks for it with
``export_attendance_requested`` (the group's code) and the window does it
(``ui.attendance_export_action``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import (
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.domain import EventSummary, GroupSummary
from app.event_date_views import DateState
from ui.card_delegate import show_as_cards
from ui.changes_hub import ChangesHub, announce, subscribe
from ui.date_picker_dialog import DateChooser, DatePickerDialog
from ui.i18n import translate
from ui.keyboard_focus import leave_on_tab
from ui.runner import Runner
from ui.style import points
from ui.theme_items import colour_item, follow_items

EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_CODE_ROLE = Qt.ItemDataRole.UserRole + 2
# What the list shows: each event's date and where its choice stands (waiting to be sent,
# or for the central service), how many are marked, and the groups' enrolments.
SHOWS = Changes(marks=True, dates=True, catalogue=True, outbox=True)
DAY_CHECK_MS = 60_000  # how often the list looks whether the day has changed


class Catalogue(Protocol):
    def groups(self, today: dt.date | None = None) -> list[GroupSummary]: ...
    def events(self, today: dt.date) -> list[EventSummary]: ...


class EventDates(DateChooser, Protocol):
    def states(self) -> dict[str, DateState]: ...


def section_of(event: EventSummary, today: dt.date) -> str:
    if event.date == today:
        return translate("EventsPanel", "Today")
    day = event.date or event.window_start
    if day >= today or (event.date is None and event.window_end >= today):
        return translate("EventsPanel", "Coming up")
    return translate("EventsPanel", "Past")


def event_text(event: EventSummary, state: DateState | None = None) -> str:
    day = f"{event.date:%a} {event.date.day} {event.date:%b %Y}" if event.date else (
        translate("EventsPanel", "Date to choose: {start} – {end}").format(
            start=f"{event.window_start:%d %b}", end=f"{event.window_end:%d %b}"))
    if state is not None and (state.waiting or state.chosen is None):
        day = state.describe()
    group = event.group_code
    if not group.startswith(event.qualification_code):
        group = f"{event.qualification_code} {group}"
    done = translate("EventsPanel", "  ·  submitted") if event.submitted else ""
    briefing = state.briefing() if state is not None else None
    return (translate("EventsPanel", "{day}  ·  Event {number}\n{title}\n{group}  ·  {venue}\n")
            .format(day=day, number=event.number, title=event.title, group=group,
                    venue=event.venue_name)
            + (f"{briefing}\n" if briefing else "")
            + translate("EventsPanel", "{marked} of {size} marked{done}").format(
                marked=event.marked, size=event.roster_size, done=done))


def group_columns(group: GroupSummary) -> list[str]:
    size = translate("EventsPanel", "{enrolled} of {minimum} minimum").format(
        enrolled=group.enrolled, minimum=group.min_size)
    viable = (translate("EventsPanel", "Viable") if group.viable else
              translate("EventsPanel", "Needs {n} more").format(
                  n=group.min_size - group.enrolled))
    return [group.code, f"{group.qualification_code} · {group.intake_label}", size, viable]


class EventsPanel(QWidget):
    event_chosen = Signal(str)

    date_chosen = Signal(str)  # an event's date was chosen here (saved, not yet synced)

    shown = Signal()  # the list has been (re)filled from the local store

    export_attendance_requested = Signal(str)  # a group's code: "Export attendance…"

    def __init__(self, runner: Runner, catalogue: Catalogue,
                 today: Callable[[], dt.date] = dt.date.today,
                 parent: QWidget | None = None, *, dates: EventDates | None = None,
                 hub: ChangesHub | None = None, exports: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("eventsPanel")
        self._exports = exports
        self._runner, self._catalogue, self._today = runner, catalogue, today
        self._hub = hub
        self._shown_day: dt.date | None = None
        self._day_watch = QTimer(self)
        self._day_watch.timeout.connect(self._check_day)
        self._day_watch.start(DAY_CHECK_MS)
        self._dates = dates
        self._states: dict[str, DateState] = {}
        self._chosen: str | None = None
        self.picker: DatePickerDialog | None = None
        self.events = QListWidget()
        self.events.setObjectName("eventsList")
        follow_items(self.events)
        self.events.setAccessibleName(self.tr("Events"))
        self.events.setAccessibleDescription(self.tr(
            "Under the headings Today, Coming up and Past; the headings cannot be chosen"))
        self.events.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.events.setSpacing(2)
        show_as_cards(self.events)
        self.events.currentItemChanged.connect(self._current_changed)
        self.events.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.events.customContextMenuRequested.connect(self._context_menu)
        self.choose_date = QPushButton(self.tr("Choose date…"))
        self.choose_date.setObjectName("chooseDateButton")
        self.choose_date.setToolTip(self.tr("Pick this event's date inside its two-week window"))
        self.choose_date.clicked.connect(lambda: self.open_date_picker(self._chosen))
        self.choose_date.setVisible(False)
        self.groups = QTreeWidget()
        self.groups.setObjectName("groupsList")
        self.groups.setAccessibleName(self.tr("Groups"))
        self.groups.setHeaderLabels([self.tr("Group"), self.tr("Qualification"),
                                     self.tr("Candidates"), self.tr("Viability")])
        self.groups.setRootIsDecorated(False)
        leave_on_tab(self.events, self.groups)  # arrows move in a list, Tab moves on
        self.groups.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.groups.customContextMenuRequested.connect(self._group_menu)
        self.groups.currentItemChanged.connect(lambda *_: self._update_export())
        self.export_attendance = QPushButton(self.tr("Export attendance…"))
        self.export_attendance.setObjectName("exportAttendanceButton")
        self.export_attendance.setToolTip(self.tr(
            "Save the chosen group's attendance as a spreadsheet (Excel or CSV)"))
        self.export_attendance.clicked.connect(
            lambda: self._request_export(self.chosen_group()))
        self.export_attendance.setVisible(False)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Events and groups"))
        self.tabs.addTab(self.events, self.tr("Events"))
        self.tabs.addTab(self.groups, self.tr("Groups"))
        self.tabs.currentChanged.connect(lambda *_: self._update_export())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.addWidget(self.tabs)
        layout.addWidget(self.choose_date)
        layout.addWidget(self.export_attendance)
        subscribe(hub, self)

    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Re-read the list when what it shows changed (even while another tab is on
        screen: it is short, and the events list is where people look first)."""
        if initiator is not self and changes.touches(SHOWS):
            self.refresh()

    def _check_day(self) -> None:
        """After midnight today's event is past and tomorrow's is today: read again (a
        sync with nothing new says nothing changed)."""
        if self._shown_day is not None and self._today() != self._shown_day:
            self.refresh()

    def refresh(self) -> None:
        today = self._today()
        self._runner.read(self._load, today).success(self._show).run()

    def _load(self, today: dt.date) -> tuple[dt.date, list[EventSummary], list[GroupSummary],
                                             dict[str, DateState]]:
        states = self._dates.states() if self._dates is not None else {}
        return today, self._catalogue.events(today), self._catalogue.groups(today), states

    def _show(self, loaded: tuple[dt.date, list[EventSummary], list[GroupSummary],
                                  dict[str, DateState]]) -> None:
        today, events, groups, self._states = loaded
        self._shown_day = today
        self.choose_date.setVisible(any(s.can_choose for s in self._states.values()))
        self._show_events(today, events)
        self._update_choose_date()
        chosen = self.chosen_group()
        self.groups.clear()
        for group in groups:
            item = QTreeWidgetItem(group_columns(group))
            item.setData(0, GROUP_CODE_ROLE, group.code)
            self.groups.addTopLevelItem(item)
            if group.code == chosen:
                self.groups.setCurrentItem(item)
        for column in range(3):
            self.groups.resizeColumnToContents(column)
        self._update_export()
        self.shown.emit()

    def _show_events(self, today: dt.date, events: list[EventSummary]) -> None:
        self.events.blockSignals(True)
        self.events.clear()
        section = None
        for event in events:
            if section_of(event, today) != section:
                section = section_of(event, today)
                self._add_heading(section)
            item = QListWidgetItem(event_text(event, self._states.get(event.id)))
            item.setData(EVENT_ID_ROLE, event.id)
            if event.date is not None and event.date < today:
                colour_item(item, foreground="text_muted")
            self.events.addItem(item)
        if not events:
            self._add_heading(self.tr("No events yet. They appear here after the first sync."))
        self.events.blockSignals(False)
        wanted = self._chosen or next((e.id for e in events), None)
        self._select(wanted)

    def _add_heading(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: the arrows pass over it
        # said as a heading: a list item cannot take the Heading role in Qt's bridge
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     self.tr("Heading: {text}").format(text=text))
        font = QFont()
        font.setBold(True)
        font.setPointSizeF(points(12))
        item.setFont(font)
        colour_item(item, foreground="accent_text", background="header_bg")
        self.events.addItem(item)

    def _select(self, event_id: str | None) -> None:
        for i in range(self.events.count()):
            item = self.events.item(i)
            if event_id is not None and item.data(EVENT_ID_ROLE) == event_id:
                self.events.setCurrentItem(item)
                self.events.scrollToItem(item)
                return

    def _current_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        event_id = item.data(EVENT_ID_ROLE) if item is not None else None
        if event_id and event_id != self._chosen:
            self._chosen = event_id
            self.event_chosen.emit(event_id)
        self._update_choose_date()

    # ---- a group's attendance as a spreadsheet ------------------------------------------

    def chosen_group(self) -> str | None:
        """The code of the group chosen on the Groups tab."""
        item = self.groups.currentItem()
        return item.data(0, GROUP_CODE_ROLE) if item is not None else None

    def _update_export(self) -> None:
        on_groups = self.tabs.currentWidget() is self.groups
        self.export_attendance.setVisible(self._exports and on_groups)
        self.export_attendance.setEnabled(self.chosen_group() is not None)

    def _group_menu(self, at: QPoint) -> None:
        item = self.groups.itemAt(at)
        if not self._exports or item is None:
            return
        code = item.data(0, GROUP_CODE_ROLE)
        menu = QMenu(self)
        menu.addAction(self.tr("Export attendance…"), lambda: self._request_export(code))
        menu.exec(self.groups.viewport().mapToGlobal(at))

    def _request_export(self, group_code: str | None) -> None:
        if self._exports and group_code:
            self.export_attendance_requested.emit(group_code)

    # ---- choosing an event's date (partner leads) ---------------------------------------

    def can_choose_date(self, event_id: str | None) -> bool:
        state = self._states.get(event_id or "")
        return self._dates is not None and state is not None and state.can_choose

    def _update_choose_date(self) -> None:
        self.choose_date.setEnabled(self.can_choose_date(self._chosen))

    def _context_menu(self, at: QPoint) -> None:
        item = self.events.itemAt(at)
        event_id = item.data(EVENT_ID_ROLE) if item is not None else None
        if not self.can_choose_date(event_id):
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Choose date…"), lambda: self.open_date_picker(event_id))
        menu.exec(self.events.viewport().mapToGlobal(at))

    def open_date_picker(self, event_id: str | None) -> DatePickerDialog | None:
        """The date picker for this event (non-blocking); the list refreshes once a date
        is chosen."""
        if self._dates is None or event_id is None or not self.can_choose_date(event_id):
            return None
        self.picker = DatePickerDialog(self._runner, self._dates, event_id, self)
        self.picker.date_chosen.connect(self._date_chosen)
        self.picker.finished.connect(self.picker.deleteLater)
        self.picker.open()
        self.picker.load()
        return self.picker

    def _date_chosen(self, event_id: str, _day: object) -> None:
        self.picker = None
        self.date_chosen.emit(event_id)
        announce(self._hub, Changes.saved_here(dates=True), self)
        self.refresh()

    def chosen(self) -> str | None:
        return self._chosen

    def event_ids(self) -> list[str]:
        items = (self.events.item(i) for i in range(self.events.count()))
        return [i.data(EVENT_ID_ROLE) for i in items if i.data(EVENT_ID_ROLE)]

    def headings(self) -> list[str]:
        items = (self.events.item(i) for i in range(self.events.count()))
        return [i.text() for i in items if not i.data(EVENT_ID_ROLE)]
