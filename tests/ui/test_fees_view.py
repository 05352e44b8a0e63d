"""The fees view on a partner lead's laptop synced from the real server: the totals and the
lines shown are the statement's, one group can be shown alone (and stays chosen across a
refresh), and both exports write files that read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt

from app.exports.fee_statement import FIRST_LINE
from app.fee_service import FeeService
from app.fees import pounds
from desk.session import Session
from tests.conftest import TEST_TODAY
from ui.fees_model import COLUMNS
from ui.fees_view import FeesView
from ui.runner import Runner


@pytest.fixture
def view(qtbot: Any, runner: Runner, partner_session: Session, tmp_path: Path) -> FeesView:
    widget = FeesView(runner, FeeService(partner_session.store), lambda: TEST_TODAY,
                      ask_path=lambda _parent, name, _filter: str(tmp_path / "out" / name))
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    with qtbot.waitSignal(widget.shown, timeout=10_000):
        widget.refresh()
    return widget


def cell(view: FeesView, row: int, column: str) -> str:
    return view.model.index(row, COLUMNS.index(column)).data()


def test_the_totals_and_every_line_of_the_statement_are_shown(
        view: FeesView, partner_session: Session) -> None:
    statement = FeeService(partner_session.store).statement(TEST_TODAY)
    assert view.statement == statement
    assert view.heading.text() == "Fee statement — Pennine Teaching School Hub"
    assert "Autumn 2026 and Spring 2027 intakes" in view.period.text()
    totals = view.totals.text()
    assert f"Expected: {pounds(statement.expected_pence)} for 17 events" in totals
    assert f"Actual so far: {pounds(statement.actual_pence)} from 3 submitted" in totals
    assert view.model.rowCount() == 17
    lines = [(g, e) for g in statement.groups for e in g.events]
    for row, (group, fee) in enumerate(lines):
        assert cell(view, row, "Group") == group.group_code
        assert cell(view, row, "Expected") == pounds(fee.expected_pence)
        assert cell(view, row, "Actual") == (pounds(fee.actual_pence) if fee.submitted else "")
    submitted = next(r for r, (_g, e) in enumerate(lines) if e.submitted)
    assert cell(view, submitted, "People") == (f"{lines[submitted][1].expected_group_size} / "
                                               f"{lines[submitted][1].actual_people}")
    pending = next(r for r, (_g, e) in enumerate(lines) if not e.submitted)
    assert cell(view, pending, "Note") == "Not submitted yet"
    assert view.rules.isVisible() and "Group size:" in view.rules.text()
    assert "Per person (hosting)" in view.rules.text()


def test_one_group_alone_and_it_stays_chosen_after_a_refresh(
        qtbot: Any, view: FeesView) -> None:
    assert view.statement is not None
    group = next(g for g in view.statement.groups if g.submitted_events)
    with qtbot.waitSignal(view.shown):
        assert view.select_group(group.group_id)
    assert view.model.rowCount() == len(group.events)
    assert {cell(view, r, "Group") for r in range(view.model.rowCount())} == {group.group_code}
    assert f"Expected: {pounds(group.expected_pence)} for {len(group.events)} events" in (
        view.totals.text())
    assert view.period.text().startswith(f"{group.intake_label} intake ·")
    with qtbot.waitSignal(view.shown, timeout=10_000):
        view.refresh()
    assert view.group_id == group.group_id and view.model.rowCount() == len(group.events)


def test_export_xlsx_csv_and_pdf_write_the_statement_shown(
        qtbot: Any, view: FeesView, tmp_path: Path) -> None:
    assert view.statement is not None
    group = view.statement.groups[-1]
    view.select_group(group.group_id)
    # XLSX first, on screen and for Tab: the CSV is for scripts, and says so
    assert view.xlsx_button.x() < view.csv_button.x() < view.pdf_button.x()
    assert view.xlsx_button.nextInFocusChain() is view.csv_button
    assert view.csv_button.text() == "Export CSV for scripts…"
    assert "open the XLSX in a spreadsheet" in view.csv_button.accessibleDescription()
    with qtbot.waitSignal(view.exported, timeout=10_000) as written:
        view.xlsx_button.click()
    book = Path(written.args[0])
    assert book.suffix == ".xlsx" and group.group_code in book.name
    sheet = load_workbook(book).active
    codes = {row[0].value for row in sheet.iter_rows(min_row=FIRST_LINE + 1)
             if isinstance(row[2].value, int)}
    assert codes == {group.group_code}

    with qtbot.waitSignal(view.exported, timeout=10_000) as written:
        view.csv_button.click()
    path = Path(written.args[0])
    assert path.parent == tmp_path / "out" and path.suffix == ".csv"
    assert group.group_code in path.name
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    events = [r for r in rows[2:] if len(r) > 2 and r[2].isdigit()]
    assert {r[0] for r in events} == {group.group_code} and len(events) == len(group.events)
    assert view.status.text() == f"Saved {path.name}"

    view.select_group(None)
    with qtbot.waitSignal(view.exported, timeout=10_000) as written:
        view.pdf_button.click()
    pdf = Path(written.args[0])
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert all(g.group_code in text for g in view.statement.groups)
    assert pounds(view.statement.expected_pence) in text
    assert sorted(p.suffix for p in pdf.parent.iterdir()) == [".csv", ".pdf", ".xlsx"]


def test_every_expected_and_actual_pair_and_every_dash_says_what_it_is(view: FeesView) -> None:
    """'18 / –' on its own said nothing: the header says which number is which, the legend
    under the table says what '–' is, and every paired or blank cell says it in words in
    its tooltip and to a screen reader, submitted lines and lines still to come alike."""
    model = view.model
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(len(COLUMNS))]
    for column in ("Group size", "People"):
        assert "expected / actual" in headers[COLUMNS.index(column)]
    assert view.legend.isVisible()
    assert "expected / actual" in view.legend.text() and "“–”" in view.legend.text()
    assert "not known until the event's register is submitted" in view.legend.text()
    seen = {"dash": 0, "pair": 0, "blank": 0}
    for row in range(model.rowCount()):
        for column in ("Group size", "People", "Actual"):
            index = model.index(row, COLUMNS.index(column))
            shown = str(index.data())
            tip = index.data(Qt.ItemDataRole.ToolTipRole)
            spoken = index.data(Qt.ItemDataRole.AccessibleTextRole)
            if column == "Actual":
                if shown:
                    continue
                seen["blank"] += 1
                assert tip == spoken == "Actual fee: not known until the register is submitted"
                continue
            expected, actual = shown.split(" / ")
            assert tip == spoken and tip.startswith(f"{column}: {expected} expected (enrolled)")
            if actual == "–":
                seen["dash"] += 1
                assert tip.endswith("actual not known until the register is submitted")
            else:
                seen["pair"] += 1
                assert f", {actual} actual (" in tip
    assert min(seen.values()) > 0, seen  # every kind of cell was met
