"""The progress model alone (no view, no store): what each new cell says, what a screen
reader hears, and that sort keys are numbers or strings that order as a person would."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSortFilterProxyModel, Qt

from app.progress import CandidateProgress, Reported
from app.progress_milestones import MilestoneLine, NextMilestone
from app.progress_rules import Risk, risk
from ui.progress_model import (
    COACHING,
    COURSE,
    DIAGNOSTIC,
    NEXT,
    ONLINE,
    RISK,
    SORT_ROLE,
    ProgressModel,
    cell_text,
    sort_key,
    spoken_text,
)

RETAINED = MilestoneLine("retained-1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))


def line(family: str, reported: Reported | None = None,
         upcoming: NextMilestone | None = None, at_risk: Risk | None = None
         ) -> CandidateProgress:
    return CandidateProgress(f"id-{family}", "Ann", family, "A School", "active", (), at_risk,
                             reported=reported, next_milestone=upcoming)


def test_not_reported_reads_as_a_dash_and_is_said_so() -> None:
    row = line("Abbott")
    for column in (ONLINE, COURSE, DIAGNOSTIC, COACHING, NEXT):
        assert cell_text(row, column) == "–"
    assert spoken_text(row, ONLINE) == "Not reported by the central service yet"
    assert spoken_text(row, NEXT) == "No milestone ahead in the schedule held here"
    assert sort_key(row, COURSE) == -1 and sort_key(row, ONLINE) == -1


def test_the_services_figures_in_words() -> None:
    row = line("Bello", Reported(4, 6, 35, "invited", 2, None))
    assert (cell_text(row, ONLINE), cell_text(row, COURSE), cell_text(row, DIAGNOSTIC),
            cell_text(row, COACHING)) == ("4 / 6", "35 %", "Invited", "2 / –")
    assert spoken_text(row, ONLINE) == "4 of 6 online sessions attended"
    assert spoken_text(row, COURSE) == "Online course 35 % done"
    assert spoken_text(row, DIAGNOSTIC) == "360° diagnostic: Invited"


def test_the_next_milestone_and_its_verdict() -> None:
    missing = line("Chowdhury", upcoming=NextMilestone(RETAINED, True,
                                                       "Participation 73 %, below 90 %"))
    assert cell_text(missing, NEXT) == "Retained 1 · by 31 Mar · will miss"
    assert spoken_text(missing, NEXT) == (
        "Retained 1 by 31 Mar 2027: will miss (Participation 73 %, below 90 %)")
    fine = line("Davies", upcoming=NextMilestone(RETAINED, False))
    assert cell_text(fine, NEXT) == "Retained 1 · by 31 Mar · on track"
    assert sort_key(missing, NEXT) < sort_key(fine, NEXT) < sort_key(line("Evans"), NEXT)


def test_at_risk_is_short_in_its_cell_and_whole_in_its_tip() -> None:
    verdict = risk(50, 100, 2)
    row = line("Fox", at_risk=verdict)
    assert cell_text(row, RISK) == "Hours 50 % · 2 missed"
    model = ProgressModel()
    model.set_rows([row])
    assert model.index(0, RISK).data(Qt.ItemDataRole.ToolTipRole) == (
        "At risk: Below 90 % of face-to-face hours (50 %); Missed the last 2 events running")


def test_sorting_the_course_column_sorts_numbers_not_text() -> None:
    model = ProgressModel()
    model.set_rows([line("A", Reported(0, 0, 100, "completed")),
                    line("B", Reported(0, 0, 17, "invited")), line("C"),
                    line("D", Reported(0, 0, 9, "not_invited"))])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(COURSE, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, COURSE).data() for r in range(4)] == ["–", "9 %", "17 %", "100 %"]
    proxy.sort(DIAGNOSTIC, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, DIAGNOSTIC).data() for r in range(4)] == [
        "–", "Not invited", "Invited", "Completed"]
