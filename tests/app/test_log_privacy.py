"""No personal data in the log file: a malformed candidate record pulled from the server
fails validation with pydantic's ``input_value=`` dump of the whole payload (name, email,
special requirement); the error travels up as a SyncError and is logged with its
traceback. The file must hold none of the planted text, yet still say what went wrong."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.clock import shared_clock
from app.logging_setup import LOG_FILENAME, REDACTED, scrub, setup_logging
from app.store import Store
from app.store.apply import PulledChange, apply_page
from sync.errors import SyncError

PLANTED_NEED = "Planted-Requirement: insulin pump, needs rest breaks"
PLANTED_NAME = "Xanthippe-Plantedname"
PLANTED_EMAIL = "xanthippe.planted@school.example.org"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    handler = setup_logging(tmp_path / "logs")
    try:
        yield tmp_path / "logs" / LOG_FILENAME
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def _malformed_candidate() -> PulledChange:
    return PulledChange("candidate", str(uuid.uuid4()), False, {
        "given_name": PLANTED_NAME, "school": "Some School", "email": PLANTED_EMAIL,
        "special_requirements": PLANTED_NEED})  # family_name missing: invalid


def test_a_malformed_pulled_record_leaves_no_personal_data_in_the_log(
        store: Store, log_file: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        apply_page(store, [_malformed_candidate()], "cursor-1", shared_clock(store))
    # pydantic prints (the ends of) the payload: the reason for the scrubbing
    assert "needs rest breaks" in str(caught.value) and "Xanthi" in str(caught.value)
    try:
        raise SyncError("protocol", server="http://127.0.0.1:1") from caught.value
    except SyncError as exc:
        logging.getLogger("ui.errors").error("unexpected error", exc_info=exc)
        logging.getLogger("sync.exchange").warning("bad record %s", caught.value)
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = log_file.read_text(encoding="utf-8")
    assert "family_name" in written and "Field required" in written  # still useful
    assert "SyncError" in written and "Traceback" in written
    for planted in ("rest breaks", "insulin", "Xanthi", "Plantedname", PLANTED_EMAIL):
        assert planted not in written
    assert f"input_value={REDACTED}" in written


def test_known_personal_fields_and_emails_are_scrubbed_wherever_they_appear() -> None:
    line = ("candidate {'given_name': 'Siân', \"family_name\": \"O'Neil\", "
            "special_requirements='hearing loop', id: 7} mailed amy.b@school.sch.uk")
    scrubbed = scrub(line)
    for planted in ("Siân", "O'Neil", "hearing loop", "amy.b@school.sch.uk"):
        assert planted not in scrubbed
    assert "id: 7" in scrubbed and "candidate" in scrubbed


def test_lines_without_personal_data_are_left_alone() -> None:
    line = "sync done: sent 3, received 120 (event 4f1c, group NPQLTD-AUT26-1)"
    assert scrub(line) == line
