"""The allocation-code flyer: an A5 PDF read back (the code, the application page), its QR
code scanned where zbar is installed, and ``npq-desk export flyer`` on a laptop's store and
on a demo laptop."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader

from app import exit_codes, paths
from app.partner_page import PartnerPageService
from app.printing.flyer_pdf import render_flyer
from app.store import Store
from desk.cli import main
from tests.app.partner_records import TODAY, URL, lead_laptop
from tests.printing.conftest import pages_text

ROOT = Path(__file__).resolve().parents[2]
A5 = (419.53, 595.28)  # points


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A partner lead's home folder: a partner with groups in two open intakes."""
    folder = tmp_path / "home"
    with Store.open(folder / "data" / paths.DATABASE_FILENAME) as store:
        laptop = lead_laptop(store)
        laptop.group("NPQSL-SPR27-LEEDS-1", "NPQSL", "spring27", 9)
        laptop.group("NPQML-AUT27-LEEDS-1", "NPQML", "autumn27", 2)
    return folder


def flyer(home: Path) -> bytes:
    with Store.open(home / "data" / paths.DATABASE_FILENAME) as store:
        code = PartnerPageService(store, today=lambda: TODAY).allocation_code()
    return render_flyer(code, dt.datetime(2026, 11, 23, 9, 0))


def test_the_flyer_is_one_a5_page_with_the_code_the_deadline_and_the_application_page(
        home: Path) -> None:
    pdf = flyer(home)
    [page] = PdfReader(io.BytesIO(pdf)).pages
    assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A5
    [text] = pages_text(pdf)
    assert "Oakfield Learning Partnership" in text and "OLP-YH-0142" in text
    assert URL in text and "Scan to apply" in text
    assert "Spring 2027: NPQSL (NPQ for Senior Leadership). Registration closes on " \
           "Saturday 16 January 2027." in text
    assert "Autumn 2027: NPQML" in text
    assert "Person0" not in text  # nothing about anyone


@pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
                    reason="needs zbarimg (zbar-tools) and pdftoppm (poppler-utils)")
def test_the_qr_code_scans_to_the_application_link_with_the_code(home: Path,
                                                                 tmp_path: Path) -> None:
    (tmp_path / "f.pdf").write_bytes(flyer(home))
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(tmp_path / "f.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)
    [png] = sorted(tmp_path.glob("page*.png"))
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True,
                             text=True, timeout=60).stdout.strip()
    assert scanned.startswith(URL)
    assert parse_qs(urlsplit(scanned).query) == {"code": ["OLP-YH-0142"]}


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs pdftoppm (poppler-utils)")
def test_the_flyer_renders_to_an_image(home: Path, tmp_path: Path) -> None:
    (tmp_path / "f.pdf").write_bytes(flyer(home))
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(tmp_path / "f.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)
    [png] = sorted(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 2_000


def test_export_flyer_writes_the_pdf_from_the_laptops_store(
        home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "flyer.pdf"
    assert main(["--home", str(home), "export", "flyer", "--out", str(out)]) == exit_codes.OK
    said = capsys.readouterr().out
    assert "Allocation-code flyer of Oakfield Learning Partnership (OLP-YH-0142) written" in said
    assert "OLP-YH-0142" in pages_text(out)[0]


def test_export_flyer_wants_a_pdf_and_a_partner(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--home", str(tmp_path / "h"), "export", "flyer", "--out", "f.png"])
    assert stopped.value.code == exit_codes.USAGE
    empty = tmp_path / "empty"
    with Store.open(empty / "data" / paths.DATABASE_FILENAME) as store:
        lead = lead_laptop(store)
        with store.write() as session:  # a laptop that holds no partner yet
            from app.store.models import Partner

            session.query(Partner).delete()
        assert lead.partner_id
    capsys.readouterr()
    assert main(["--home", str(empty), "export", "flyer", "--out",
                 str(tmp_path / "f.pdf")]) == exit_codes.RETRY
    assert "sync first" in capsys.readouterr().err
    assert not (tmp_path / "f.pdf").exists()


def test_export_flyer_is_the_partner_leads(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "facilitator"
    with Store.open(folder / "data" / paths.DATABASE_FILENAME) as store:
        lead_laptop(store, roles=("facilitator",))
    assert main(["--home", str(folder), "export", "flyer", "--out",
                 str(tmp_path / "f.pdf")]) == exit_codes.RETRY
    assert "the partner lead's" in capsys.readouterr().err
    assert not (tmp_path / "f.pdf").exists()


def test_export_flyer_runs_on_a_demo_partner_lead_laptop(tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    env = {**os.environ, paths.HOME_ENV: str(tmp_path / "home"), "PYTHONPATH": str(ROOT),
           "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "ui.main", "--demo", "--role", "partner",
                             "export", "flyer", "--out", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    said = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in said, said
    assert "Allocation-code flyer of" in said
    assert out.read_bytes().startswith(b"%PDF")
