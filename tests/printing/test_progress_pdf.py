"""The progress summary read back with pypdf: one page per candidate, accented names
intact, every figure the one ``ProgressService`` gives, and no special requirement."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.clock import shared_clock
from app.domain import MarkStatus
from app.errors import NotFoundError
from app.printing.exporters import progress_pdf, write_pdf
from app.printing.progress_pdf import hours_text
from app.progress import GroupProgress, ProgressService
from app.registers import RegisterService
from app.store import Store
from tests.printing.builders import SeededGroup, add_candidate, seed_groups

TODAY = dt.date(2026, 12, 7)  # events on 12 Oct and 23 Nov held; the third not dated
PRINTED_AT = dt.datetime(2026, 12, 7, 16, 5)
MARKER = "f1000000-0000-4000-8000-000000000001"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, SeededGroup]]:
    store = Store.open(tmp_path_factory.mktemp("progress") / "desk.sqlite3")
    try:
        group = seed_groups(store, [6], events=3)[0]
        sean = add_candidate(store, group, "Seán", "Ó Murchú")
        agnieszka = add_candidate(store, group, "Agnieszka", "Wójcik")
        registers = RegisterService(store, shared_clock(store), MARKER, today=lambda: TODAY)
        first, second = group.event_ids[:2]
        for candidate_id in group.candidate_ids:
            registers.mark(first, candidate_id, MarkStatus.PRESENT)
            registers.mark(second, candidate_id, MarkStatus.PRESENT)
        registers.mark(second, sean, MarkStatus.LATE, "10:30")  # 90 of 420 minutes lost
        registers.mark(first, agnieszka, MarkStatus.ABSENT)  # missed two running
        registers.mark(second, agnieszka, MarkStatus.APOLOGIES)
        yield store, group
    finally:
        store.close()


@pytest.fixture(scope="module")
def printed(seeded: tuple[Store, SeededGroup]) -> tuple[bytes, GroupProgress]:
    store, group = seeded
    service = ProgressService(store)
    return (progress_pdf(service, group.code, PRINTED_AT),
            service.group(group.group_id, TODAY))


def pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def test_one_page_per_candidate_in_the_register_order(
        printed: tuple[bytes, GroupProgress]) -> None:
    pdf, progress = printed
    text = pages(pdf)
    assert len(progress.rows) == 9  # six, one withdrawn, Seán and Agnieszka
    assert len(text) == len(progress.rows)
    for page, row in zip(text, progress.rows, strict=True):
        assert row.name in page, (row.name, page[:200])
        assert row.school in page
        assert progress.code in page and "NPQSL" in page and "Autumn 2026" in page
    assert sum("Page" in page and f"of {len(text)}" in page for page in text) == len(text)


def test_accented_names_are_intact(printed: tuple[bytes, GroupProgress]) -> None:
    text = " ".join(pages(printed[0]))
    for name in ("Ó Murchú, Seán", "Wójcik, Agnieszka", "Hughes, Siân", "Nguyễn, Thi",
                 "Yılmaz, Ayşe"):
        assert name in text


def test_the_figures_are_the_services(printed: tuple[bytes, GroupProgress]) -> None:
    pdf, progress = printed
    by_name = dict(zip((r.name for r in progress.rows), pages(pdf), strict=True))
    for row in progress.rows:
        page = by_name[row.name]
        assert f"{row.days_attended} of {row.days_held} events held" in page
        assert f"{row.share} % ({hours_text(row.attended_minutes)} of " \
               f"{hours_text(row.held_minutes)})" in page
        for day in row.days:
            assert day.date.strftime("%d %b %Y") in page
        if row.risk is not None:
            assert all(reason in page for reason in row.risk.reasons)
    sean = by_name["Ó Murchú, Seán"]
    assert "2 of 2 events held" in sean and "89 % (12 h 30 min of 14 h)" in sean
    assert "Yes: Below 90 % of face-to-face hours (89 %)" in sean
    assert "Late" in sean and "5 h 30 min of 7 h" in sean
    wojcik = by_name["Wójcik, Agnieszka"]
    assert "0 of 2 events held" in wojcik and "Absent" in wojcik and "Apologies" in wojcik
    assert "Missed the last 2 events running" in wojcik
    hughes = by_name["Hughes, Siân"]
    assert "100 % (14 h of 14 h)" in hughes and "At risk No" in hughes
    withdrawn = [r for r in progress.rows if r.status == "withdrawn"]
    assert withdrawn and "Not judged: withdrawn" in by_name[withdrawn[0].name]


def test_special_requirements_are_never_printed(
        seeded: tuple[Store, SeededGroup], printed: tuple[bytes, GroupProgress]) -> None:
    _store, group = seeded
    assert group.requirements  # the seeded group has some
    text = " ".join(pages(printed[0])).lower()
    for needs in group.requirements.values():
        assert needs.lower()[:20] not in text


def test_by_id_the_same_and_an_unknown_group_says_so(seeded: tuple[Store, SeededGroup],
                                                     tmp_path: Path) -> None:
    store, group = seeded
    service = ProgressService(store)
    by_id = write_pdf(progress_pdf(service, group.group_id, PRINTED_AT), tmp_path / "p.pdf")
    assert pages(by_id.read_bytes()) == pages(progress_pdf(service, group.code, PRINTED_AT))
    with pytest.raises(NotFoundError, match="No group 'NOWHERE' on this laptop"):
        progress_pdf(service, "NOWHERE")
