"""The register model adapts a plain register; no widgets, no store."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QIcon

from app.domain import MarkStatus, RecordSyncState, RegisterCounts
from tests.ui.factories import register, row
from ui.register_counts import counts_lines, counts_text
from ui.register_model import (
    CANDIDATE_ID_ROLE,
    PENDING_ROLE,
    SORT_ROLE,
    STATUS_ROLE,
    Column,
    RegisterModel,
)

DISPLAY = Qt.ItemDataRole.DisplayRole


def test_the_model_has_one_row_per_candidate_and_eight_columns(qapp):
    model = RegisterModel()
    model.set_register(register())
    assert model.rowCount() == 5
    assert model.columnCount() == len(Column) == 8
    assert model.headerData(Column.NAME, Qt.Orientation.Horizontal) == "Name"


def test_names_show_surname_first_and_sort_in_the_paper_order(qapp):
    model = RegisterModel()
    model.set_register(register())
    name = model.index(1, Column.NAME)
    assert model.data(name, DISPLAY) == "Adams, Zoë"
    assert model.data(name, CANDIDATE_ID_ROLE) == "c2"
    ranked = sorted(range(model.rowCount()),
                    key=lambda r: model.data(model.index(r, Column.NAME), SORT_ROLE))
    assert [model.data(model.index(r, Column.NAME)) for r in ranked] == [
        "Adams, Zoë", "Away, Gone", "Hughes, Siân", "Nguyễn, Minh", "Nowak, Łukasz"]


def test_status_and_arrival_time_are_shown(qapp):
    model = RegisterModel()
    model.set_register(register())
    assert model.data(model.index(1, Column.STATUS), DISPLAY) == "Late"
    assert model.data(model.index(1, Column.STATUS), STATUS_ROLE) is MarkStatus.LATE
    assert model.data(model.index(1, Column.ARRIVAL), DISPLAY) == "09:15"
    assert model.data(model.index(2, Column.STATUS), DISPLAY) == "—"
    assert model.data(model.index(4, Column.STATUS), DISPLAY) == "Withdrawn"


def test_the_sync_column_shows_an_icon_and_says_where_the_mark_is(qapp):
    model = RegisterModel()
    model.set_register(register())
    sync = model.index(0, Column.SYNC)
    assert isinstance(model.data(sync, Qt.ItemDataRole.DecorationRole), QIcon)
    assert model.data(sync, Qt.ItemDataRole.ToolTipRole) == "Confirmed by the central service"
    assert model.data(model.index(2, Column.SYNC), Qt.ItemDataRole.ToolTipRole) == "Not marked yet"


def test_counts_leave_out_withdrawn_candidates_and_say_who_came_late(qapp):
    model = RegisterModel()
    model.set_register(register())
    assert counts_text(model.counts()) == "2 of 4 here (1 present, 1 late) · 0 absent · 2 to mark"


def test_counts_of_a_full_register_add_up_at_a_glance():
    by = {MarkStatus.PRESENT: 9, MarkStatus.LATE: 1, MarkStatus.ABSENT: 1,
          MarkStatus.APOLOGIES: 1}
    assert counts_text(RegisterCounts(total=18, by_status=by)) == (
        "10 of 18 here (9 present, 1 late) · 1 absent · 1 sent apologies · 6 to mark")
    assert counts_lines(RegisterCounts(total=18, by_status=by)) == (
        "10 of 18 here (9 present, 1 late)", "1 absent · 1 sent apologies · 6 to mark")
    everyone = {MarkStatus.PRESENT: 16, MarkStatus.LEFT_EARLY: 1, MarkStatus.ABSENT: 1}
    assert counts_text(RegisterCounts(total=18, by_status=everyone)) == (
        "17 of 18 here (16 present, 1 left early) · 1 absent · everyone marked")


def test_a_mark_being_saved_is_shown_as_pending_until_the_committed_row_arrives(qapp, qtbot):
    model = RegisterModel()
    model.set_register(register())
    with qtbot.waitSignal(model.dataChanged):
        model.set_pending("c3", MarkStatus.ABSENT)
    status = model.index(2, Column.STATUS)
    assert model.data(status, DISPLAY) == "Absent…"
    assert model.data(status, PENDING_ROLE) is MarkStatus.ABSENT
    assert model.data(status, STATUS_ROLE) is None
    assert "2 to mark" in counts_text(model.counts()) and model.counts().unmarked == 2

    model.apply_row(row("c3", "Łukasz", "Nowak", MarkStatus.ABSENT))
    assert model.data(status, DISPLAY) == "Absent"
    assert model.data(status, PENDING_ROLE) is None
    assert model.counts().unmarked == 1
    assert model.register is not None
    assert model.register.rows[2].sync_state is RecordSyncState.SAVED


def test_data_never_raises_for_an_invalid_index(qapp):
    model = RegisterModel()
    assert model.data(QModelIndex(), DISPLAY) is None
    model.set_register(register())
    assert model.data(model.index(99, 0), DISPLAY) is None


def test_an_empty_register_counts_nothing(qapp):
    model = RegisterModel()
    model.set_register(dataclasses.replace(register(), rows=()))
    assert counts_text(model.counts()) == "No candidates to show"


def test_every_sync_state_has_its_own_icon_and_words(qapp):
    from app.domain import RecordSyncState
    from ui.icons import icon
    from ui.register_model import SYNC_TEXT

    assert set(SYNC_TEXT) == set(RecordSyncState)
    assert len(set(SYNC_TEXT.values())) == len(RecordSyncState)
    assert all(not icon(state.value).isNull() for state in RecordSyncState)
