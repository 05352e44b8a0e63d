"""The QR code on the sheet scans back to the sheet (when a decoder is installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.printing.codes import parse_sheet_reference
from app.printing.exporters import sign_in_sheet_pdf, write_pdf
from app.printing.model import load_paper_register
from app.printing.qr import qr_modules
from app.store import Store
from tests.printing.conftest import PRINTED_AT


def test_qr_modules_are_a_square_code_computed_once() -> None:
    modules = qr_modules("npq-desk:register:abc:123456")
    assert len(modules) in (21, 25, 29, 33, 37) and all(len(r) == len(modules) for r in modules)
    assert qr_modules("npq-desk:register:abc:123456") is modules


@pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
                    reason="needs zbarimg (zbar-tools) and pdftoppm (poppler-utils)")
def test_every_page_scans_back_to_its_sheet(store: Store, groups: dict, tmp_path: Path) -> None:
    event_id = groups[30].event_ids[0]
    register = load_paper_register(store, event_id, printed_at=PRINTED_AT)
    write_pdf(sign_in_sheet_pdf(store, event_id, printed_at=PRINTED_AT), tmp_path / "r.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(tmp_path / "r.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 2
    for page in pages:
        scanned = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True,
                                 text=True, timeout=60).stdout.strip()
        reference = parse_sheet_reference(scanned)
        assert reference is not None and reference.event_id == event_id
        assert reference.roster_version == register.roster_version
