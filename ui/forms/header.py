"""The fields above a form's questions, by kind.

QA visit: the facilitator, the session visited (among the facilitator's events) and whether
the QA lead co-facilitated or observed. Coaching conversation: before or after the visit,
the day it was held, how long (30 minutes unless changed), the visit it belongs to.
Self-assessment: the academic year. Each editable header field is a ``QuestionField`` keyed
by the name the service's ``save_header`` and ``FieldProblem.question_id`` use.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.forms.views import FormView
from protocol.records import Answer
from ui.forms.fields import DateEdit, QuestionField
from ui.i18n import QT_TRANSLATE_NOOP, translate

MODES = (("co_facilitated", QT_TRANSLATE_NOOP("FormHeader", "Co-facilitated")),
         ("observed", QT_TRANSLATE_NOOP("FormHeader", "Observed")))
STAGES = {"pre_visit": QT_TRANSLATE_NOOP("FormHeader", "Before the visit"),
          "post_visit": QT_TRANSLATE_NOOP("FormHeader", "After the visit")}


@dataclass(frozen=True)
class HeaderChoices:
    """What the header's combo boxes offer: (id, label) pairs, loaded on a worker."""

    events: tuple[tuple[str, str], ...] = ()
    visits: tuple[tuple[str, str], ...] = ()


class ChoiceField(QuestionField):
    """A combo box whose first entry means "not chosen"."""

    def __init__(self, key: str, label: str, empty: str, *, required: bool = False) -> None:
        super().__init__(label, required=required, name=key)
        self.combo = QComboBox()
        self.combo.setObjectName(f"header_{key}")
        self.combo.setAccessibleName(label)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(30)
        self.combo.addItem(empty, None)
        self.add(self.combo)
        self.finish()
        self.combo.currentIndexChanged.connect(self._emit)

    def set_choices(self, choices: tuple[tuple[str, str], ...], current: str | None,
                    current_label: str | None = None) -> None:
        self.combo.blockSignals(True)
        while self.combo.count() > 1:
            self.combo.removeItem(1)
        for choice_id, label in choices:
            self.combo.addItem(label, choice_id)
        if current and self.combo.findData(current) < 0:
            self.combo.addItem(current_label or current, current)  # e.g. an event gone since
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)) if current else 0)
        self.combo.blockSignals(False)

    def value(self) -> str | None:
        data = self.combo.currentData()
        return data if isinstance(data, str) else None

    def set_value(self, value: Answer) -> None:
        self.set_choices(tuple((self.combo.itemData(i), self.combo.itemText(i))
                               for i in range(1, self.combo.count())),
                         value if isinstance(value, str) else None)

    def focus_target(self) -> QWidget:
        return self.combo


class ModeField(QuestionField):
    def __init__(self) -> None:
        super().__init__(translate("FormHeader", "Co-facilitated or observed"), required=True,
                         name="mode")
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for key, text in MODES:
            button = QRadioButton(translate("FormHeader", text))
            button.setObjectName(f"mode_{key}")
            button.setAccessibleName(translate("FormHeader", "Visit mode: {mode}").format(
                mode=button.text()))
            self.group.addButton(button)
            self.buttons[key] = button
            line.addWidget(button)
        line.addStretch(1)
        self.add(row)
        self.finish()
        self.group.buttonToggled.connect(lambda _b, on: self._emit() if on else None)

    def value(self) -> Answer:
        return next((k for k, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, value: Answer) -> None:
        self.group.blockSignals(True)
        if isinstance(value, str) and value in self.buttons:
            self.buttons[value].setChecked(True)
        self.group.blockSignals(False)

    def focus_target(self) -> QWidget:
        return next((b for b in self.buttons.values() if b.isChecked()),
                    self.buttons["co_facilitated"])

    def inputs(self) -> list[QWidget]:
        return list(self.buttons.values())


class HeldOnField(QuestionField):
    def __init__(self) -> None:
        super().__init__(translate("FormHeader", "Held on"), required=True, name="held_on")
        self.edit = DateEdit()
        self.edit.setObjectName("header_held_on")
        self.edit.setAccessibleName(translate("FormHeader", "Held on"))
        self.add(self.edit)
        self.finish()
        self.edit.dateChanged.connect(self._emit)

    def value(self) -> Answer:
        return self.edit.iso()

    def set_value(self, value: Answer) -> None:
        self.edit.blockSignals(True)
        self.edit.set_iso(value)
        self.edit.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self.edit


class DurationField(QuestionField):
    def __init__(self) -> None:
        super().__init__(translate("FormHeader", "Duration"), required=True,
                         name="duration_minutes")
        self.spin = QSpinBox()
        self.spin.setObjectName("header_duration_minutes")
        self.spin.setAccessibleName(translate("FormHeader", "Duration in minutes"))
        self.spin.setRange(5, 240)
        self.spin.setSingleStep(5)
        self.spin.setValue(30)
        self.spin.setSuffix(translate("FormHeader", " minutes"))
        self.spin.setMaximumWidth(160)
        self.add(self.spin)
        self.finish()
        self.spin.valueChanged.connect(self._emit)

    def value(self) -> Answer:
        return self.spin.value()

    def set_value(self, value: Answer) -> None:
        self.spin.blockSignals(True)
        self.spin.setValue(value if isinstance(value, int) and not isinstance(value, bool)
                           else 30)
        self.spin.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self.spin


class FormHeader(QFrame):
    """The kind's header fields, in Tab order, above the first section."""

    def __init__(self, view: FormView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formHeader")
        self.fields: dict[str, QuestionField] = {}
        facts = QFormLayout()
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        facts.setContentsMargins(12, 10, 12, 4)
        facts.setHorizontalSpacing(16)
        facts.addRow(translate("FormHeader", "Facilitator:"),
                     self._fact(view.facilitator_name, "headerFacilitator"))
        if view.kind == "qa_visit":
            self.fields["event_id"] = ChoiceField(
                "event_id", translate("FormHeader", "Session visited"),
                translate("FormHeader", "Choose the session…"), required=True)
            self.fields["mode"] = ModeField()
        elif view.kind == "coaching_conversation":
            stage = translate("FormHeader", STAGES[view.stage]) if view.stage in STAGES else ""
            facts.addRow(translate("FormHeader", "Conversation:"), self._fact(stage, "headerStage"))
            self.fields["held_on"] = HeldOnField()
            self.fields["duration_minutes"] = DurationField()
            self.fields["visit_id"] = ChoiceField(
                "visit_id", translate("FormHeader", "Linked QA visit"),
                translate("FormHeader", "No visit linked"))
        else:
            facts.addRow(translate("FormHeader", "Academic year:"),
                         self._fact(view.academic_year or "", "headerYear"))
        if view.author_id != view.facilitator_id:
            facts.addRow(translate("FormHeader", "QA lead:"),
                         self._fact(view.author_name, "headerAuthor"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(facts)
        for field in self.fields.values():
            layout.addWidget(field)
        self.load(view)

    @staticmethod
    def _fact(text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def load(self, view: FormView) -> None:
        values = {"event_id": view.event_id, "mode": view.mode, "held_on":
                  view.held_on.isoformat() if view.held_on else None,
                  "duration_minutes": view.duration_minutes, "visit_id": view.visit_id}
        for key, field in self.fields.items():
            field.set_value(values.get(key))
        if "event_id" in self.fields:
            self.set_choices(HeaderChoices(), view)

    def set_choices(self, choices: HeaderChoices, view: FormView) -> None:
        events = self.fields.get("event_id")
        if isinstance(events, ChoiceField):
            events.set_choices(choices.events, events.value() or view.event_id,
                               view.event_label)
        visits = self.fields.get("visit_id")
        if isinstance(visits, ChoiceField):
            visits.set_choices(choices.visits, visits.value() or view.visit_id)
