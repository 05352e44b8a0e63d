"""The left panel: the user's events (Today, Coming up, Past) and their groups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import EventSummary, GroupSummary
from ui.runner import Runner

EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Catalogue(Protocol):
    def groups(self) -> list[GroupSummary]: ...
    def events(self, today: dt.date) -> list[EventSummary]: ...


def section_of(event: EventSummary, today: dt.date) -> str:
    if event.date == today:
        return "Today"
    day = event.date or event.window_start
    if day >= today or (event.date is None and event.window_end >= today):
        return "Coming up"
    return "Past"


def event_text(event: EventSummary) -> str:
    day = f"{event.date:%a} {event.date.day} {event.date:%b %Y}" if event.date else (
        f"Date to choose: {event.window_start:%d %b} – {event.window_end:%d %b}")
    group = event.group_code
    if not group.startswith(event.qualification_code):
        group = f"{event.qualification_code} {group}"
    done = "  ·  submitted" if event.submitted else ""
    return (f"{day}  ·  Event {event.number}\n{event.title}\n{group}  ·  {event.venue_name}\n"
            f"{event.marked} of {event.roster_size} marked{done}")


def group_columns(group: GroupSummary) -> list[str]:
    size = f"{group.enrolled} of {group.min_size} minimum"
    return [group.code, f"{group.qualification_code} · {group.intake_label}", size,
            "Viable" if group.viable else f"Needs {group.min_size - group.enrolled} more"]


class CardDelegate(QStyledItemDelegate):
    """Sizes each wrapped, multi-line event card to the list's current width."""

    PADDING = 22

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
                 ) -> QSize:
        view = self.parent()
        width = (view.viewport().width() if isinstance(view, QListWidget)
                 else option.rect.width()) - self.PADDING
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        rect = QFontMetrics(font).boundingRect(
            QRect(0, 0, max(width, 50), 10_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(max(width, 50), rect.height() + self.PADDING)


class EventsPanel(QWidget):
    event_chosen = Signal(str)

    def __init__(self, runner: Runner, catalogue: Catalogue,
                 today: Callable[[], dt.date] = dt.date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsPanel")
        self._runner, self._catalogue, self._today = runner, catalogue, today
        self._chosen: str | None = None
        self.events = QListWidget()
        self.events.setObjectName("eventsList")
        self.events.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.events.setWordWrap(True)
        self.events.setSpacing(2)
        self.events.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.events.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.events.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.events.setItemDelegate(CardDelegate(self.events))
        self.events.currentItemChanged.connect(self._current_changed)
        self.groups = QTreeWidget()
        self.groups.setObjectName("groupsList")
        self.groups.setHeaderLabels(["Group", "Qualification", "Candidates", ""])
        self.groups.setRootIsDecorated(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.events, "Events")
        self.tabs.addTab(self.groups, "Groups")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        today = self._today()
        self._runner.read(self._load, today).success(self._show).run()

    def _load(self, today: dt.date) -> tuple[dt.date, list[EventSummary], list[GroupSummary]]:
        return today, self._catalogue.events(today), self._catalogue.groups()

    def _show(self, loaded: tuple[dt.date, list[EventSummary], list[GroupSummary]]) -> None:
        today, events, groups = loaded
        self._show_events(today, events)
        self.groups.clear()
        for group in groups:
            self.groups.addTopLevelItem(QTreeWidgetItem(group_columns(group)))
        for column in range(3):
            self.groups.resizeColumnToContents(column)

    def _show_events(self, today: dt.date, events: list[EventSummary]) -> None:
        self.events.blockSignals(True)
        self.events.clear()
        section = None
        for event in events:
            if section_of(event, today) != section:
                section = section_of(event, today)
                self._add_heading(section)
            item = QListWidgetItem(event_text(event))
            item.setData(EVENT_ID_ROLE, event.id)
            if event.date is not None and event.date < today:
                item.setForeground(Qt.GlobalColor.darkGray)
            self.events.addItem(item)
        if not events:
            self._add_heading("No events yet. They appear here after the first sync.")
        self.events.blockSignals(False)
        wanted = self._chosen or next((e.id for e in events), None)
        self._select(wanted)

    def _add_heading(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont()
        font.setBold(True)
        font.setPointSizeF(12)
        item.setFont(font)
        item.setForeground(QColor("#1f4e79"))
        item.setBackground(QColor("#eef2f6"))
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

    def chosen(self) -> str | None:
        return self._chosen

    def event_ids(self) -> list[str]:
        items = (self.events.item(i) for i in range(self.events.count()))
        return [i.data(EVENT_ID_ROLE) for i in items if i.data(EVENT_ID_ROLE)]

    def headings(self) -> list[str]:
        items = (self.events.item(i) for i in range(self.events.count()))
        return [i.text() for i in items if not i.data(EVENT_ID_ROLE)]
