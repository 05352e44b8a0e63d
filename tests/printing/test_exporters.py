"""The one way to export a PDF: every document's exporter gives PDF bytes stamped with the
time it was printed, and ``write_pdf`` writes them whole or leaves the old file as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.fee_service import FeeService
from app.printing.exporters import (
    confidential_sheet_pdf,
    evaluation_report_pdf,
    fee_statement_pdf,
    form_pdf,
    sign_in_sheet_pdf,
    write_pdf,
)
from app.reports import ReportService
from app.store import Store
from app.store.models import OtherRecord
from tests.printing.conftest import PRINTED_AT, pages_text
from tests.printing.form_builders import form_view

TODAY = dt.date(2026, 11, 23)


def _with_a_report(store: Store, group_id: str, event_id: str) -> None:
    question = {"id": "overall", "label": "Overall, I would rate this event",
                "distribution": {"1": 0, "2": 1, "3": 3, "4": 8, "5": 5}, "mean": 4.0}
    with store.write() as session:
        session.merge(OtherRecord(type="evaluation_summary", id=event_id, data={
            "event_id": event_id, "group_id": group_id, "attended": 20, "invitations": 20,
            "responses": 17, "questions": [question], "comments": ["Worth the drive"],
            "hidden": False, "updated_at": "2026-11-12T19:00:00Z"}))


def test_every_document_is_a_pdf_stamped_when_it_was_printed(store: Store,
                                                             groups: dict) -> None:
    group = groups[12]
    event_id = group.event_ids[0]
    _with_a_report(store, group.group_id, event_id)
    documents = {
        "sign-in": sign_in_sheet_pdf(store, event_id, printed_at=PRINTED_AT),
        "confidential": confidential_sheet_pdf(store, event_id, printed_at=PRINTED_AT),
        "report": evaluation_report_pdf(ReportService(store), event_id,
                                        printed_at=PRINTED_AT),
        "fees": fee_statement_pdf(FeeService(store), TODAY, printed_at=PRINTED_AT),
        "form": form_pdf(form_view("qa_visit"), printed_at=PRINTED_AT),
    }
    stamps = ("23 Nov 2026 09:12", "23/11/2026 09:12")
    for name, data in documents.items():
        assert data.startswith(b"%PDF-"), name
        text = " ".join(pages_text(data))
        assert any(stamp in text for stamp in stamps), (name, text[-300:])
    assert "Worth the drive" in " ".join(pages_text(documents["report"]))
    assert group.code in " ".join(pages_text(documents["fees"]))


def test_a_report_this_laptop_does_not_hold_is_a_lookup_error(store: Store) -> None:
    with pytest.raises(LookupError):
        evaluation_report_pdf(ReportService(store), "no-such-event")


def test_write_pdf_writes_whole_files_or_leaves_the_old_one(store: Store, groups: dict,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "out" / "register.pdf"
    data = sign_in_sheet_pdf(store, groups[12].event_ids[0], printed_at=PRINTED_AT)
    assert write_pdf(data, path) == path and path.read_bytes() == data
    with pytest.raises(TypeError):
        write_pdf("not bytes", path)  # type: ignore[arg-type]  # fails mid-write
    assert path.read_bytes() == data
    assert [p.name for p in path.parent.iterdir()] == ["register.pdf"]  # no temporary left
