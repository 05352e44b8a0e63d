"""How a sign-in register falls on A4 pages, measured in the PDF itself: as few pages as
rows people can still sign in allow, never one name alone on a page, the walk-in rows whole
on the last page, and type nobody has to squint at."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from app.printing import layout
from app.printing.exporters import sign_in_sheet_pdf
from app.printing.layout import MIN_TYPE
from app.printing.model import DEFAULT_WALK_IN_ROWS, MAX_WALK_IN_ROWS, load_sheets
from app.printing.sign_in_sheet import (
    HEAD_ROW_HEIGHT,
    MAX_ROW_HEIGHT,
    MIN_NAME_TYPE,
    MIN_ROW_HEIGHT,
    WALK_IN_BLOCK,
    page_plan,
    plan_pages,
    render_sign_in_sheet,
    sign_in_section,
)
from app.store import Store
from tests.printing.builders import SeededGroup, add_candidate, seed_groups
from tests.printing.conftest import PRINTED_AT
from tests.printing.pdf_geometry import Page, read_pages

# People on the roster -> pages: up to 22 people and the 6 walk-in rows on one page.
PAGES = {6: 1, 12: 1, 18: 1, 21: 1, 22: 1, 23: 2, 30: 2, 40: 2}
SMALLEST_ROW_MM = MIN_ROW_HEIGHT / mm  # 7.5
SIGNATURE_BOX_MM = 26  # the narrowest signature box (a walk-in's); a person's is 28


@pytest.fixture(scope="module")
def sized(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict]]:
    store = Store.open(tmp_path_factory.mktemp("pages") / "desk.sqlite3")
    try:
        groups = seed_groups(store, list(PAGES), events=1)
        yield store, {len(g.candidate_ids): g for g in groups}
    finally:
        store.close()


@dataclass(frozen=True)
class WritingRow:
    """A row someone writes in, as printed: a person's (with its number) or a walk-in's."""

    number: int | None
    height: float  # mm, between the rules above and below it
    boxes: tuple[float, ...]  # mm: the widths of the boxes right of the arrival time


def writing_rows(page: Page) -> list[WritingRow]:
    """Every row with an arrival box (the light ':' in it), top to bottom."""
    across = [line for line in page.lines if line.horizontal]
    down = [line for line in page.lines if line.vertical]
    rows: list[tuple[float, WritingRow]] = []
    for colon in (run for run in page.texts if run.text == ":"):
        covering = [line.y1 for line in across
                    if min(line.x1, line.x2) <= colon.x <= max(line.x1, line.x2)]
        top = min(y for y in covering if y > colon.y)
        bottom = max(y for y in covering if y < colon.y)
        edges = sorted({round(line.x1, 2) for line in down if line.x1 > colon.x
                        and min(line.y1, line.y2) <= colon.y <= max(line.y1, line.y2)})
        numbers = [int(run.text) for run in page.texts
                   if run.bold and run.text.isdigit() and bottom < run.y < top
                   and run.x < colon.x - 80]
        rows.append((colon.y, WritingRow(
            numbers[0] if numbers else None, round(top - bottom, 2),
            tuple(round(b - a, 2) for a, b in pairwise(edges)))))
    return [row for _, row in sorted(rows, key=lambda pair: -pair[0])]


def _pdf(store: Store, group: SeededGroup) -> bytes:
    return sign_in_sheet_pdf(store, group.event_ids[0], printed_at=PRINTED_AT)


@pytest.mark.parametrize(("size", "pages"), list(PAGES.items()))
def test_a_register_takes_the_fewest_pages_and_never_leaves_a_name_alone(
        sized: tuple[Store, dict], size: int, pages: int) -> None:
    store, groups = sized
    register, _ = load_sheets(store, groups[size].event_ids[0], printed_at=PRINTED_AT)
    printed = read_pages(_pdf(store, groups[size]))
    assert len(printed) == pages == page_plan(register).pages
    per_page = [[row.number for row in writing_rows(page) if row.number is not None]
                for page in printed]
    assert [n for numbers in per_page for n in numbers] == list(range(1, size + 1))
    assert all(len(numbers) >= 2 for numbers in per_page), per_page
    if pages > 1:  # spread evenly: no page more than a few rows fuller than another
        filled = [len(writing_rows(page)) for page in printed]
        assert max(filled) - min(filled) <= 3, filled
    walk_ins = [sum(row.number is None for row in writing_rows(page)) for page in printed]
    assert walk_ins == [0] * (pages - 1) + [DEFAULT_WALK_IN_ROWS]


@pytest.mark.parametrize("size", list(PAGES))
def test_rows_and_signature_boxes_stay_big_enough_to_sign_in(
        sized: tuple[Store, dict], size: int) -> None:
    store, groups = sized
    printed = read_pages(_pdf(store, groups[size]))
    rows = [row for page in printed for row in writing_rows(page)]
    heights = {row.height for row in rows}
    # One row height for the whole register, between 7.5 and 10 mm.
    assert max(heights) - min(heights) < 0.05, heights
    assert SMALLEST_ROW_MM - 0.01 <= min(heights) <= MAX_ROW_HEIGHT / mm + 0.01
    for row in rows:
        morning, afternoon = row.boxes[-2:]
        assert min(morning, afternoon) >= SIGNATURE_BOX_MM - 0.01, row
        if row.number is not None:
            assert min(morning, afternoon) >= 28 - 0.01, row
    if size <= 18:
        assert min(heights) >= 8.9  # room to spare: rows grow towards 10 mm


@pytest.mark.parametrize("size", list(PAGES))
def test_no_type_is_smaller_than_7_pt_and_no_name_smaller_than_8_pt(
        sized: tuple[Store, dict], size: int) -> None:
    store, groups = sized
    for page in read_pages(_pdf(store, groups[size])):
        assert min(run.size for run in page.texts) >= MIN_TYPE == 7
        names = [run for run in page.texts if run.bold and ", " in run.text]
        assert names and min(run.size for run in names) >= MIN_NAME_TYPE == 8


@pytest.mark.parametrize("size", [23, 40])
def test_every_page_keeps_the_header_the_sheet_code_and_the_qr_code(
        sized: tuple[Store, dict], size: int) -> None:
    store, groups = sized
    register, _ = load_sheets(store, groups[size].event_ids[0], printed_at=PRINTED_AT)
    printed = read_pages(_pdf(store, groups[size]))
    for number, page in enumerate(printed, start=1):
        for part in ("SIGN-IN REGISTER", "Event 1: Setting direction", groups[size].code,
                     f"sheet {register.sheet_code}", "Morning",
                     f"Page {number} of {len(printed)}"):
            assert part in page.text, (number, part)
    assert all(any("qr" in form for form in page.forms) for page in printed)


def test_a_long_name_and_a_long_school_print_whole_in_the_smallest_rows(tmp_path: Path) -> None:
    with Store.open(tmp_path / "desk.sqlite3") as store:
        group = seed_groups(store, [21], events=1)[0]
        add_candidate(store, group, "Małgorzata Nguyễn Thị", "Mac Giolla Phádraig")
        register, _ = load_sheets(store, group.event_ids[0], printed_at=PRINTED_AT)
    assert page_plan(register).rows == (22,)
    out = io.BytesIO()
    assert render_sign_in_sheet(register, out) == 1
    page = read_pages(out.getvalue())[0]
    assert "Mac Giolla Phádraig," in page.text and "Małgorzata Nguyễn Thị" in page.text
    assert "Holy Trinity Church of England Voluntary" in page.text
    assert "Aided Junior and Infant School" in page.text and "…" not in page.text


@pytest.mark.parametrize("walk_ins", [0, 1, 6, MAX_WALK_IN_ROWS, 500])
@pytest.mark.parametrize("header_mm", [34.0, 38.6, 48.0])
def test_every_plan_fits_its_pages_and_leaves_no_name_alone(
        walk_ins: int, header_mm: float) -> None:
    body = (297 - 9 - header_mm - 2.5 - 11) * mm
    previous = 1
    for people in range(0, 161):
        plan = plan_pages(people, walk_ins, body)
        assert sum(plan.rows) == people
        assert plan.pages >= previous  # more people never take fewer pages
        previous = plan.pages
        assert MIN_ROW_HEIGHT <= plan.row_height <= MAX_ROW_HEIGHT
        if plan.pages > 1:
            assert min(plan.rows) >= 2, (people, plan)
        for index, on_page in enumerate(plan.rows):
            used = HEAD_ROW_HEIGHT + on_page * plan.row_height
            if index == plan.pages - 1 and plan.walk_in_rows:
                used += WALK_IN_BLOCK + plan.walk_in_rows * plan.row_height
            assert used <= body + 0.001, (people, plan)
        assert plan.walk_in_rows == min(walk_ins, MAX_WALK_IN_ROWS)


def test_in_a_combined_document_each_register_keeps_its_own_plan(
        sized: tuple[Store, dict]) -> None:
    # Headers of different heights in one document: each register's pages get a frame of
    # their own, and what was planned for it is what is printed (no row pushed over).
    store, groups = sized
    registers = []
    for size in (21, 22, 23, 40):
        register, _ = load_sheets(store, groups[size].event_ids[0], printed_at=PRINTED_AT)
        for title, venue in (("Setting direction", ""),
                             ("Working with families and the wider community to improve "
                              "attendance and belonging", "Room 4, 123 Very Long Road Name, "
                              "Little Hamlet-on-the-Hill, Halifax HX3 9ZZ")):
            header = dataclasses.replace(register.header, event_title=title,
                                         venue_address=venue)
            registers.append(dataclasses.replace(register, header=header))
    sections = [sign_in_section(register) for register in registers]
    assert len({round(section.body_height, 3) for section in sections}) == 2
    out = io.BytesIO()
    total = layout.build(sections, out, title="t")
    planned = [page_plan(register).pages for register in registers]
    assert [section.pages for section in sections] == planned
    assert total == sum(planned) == len(read_pages(out.getvalue()))
