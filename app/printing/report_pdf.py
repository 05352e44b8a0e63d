"""An event's evaluation report as an A4 PDF, with its charts (and, optionally, the group's
trend), drawn by ReportLab's graphics so that what prints is what the app shows.

While results are hidden (fewer than three responses) the PDF holds the counts and the
reason only, exactly like the screen.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.printing.fonts import BOLD, REGULAR, ensure_fonts
from app.printing.numbered_canvas import numbered
from app.reports import SCALE_NOTE, EvaluationReport, GroupTrend, QuestionResult

INK = colors.HexColor("#0b0c0c")
MUTED = colors.HexColor("#505a5f")
BLUE = colors.HexColor("#1d70b8")
NOTE_FILL = colors.HexColor("#fff7e6")
NOTE_EDGE = colors.HexColor("#f0b429")
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN


def _style(name: str, size: float, *, bold: bool = False, color: Any = INK,
           space_after: float = 2) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=BOLD if bold else REGULAR, fontSize=size,
                          leading=size * 1.3, textColor=color, spaceAfter=space_after)


def _styles() -> dict[str, ParagraphStyle]:
    return {"title": _style("title", 18, bold=True, space_after=4),
            "heading": _style("heading", 13, bold=True, space_after=4),
            "question": _style("question", 10.5, bold=True),
            "body": _style("body", 10),
            "muted": _style("muted", 9, color=MUTED),
            "comment": _style("comment", 10, space_after=5)}


def _text(text: str, st: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), st)


def distribution_drawing(question: QuestionResult, width: float = WIDTH,
                         height: float = 34 * mm) -> Drawing:
    """Horizontal bars: how many gave each rating, 1 at the bottom and 5 at the top."""
    counts = list(question.distribution or (0, 0, 0, 0, 0))
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 20 * mm, 4 * mm  # type: ignore[assignment]  # points; the stubs say int
    chart.width, chart.height = width - 30 * mm, height - 8 * mm  # type: ignore[assignment]  # points; the stubs say int
    chart.data = [counts]
    chart.bars[0].fillColor = BLUE
    chart.bars[0].strokeColor = BLUE
    chart.barSpacing = 2
    chart.categoryAxis.categoryNames = ["1", "2", "3", "4", "5"]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 8
    top = max([*counts, 1])
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top + max(1, round(top * 0.15))
    chart.valueAxis.valueStep = 1 if top <= 6 else 2 if top <= 12 else 5
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d"
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(0, height / 2, "Rating", fontName=REGULAR, fontSize=8,
                       fillColor=MUTED))
    return drawing


def trend_drawing(labels: list[str], means: tuple[float | None, ...],
                  width: float = WIDTH / 2 - 4 * mm, height: float = 45 * mm) -> Drawing:
    """A question's mean at each event (1-5), with gaps where results are hidden."""
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 10 * mm, 9 * mm  # type: ignore[assignment]  # points; the stubs say int
    chart.width, chart.height = width - 14 * mm, height - 13 * mm  # type: ignore[assignment]  # points; the stubs say int
    chart.data = [list(means)]
    chart.joinedLines = 1
    chart.lines[0].strokeColor = BLUE
    chart.lines[0].strokeWidth = 1.5
    chart.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=BLUE,
                                       strokeColor=BLUE)
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 0
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 1, 5, 1
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    drawing.add(chart)
    return drawing


def _mean_text(q: QuestionResult) -> str:
    if q.mean is None:
        return "Too few ratings to show"
    return f"Mean {q.mean:.1f} of 5 · {q.count} ratings"


def _summary_table(report: EvaluationReport, st: dict[str, ParagraphStyle]) -> Table:
    rows = [[_text("Question", st["question"]), _text("Mean", st["question"]),
             _text("Ratings", st["question"])]]
    rows += [[_text(q.label, st["body"]),
              _text(f"{q.mean:.1f}" if q.mean is not None else "–", st["body"]),
              _text(str(q.count) if q.shown else "–", st["body"])] for q in report.questions]
    table = Table(rows, colWidths=[WIDTH - 44 * mm, 20 * mm, 24 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#b1b4b6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _hidden_box(text: str, st: dict[str, ParagraphStyle]) -> Table:
    box = Table([[_text(text, st["body"])]], colWidths=[WIDTH])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), NOTE_FILL),
                             ("BOX", (0, 0), (-1, -1), 0.8, NOTE_EDGE),
                             ("LEFTPADDING", (0, 0), (-1, -1), 8),
                             ("TOPPADDING", (0, 0), (-1, -1), 6),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return box


def report_story(report: EvaluationReport, st: dict[str, ParagraphStyle]) -> list[Any]:
    story: list[Any] = [
        _text("Evaluation report", st["muted"]),
        _text(f"{report.title} — {report.group_code}", st["title"]),
        _text(report.date_label, st["body"]),
        _text(f"{report.response_line} · {report.invitations} invited", st["body"]),
        Spacer(1, 4 * mm),
    ]
    if report.hidden:
        story.append(_hidden_box(report.hidden_reason or "", st))
        return story
    story += [_summary_table(report, st), Spacer(1, 3 * mm), _text(SCALE_NOTE, st["muted"]),
              Spacer(1, 3 * mm)]
    for q in report.questions:
        block: list[Any] = [_text(q.label, st["question"]), _text(_mean_text(q), st["muted"])]
        if q.shown:
            block.append(distribution_drawing(q))
        block.append(Spacer(1, 3 * mm))
        story.append(KeepTogether(block))
    story.append(_text("Comments", st["heading"]))
    if report.comments:
        story += [_text(f"“{c}”", st["comment"]) for c in report.comments]
    else:
        story.append(_text("No comments.", st["muted"]))
    return story


def trend_story(trend: GroupTrend, st: dict[str, ParagraphStyle]) -> list[Any]:
    labels = [f"S{e.number}" for e in trend.events]
    story: list[Any] = [
        _text(f"Group trend — {trend.group_code}", st["title"]),
        _text("Mean rating per question at each event, in date order: "
              + "; ".join(f"S{e.number} {e.date.strftime('%d/%m/%Y') if e.date else 'no date'}"
                          + (" (hidden)" if e.hidden else "") for e in trend.events) + ".",
              st["muted"]),
        Spacer(1, 3 * mm),
    ]
    cells = [[_text(line.label, st["question"]), trend_drawing(labels, line.means)]
             for line in trend.lines]
    rows = []
    for i in range(0, len(cells), 2):
        pair = cells[i:i + 2] + ([] if i + 1 < len(cells) else [["", ""]])
        rows.append([pair[0][0], pair[1][0]])
        rows.append([pair[0][1], pair[1][1]])
    table = Table(rows, colWidths=[WIDTH / 2, WIDTH / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    return story


def write_report_pdf(report: EvaluationReport, target: str | Path | IO[bytes], *,
                     trend: GroupTrend | None = None, printed_at: dt.datetime | None = None
                     ) -> None:
    """Write the report (and the group trend on a page of its own) to ``target``."""
    ensure_fonts()
    st = _styles()
    story = report_story(report, st)
    if trend is not None and trend.events:
        story += [PageBreak(), *trend_story(trend, st)]
    when = (printed_at or dt.datetime.now()).strftime("%d/%m/%Y %H:%M")
    footer = f"NPQ Partner Desk · evaluation report · {report.group_code} · printed {when}"
    doc = SimpleDocTemplate(
        str(target) if isinstance(target, Path) else target, pagesize=A4,
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=18 * mm,
        title=f"Evaluation report: {report.title} ({report.group_code})",
        author="NPQ Partner Desk")
    doc.build(story, canvasmaker=numbered(footer, MARGIN))
