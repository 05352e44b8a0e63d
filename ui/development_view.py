"""'My development' (facilitators): this year's self-assessment, where my own QA cycle
stands, and the visit records and coaching conversations about me once submitted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.forms.views import CycleItem, FacilitatorQa, FormSummary, FormView
from ui.forms.service import FormService
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.qa_detail import FORM_ID_ROLE, CycleRows, summary_text
from ui.runner import Runner

CycleLoader = Callable[[dt.date], FacilitatorQa]
INTRO = QT_TRANSLATE_NOOP(
    "DevelopmentView",
    "Your annual self-assessment against the facilitator competencies, and the QA visit "
    "records and coaching conversations about you once your QA lead has submitted them.")


class DevelopmentView(QWidget):
    open_form = Signal(str)
    form_started = Signal(object)  # FormView of a new self-assessment draft
    loaded = Signal()

    def __init__(self, runner: Runner, forms: FormService, cycle: CycleLoader,
                 user_id: str, today: Callable[[], dt.date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("developmentView")
        self._runner, self._forms, self._cycle = runner, forms, cycle
        self._user_id, self._today = user_id, today
        self.title = QLabel(self.tr("My development"))
        self.title.setObjectName("workspaceTitle")
        hint = QLabel(translate("DevelopmentView", INTRO))
        hint.setObjectName("developmentHint")
        hint.setWordWrap(True)
        self.cycle_rows = CycleRows()
        self.cycle_rows.action.connect(self._item_action)
        self.records = QListWidget()
        self.records.setObjectName("developmentRecords")
        self.records.setAccessibleName(self.tr("Visit records and conversations about me"))
        self.records.setWordWrap(True)
        self.records.itemActivated.connect(self._activated)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setObjectName("openRecord")
        self.open_button.clicked.connect(lambda: self._activated(self.records.currentItem()))
        card = QFrame()
        card.setObjectName("formSection")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(16, 12, 16, 12)
        inner.addWidget(self._heading(self.tr("My QA cycle this year")))
        inner.addWidget(self.cycle_rows)
        inner.addWidget(self._heading(self.tr("Visit records and conversations about me")))
        inner.addWidget(self.records, 1)
        inner.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)
        card.setMaximumWidth(980)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(hint)
        layout.addWidget(card, 1)

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionTitle")
        return label

    def refresh(self) -> None:
        today = self._today()
        self._runner.read(self._load, today).success(self._show).run()

    def _load(self, today: dt.date) -> tuple[FacilitatorQa, list[FormSummary]]:
        about_me = self._forms.forms(facilitator_id=self._user_id)
        return self._cycle(today), about_me

    def _show(self, loaded: tuple[FacilitatorQa, list[FormSummary]]) -> None:
        cycle, forms = loaded
        self.title.setText(self.tr("My development · {year}").format(year=self._year()))
        self.cycle_rows.show_items(cycle.items, cycle.name,
                                   can_start=frozenset({"self_assessment"}))
        self.records.clear()
        shown = [f for f in forms if f.kind != "self_assessment" and f.status == "submitted"]
        shown += [f for f in forms if f.kind == "self_assessment"]
        for form in shown:
            item = QListWidgetItem(summary_text(form))
            item.setData(FORM_ID_ROLE, form.id)
            self.records.addItem(item)
        if not shown:
            empty = QListWidgetItem(self.tr("Nothing yet: records appear here once submitted."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.records.addItem(empty)
        self.loaded.emit()

    def _year(self) -> str:
        today = self._today()
        start = today.year if today.month >= 9 else today.year - 1
        return f"{start}/{(start + 1) % 100:02d}"

    def record_ids(self) -> list[str]:
        items = (self.records.item(i) for i in range(self.records.count()))
        return [i.data(FORM_ID_ROLE) for i in items if i.data(FORM_ID_ROLE)]

    def _activated(self, item: QListWidgetItem | None) -> None:
        form_id = item.data(FORM_ID_ROLE) if item is not None else None
        if form_id:
            self.open_form.emit(form_id)

    def _item_action(self, item: CycleItem) -> None:
        if item.form_id is not None:
            self.open_form.emit(item.form_id)
        elif item.kind == "self_assessment":
            (self._runner.write(partial(self._forms.start_self_assessment))
             .success(self._started).run())

    def _started(self, view: FormView) -> None:
        self.form_started.emit(view)
        self.refresh()
