"""One form in the window: the editable draft or the read-only record, with its actions.

A draft is saved as it is typed (``autosave``); "Submit" (for a QA visit "Sign off and
submit") asks the service what is missing first and takes the user there; a submitted form
is read-only, with "Start a revision" and "Export PDF…". A draft on an older template
version offers to move its answers to the newer one.

Once the missing answers have been named, the banner and the marked fields follow what is
typed: after every save reaches the database the service is asked again (on the write lane,
behind the save), so the count drops as answers go in, and when nothing is missing the
banner says the form is ready to sign off (or submit). The cursor is never moved by it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.forms.views import FieldProblem, FormView, TemplateMove
from ui.forms.autosave import FormSaver, saved_text
from ui.forms.export import PdfExport
from ui.forms.form_body import FormBody
from ui.forms.header import HeaderChoices
from ui.forms.read_only import ReadOnlyForm, status_line
from ui.forms.service import FormService
from ui.forms.submit import SubmitFlow, problems_text, ready_text
from ui.forms.template_move import BANNER_TEXT, TemplateMoveDialog
from ui.forms.texts import form_title, tab_title
from ui.forms.widgets import Banner, restyle
from ui.i18n import translate
from ui.runner import Runner

ChoicesLoader = Callable[[FormView], HeaderChoices]
FORM_WIDTH = 860


class FormEditor(QWidget):
    changed = Signal()  # something was saved locally: sync soon
    title_changed = Signal(str)
    loaded = Signal(object)  # FormView, each time the editor shows a form

    def __init__(self, runner: Runner, forms: FormService, choices: ChoicesLoader,
                 user_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formEditor")
        self._runner, self._forms, self._choices = runner, forms, choices
        self._user_id = user_id  # only the author may start a revision
        self.view: FormView | None = None
        self.body: FormBody | None = None
        self.saver: FormSaver | None = None
        self.export: PdfExport | None = None
        self.move_dialog: TemplateMoveDialog | None = None
        self.title = QLabel()
        self.title.setObjectName("formTitle")
        self.status = QLabel()
        self.status.setObjectName("formStatus")
        self.saved = QLabel()
        self.saved.setObjectName("formSaved")
        self.saved.setAccessibleName(self.tr("Save state"))
        self.submit_button = QPushButton(self.tr("Submit"))
        self.submit_button.setObjectName("submitForm")
        self.revise_button = QPushButton(self.tr("Start a revision"))
        self.revise_button.setObjectName("reviseForm")
        self.export_button = QPushButton(self.tr("Export PDF…"))
        self.export_button.setObjectName("exportPdf")
        self.template_banner = Banner("templateBanner", self.tr("Move your answers across…"))
        self.problems = Banner("formProblems")
        self.flow = SubmitFlow(self, runner, forms)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("formScroll")
        self.scroll_area.setAccessibleName(self.tr("Questions of the form"))
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self._assemble()
        self.submit_button.clicked.connect(self.submit)
        self.revise_button.clicked.connect(self.revise)
        self.export_button.clicked.connect(self.export_pdf)
        assert self.template_banner.button is not None
        self.template_banner.button.clicked.connect(self.offer_move)
        self.flow.problems_found.connect(self.show_problems)
        self.flow.submitted.connect(self._submitted)
        self._following = False  # missing answers named: the banner follows each save

    def _assemble(self) -> None:
        bar = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.status)
        bar.addLayout(titles, 1)
        bar.addWidget(self.saved)
        for button in (self.submit_button, self.revise_button, self.export_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 6)
        layout.addLayout(bar)
        layout.addWidget(self.template_banner)
        layout.addWidget(self.problems)
        layout.addWidget(self.scroll_area, 1)

    @property
    def form_id(self) -> str | None:
        return self.view.id if self.view else None

    def open_form(self, form_id: str) -> None:
        self._runner.read(self._forms.form, form_id).success(self.show_form).run()

    def show_form(self, view: FormView) -> None:
        """Show ``view`` from scratch (a new form, a revision, a moved draft)."""
        if self.saver is not None:
            self.saver.flush()
            self.saver.deleteLater()
            self.saver = None
        self.view = view
        self._following = False
        self.title.setText(self.tr("{form} · {facilitator}").format(
            form=form_title(view), facilitator=view.facilitator_name)
            if view.kind != "self_assessment" else form_title(view))
        self._banner("", ready=False)
        self._show_status(view)
        content = QWidget()
        column = QHBoxLayout(content)
        column.setContentsMargins(0, 4, 8, 12)
        if view.editable:
            self.body = FormBody(view)
            self.saver = FormSaver(self._runner, self._forms, view.id, self)
            self.saver.state_changed.connect(self.saved.setText)
            self.saver.failed.connect(self._save_failed)
            self.saver.saved.connect(self.changed)
            self.saver.saved.connect(self._check_again)
            self.body.answer_changed.connect(self.saver.answer)
            self.body.header_changed.connect(self.saver.header)
            self.body.left_field.connect(self.saver.flush)
            inner: QWidget = self.body
            (self._runner.read(self._choices, view).success(self._choices_loaded).run())
        else:
            self.body = None
            inner = ReadOnlyForm(view)
        inner.setMaximumWidth(FORM_WIDTH)
        column.addStretch(1)
        column.addWidget(inner, 100)
        column.addStretch(1)
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll_area.setWidget(content)
        self.title_changed.emit(tab_title(view))
        self.loaded.emit(view)

    def _show_status(self, view: FormView) -> None:
        visit = view.kind == "qa_visit"
        self.submit_button.setText(self.tr("Sign off and submit") if visit else self.tr("Submit"))
        self.submit_button.setVisible(view.editable)
        done = view.status == "submitted"
        self.revise_button.setVisible(done and view.author_id == self._user_id)
        self.export_button.setVisible(done)
        version = self.tr("{title}, version {version}").format(
            title=view.template.title, version=view.template.version)
        self.status.setText(self.tr("{status} · {version}").format(
            status=status_line(view), version=version) if done else
                            self.tr("Draft · {version}").format(version=version))
        self.saved.setText(saved_text(view.sync_state, view.updated_at))
        newer = view.newer_template is not None and view.editable
        self.template_banner.show_text(translate("TemplateMove", BANNER_TEXT) if newer else "")

    def _choices_loaded(self, choices: HeaderChoices) -> None:
        if self.body is not None and self.view is not None:
            self.body.header.set_choices(choices, self.view)

    def refresh(self) -> None:
        """After a sync: how far the last change has travelled, and a newer template;
        never what is being typed."""
        if self.view is not None:
            self._runner.read(self._forms.form, self.view.id).success(self._refreshed).run()

    def _refreshed(self, view: FormView) -> None:
        if self.view is None or view.id != self.view.id:
            return
        if view.editable != self.view.editable or view.status != self.view.status:
            self.show_form(view)
            return
        self.view = view
        busy = self.saver is not None and self.saver.pending()
        saved = self.saved.text()
        self._show_status(view)
        if busy:
            self.saved.setText(saved)

    def save_now(self) -> None:
        if self.saver is not None:
            self.saver.flush()

    def _save_failed(self, message: str) -> None:
        self.saved.setText(self.tr("Needs attention"))
        self._banner(message, ready=False)

    def submit(self) -> None:
        if self.view is None or not self.view.editable:
            return
        self.save_now()
        self.flow.check(self.view)

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Name what is missing and take the user to the first of it; from now on the
        banner follows what is typed (``_check_again``)."""
        self._following = True
        self._show_missing(problems)
        first = self.body.show_problems(problems) if self.body is not None else None
        if first is not None and self.body is not None:
            self.scroll_area.ensureWidgetVisible(first, 20, 60)
            self.body.focus_field(first)

    def _check_again(self) -> None:
        """A save reached the database: what is missing now (only once it was named)."""
        if self._following and self.view is not None and self.view.editable:
            form_id = self.view.id
            (self._runner.write(self._forms.problems, form_id)
             .success(lambda problems: self._checked_again(form_id, problems)).run())

    def _checked_again(self, form_id: str, problems: list[FieldProblem]) -> None:
        if not self._following or self.form_id != form_id:
            return  # another form is shown now, or it was submitted meanwhile
        self._show_missing(problems)
        if self.body is not None:
            self.body.show_problems(problems)  # marks only: the cursor stays where it is

    def _show_missing(self, problems: list[FieldProblem]) -> None:
        assert self.view is not None
        self._banner(problems_text(problems) or ready_text(self.view), ready=not problems)

    def _banner(self, text: str, *, ready: bool) -> None:
        """The strip above the form: what is missing or went wrong (red), or ready."""
        self.problems.show_text(text)
        self.problems.setProperty("state", "ready" if ready else "")
        restyle(self.problems)

    def _submitted(self, view: FormView) -> None:
        self.show_form(view)
        self.changed.emit()

    def revise(self) -> None:
        if self.view is not None:
            (self._runner.write(self._forms.revise, self.view.id)
             .success(self._revised).run())

    def _revised(self, view: FormView) -> None:
        self.show_form(view)
        self.changed.emit()

    def export_pdf(self) -> None:
        if self.view is not None:
            self.export = PdfExport(self, self._runner, self.view)
            self.export.ask()

    def offer_move(self) -> None:
        if self.view is None:
            return
        self.save_now()
        (self._runner.write(self._forms.preview_move, self.view.id)
         .success(self._show_move).run())

    def _show_move(self, move: TemplateMove | None) -> None:
        if not isinstance(move, TemplateMove):
            self.template_banner.show_text("")
            return
        self.move_dialog = TemplateMoveDialog(move, self)
        self.move_dialog.accepted.connect(lambda: self._move(move))
        self.move_dialog.finished.connect(self._move_closed)
        self.move_dialog.open()

    def _move_closed(self) -> None:
        self.move_dialog = None

    def _move(self, move: TemplateMove) -> None:
        (self._runner.write(self._forms.move_to_template, move.form_id, move.to_template.id)
         .success(self._revised).run())

    def focus_first(self) -> None:
        """Put the cursor in the first field (a fresh draft)."""
        fields = list(self.body.fields().values()) if self.body is not None else []
        if self.body is not None and fields:
            self.body.focus_field(fields[0])
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
