"""Evaluation reports as PDF: the counts, each question's chart and mean, the comments as
typed, the group trend with its gaps, and nothing but the reason while results are hidden."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader

from app.printing.report_pdf import write_report_pdf
from app.reports import EvaluationReport, GroupTrend, QuestionResult, TrendEvent, TrendLine

LABELS = {"content": "The content of the day was relevant to my leadership role",
          "facilitation": "The facilitation helped me to learn",
          "application": "I can apply what I learned in my school",
          "venue": "The venue and arrangements supported the day",
          "overall": "Overall, I would rate this event"}


def report(*, hidden: bool = False, comments: tuple[str, ...] = ()) -> EvaluationReport:
    counts = [(0, 1, 3, 8, 5), (0, 0, 4, 7, 6), (1, 2, 5, 6, 3), (2, 4, 6, 3, 2),
              (0, 0, 3, 9, 5)]
    questions = tuple(
        QuestionResult(key, label, None if hidden else c,
                       None if hidden else round(sum(r * n for r, n in zip(range(1, 6), c,
                                                                              strict=True))
                                                 / sum(c), 2))
        for (key, label), c in zip(LABELS.items(), counts, strict=True))
    return EvaluationReport(
        event_id="e-2", group_id="g-1", group_code="NPQSL-AUT26-LEEDS-1",
        title="Leading teaching", date=dt.date(2026, 11, 9), attended=21, invitations=21,
        responses=2 if hidden else 17, hidden=hidden, questions=questions,
        comments=() if hidden else comments, updated_at="2026-11-12T19:00:00Z")


def trend() -> GroupTrend:
    events = tuple(TrendEvent(f"e-{n}", n, f"Session {n}", dt.date(2026, 9 + n, 12),
                              2 if n == 3 else 15, n == 3) for n in (1, 2, 3))
    lines = tuple(TrendLine(key, label, (4.1, 3.8, None)) for key, label in LABELS.items())
    return GroupTrend("g-1", "NPQSL-AUT26-LEEDS-1", events, lines)


def text_of(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_a_report_prints_counts_means_charts_comments_and_page_numbers(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    write_report_pdf(report(comments=("Great <b>day</b> & lunch", "The afternoon felt rushed.")),
                     target, trend=trend(), printed_at=dt.datetime(2026, 11, 23, 9, 30))
    reader, text = text_of(target.read_bytes())
    pages = len(reader.pages)
    assert pages >= 2
    assert "Leading teaching — NPQSL-AUT26-LEEDS-1" in text
    assert "Monday 9 November 2026" in text
    assert "17 responses of 21 attended · 21 invited" in text
    assert "Mean 4.0 of 5 · 17 ratings" in text  # content: (2 + 9 + 32 + 25) / 17
    assert "Mean 2.9 of 5 · 17 ratings" in text  # venue: (2 + 8 + 18 + 12 + 10) / 17
    assert "“Great <b>day</b> & lunch”" in text  # printed as typed, not as markup
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    flat = " ".join(text.split())
    assert "Group trend — NPQSL-AUT26-LEEDS-1" in flat and "S3 12/12/2026 (hidden)" in flat
    assert "printed 23/11/2026 09:30" in text
    fonts = {str(f) for page in reader.pages
             for f in (page["/Resources"].get("/Font") or {}).get_object().values()
             for f in [f.get_object()["/BaseFont"]]}
    assert any("DejaVuSans" in f for f in fonts)


def test_the_bar_labels_are_the_counts(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    write_report_pdf(report(), buffer)
    _reader, text = text_of(buffer.getvalue())
    for count in ("8", "9", "6"):  # the longest bars' labels
        assert count in text.split()


def test_a_hidden_report_prints_only_the_counts_and_the_reason() -> None:
    buffer = io.BytesIO()
    write_report_pdf(report(hidden=True, comments=("Should never print",)), buffer)
    reader, text = text_of(buffer.getvalue())
    assert len(reader.pages) == 1
    assert "2 responses of 21 attended" in text
    assert "Results appear when at least 3 people have responded — 2 so far" in " ".join(
        text.split())
    assert "Mean" not in text and "Should never print" not in text
    assert "Comments" not in text
