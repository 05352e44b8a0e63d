"""The body of a printed QA form: the header block, then each section of its template.

Competency ratings are a compact table (competency | rating with the chosen level's
descriptor | evidence or reflection) whose rows split across pages when a note is long;
every other question is its label in bold with the answer below, paragraphs kept.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.forms.views import FormView
from app.printing import form_text
from app.printing.fonts import REGULAR
from app.printing.layout import (
    ACCENT,
    CONTENT_WIDTH,
    HEAD_FILL,
    INK,
    LIGHT_RULE,
    MUTED,
    RULE,
    style,
)
from protocol.records import TemplateQuestion, TemplateSection

PAD = 1.8 * mm
# Competency | rating | evidence (mm): the evidence gets the most room, it is what is read.
COLUMNS = [50 * mm, 40 * mm, CONTENT_WIDTH - 90 * mm]
# A row split across pages leaves at least this much on either page.
MIN_ROW_PART = 22 * mm
# Room a section heading needs below it (else it starts the next page), and a question.
TABLE_SECTION_ROOM = 55 * mm  # heading, intro, scale, the table's head and a first row
SECTION_ROOM = 35 * mm  # heading, a question and the first lines of its answer
QUESTION_ROOM = 20 * mm
DRAFT_INK = colors.HexColor("#8a4b00")
DRAFT_FILL = colors.HexColor("#fdf3e1")
DRAFT_EDGE = colors.HexColor("#e0b36b")
SIGNED = colors.HexColor("#1d5e3a")


def story(view: FormView) -> list[Flowable]:
    """Everything below the page furniture, in reading order."""
    flowables = header_block(view)
    for section in view.template.sections:
        flowables += section_flowables(view, section)
    return flowables


# ---- header ------------------------------------------------------------------------------


def header_block(view: FormView) -> list[Flowable]:
    flowables: list[Flowable] = [
        Paragraph("NPQ PARTNER DESK · FACILITATOR QUALITY ASSURANCE",
                  style("form-kicker", 8.5, bold=True, color=ACCENT)),
        Spacer(1, 1.5 * mm),
        Paragraph(escape(form_text.document_title(view)),
                  style("form-title", 18, bold=True, leading=22)),
        Spacer(1, 3.5 * mm),
        _fields_table(form_text.header_fields(view)),
        Spacer(1, 3 * mm),
    ]
    submitted = view.status == "submitted"
    flowables.append(Paragraph(escape(form_text.status_line(view)), style(
        "form-status", 10, bold=True, color=SIGNED if submitted else DRAFT_INK)))
    revision = form_text.revision_line(view)
    if revision:
        flowables.append(Paragraph(escape(revision), style("form-revision", 8.5, color=INK,
                                                           spaceBefore=1 * mm)))
    flowables += [
        Paragraph(escape(form_text.template_line(view)),
                  style("form-template", 7, color=MUTED, spaceBefore=1.2 * mm)),
        Spacer(1, 2.5 * mm),
        HRFlowable(width="100%", thickness=0.8, color=RULE, spaceAfter=1 * mm),
    ]
    if not submitted:
        flowables.append(_draft_banner(view))
    return flowables


def _fields_table(columns: tuple[list[tuple[str, str]], list[tuple[str, str]]]) -> Table:
    label = style("form-label", 7.5, bold=True, color=MUTED, leading=11)
    value = style("form-value", 9.5, leading=11.6)
    left, right = columns
    rows: list[list[object]] = []
    for index in range(max(len(left), len(right))):
        row: list[object] = []
        for column in (left, right):
            if index < len(column):
                name, text = column[index]
                row += [Paragraph(escape(name), label), Paragraph(escape(text), value)]
            else:
                row += ["", ""]
        rows.append(row)
    # Names on the left; the longer session label and dates on the right.
    widths = [24 * mm, 56 * mm, 26 * mm, CONTENT_WIDTH - 106 * mm]
    return Table(rows, colWidths=widths, hAlign="LEFT", style=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 0.6 * mm),
        ("TOPPADDING", (0, 0), (0, -1), 0.6 * mm + 0.9),  # labels on the values' baseline
        ("TOPPADDING", (2, 0), (2, -1), 0.6 * mm + 0.9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6 * mm)]))


def _draft_banner(view: FormView) -> Table:
    text = style("form-draft", 9, color=DRAFT_INK, leading=11.5)
    return Table([[Paragraph(escape(form_text.draft_banner(view)), text)]],
                 colWidths=[CONTENT_WIDTH], style=TableStyle([
                     ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # else Helvetica is referenced
                     ("BACKGROUND", (0, 0), (-1, -1), DRAFT_FILL),
                     ("BOX", (0, 0), (-1, -1), 0.8, DRAFT_EDGE),
                     ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                     ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                     ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm)]),
                 spaceBefore=1.5 * mm)


# ---- sections ----------------------------------------------------------------------------


def section_flowables(view: FormView, section: TemplateSection) -> list[Flowable]:
    # Room is asked for rather than keepWithNext to what follows: a 20,000-character answer
    # kept with its heading would leave the page before it blank.
    heading = style("form-section", 12.5, bold=True, color=ACCENT, spaceBefore=6 * mm,
                    spaceAfter=1.5 * mm, keepWithNext=1)
    rated = [q for q in section.questions if q.kind == "rating" and q.competency]
    room = TABLE_SECTION_ROOM if rated else SECTION_ROOM
    flowables: list[Flowable] = [CondPageBreak(room), Paragraph(escape(section.title), heading)]
    if section.intro:
        flowables.append(Paragraph(escape(section.intro), style(
            "form-intro", 8.5, color=MUTED, spaceAfter=2 * mm, keepWithNext=1)))
    evidence = _evidence_by_competency(section, rated)
    if rated:
        flowables.append(Paragraph("Scale: " + escape(form_text.scale_text(rated[0])),
                                   style("form-scale", 8, color=MUTED, spaceAfter=1.5 * mm)))
        flowables.append(_competency_table(view, rated, evidence))
    used = {q.id for q in rated} | {q.id for qs in evidence.values() for q in qs}
    rest = [q for q in section.questions if q.id not in used]
    for index, question in enumerate(rest):
        if index:
            flowables.append(CondPageBreak(QUESTION_ROOM))
        flowables += question_flowables(view, question)
    return flowables


def _evidence_by_competency(section: TemplateSection, rated: list[TemplateQuestion],
                            ) -> dict[str, list[TemplateQuestion]]:
    """The text questions that evidence a rated competency, by competency."""
    competencies = {q.competency for q in rated}
    found: dict[str, list[TemplateQuestion]] = {}
    for question in section.questions:
        if question.kind == "text" and question.competency in competencies:
            assert question.competency is not None
            found.setdefault(question.competency, []).append(question)
    return found


def _competency_table(view: FormView, rated: list[TemplateQuestion],
                      evidence: dict[str, list[TemplateQuestion]]) -> Table:
    head = style("form-head", 8, bold=True, leading=9.6)
    name = style("form-competency", 9, bold=True, leading=11.2)
    headline = style("form-rating", 9.5, bold=True, leading=11.5)
    descriptor = style("form-descriptor", 7.3, color=MUTED, leading=9, spaceBefore=0.8 * mm)
    missing = style("form-missing", 7.5, color=MUTED, leading=9)
    body = style("form-evidence", 8.8, leading=11.4, spaceAfter=1.4 * mm)
    evidence_head = "Reflection" if view.kind == "self_assessment" else "Evidence"
    rows: list[list[object]] = [[Paragraph("Competency", head), Paragraph("Rating", head),
                                 Paragraph(evidence_head, head)]]
    for question in rated:
        rating = form_text.rating_text(question, view.answers.get(question.id))
        rating_cell: list[Flowable] = [Paragraph(escape(rating.headline), headline)]
        if rating.descriptor:
            rating_cell.append(Paragraph(escape(rating.descriptor),
                                         descriptor if rating.answered else missing))
        notes = evidence.get(question.competency or "", [])
        rows.append([Paragraph(escape(question.label), name), rating_cell,
                     _notes_cell(view, notes, body, missing)])
    return Table(rows, colWidths=COLUMNS, repeatRows=1, splitByRow=0,
                 splitInRow=MIN_ROW_PART,  # type: ignore[arg-type]  # a height in points; the stubs say int
                 style=TableStyle([
                     ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                     ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                     ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6 * mm),
                     ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.9, RULE),
                     ("LINEBELOW", (0, 1), (-1, -1), 0.4, LIGHT_RULE),
                     ("LINEBEFORE", (1, 0), (-1, -1), 0.4, LIGHT_RULE),
                     ("BOX", (0, 0), (-1, -1), 0.8, RULE)]))


def _notes_cell(view: FormView, questions: list[TemplateQuestion], body: ParagraphStyle,
                missing: ParagraphStyle) -> list[Flowable]:
    label = style("form-note-label", 7.5, bold=True, color=MUTED, leading=9.5)
    cell: list[Flowable] = []
    for question in questions:
        text = form_text.answer_text(question, view.answers.get(question.id))
        if len(questions) > 1:
            cell.append(Paragraph(escape(question.label), label))
        if text is None:
            cell.append(Paragraph("—", missing))
        else:
            cell += _text_paragraphs(text, body)
    return cell or [Paragraph("—", missing)]


def question_flowables(view: FormView, question: TemplateQuestion) -> list[Flowable]:
    """A question's label in bold, its answer below (a rating with its descriptor)."""
    label = style("form-question", 9.5, bold=True, leading=12, spaceBefore=3 * mm,
                  spaceAfter=1 * mm)
    answer = style("form-answer", 10, leading=13.4, spaceAfter=1.6 * mm)
    missing = style("form-not-answered", 9, color=MUTED, leading=12)
    flowables: list[Flowable] = [Paragraph(escape(question.label), label)]
    value = view.answers.get(question.id)
    if question.kind == "rating":
        rating = form_text.rating_text(question, value)
        if not rating.answered:
            return [*flowables, Paragraph(f"—  {form_text.NOT_ANSWERED}", missing)]
        flowables.append(Paragraph(escape(rating.headline), style(
            "form-answer-rating", 10, bold=True, leading=13)))
        if rating.descriptor:
            flowables.append(Paragraph(escape(rating.descriptor), style(
                "form-answer-descriptor", 8, color=MUTED, leading=10.2)))
        return flowables
    text = form_text.answer_text(question, value)
    if text is None:
        return [*flowables, Paragraph(f"—  {form_text.NOT_ANSWERED}", missing)]
    return flowables + _text_paragraphs(text, answer)


def _text_paragraphs(text: str, st: ParagraphStyle) -> list[Flowable]:
    """Free text as typed: a paragraph per blank-line-separated block, line breaks kept."""
    return [Paragraph("<br/>".join(escape(line) for line in lines), st)
            for lines in form_text.paragraphs(text)]
