"""Every register of a group or an intake: files, progress, cancel, one combined PDF."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from app.errors import NotFoundError
from app.printing import layout
from app.printing.batch import (
    export_registers,
    group_event_ids,
    intake_event_ids,
)
from app.printing.confidential_sheet import confidential_section
from app.printing.exporters import sign_in_sheet_pdf
from app.printing.model import load_sheets
from app.printing.sign_in_sheet import sign_in_section
from app.store import Store
from tests.printing.conftest import PRINTED_AT, pages_text


def test_one_pdf_per_event_named_by_group_event_and_date(
        store: Store, groups: dict, tmp_path: Path) -> None:
    group = groups[12]
    seen: list[tuple[int, int]] = []
    written = export_registers(store, group_event_ids(store, group.code), tmp_path,
                               progress=lambda done, total: seen.append((done, total)),
                               printed_at=PRINTED_AT)
    assert [p.name for p in written] == [
        f"{group.code}_event-1_2026-10-12.pdf", f"{group.code}_event-2_undated.pdf"]
    assert seen == [(0, 2), (1, 2), (2, 2)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
    assert pages_text(written[0]) == pages_text(sign_in_sheet_pdf(
        store, group.event_ids[0], printed_at=PRINTED_AT))


def test_confidential_sheets_travel_as_separate_files(
        store: Store, groups: dict, tmp_path: Path) -> None:
    group = groups[30]
    written = export_registers(store, group.event_ids[:1], tmp_path, confidential=True,
                               printed_at=PRINTED_AT)
    assert [p.name for p in written] == [f"{group.code}_event-1_2026-10-12.pdf",
                                         f"{group.code}_event-1_2026-10-12_CONFIDENTIAL.pdf"]
    requirement = next(iter(group.requirements.values()))
    assert requirement not in " ".join(pages_text(written[0]))
    assert requirement in " ".join(pages_text(written[1]))


def test_cancel_stops_between_registers_and_keeps_what_was_finished(
        store: Store, tmp_path: Path) -> None:
    event_ids = intake_event_ids(store, "Autumn 2026")
    assert len(event_ids) == 6
    seen: list[tuple[int, int]] = []
    written = export_registers(store, event_ids, tmp_path,
                               progress=lambda done, total: seen.append((done, total)),
                               cancelled=lambda: len(seen) > 2, printed_at=PRINTED_AT)
    assert seen == [(0, 6), (1, 6), (2, 6)]
    assert len(written) == 2 and all(p.exists() for p in written)
    assert sorted(tmp_path.iterdir()) == sorted(written)  # no half-written files


def test_a_combined_pdf_numbers_each_register_on_its_own(
        store: Store, groups: dict, tmp_path: Path) -> None:
    event_ids = [groups[12].event_ids[0], groups[30].event_ids[0], groups[60].event_ids[0]]
    seen: list[tuple[int, int]] = []
    written = export_registers(store, event_ids, tmp_path, combine=True,
                               combined_name="term.pdf", printed_at=PRINTED_AT,
                               progress=lambda done, total: seen.append((done, total)))
    assert written == [tmp_path / "term.pdf"]
    pages = pages_text(written[0])
    stamps = [text.split("Page ", 1)[1].split(" ·")[0] for text in pages]
    assert stamps == ["1 of 1", "1 of 2", "2 of 2", "1 of 3", "2 of 3", "3 of 3"]
    assert [groups[12].code in pages[0], groups[30].code in pages[1],
            groups[60].code in pages[5]] == [True, True, True]
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_a_combined_pdf_never_holds_a_confidential_sheet_they_get_a_file_of_their_own(
        store: Store, groups: dict, tmp_path: Path) -> None:
    # The combined file goes round the room; special requirements must not go with it.
    event_ids = [groups[12].event_ids[0], groups[30].event_ids[0], groups[60].event_ids[0]]
    seen: list[tuple[int, int]] = []
    written = export_registers(store, event_ids, tmp_path, combine=True, confidential=True,
                               combined_name="term.pdf", printed_at=PRINTED_AT,
                               progress=lambda done, total: seen.append((done, total)))
    assert written == [tmp_path / "term.pdf", tmp_path / "term_CONFIDENTIAL.pdf"]
    assert sorted(tmp_path.iterdir()) == sorted(written)
    registers, secrets = pages_text(written[0]), pages_text(written[1])
    assert len(registers) == 1 + 2 + 3
    requirements = [r for g in (groups[12], groups[30], groups[60])
                    for r in g.requirements.values()]
    assert requirements
    for text in registers:
        assert "SIGN-IN REGISTER" in text and "CONFIDENTIAL" not in text.upper()
        assert not any(requirement in text for requirement in requirements)
    assert len(secrets) == len(event_ids)  # one sheet an event, nothing else
    for text in secrets:
        assert "CONFIDENTIAL — for facilitators only, do not circulate" in text
        assert "SIGN-IN REGISTER" not in text and "Morning signature" not in text
    assert all(any(r in " ".join(secrets) for r in g.requirements.values())
               for g in (groups[30], groups[60]))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]  # registers, not sheets


def test_no_document_mixes_confidential_sheets_with_sign_in_registers(
        store: Store, groups: dict) -> None:
    register, sheet = load_sheets(store, groups[30].event_ids[0], printed_at=PRINTED_AT)
    out = io.BytesIO()
    with pytest.raises(ValueError, match="never printed in one document with sign-in"):
        layout.build([sign_in_section(register), confidential_section(sheet, register)], out,
                     title="t")
    assert out.getvalue() == b""


# cancelled() is asked before reading each of the 2 events, then as each of the 2 registers
# and the 2 confidential sheets is laid out: a cancel at the 4th question comes while the
# registers' file is made, at the 5th and 6th while the confidential file is.
@pytest.mark.parametrize("cancel_at", [4, 5, 6])
def test_cancelling_a_combined_export_writes_neither_file(
        store: Store, groups: dict, tmp_path: Path, cancel_at: int) -> None:
    event_ids = [groups[12].event_ids[0], groups[30].event_ids[0]]
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls >= cancel_at

    written = export_registers(store, event_ids, tmp_path, combine=True, confidential=True,
                               cancelled=cancelled, printed_at=PRINTED_AT)
    assert calls == cancel_at
    assert written == [] and list(tmp_path.iterdir()) == []


def test_a_combined_pdf_makes_each_sheet_only_when_the_layout_reaches_it(
        store: Store, groups: dict) -> None:
    # So a combined PDF of a whole intake holds one register's tables at a time, not all
    # of them (a heap that grew with every register made full collections on the worker
    # long enough to stall the GUI thread).
    events = [groups[12].event_ids[0], groups[30].event_ids[0], groups[60].event_ids[1]]
    made: list[int] = []
    reached: list[tuple[int, int]] = []  # (section started, sheets made by then)
    sections = []
    for index, event_id in enumerate(events):
        register, _ = load_sheets(store, event_id, printed_at=PRINTED_AT)
        section = sign_in_section(register)
        assert callable(section.flowables)
        section.flowables = partial(_record, made, index, section.flowables)
        sections.append(section)
    empty = sign_in_section(load_sheets(store, events[0], printed_at=PRINTED_AT)[0])
    empty.flowables = list  # a sheet with nothing in its body still gets its page
    out = io.BytesIO()
    pages = layout.build([*sections, empty], out, title="t",
                         on_section=lambda i: reached.append((i, len(made))))
    assert reached == [(0, 0), (1, 1), (2, 2), (3, 3)] and made == [0, 1, 2]
    assert pages == 1 + 2 + 3 + 1 == len(pages_text(out.getvalue()))


def _record(made: list[int], index: int, make: Callable[[], list]) -> list:
    made.append(index)
    return make()


def test_cancelling_a_combined_pdf_writes_nothing(
        store: Store, groups: dict, tmp_path: Path) -> None:
    event_ids = [groups[60].event_ids[0], groups[30].event_ids[0]]
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3  # after the sheets were prepared, while the PDF is laid out

    written = export_registers(store, event_ids, tmp_path, combine=True,
                               cancelled=cancelled, printed_at=PRINTED_AT)
    assert written == [] and list(tmp_path.iterdir()) == []


def test_batches_run_on_a_worker_thread(store: Store, groups: dict, tmp_path: Path) -> None:
    results: list[list[Path]] = []
    workers = [threading.Thread(target=lambda d=d: results.append(export_registers(
        store, groups[30].event_ids, tmp_path / d, printed_at=PRINTED_AT)))
        for d in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert len(results) == 2
    first, second = sorted(results)
    assert [pages_text(p) for p in first] == [pages_text(p) for p in second]


def test_unknown_groups_and_intakes_say_so(store: Store) -> None:
    with pytest.raises(NotFoundError, match="No group 'NPQSL-NOWHERE'"):
        group_event_ids(store, "NPQSL-NOWHERE")
    with pytest.raises(NotFoundError, match="No intake 'Spring 1999'"):
        intake_event_ids(store, "Spring 1999")
