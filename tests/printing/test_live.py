"""A partner lead's real local store, filled by syncing with the reference server."""

from __future__ import annotations

from pathlib import Path

from app.printing.batch import export_registers, intake_event_ids
from app.printing.model import load_sheets
from app.store import Store
from app.store.models import Candidate, Intake
from sync.service import SyncService
from tests.printing.conftest import PRINTED_AT, pages_text


def test_a_partner_lead_prints_an_intake_from_synced_data(
        live_server: object, tmp_path: Path) -> None:
    with Store.open(tmp_path / "desk.sqlite3") as store:
        service = SyncService(store, live_server.base_url)  # type: ignore[attr-defined]
        service.login("partner", "npq-demo")
        service.sync_once()
        with store.read() as session:
            intake = session.query(Intake).order_by(Intake.year, Intake.term).first()
            needs = {c.id: c.special_requirements for c in session.query(Candidate)
                     if c.special_requirements}
        assert intake is not None
        event_ids = intake_event_ids(store, intake.id)
        assert event_ids
        written = export_registers(store, event_ids[:6], tmp_path / "out",
                                   printed_at=PRINTED_AT)
        assert len(written) == 6
        for event_id, path in zip(event_ids[:6], written, strict=True):
            register, sheet = load_sheets(store, event_id, printed_at=PRINTED_AT)
            text = " ".join(pages_text(path))
            assert all(row.name in text for row in register.rows)
            assert register.header.times_text in text
            for entry in sheet.entries:
                assert entry.requirement not in text
                assert needs[entry.candidate_id] == entry.requirement
