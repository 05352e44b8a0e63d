"""The partner lead's date picker: the event's two-week window, one row per day.

A day the central service would refuse (a weekend, a bank holiday, outside the window, in
the past, out of the group's order) is greyed out and cannot be chosen, with its reason
written on the row and in its tooltip; a day with a warning (another event at the venue, an
event of the group close by, the school holidays of the venue's local authority) can be
chosen and says why it might not suit; days with no problem at all are marked "Suggested".
A line under the window says whose term dates the school holidays were checked against,
or that they could not be (no term dates held, no authority for the venue). OK commits the
choice through the runner's write lane; the dialog closes once it is saved on this laptop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.event_date_views import DatePlan, DateState, short_date
from protocol.event_dates import DateOption, long_date
from ui.i18n import translate
from ui.keyboard_focus import leave_on_tab
from ui.runner import Runner
from ui.theme_items import colour_item, follow_items

DAY_ROLE = Qt.ItemDataRole.UserRole + 1
SUGGESTED = "tint_present"  # theme roles (ui/theme_colours.py)
WARNED = "note_tint"
BLOCKED_TEXT = "text_disabled"


class DateChooser(Protocol):
    def options(self, event_id: str) -> DatePlan: ...
    def choose(self, event_id: str, day: dt.date) -> DateState: ...


class EventDates(DateChooser, Protocol):
    """The picker's service with every event's date state (for the lists that open it)."""

    def states(self) -> dict[str, DateState]: ...


def day_text(option: DateOption, suggested: bool, current: bool) -> str:
    """'Tue 12 Jan  ·  Suggested', or the day with its reasons on a second line."""
    head = f"{long_date(option.date)[:3]} {short_date(option.date)}"
    if current:
        head += translate("DatePickerDialog", "  ·  current date")
    if option.selectable and suggested:
        return translate("DatePickerDialog", "{day}  ·  Suggested").format(day=head)
    if not option.problems:
        return head
    reasons = " ".join(p.message for p in option.problems)
    if not option.selectable:
        return translate("DatePickerDialog", "{day}\nNot possible: {reasons}").format(
            day=head, reasons=reasons)
    return translate("DatePickerDialog", "{day}\nWarning: {reasons}").format(
        day=head, reasons=reasons)


def open_date_picker(runner: Runner, dates: DateChooser, event_id: str, parent: QWidget,
                     on_chosen: Callable[[str, object], None]) -> DatePickerDialog:
    """The picker for ``event_id``, opened window-modal (not blocking) and loading; it
    deletes itself when closed, and ``on_chosen(event_id, day)`` runs once a date is saved
    on this laptop."""
    dialog = DatePickerDialog(runner, dates, event_id, parent)
    dialog.date_chosen.connect(on_chosen)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    dialog.load()
    return dialog


class DatePickerDialog(QDialog):
    date_chosen = Signal(str, object)  # event id, the day (dt.date)

    def __init__(self, runner: Runner, dates: DateChooser, event_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("datePickerDialog")
        self.setWindowTitle(self.tr("Choose the event's date"))
        self.setModal(True)
        self._runner, self._dates, self._event_id = runner, dates, event_id
        self._plan: DatePlan | None = None
        self.heading = QLabel(self.tr("Loading the event's window…"))
        self.heading.setObjectName("dateHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.window_label = QLabel()
        self.window_label.setWordWrap(True)
        self.holidays_label = QLabel()
        self.holidays_label.setObjectName("dateHolidays")
        self.holidays_label.setWordWrap(True)
        self.days = QListWidget()
        self.days.setObjectName("dateDays")
        self.days.setAccessibleName(self.tr("Days in the window"))
        follow_items(self.days)
        self.days.setWordWrap(True)
        self.days.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.days.setSpacing(2)
        leave_on_tab(self.days)  # arrows move between days, Tab on to the buttons
        # The chosen day is the selected one, not merely the current one: a list given the
        # keyboard makes its first enabled day current (not selected), which must not look
        # like a choice when no day was suggested.
        self.days.itemSelectionChanged.connect(self._day_changed)
        self.days.itemDoubleClicked.connect(lambda _item: self._accept_choice())
        self.detail = QLabel()
        self.detail.setObjectName("dateDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Choose this date"))
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self._accept_choice)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.window_label, self.holidays_label, self.days,
                       self.detail, self.buttons):
            layout.addWidget(widget)
        self.resize(560, 640)

    def load(self) -> None:
        self._runner.read(self._dates.options, self._event_id).success(self._show).run()

    def _show(self, plan: DatePlan) -> None:
        self._plan = plan
        self.heading.setText(plan.heading)
        now = (self.tr("Currently {day}. ").format(day=long_date(plan.chosen))
               if plan.chosen else self.tr("No date yet. "))
        if plan.proposed and plan.proposed != plan.chosen:
            now += self.tr("Proposed {day}, waiting for the central service. ").format(
                day=long_date(plan.proposed))
        if plan.suggested or not plan.can_choose:
            advice = self.tr("Days marked Suggested have nothing against them: {clear}.").format(
                clear=self._clear_text())
        else:
            advice = self.tr("No day in this window is free of warnings: read a day's warning "
                             "before you choose it, or ask the central team about the window.")
        self.window_label.setText(self.tr("{venue}. Window: {window}. {now}{advice}").format(
            venue=plan.venue_name, window=plan.window.describe(), now=now, advice=advice))
        self.holidays_label.setText(plan.holidays)
        self.days.clear()
        suggested = set(plan.suggested)
        for option in plan.options:
            self.days.addItem(self._item(option, option.date in suggested,
                                         option.date == plan.chosen))
        if not plan.can_choose:
            self.days.setEnabled(False)
            self.detail.setText(
                self.tr("Only the partner lead chooses the date, before the event."))
        first = next((i for i in range(self.days.count())
                      if self.days.item(i).data(DAY_ROLE) == (plan.proposed or plan.chosen)
                      or (not (plan.proposed or plan.chosen)
                          and self.days.item(i).data(DAY_ROLE) in suggested)), None)
        if first is not None and plan.can_choose:
            self.days.setCurrentRow(first)

    def _item(self, option: DateOption, suggested: bool, current: bool) -> QListWidgetItem:
        item = QListWidgetItem(day_text(option, suggested, current))
        item.setData(DAY_ROLE, option.date)
        reasons = "\n".join(p.message for p in option.problems)
        if not option.selectable:
            item.setFlags(Qt.ItemFlag.NoItemFlags)  # disabled: cannot be chosen
            colour_item(item, foreground=BLOCKED_TEXT)
            item.setToolTip(reasons)
        elif option.problems:
            colour_item(item, background=WARNED)
            item.setToolTip(reasons)
        elif suggested:
            colour_item(item, background=SUGGESTED)
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
            item.setToolTip(self.tr("Suggested: {clear}.").format(clear=self._clear_text()))
        return item

    def _clear_text(self) -> str:
        """What a day with no problem has going for it (school holidays only when the
        venue's term dates are held)."""
        if self._plan is not None and self._plan.holidays_checked:
            return self.tr("no clash, no school holiday, and room around the group's other "
                           "events")
        return self.tr("no clash, and room around the group's other events")

    def chosen_day(self) -> dt.date | None:
        item = self._selected()
        return item.data(DAY_ROLE) if item is not None and self._selectable(item) else None

    def _selected(self) -> QListWidgetItem | None:
        selected = self.days.selectedItems()
        return selected[0] if selected else None

    @staticmethod
    def _selectable(item: QListWidgetItem) -> bool:
        return bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)

    def _day_changed(self) -> None:
        item, plan = self._selected(), self._plan
        day = item.data(DAY_ROLE) if item is not None else None
        option = plan.option(day) if plan is not None and day is not None else None
        self.ok.setEnabled(option is not None and option.selectable and plan is not None
                           and plan.can_choose)
        if option is None:
            self.detail.setText("")
        elif option.problems:
            self.detail.setText(self.tr("You may choose this day, but note: {reasons}").format(
                reasons=" ".join(p.message for p in option.problems)))
        else:
            self.detail.setText(self.tr("{day}: {clear}.").format(
                day=long_date(option.date), clear=self._clear_text()))

    def _accept_choice(self) -> None:
        day = self.chosen_day()
        if day is None or not self.ok.isEnabled():
            return
        self.ok.setEnabled(False)
        (self._runner.write(self._dates.choose, self._event_id, day)
         .success(lambda _state: self._chosen(day)).failure(self._refused).run())

    def _chosen(self, day: dt.date) -> None:
        self.date_chosen.emit(self._event_id, day)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.detail.setText(str(exc))
        self.ok.setEnabled(True)
