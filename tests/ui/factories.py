"""Hand-built registers for tests that need no store."""

from __future__ import annotations

import datetime as dt

from app.domain import EventSummary, MarkStatus, RecordSyncState, Register, RegisterRow


def event(**overrides: object) -> EventSummary:
    values: dict[str, object] = dict(
        id="ev-1", group_id="g-1", group_code="NPQSL-NW-26A", qualification_code="NPQSL",
        number=2, title="Leading teaching", date=dt.date(2026, 11, 23),
        window_start=dt.date(2026, 11, 16), window_end=dt.date(2026, 11, 27),
        venue_name="Bridgewater Teaching School", arrival_time="08:30", start_time="09:00",
        end_time="16:00", roster_size=4, marked=2,
        qualification_title="National Professional Qualification for Senior Leadership",
    )
    values.update(overrides)
    return EventSummary(**values)  # type: ignore[arg-type]


def row(cid: str, given: str, family: str, status: MarkStatus | None = None,
        *, arrival: str | None = None, withdrawn: bool = False,
        sync: RecordSyncState | None = None, school: str = "Oakfield Primary") -> RegisterRow:
    return RegisterRow(
        candidate_id=cid, given_name=given, family_name=family, school=school,
        role="Deputy head", status=status, arrival_time=arrival, departure_time=None,
        note="", withdrawn=withdrawn,
        sync_state=sync if sync else (RecordSyncState.SAVED if status else None),
    )


def register() -> Register:
    return Register(event=event(), rows=(
        row("c1", "Siân", "Hughes", MarkStatus.PRESENT, sync=RecordSyncState.CONFIRMED),
        row("c2", "Zoë", "Adams", MarkStatus.LATE, arrival="09:15"),
        row("c3", "Łukasz", "Nowak"),
        row("c4", "Minh", "Nguyễn"),
        row("c5", "Gone", "Away", withdrawn=True),
    ))
