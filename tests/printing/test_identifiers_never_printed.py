"""Identifiers held for the central service never reach a register: the sign-in sheet and
the confidential sheet of a group whose candidates carry a participant identifier and a
school URN (and whose partner carries a delivery-partner identifier) print neither, read
back with pypdf and with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.clock import shared_clock
from app.printing.exporters import confidential_sheet_pdf, sign_in_sheet_pdf
from app.store import Store
from app.store.apply import apply_page
from app.store.models import Candidate
from tests.printing.builders import SeededGroup, group_changes, reference_changes
from tests.printing.conftest import PRINTED_AT, pages_text


def _participant(n: int) -> str:
    return f"PID{n:04d}X7"


def _urn(n: int) -> str:
    return f"{731000 + n}"


@pytest.fixture
def identified(tmp_path: Path) -> Iterator[tuple[Store, SeededGroup]]:
    """A group of 14 whose every candidate has a participant id and a school URN."""
    store = Store.open(tmp_path / "desk.sqlite3")
    intake_id, partner_id = str(uuid.uuid4()), str(uuid.uuid4())
    changes = reference_changes(intake_id, partner_id)
    for change in changes:
        if change.type == "partner":
            assert change.data is not None
            change.data["delivery_partner_ids"] = {"2026": "DPID-2026-CALDER"}
    group, more = group_changes(code="NPQSL-AUT26-HALIFAX-9", intake_id=intake_id,
                                partner_id=partner_id, candidates=14, events=2)
    n = 0
    for change in more:
        if change.type == "candidate":
            assert change.data is not None
            change.data.update(participant_id=_participant(n), school_urn=_urn(n))
            n += 1
    apply_page(store, changes + more, f"cursor-{uuid.uuid4()}", shared_clock(store))
    yield store, group
    store.close()


def _identifiers(store: Store) -> set[str]:
    with store.read() as session:
        rows = session.query(Candidate.participant_id, Candidate.school_urn).all()
    found = {value for row in rows for value in row if value}
    assert len(found) == 2 * 15  # 14 on the register and one withdrawn: all landed
    return found | {"DPID-2026-CALDER"}


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / f"{uuid.uuid4()}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _readings(pdf: bytes, tmp_path: Path) -> list[str]:
    texts = [" ".join(pages_text(pdf))]
    if shutil.which("pdftotext"):
        texts.append(_pdftotext(pdf, tmp_path))
    return texts


def test_the_sign_in_sheet_prints_no_participant_id_or_school_urn(
        identified: tuple[Store, SeededGroup], tmp_path: Path) -> None:
    store, group = identified
    pdf = sign_in_sheet_pdf(store, group.event_ids[0], printed_at=PRINTED_AT)
    for text in _readings(pdf, tmp_path):
        _given, family = group.names[0]
        assert family in text  # the register itself is there, and read back
        for identifier in _identifiers(store):
            assert identifier not in text
    for identifier in _identifiers(store):  # nor anywhere in the file (its metadata)
        assert identifier.encode() not in pdf


def test_the_confidential_sheet_prints_no_participant_id_or_school_urn(
        identified: tuple[Store, SeededGroup], tmp_path: Path) -> None:
    store, group = identified
    assert group.requirements, "someone has requirements: the sheet lists people"
    pdf = confidential_sheet_pdf(store, group.event_ids[0], printed_at=PRINTED_AT)
    for text in _readings(pdf, tmp_path):
        assert "CONFIDENTIAL" in text
        assert next(iter(group.requirements.values()))[:20] in " ".join(text.split())
        for identifier in _identifiers(store):
            assert identifier not in text
    for identifier in _identifiers(store):
        assert identifier.encode() not in pdf
