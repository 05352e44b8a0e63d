"""The sign-in register PDF, read back with a text extractor."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.printing.confidential_sheet import render_confidential_sheet
from app.printing.exporters import sign_in_sheet_pdf
from app.printing.model import load_sheets
from app.printing.sign_in_sheet import page_plan, render_sign_in_sheet
from app.store import Store
from tests.printing.builders import HARD_NAMES, REQUIREMENTS
from tests.printing.conftest import PRINTED_AT, pages_text


def _pdf(store: Store, event_id: str) -> bytes:
    return sign_in_sheet_pdf(store, event_id, printed_at=PRINTED_AT)


@pytest.mark.parametrize(("size", "pages"), [(12, 1), (30, 2), (60, 3)])
def test_page_counts(store: Store, groups: dict, size: int, pages: int) -> None:
    # Up to 22 people and the 6 walk-in rows on a page; longer registers spread evenly
    # (more in tests/printing/test_register_pages.py).
    register, _ = load_sheets(store, groups[size].event_ids[0], printed_at=PRINTED_AT)
    assert page_plan(register).pages == pages
    buffer = io.BytesIO()
    assert render_sign_in_sheet(register, buffer) == pages
    assert len(PdfReader(io.BytesIO(buffer.getvalue())).pages) == pages


@pytest.mark.parametrize("size", [12, 30, 60])
def test_every_name_is_printed_with_its_own_characters(
        store: Store, groups: dict, size: int) -> None:
    text = " ".join(pages_text(_pdf(store, groups[size].event_ids[0])))
    for given, family in groups[size].names:
        assert f"{family}, {given}" in text
    for given, family in HARD_NAMES:
        assert f"{family}, {given}" in text  # Siân, Zoë, Łukasz, Nguyễn, Ó Briain...
    assert "�" not in text


def test_no_special_requirements_or_emails_on_the_sign_in_register(
        store: Store, groups: dict) -> None:
    group = groups[60]
    pdf = _pdf(store, group.event_ids[0])
    text = " ".join(pages_text(pdf)).casefold()
    assert group.requirements  # the roster has some to leak
    for requirement in REQUIREMENTS:
        assert requirement.casefold() not in text
    for word in ("wheelchair", "gluten", "allergy", "diabetes", "hearing loop"):
        assert word not in text
    for email in group.emails:
        assert email.casefold() not in text
    assert b"wheelchair" not in pdf.lower()  # nor in the metadata or anywhere else


def test_header_and_stamp_on_every_page(store: Store, groups: dict) -> None:
    group = groups[60]
    register, _ = load_sheets(store, group.event_ids[0], printed_at=PRINTED_AT)
    pages = pages_text(_pdf(store, group.event_ids[0]))
    assert len(pages) == 3
    for number, text in enumerate(pages, start=1):
        for part in ("SIGN-IN REGISTER", "Event 1: Setting direction", group.code,
                     "NPQSL · National Professional Qualification for Senior Leadership",
                     "Monday 12 October 2026", "Arrival from 08:30 · 09:00–16:00",
                     "Calder Learning Hub", "Siân Hughes, Ciarán Ó Briain",
                     "Calder Learning Trust",
                     f"Page {number} of 3 · printed 23 Nov 2026 09:12 from roster "
                     f"v{register.roster_version} · sheet {register.sheet_code}"):
            assert part in text, (number, part)
    # The table header repeats on every page; walk-ins on the last.
    assert all("Morning signature" in text for text in pages)
    walk_ins = "Please print your name, school and email address"
    assert walk_ins in pages[2] and walk_ins not in pages[1]


def test_rows_are_numbered_with_their_codes_in_paper_order(store: Store, groups: dict) -> None:
    register, _ = load_sheets(store, groups[30].event_ids[0], printed_at=PRINTED_AT)
    text = " ".join(pages_text(_pdf(store, groups[30].event_ids[0])))
    positions = [text.index(f"{row.number} {row.code} {row.name}") for row in register.rows]
    assert positions == sorted(positions)


def test_long_school_names_wrap_rather_than_overflow(store: Store, groups: dict) -> None:
    text = " ".join(pages_text(_pdf(store, groups[12].event_ids[0])))
    assert ("Holy Trinity Church of England Voluntary Aided Junior and Infant School"
            in text)


def test_the_font_is_embedded_and_no_base14_font_is_used(store: Store, groups: dict) -> None:
    reader = PdfReader(io.BytesIO(_pdf(store, groups[30].event_ids[0])))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts and all("DejaVuSans" in name for name in fonts)
    assert any("Bold" in name for name in fonts)
    for font in fonts.values():
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # the TrueType program itself is in the file
        assert "/ToUnicode" in font  # so that text can be searched and copied


def test_the_confidential_sheet_lists_the_requirements(
        store: Store, groups: dict, tmp_path: Path) -> None:
    group = groups[60]
    register, sheet = load_sheets(store, group.event_ids[0], printed_at=PRINTED_AT)
    path = tmp_path / "confidential.pdf"
    pages = render_confidential_sheet(sheet, path, register)
    texts = pages_text(path)
    assert len(texts) == pages == 1
    for text in texts:
        assert "CONFIDENTIAL — for facilitators only, do not circulate" in text
        assert f"Page 1 of 1 · printed 23 Nov 2026 09:12 from roster v{register.roster_version}" \
            in text
    numbers = {row.candidate_id: row for row in register.rows}
    for candidate_id, requirement in group.requirements.items():
        row = numbers[candidate_id]
        assert f"{row.number} {row.name} {requirement}" in texts[0]


def test_a_confidential_sheet_with_nothing_to_list_says_so(
        store: Store, groups: dict) -> None:
    register, sheet = load_sheets(store, groups[12].event_ids[0], printed_at=PRINTED_AT)
    empty = type(sheet)(header=sheet.header, entries=(), printed_at=sheet.printed_at,
                        roster_version=sheet.roster_version, sheet_code=sheet.sheet_code)
    buffer = io.BytesIO()
    render_confidential_sheet(empty, buffer, register)
    text = pages_text(buffer.getvalue())[0]
    assert "No special requirements recorded" in text
    assert "CONFIDENTIAL" in text


def test_very_long_names_and_schools_stay_inside_their_row(tmp_path: Path) -> None:
    from tests.printing.builders import add_candidate, seed_groups

    with Store.open(tmp_path / "desk.sqlite3") as store:
        group = seed_groups(store, [19], events=1)[0]
        add_candidate(store, group, "Małgorzata Nguyễn Thị", "Mac Giolla Phádraig")
        register, _ = load_sheets(store, group.event_ids[0], printed_at=PRINTED_AT)
    buffer = io.BytesIO()
    # Rows never grow: 20 people and the walk-in rows still fit on one page.
    assert render_sign_in_sheet(register, buffer) == page_plan(register).pages == 1
    text = pages_text(buffer.getvalue())[0]
    assert "Mac Giolla Phádraig, Małgorzata Nguyễn Thị" in text
    assert "Late Joiners Academy" in text
