"""The pipeline's Qt models alone (no widgets): every cell of every column answers, sort
keys are numbers or strings (never tuples), the forecast cell is short with the whole
sentence in its tooltip and aloud, a group short of its minimum is in bold, and a row is
named by its key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from app.clock import shared_clock
from app.recruitment import RecruitmentService
from app.store import Store
from app.store.apply import apply_page
from tests.app.test_recruitment import CODES, SL, SMALL, TODAY, applications, roster
from ui.pipeline_model import (
    APPLICANT_COLUMNS,
    GROUP_COLUMNS,
    INTAKE_COLUMNS,
    KEY_ROLE,
    SORT_ROLE,
    ColumnsModel,
    needs_partner,
)


def service(tmp_path: Path) -> RecruitmentService:
    store = Store.open(tmp_path / "data" / "desk.sqlite3")
    apply_page(store, roster() + applications(), "c1", shared_clock(store))
    return RecruitmentService(store)


def every_cell(model: ColumnsModel[Any]) -> None:
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            index = model.index(r, c)
            assert isinstance(index.data(), str)
            assert isinstance(index.data(SORT_ROLE), (str, int))
            assert index.data(Qt.ItemDataRole.AccessibleTextRole)


def test_every_cell_answers_and_sorts_by_a_number_or_a_string(qapp: Any,
                                                              tmp_path: Path) -> None:
    recruitment = service(tmp_path)
    try:
        pipeline = recruitment.pipeline(TODAY)
        groups = ColumnsModel(GROUP_COLUMNS, lambda p: p.group_id, strong=needs_partner)
        groups.set_rows(pipeline.groups)
        intakes: ColumnsModel[Any] = ColumnsModel(INTAKE_COLUMNS, lambda i: i.intake_id)
        intakes.set_rows(pipeline.intakes)
        people: ColumnsModel[Any] = ColumnsModel(APPLICANT_COLUMNS, lambda a: a.application_id)
        people.set_rows(recruitment.applicants(SL))
        for model in (groups, intakes, people):
            assert model.rowCount() > 0
            every_cell(model)
        assert groups.index(5, 0).data() is None  # no such row: nothing, no error
        row = groups.row_of(SL)
        assert row is not None and groups.index(row, 0).data(KEY_ROLE) == SL
        forecast = groups.index(row, len(GROUP_COLUMNS) - 1)
        group = pipeline.groups[row]
        assert forecast.data(Qt.ItemDataRole.ToolTipRole) == group.forecast.words
        assert len(forecast.data()) < len(group.forecast.words)
        small = groups.row_of(SMALL)
        assert small is not None
        font = groups.index(small, 0).data(Qt.ItemDataRole.FontRole)
        assert isinstance(font, QFont) and font.bold()  # 4 of 15: needs the partner
        assert CODES[SMALL] in groups.index(small, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    finally:
        recruitment.store.close()
