"""QA forms as PDFs (issue 5), read back with a text extractor: what a facilitator is sent."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.printing.exporters import form_pdf, write_pdf
from app.printing.form_pdf import render_form, suggested_file_name
from protocol.records import Answer
from tests.printing.conftest import PRINTED_AT, pages_text
from tests.printing.form_builders import (
    EVENT_LABEL,
    all_questions,
    every_answer,
    form_view,
    sample_answers,
    template,
)

SIGNED_OFF = "Signed off by Ciarán Ó Briain on Thursday 12 November 2026"
FOOTER = "Confidential — for the facilitator and the QA lead"


def _pages(view: object) -> list[str]:
    return pages_text(form_pdf(view, printed_at=PRINTED_AT))  # type: ignore[arg-type]


def _numbered_words(count: int, *, per_paragraph: int = 60) -> tuple[str, list[str]]:
    """A long answer of numbered words in paragraphs, and its words in order."""
    words = [f"w{n:05d}" for n in range(1, count + 1)]
    blocks = [" ".join(words[i:i + per_paragraph]) for i in range(0, count, per_paragraph)]
    return "\n\n".join(blocks), words


@pytest.mark.parametrize(("kind", "title"), [
    ("qa_visit", "QA visit record"),
    ("coaching_conversation", "Coaching conversation — before the visit"),
    ("self_assessment", "Facilitator self-assessment 2026/27"),
])
def test_each_kind_has_its_title_header_and_template_version(kind: str, title: str) -> None:
    view = form_view(kind)  # type: ignore[arg-type]
    first = _pages(view)[0]
    assert title in first
    assert "Siân Hughes" in first
    assert f"Form: {view.template.title}, version 2" in first
    if kind == "qa_visit":
        for part in ("QA lead Ciarán Ó Briain", EVENT_LABEL, "Visit Co-facilitated"):
            assert part in first, part
    elif kind == "coaching_conversation":
        for part in ("QA lead Ciarán Ó Briain", "Date Thursday 5 November 2026",
                     "Duration 30 minutes"):
            assert part in first, part
    else:
        assert "Completed by Siân Hughes" in first
        assert "Academic year 2026/27" in first


def test_names_with_accents_are_extracted_as_typed() -> None:
    visit = " ".join(_pages(form_view("qa_visit")))
    assert "Siân Hughes" in visit and "Ciarán Ó Briain" in visit
    own = form_view("self_assessment", facilitator_name="Thi Nguyễn", author_name="Thi Nguyễn")
    text = " ".join(_pages(own))
    assert "Facilitator Thi Nguyễn" in text and "Completed by Thi Nguyễn" in text
    assert "�" not in visit + text


@pytest.mark.parametrize("kind", ["qa_visit", "coaching_conversation", "self_assessment"])
def test_every_answer_is_printed(kind: str) -> None:
    view = form_view(kind)  # type: ignore[arg-type]
    text = " ".join(_pages(view))
    for question in all_questions(view):
        value = view.answers[question.id]
        if question.kind == "rating":
            chosen = next(lv for lv in question.levels if lv.value == value)
            assert f"{chosen.value} {chosen.label}" in text, question.id
            assert chosen.descriptor in text, question.id  # under the rating, small
            for other in question.levels:
                if other.value != value:
                    assert other.descriptor not in text, (question.id, other.value)
        elif question.kind == "text":
            assert str(value) in text, question.id
    assert "Thursday 14 January 2027" in text  # dates in en-GB, with the day
    if kind != "coaching_conversation":
        assert "Was the session delivered as planned? No" in text
        assert "Not answered" not in text


def test_yes_no_and_paragraphs_print_as_written() -> None:
    answers: dict[str, Answer] = every_answer(template("qa_visit"))
    answers["delivered_as_planned"] = True
    answers["strengths"] = "First paragraph about pace.\n\nSecond paragraph about listening."
    view = form_view("qa_visit", answers=answers)
    text = " ".join(_pages(view))
    assert "Was the session delivered as planned? Yes" in text
    assert "First paragraph about pace. Second paragraph about listening." in text
    reader = PdfReader(io.BytesIO(form_pdf(view, printed_at=PRINTED_AT)))
    raw = reader.pages[0].extract_text() + reader.pages[-1].extract_text()
    assert re.search(r"about pace\.\s*\n\s*Second paragraph", raw)  # its own line


def test_unanswered_questions_say_so() -> None:
    answers = {"rating_pace": 2, "strengths": "   "}
    text = " ".join(_pages(form_view("qa_visit", status="draft", answers=answers)))
    assert "2 Developing" in text
    questions = all_questions(form_view("qa_visit"))
    unanswered_ratings = sum(q.kind == "rating" for q in questions) - 1
    # Every unanswered rating shows "—" over "Not answered"; every other question too.
    others = sum(q.kind != "rating" and q.competency is None for q in questions)
    assert text.count("Not answered") == unanswered_ratings + others
    assert text.count("— Not answered") >= unanswered_ratings


def test_draft_is_marked_on_every_page_and_never_signed_off() -> None:
    long_text, _ = _numbered_words(3000)
    answers = every_answer(template("qa_visit")) | {"strengths": long_text}
    pages = _pages(form_view("qa_visit", status="draft", answers=answers))
    assert len(pages) >= 3
    assert all("DRAFT" in page for page in pages)
    assert "Draft — not signed off" in pages[0]
    assert "Signed off by" not in " ".join(pages)


@pytest.mark.parametrize("kind", ["qa_visit", "coaching_conversation", "self_assessment"])
def test_submitted_forms_carry_no_draft_marking(kind: str) -> None:
    pages = _pages(form_view(kind))  # type: ignore[arg-type]
    text = " ".join(pages)
    assert "DRAFT" not in text and "Draft" not in text and "draft" not in text
    if kind == "qa_visit":
        assert SIGNED_OFF in pages[0]
    else:
        assert "Submitted on Thursday 12 November 2026" in pages[0]
        assert "Signed off" not in text


def test_a_revision_says_which_record_it_replaces() -> None:
    first = " ".join(_pages(form_view("qa_visit")))
    assert "Revision" not in first
    revised = form_view("qa_visit", revision=2, supersedes="form-old",
                        supersedes_submitted_at=dt.datetime(2026, 11, 12, 15, 5, tzinfo=dt.UTC),
                        submitted_at=dt.datetime(2026, 11, 19, 10, 0, tzinfo=dt.UTC))
    text = _pages(revised)[0]
    assert "Revision 2, replaces the record signed off on Thursday 12 November 2026" in text
    assert "Signed off by Ciarán Ó Briain on Thursday 19 November 2026" in text


def test_page_x_of_n_and_the_confidentiality_line_on_every_page() -> None:
    long_text, _ = _numbered_words(2500)
    answers = every_answer(template("self_assessment")) | {"areas": long_text}
    view = form_view("self_assessment", answers=answers)
    pdf = form_pdf(view, printed_at=PRINTED_AT)
    pages = pages_text(pdf)
    assert render_form(view, io.BytesIO(), printed_at=PRINTED_AT) == len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)} · printed 23 Nov 2026 09:12" in page
        assert FOOTER in page
        if number > 1:  # a loose page still says whose form it is
            assert "Facilitator self-assessment 2026/27 · Siân Hughes" in page


@pytest.mark.parametrize("where", ["strengths", "evidence_listening"])
def test_a_20000_character_answer_flows_across_pages_without_loss(where: str) -> None:
    long_text, words = _numbered_words(2858)
    assert len(long_text) >= 20_000
    answers = every_answer(template("qa_visit")) | {where: long_text}
    pages = _pages(form_view("qa_visit", answers=answers))
    assert len(pages) >= 5
    assert re.findall(r"w\d{5}", " ".join(pages)) == words  # every word, once, in order
    # The table goes on after a split row: the next competency is still there.
    assert "Managing group dynamics" in " ".join(pages)


def test_the_font_is_embedded_and_nothing_else_is_used() -> None:
    reader = PdfReader(io.BytesIO(form_pdf(form_view("qa_visit", status="draft"),
                                                 printed_at=PRINTED_AT)))
    seen: set[str] = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            seen.add(str(font["/BaseFont"]))
            descriptor = (font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                          if "/DescendantFonts" in font else font["/FontDescriptor"])
            assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
    assert seen and all("DejaVuSans" in name for name in seen), seen


def test_export_writes_the_whole_file_or_leaves_the_old_one(tmp_path: Path) -> None:
    path = tmp_path / "visit.pdf"
    assert write_pdf(form_pdf(form_view("qa_visit"), printed_at=PRINTED_AT), path) == path
    pages = render_form(form_view("qa_visit"), io.BytesIO(), printed_at=PRINTED_AT)
    assert pages == len(PdfReader(path).pages) >= 1
    before = path.read_bytes()
    broken = dataclasses.replace(form_view("qa_visit"), template=None)  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        write_pdf(form_pdf(broken, printed_at=PRINTED_AT), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["visit.pdf"]  # no temporary left behind


def test_suggested_file_name_is_plain_ascii() -> None:
    assert suggested_file_name(form_view("qa_visit")) == "QA-visit_Sian-Hughes_2026-11-12.pdf"
    draft = suggested_file_name(form_view("self_assessment", status="draft"))
    assert draft == "Self-assessment-2026-27_Sian-Hughes_2026-11-12_DRAFT.pdf"
    polish = form_view("coaching_conversation", facilitator_name="Łukasz Dvořák-Nguyễn")
    assert suggested_file_name(polish) == \
        "Coaching-before-visit_Lukasz-Dvorak-Nguyen_2026-11-12.pdf"


def test_text_that_looks_like_markup_is_printed_as_typed() -> None:
    view = form_view("qa_visit", answers=sample_answers())
    text = " ".join(_pages(view))
    assert "Mixed primary & secondary trios" in text
    assert "challenge to the <attainment gap> claim" in text
    assert "\"What would you say to that, Amara?\"" in text
    assert "Observe Róisín Ní Bhriain's session 2 in Halifax." in text
    assert "4 Exemplary" in text and "2 Developing" in text
