"""The dashboard's lower half: one group's recruitment line, its course as the catalogue
gives it (schedule, milestones, assessment window), the partner's delivery-partner
identifier for its cohort, who is at risk (the progress view's verdict, with the reason in
words), its attendance against enrolment (a table and a chart) and its candidates with
their course fees.

Filled from a ``GroupDetail`` (plain data read on a worker thread); updated in place. A
session whose date the user may choose has a "Choose date…" button in its Date cell (one
click, or Tab to it and Space); one chosen here and not yet confirmed reads "Proposed …".
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.dashboard import AtRisk, CourseFees, EventRow, GroupDetail, GroupRow
from app.event_date_views import DateState
from app.fees import pounds
from app.viability import Viability, apart_words
from ui.dashboard_chart import AttendanceChart
from ui.dashboard_model import (
    STAND_OUT_TEXT,
    day_month_year,
    icon_kind,
    short_date,
    status_icon,
    status_text,
)
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.keyboard_focus import leave_on_tab
from ui.text_room import fit_rows_to_text
from ui.theme import set_text_role
from ui.theme_items import colour_item, follow_items

EVENT_HEADERS = (QT_TRANSLATE_NOOP("GroupDetail", "Session"),
                 QT_TRANSLATE_NOOP("GroupDetail", "Date"),
                 QT_TRANSLATE_NOOP("GroupDetail", "Enrolled"),
                 QT_TRANSLATE_NOOP("GroupDetail", "Attended"),
                 QT_TRANSLATE_NOOP("GroupDetail", "Walk-ins"),
                 QT_TRANSLATE_NOOP("GroupDetail", "Register"),
                 QT_TRANSLATE_NOOP("GroupDetail", "Drop-off"))
FEE_HEADERS = (QT_TRANSLATE_NOOP("GroupDetail", "Candidate"),
               QT_TRANSLATE_NOOP("GroupDetail", "School"),
               QT_TRANSLATE_NOOP("GroupDetail", "Course fee"),
               QT_TRANSLATE_NOOP("GroupDetail", "Funding"))
SCHOLARSHIP_TINT = "info_tint"  # a theme role
STACKED_FEE_ROWS = 8  # candidates in view when the fees sit below the attendance
DATE_COLUMN = EVENT_HEADERS.index("Date")


def _label(text: str = "", *, name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([translate("GroupDetail", text) for text in headers])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setHighlightSections(False)
    fit_rows_to_text(table, 26)  # 16pt text is not clipped
    return table


def _cell(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def attended_text(event: EventRow) -> str:
    """'18 (86%)', or '—' until the register is submitted."""
    if event.attended is None or event.rate is None:
        return "—"
    return f"{event.attended} ({round(event.rate * 100)}%)"


def drop_off_text(event: EventRow) -> str:
    """'3 fewer', '2 more', 'none', or '—' where there is nothing to compare."""
    if event.drop_off is None:
        return "—"
    if event.drop_off > 0:
        return translate("GroupDetail", "{n} fewer").format(n=event.drop_off)
    if event.drop_off < 0:
        return translate("GroupDetail", "{n} more").format(n=-event.drop_off)
    return translate("GroupDetail", "none")


def register_text(event: EventRow) -> str:
    if event.submitted:
        return translate("GroupDetail", "Submitted")
    return translate("GroupDetail", "Not yet")


def recruitment_text(group: GroupRow) -> str:
    """The viability line ('9 of 12 enrolled: 3 more needed by ...'); a viable group reads
    '21 enrolled (minimum 12)' rather than '21 of 12 enrolled'."""
    if group.status is Viability.VIABLE:
        apart = apart_words(group.deferred, group.withdrawn)
        if apart:  # '19 enrolled (minimum 12; 1 deferred, 1 withdrawn apart)'
            return translate("GroupDetail", "{enrolled} enrolled (minimum {minimum}; "
                                            "{apart})").format(
                enrolled=group.enrolled, minimum=group.minimum, apart=apart)
        return translate("GroupDetail", "{enrolled} enrolled (minimum {minimum})").format(
            enrolled=group.enrolled, minimum=group.minimum)
    return group.summary


def fees_summary(fees: CourseFees) -> str:
    """'18 candidates: course fees £22,500.00 · 4 on full scholarship (£5,000.00 covered) ·
    schools pay £17,500.00'."""
    if len(fees.lines) == 1:
        people = translate("GroupDetail", "1 candidate")
    else:
        people = translate("GroupDetail", "{n} candidates").format(n=len(fees.lines))
    if not fees.known:
        return translate("GroupDetail", "{people}: the central service has not sent this "
                                        "qualification's course fee yet").format(people=people)
    return translate(
        "GroupDetail", "{people}: course fees {total} without scholarships · {scholarships} on "
        "full scholarship ({covered} covered) · schools pay {payable}").format(
        people=people, total=pounds(fees.total_pence), scholarships=fees.scholarships,
        covered=pounds(fees.covered_pence), payable=pounds(fees.payable_pence))


def delivery_partner_text(detail: GroupDetail) -> str:
    """' · delivery partner ID (2026 cohort): DP-2026-LEEDS', or '' when none was sent."""
    if not detail.delivery_partner_id:
        return ""
    return translate("GroupDetail", " · delivery partner ID ({cohort} cohort): {id}").format(
        cohort=detail.cohort or "", id=detail.delivery_partner_id)


def at_risk_text(at_risk: tuple[AtRisk, ...]) -> str:
    """'At risk (2): Adams, Zoë — Below 90 % of face-to-face hours (80 %); Nowak, Łukasz —
    Missed the last 2 events running', or 'Nobody at risk'."""
    if not at_risk:
        return translate("GroupDetail", "Nobody at risk on current attendance")
    people = "; ".join(f"{a.name} — {a.reason}" for a in at_risk)
    return translate("GroupDetail", "At risk ({n}): {people}").format(n=len(at_risk),
                                                                      people=people)


class GroupDetailPanel(QWidget):
    choose_date = Signal(str)  # event id: the user asked to choose its date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: GroupDetail | None = None
        self.choose_buttons: dict[str, QPushButton] = {}  # by event id
        self.title = _label(name="dashboardGroupTitle")
        self.status_icon = QLabel()
        self.status = _label(name="dashboardGroupStatus")
        self.facts = _label(name="dashboardGroupFacts")
        self.course = _label(name="dashboardCourse")
        self.at_risk = _label(name="dashboardAtRisk")
        self.events = _table(EVENT_HEADERS, "dashboardEvents")
        self.chart = AttendanceChart()
        self.counting = _label(name="dashboardCounting")
        self.fees = _table(FEE_HEADERS, "dashboardFees")
        self.fee_totals = _label(name="dashboardFeeTotals")
        follow_items(self.events)
        follow_items(self.fees)
        leave_on_tab(self.events, self.fees)  # Tab goes on to the Choose date… buttons
        self._build()

    def _build(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.status_icon)
        head.addWidget(self.status, 1)
        attendance = QGroupBox(self.tr("Attendance against enrolment"))
        attendance.setObjectName("dashboardAttendanceBox")
        left = QVBoxLayout(attendance)
        left.addWidget(self.events)
        left.addWidget(self.chart, 1)
        left.addWidget(self.counting)
        candidates = QGroupBox(self.tr("Candidates and course fees"))
        candidates.setObjectName("dashboardFeesBox")
        right = QVBoxLayout(candidates)
        right.addWidget(self.fees, 1)
        right.addWidget(self.fee_totals)
        body = self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.addWidget(attendance, 3)
        body.addWidget(candidates, 2)
        self.candidates_box = candidates
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(head)
        layout.addWidget(self.facts)
        layout.addWidget(self.course)
        layout.addWidget(self.at_risk)
        layout.addLayout(body, 1)
        for header in (self.events.horizontalHeader(), self.fees.horizontalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(0 if header is self.events.horizontalHeader() else 1,
                                        QHeaderView.ResizeMode.Stretch)
        self.events.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fees.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        title = self.title.font()
        title.setPointSizeF(title.pointSizeF() * 1.25)
        title.setBold(True)
        self.title.setFont(title)
        note = self.counting.font()
        note.setPointSizeF(note.pointSizeF() * 0.85)
        self.counting.setFont(note)
        set_text_role(self.counting, "text_secondary")
        self.setVisible(False)

    def show_detail(self, detail: GroupDetail,
                    dates: dict[str, DateState] | None = None) -> None:
        """Show ``detail``; ``dates`` (event id → date state) gives the sessions whose date
        may be chosen here their "Choose date…" button."""
        self.detail = detail
        group = detail.group
        self.title.setText(f"{group.code} — {group.qualification_title}")
        side = self.status.fontMetrics().height() + 4  # 22 at 11pt; grows with the text
        self.status_icon.setPixmap(status_icon(icon_kind(group)).pixmap(
            QSize(side, side), self.devicePixelRatioF()))  # sharp at 2x
        self.status.setText(f"{status_text(group)}: {recruitment_text(group)}")
        font = self.status.font()
        font.setBold(group.stands_out)
        self.status.setFont(font)
        set_text_role(self.status, STAND_OUT_TEXT if group.stands_out else None)
        facilitators = ", ".join(group.facilitator_names) or self.tr("no facilitator yet")
        self.facts.setText(self.tr(
            "{intake} · registration closes {deadline} · {venue} · facilitators: "
            "{facilitators}").format(intake=group.intake_label,
                                     deadline=short_date(group.registration_deadline),
                                     venue=group.venue_name, facilitators=facilitators)
            + delivery_partner_text(detail))
        self.course.setText(self.tr("Course: {course}").format(course=detail.course)
                            if detail.course else "")
        self.course.setVisible(bool(detail.course))
        self.at_risk.setText(at_risk_text(detail.at_risk))
        set_text_role(self.at_risk, STAND_OUT_TEXT if detail.at_risk else None)
        self._fill_events(detail.events, dates or {})
        self.chart.show_events(detail.events)
        self.counting.setText(detail.counting_note)
        self._fill_fees(detail.fees)
        self.setVisible(True)
        self._arrange()

    def add_section(self, widget: QWidget) -> None:
        """Another feature's line under the at-risk line (the viability decision)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.at_risk) + 1, widget)

    def clear(self) -> None:
        self.detail = None
        self.setVisible(False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def side_by_side(self) -> bool:
        return self.body.direction() == QBoxLayout.Direction.LeftToRight

    def _arrange(self) -> None:
        """Attendance and fees side by side while both fit, each with its names readable;
        with larger text (or a narrower window) the fees go below, and the detail, which
        scrolls, gets longer instead of squeezing the session names to "1…"."""
        wide = self.width() >= self._side_by_side_width()
        if wide != self.side_by_side():
            self.body.setDirection(QBoxLayout.Direction.LeftToRight if wide
                                   else QBoxLayout.Direction.TopToBottom)
        rows = STACKED_FEE_ROWS * self.fees.verticalHeader().defaultSectionSize()
        self.fees.setMinimumHeight(0 if wide else rows + 2 * self.fees.frameWidth()
                                   + self.fees.horizontalHeader().sizeHint().height())

    def _side_by_side_width(self) -> int:
        """What both tables need side by side: every column as its content asks, but the
        session and school names elided to a readable minimum."""
        chars = self.fontMetrics().averageCharWidth()
        readable = {(self.events, 0): 22 * chars, (self.fees, 1): 12 * chars}
        need = 0
        for table in (self.events, self.fees):
            header = table.horizontalHeader()
            for column in range(table.columnCount()):
                width = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
                need += min(width, readable.get((table, column), width))
            need += 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        return need + 6 * self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin)

    def _fill_events(self, events: tuple[EventRow, ...], dates: dict[str, DateState]) -> None:
        for row in range(self.events.rowCount()):
            self.events.removeCellWidget(row, DATE_COLUMN)
        self.choose_buttons = {}
        self.events.setRowCount(len(events))
        # Every event in view without scrolling: the chart below gives up the room.
        rows = self.events.verticalHeader().defaultSectionSize() * len(events)
        self.events.setFixedHeight(rows + self.events.horizontalHeader().sizeHint().height()
                                   + 2 * self.events.frameWidth())
        bold = QFont()
        bold.setBold(True)
        for row, event in enumerate(events):
            state = dates.get(event.event_id)
            cells = (_cell(f"{event.number}. {event.title}"), _cell(self._when(event, state)),
                     _cell(str(event.enrolled), right=True),
                     _cell(attended_text(event), right=True),
                     _cell(str(event.walk_ins) if event.submitted else "—", right=True),
                     _cell(register_text(event)), _cell(drop_off_text(event), right=True))
            if event.drop_off and event.drop_off > 0:
                cells[-1].setFont(bold)
                colour_item(cells[-1], foreground=STAND_OUT_TEXT)
            for column, item in enumerate(cells):
                self.events.setItem(row, column, item)
            if event.date is None and state is not None and state.to_choose:
                cells[DATE_COLUMN].setText("")  # the button says it, and the cell aloud
                cells[DATE_COLUMN].setData(Qt.ItemDataRole.AccessibleTextRole,
                                           self.tr("To choose"))
                self._add_choose_button(row, event)
        self.events.resizeColumnToContents(DATE_COLUMN)

    def _when(self, event: EventRow, state: DateState | None) -> str:
        if event.date is not None and not (state and state.waiting):
            return day_month_year(event.date)
        if state is not None and state.waiting and state.proposed is not None:
            return self.tr("Proposed {day}").format(day=day_month_year(state.proposed))
        return self.tr("To choose")

    def _add_choose_button(self, row: int, event: EventRow) -> None:
        button = QPushButton(self.tr("Choose date…"))
        button.setObjectName("dashboardChooseDate")
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setAccessibleName(self.tr("Choose the date of session {number}: {title}").format(
            number=event.number, title=event.title))
        button.setToolTip(self.tr("Pick this session's date inside its two-week window"))
        font = button.font()
        font.setUnderline(True)
        button.setFont(font)
        set_text_role(button, "accent_text")
        button.clicked.connect(lambda: self.choose_date.emit(event.event_id))
        self.events.setCellWidget(row, DATE_COLUMN, button)
        before: QWidget = next(reversed(self.choose_buttons.values()), self.events)
        QWidget.setTabOrder(before, button)  # Tab from the sessions reaches it next
        self.choose_buttons[event.event_id] = button

    def _fill_fees(self, fees: CourseFees) -> None:
        self.fees.setRowCount(len(fees.lines))
        for row, line in enumerate(fees.lines):
            cells = (_cell(line.name), _cell(line.school),
                     _cell(pounds(line.course_fee_pence) if line.fee_known
                           else self.tr("Not sent yet"), right=True), _cell(line.funding))
            for column, item in enumerate(cells):
                if line.scholarship:
                    colour_item(item, background=SCHOLARSHIP_TINT)
                self.fees.setItem(row, column, item)
        self.fee_totals.setText(fees_summary(fees))
