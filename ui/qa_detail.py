"""One facilitator's QA cycle beside the table: what is due, with a button to start or
continue each item, and every form about them (FormSummary list) to open."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.forms.views import CycleItem, FacilitatorQa, FormSummary
from ui.forms.widgets import restyle
from ui.i18n import translate
from ui.keyboard_focus import leave_on_tab
from ui.qa_cycle import action_text, item_text, session_text
from ui.theme_items import colour_item, follow_items

FORM_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def summary_text(form: FormSummary) -> str:
    """'QA visit · signed off 12 Nov 2026 by Ciarán Ó Briain' or '… · draft, saved …'."""
    if form.status == "submitted" and form.submitted_at is not None:
        when = (translate("FacilitatorDetail", "signed off {day} by {author}")
                if form.kind == "qa_visit"
                else translate("FacilitatorDetail", "submitted {day} by {author}")).format(
            day=f"{form.submitted_at.astimezone():%d %b %Y}", author=form.author_name)
    else:
        when = translate("FacilitatorDetail", "draft, saved {time}").format(
            time=f"{form.updated_at.astimezone():%d %b %Y %H:%M}")
    parts = [form.title, when]
    if form.revision > 1:
        parts.append(translate("FacilitatorDetail", "revision {n}").format(n=form.revision))
    if form.superseded:
        parts.append(translate("FacilitatorDetail", "replaced by a later revision"))
    return " · ".join(parts)


class CycleRows(QWidget):
    """Label, state and action of each cycle item, in a grid."""

    action = Signal(object)  # CycleItem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.buttons: dict[str, QPushButton] = {}

    def show_items(self, items: tuple[CycleItem, ...], name: str, *,
                   can_start: frozenset[str]) -> None:
        while self.grid.count():
            taken = self.grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        # said when the table's Enter brings the keyboard here (``focus_first``)
        self.setAccessibleName(self.tr("QA cycle of {name}").format(name=name) if name
                               else self.tr("QA cycle"))
        self.setAccessibleDescription("; ".join(
            f"{item.label}: {item_text(item, compact=True).replace(chr(10), ', ')}"
            for item in items))
        for row, item in enumerate(items):
            self.grid.addWidget(QLabel(item.label), row, 0)
            state = QLabel(item_text(item, compact=True).replace("\n", " · "))
            state.setToolTip(item_text(item))
            state.setWordWrap(True)
            state.setObjectName("cycleState")
            state.setProperty("state", item.state.value)
            restyle(state)
            self.grid.addWidget(state, row, 1)
            text = action_text(item, can_start=item.kind in can_start)
            if text is not None:
                button = QPushButton(text)
                button.setObjectName(f"cycle_{item.kind}_{item.stage or ''}".rstrip("_"))
                button.setAccessibleName(self.tr("{action} {form} for {name}").format(
                    action=text, form=item.label, name=name))
                button.clicked.connect(lambda _c=False, i=item: self.action.emit(i))
                self.buttons[item.label] = button
                self.grid.addWidget(button, row, 2)
        self.grid.setColumnStretch(1, 1)

    def focus_first(self) -> None:
        """The keyboard to the first item's button, or to the (named) rows if none has one."""
        first = next(iter(self.buttons.values()), None)
        (first or self).setFocus(Qt.FocusReason.OtherFocusReason)


class FacilitatorDetail(QFrame):
    item_action = Signal(object, object)  # FacilitatorQa, CycleItem
    open_form = Signal(str)

    def __init__(self, can_start: frozenset[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facilitatorDetail")
        self.setAccessibleName(self.tr("Selected facilitator"))
        self._can_start = can_start
        self.facilitator: FacilitatorQa | None = None
        self.title = QLabel(self.tr("Choose a facilitator"))
        self.title.setObjectName("detailTitle")
        self.facts = QLabel()
        self.facts.setObjectName("detailFacts")
        self.facts.setWordWrap(True)
        self.cycle = CycleRows()
        self.cycle.action.connect(self._action)
        self.forms = QListWidget()
        self.forms.setObjectName("facilitatorForms")
        follow_items(self.forms)
        self.forms.setAccessibleName(self.tr("Forms about this facilitator"))
        self.forms.setWordWrap(True)
        leave_on_tab(self.forms)
        self.forms.itemActivated.connect(self._activated)
        self.open_button = QPushButton(self.tr("Open form"))
        self.open_button.setObjectName("openForm")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._activated(self.forms.currentItem()))
        self.forms.currentItemChanged.connect(
            lambda item, _old: self.open_button.setEnabled(item is not None
                                                           and bool(item.data(FORM_ID_ROLE))))
        heading = QLabel(self.tr("Forms"))
        heading.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        for widget in (self.title, self.facts, self.cycle, heading):
            layout.addWidget(widget)
        layout.addWidget(self.forms, 1)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)

    def show_facilitator(self, row: FacilitatorQa | None) -> None:
        self.facilitator = row
        self.title.setText(row.name if row else self.tr("Choose a facilitator"))
        self.facts.setText(self.tr("First session: {session}").format(
            session=session_text(row.first_session)).replace(
            "\n", " · ", 1).replace("\n", ", ") if row else "")
        self.cycle.show_items(row.items if row else (), row.name if row else "",
                              can_start=self._can_start)

    def show_forms(self, forms: list[FormSummary]) -> None:
        self.forms.clear()
        for form in forms:
            item = QListWidgetItem(summary_text(form))
            item.setData(FORM_ID_ROLE, form.id)
            if form.superseded:
                colour_item(item, foreground="text_muted")
            self.forms.addItem(item)
        if not forms:
            empty = QListWidgetItem(self.tr("No forms yet."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.forms.addItem(empty)

    def _activated(self, item: QListWidgetItem | None) -> None:
        form_id = item.data(FORM_ID_ROLE) if item is not None else None
        if form_id:
            self.open_form.emit(form_id)

    def _action(self, item: CycleItem) -> None:
        if self.facilitator is None:
            return
        if item.form_id is not None:
            self.open_form.emit(item.form_id)
        else:
            self.item_action.emit(self.facilitator, item)
