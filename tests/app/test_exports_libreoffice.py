"""The fee statement's two files (and the attendance's) as LibreOffice opens them, through
``soffice --headless``: the workbook keeps every accent and pound sign; the CSV (UTF-8 with
a byte-order mark) reads right when the import is told UTF-8 (a script, or a person
choosing "Unicode (UTF-8)" in the import dialog) and garbled with LibreOffice's default
import, which ignores the mark: that is why the window offers the workbook first and calls
the CSV "for scripts" (docs/assumptions.md). Skipped, saying so, where LibreOffice is not
installed (CI installs it: .ci/run)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from app.domain import MarkStatus
from app.exports.attendance import (
    AttendanceMatrix,
    CandidateRow,
    Cell,
    EventColumn,
    attendance_csv,
    attendance_xlsx,
)
from app.exports.fee_statement import statement_xlsx
from app.fee_statement import FeeStatement, statement_csv
from tests.app.test_fee_xlsx import PARTNER, accented_statement

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install -y "
    "--no-install-recommends libreoffice-calc-nogui): the exports are not opened in it")

# LibreOffice's CSV filter options: comma, double quote, character set 76 (UTF-8).
UTF8_CSV = "44,34,76"
CSV_FILTER = "Text - txt - csv (StarCalc)"


def convert(source: Path, profile: Path, *, import_options: str | None = None) -> str:
    """``source`` opened by LibreOffice (with its default import unless ``import_options``
    say otherwise) and saved as UTF-8 CSV of what its cells show; that text."""
    out = source.parent / "converted"
    command = [str(SOFFICE), "--headless", "--norestore",
               f"-env:UserInstallation={profile.as_uri()}"]
    if import_options is not None:
        command.append(f"--infilter={CSV_FILTER}:{import_options}")
    command += ["--convert-to", f"csv:{CSV_FILTER}:{UTF8_CSV}", "--outdir", str(out),
                str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return (out / f"{source.stem}.csv").read_text(encoding="utf-8")


@pytest.fixture
def statement() -> FeeStatement:
    return accented_statement()


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    return tmp_path / "libreoffice-profile"  # its own: never the user's, never shared


def names_in(statement: FeeStatement) -> list[str]:
    return [statement.partner_name, *(a.name for g in statement.groups for a in g.apart),
            *(e.title for g in statement.groups for e in g.events)]


def test_the_workbook_opens_with_every_accent_and_pound_sign(
        statement: FeeStatement, profile: Path, tmp_path: Path) -> None:
    book = tmp_path / "fees.xlsx"
    book.write_bytes(statement_xlsx(statement))
    text = convert(book, profile)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Fee statement", PARTNER]
    for name in names_in(statement):
        assert name in text
    assert "Ã" not in text and "Â" not in text
    expected = f"£{statement.expected_pence // 100:,}.{statement.expected_pence % 100:02d}"
    [partner] = [r for r in rows if r[:1] == ["Partner total"]]
    assert expected in partner  # a number shown in pounds, as the cell's format says
    assert "23 Nov 2026" in rows[1]  # the date shown as a date


def test_the_csv_opens_right_when_the_import_is_told_utf8(
        statement: FeeStatement, profile: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "fees.csv"
    sheet.write_bytes(statement_csv(statement).encode("utf-8-sig"))  # as export_csv writes
    text = convert(sheet, profile, import_options=UTF8_CSV)
    for name in names_in(statement):
        assert name in text
    assert "(£)" in text and "Ã" not in text and not text.startswith("\ufeff")


def test_libreoffices_default_import_garbles_the_csv_whatever_its_byte_order_mark(
        statement: FeeStatement, profile: Path, tmp_path: Path) -> None:
    """What docs/assumptions.md says: the default import reads the bytes in an 8-bit
    character set and keeps the mark as text. If a LibreOffice one day honours the mark,
    this fails: then the CSV can be offered to people again."""
    sheet = tmp_path / "fees.csv"
    sheet.write_bytes(statement_csv(statement).encode("utf-8-sig"))
    text = convert(sheet, profile)
    assert "Siân" not in text and "SiÃ¢n" in text
    assert "(Â£)" in text
    assert text.startswith("ï»¿")  # the byte-order mark, read as three letters


def attendance_matrix() -> AttendanceMatrix:
    """Two events, a candidate with accents, a walk-in, by hand (the store's reading is
    tests/app/test_attendance_export.py's)."""
    held = EventColumn("e1", 1, "Arweinyddiaeth — “ôl”", dt.date(2026, 11, 2), "09:00",
                       "16:00", True)
    later = EventColumn("e2", 2, "Dysgu", dt.date(2027, 1, 18), "09:00", "16:00", False)
    came = Cell(MarkStatus.LATE, True, True, True, arrival="09:30", minutes=390,
                day_minutes=420)
    rows = (CandidateRow("c1", "Siân", "Wójcik", "Ysgol Gymraeg Aberystwyth", False, False,
                         (came, Cell(None, True, True, False))),
            CandidateRow("w1", "Nguyễn", "Thị Hương", "Åsgård Academy", True, False,
                         (Cell(MarkStatus.PRESENT, True, True, True, minutes=420,
                               day_minutes=420), Cell(None, False, False, False))))
    return AttendanceMatrix("g1", "NPQSL-AUT26-BANGOR-1", "NPQSL", dt.date(2026, 11, 23),
                            (held, later), rows)


def test_the_attendance_workbook_opens_with_every_accent(profile: Path,
                                                         tmp_path: Path) -> None:
    matrix = attendance_matrix()
    book = tmp_path / "attendance.xlsx"
    book.write_bytes(attendance_xlsx(matrix))
    text = convert(book, profile)  # the first sheet: the matrix
    for row in matrix.rows:
        assert row.name in text and row.school in text
    assert "Arweinyddiaeth — “ôl”" in text and "Ã" not in text


def test_the_attendance_csv_opens_right_only_when_told_utf8(profile: Path,
                                                            tmp_path: Path) -> None:
    sheet = tmp_path / "attendance.csv"
    sheet.write_bytes(attendance_csv(attendance_matrix()))
    told = convert(sheet, profile, import_options=UTF8_CSV)
    assert "Wójcik" in told and "Nguyễn" in told and "Åsgård Academy" in told
    default = convert(sheet, profile)
    assert "Wójcik" not in default and "WÃ³jcik" in default
