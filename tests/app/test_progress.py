"""Progress per candidate and who is at risk: the rules at every edge, and the service's
figures recomputed independently from the raw attendance rows of a seeded group."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select, text

from app.clock import shared_clock
from app.domain import MarkStatus
from app.progress import (
    DEFAULT_THRESHOLD,
    ProgressService,
    below_threshold,
    missed_running,
    risk,
    share_percent,
)
from app.registers import RegisterService
from app.store import Store
from app.store.apply import PulledChange, apply_page
from app.store.models import Qualification
from tests.app.conftest import ME, TODAY, Roster, roster_changes

# ---- the rules at every edge ----------------------------------------------------------


@pytest.mark.parametrize(("attended", "below"), [(89, True), (90, False), (91, False),
                                                 (0, True), (100, False)])
def test_the_threshold_is_90_percent_and_90_itself_is_not_below(attended: int,
                                                                 below: bool) -> None:
    assert DEFAULT_THRESHOLD == 90
    assert below_threshold(attended, 100) is below
    assert below_threshold(attended * 7, 700) is below  # the same shares in minutes
    assert (risk(attended, 100, 0) is not None) is below


def test_just_under_the_threshold_is_below_and_reads_as_89() -> None:
    assert below_threshold(899, 1000) and not below_threshold(900, 1000)
    verdict = risk(899, 1000, 0)
    assert verdict is not None
    assert verdict.text == "Below 90 % of face-to-face hours (89 %)"
    assert share_percent(899, 1000) == 89


def test_the_threshold_is_a_parameter() -> None:
    assert below_threshold(84, 100, threshold=85)
    assert not below_threshold(85, 100, threshold=85)
    assert not below_threshold(89, 100, threshold=80)
    verdict = risk(70, 100, 0, threshold=75)
    assert verdict is not None and verdict.text.startswith("Below 75 % ")


@pytest.mark.parametrize(("days", "running"), [
    ([], 0), ([True], 0), ([False], 1), ([True, False], 1), ([False, True], 0),
    ([True, False, False], 2), ([False, False, True], 0), ([False, True, False], 1),
    ([False, False, False], 3)])
def test_missed_running_counts_only_the_latest_events_missed(days: list[bool],
                                                             running: int) -> None:
    assert missed_running(days) == running


def test_one_missed_event_is_not_at_risk_two_running_are() -> None:
    assert risk(100, 100, 1) is None
    two = risk(100, 100, 2)
    assert two is not None and two.text == "Missed the last 2 events running"
    both = risk(50, 100, 3)
    assert both is not None and both.reasons == (
        "Below 90 % of face-to-face hours (50 %)", "Missed the last 3 events running")


def test_nothing_held_yet_is_not_at_risk() -> None:
    assert not below_threshold(0, 0)
    assert share_percent(0, 0) is None
    assert risk(0, 0, 0) is None


# ---- a seeded group, marked through the register --------------------------------------

EVENTS = {  # label -> date (E6 is next week; E7 is marked and the mark taken back)
    "E1": TODAY - dt.timedelta(days=60), "E2": TODAY - dt.timedelta(days=45),
    "E3": TODAY - dt.timedelta(days=30), "E4": TODAY - dt.timedelta(days=7),
    "E5": TODAY, "E6": TODAY + dt.timedelta(days=7), "E7": TODAY - dt.timedelta(days=3),
    "E8": TODAY - dt.timedelta(days=2)}
HELD = ("E1", "E2", "E3", "E4", "E5")
# Who is marked what (anything not listed: present; "-": not marked at all).
MARKS: dict[str, dict[str, tuple[MarkStatus, str | None, str | None] | str]] = {
    "Adams": {"E1": (MarkStatus.LATE, "10:00", None)},  # 60 of 420 minutes lost
    "Nowak": {"E4": (MarkStatus.ABSENT, None, None), "E5": (MarkStatus.APOLOGIES, None, None)},
    "Nguyễn": {"E1": (MarkStatus.ABSENT, None, None)},  # 80 % of the hours
    "adams-lower": {"E2": (MarkStatus.LATE, "09:30", None),
                    "E5": (MarkStatus.LEFT_EARLY, None, "15:00"), "E3": "-"},
}


@pytest.fixture
def group(store: Store) -> Roster:
    roster = Roster(group_id=str(uuid.uuid4()))
    apply_page(store, roster_changes(roster, dict(EVENTS)), "c1", shared_clock(store))
    registers = RegisterService(store, shared_clock(store), ME, today=lambda: TODAY)
    for label in HELD:
        event_id = roster.event_ids[label]
        for family, candidate_id in roster.candidates.items():
            if candidate_id == roster.withdrawn_id:
                continue
            mark = MARKS.get(family, {}).get(label, (MarkStatus.PRESENT, None, None))
            if mark == "-":
                continue
            assert not isinstance(mark, str)
            registers.mark(event_id, candidate_id, mark[0], mark[1], mark[2])
    # E7: a mark taken back (the event is not held); a walk-in there holds nothing either
    e7 = roster.event_ids["E7"]
    registers.mark(e7, roster.candidates["Hughes"], MarkStatus.PRESENT)
    registers.mark(e7, roster.candidates["Hughes"], MarkStatus.UNMARKED)
    registers.add_walk_in(roster.event_ids["E8"], "Walk In", "Other School")
    return roster


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def recompute(store: Store, roster: Roster) -> dict[str, tuple[int, int, int, int, int]]:
    """By hand from the raw rows: per candidate (attended, held, minutes in the room,
    minutes held, missed running), with no code of app.progress."""
    with store.read() as session:
        events = session.execute(text(
            "SELECT id, chosen_date, start_time, end_time FROM event WHERE group_id = :g "
            "ORDER BY chosen_date"), {"g": roster.group_id}).all()
        rows = session.execute(text(
            "SELECT a.event_id, a.candidate_id, a.status, a.arrival_time, a.departure_time "
            "FROM attendance a JOIN event e ON e.id = a.event_id WHERE e.group_id = :g"),
            {"g": roster.group_id}).all()
        enrolled = dict(session.execute(text(
            "SELECT candidate_id, status FROM enrolment WHERE group_id = :g"),
            {"g": roster.group_id}).all())
    marks = {(r.event_id, r.candidate_id): r for r in rows}
    held = [e for e in events if e.chosen_date and e.chosen_date <= TODAY.isoformat()
            and any(r.event_id == e.id and r.status != "unmarked" for r in rows)]
    result = {}
    for candidate_id in enrolled:
        attended = minutes = day_total = running = 0
        for event in held:
            start, end = _minutes(event.start_time), _minutes(event.end_time)
            day_total += end - start
            mark = marks.get((event.id, candidate_id))
            if mark is not None and mark.status in ("present", "late", "left_early"):
                attended += 1
                came = max(start, _minutes(mark.arrival_time)) if mark.arrival_time else start
                went = min(end, _minutes(mark.departure_time)) if mark.departure_time else end
                minutes += went - came
                running = 0
            else:
                running += 1
        result[candidate_id] = (attended, len(held), minutes, day_total, running)
    return result


def test_the_figures_match_a_count_by_hand_from_the_raw_registers(
        store: Store, group: Roster) -> None:
    progress = ProgressService(store).group(group.group_id, TODAY)
    assert progress.code == "NPQSL-AUT26-LEEDS-1"
    assert progress.events_held == len(HELD) and progress.events_total == len(EVENTS)
    by_hand = recompute(store, group)
    assert {r.candidate_id for r in progress.rows} == set(by_hand)
    for row in progress.rows:
        assert (row.days_attended, row.days_held, row.attended_minutes, row.held_minutes,
                row.missed_running) == by_hand[row.candidate_id], row.name


def test_the_seeded_group_line_by_line(store: Store, group: Roster) -> None:
    rows = {r.family_name: r for r in ProgressService(store).group(group.group_id, TODAY).rows}
    hughes = rows["Hughes"]
    assert (hughes.days_attended, hughes.days_held, hughes.share) == (5, 5, 100)
    assert hughes.risk is None and hughes.status_label == "Active"
    adams = rows["Adams"]
    assert (adams.attended_minutes, adams.held_minutes, adams.share) == (2040, 2100, 97)
    assert adams.risk is None
    nowak = rows["Nowak"]  # 60 %, and missed the last two
    assert (nowak.days_attended, nowak.missed_running, nowak.missed_events) == (3, 2, (4, 5))
    assert nowak.risk is not None and nowak.risk.reasons == (
        "Below 90 % of face-to-face hours (60 %)", "Missed the last 2 events running")
    nguyen = rows["Nguyễn"]  # one missed, long ago: below the threshold only
    assert nguyen.missed_running == 0 and nguyen.share == 80
    assert nguyen.risk is not None and nguyen.risk.text == (
        "Below 90 % of face-to-face hours (80 %)")
    lower = rows["adams"]  # not marked at E3 counts as missed; late and left early cost time
    assert (lower.days_attended, lower.days_held) == (4, 5)
    assert lower.attended_minutes == 4 * 420 - 30 - 60 and lower.share == 75
    withdrawn = rows["Person"]
    assert withdrawn.status_label == "Withdrawn" and withdrawn.risk is None
    assert ProgressService(store).at_risk(group.group_id, TODAY).keys() == {
        nowak.candidate_id, nguyen.candidate_id, lower.candidate_id}


def test_a_lower_threshold_changes_the_verdict(store: Store, group: Roster) -> None:
    rows = {r.family_name: r
            for r in ProgressService(store).group(group.group_id, TODAY, threshold=60).rows}
    assert rows["Nguyễn"].risk is None
    assert rows["Nowak"].risk is not None
    assert rows["Nowak"].risk.text == "Missed the last 2 events running"


def test_before_any_event_is_held_nobody_is_at_risk(store: Store, group: Roster) -> None:
    before = ProgressService(store).group(group.group_id, TODAY - dt.timedelta(days=61))
    assert before.events_held == 0
    assert all(r.days_held == 0 and r.share is None and r.risk is None for r in before.rows)


def test_a_walk_in_makes_no_row_and_an_unmarked_event_is_not_held(
        store: Store, group: Roster) -> None:
    progress = ProgressService(store).group(group.group_id, TODAY)
    assert "Walk In" not in {r.name for r in progress.rows}
    counted = {d.event_id for r in progress.rows for d in r.days}
    assert group.event_ids["E7"] not in counted and group.event_ids["E8"] not in counted


def test_an_event_counts_only_for_those_enrolled_by_its_day(store: Store,
                                                            group: Roster) -> None:
    late_id = str(uuid.uuid4())
    apply_page(store, [
        _change("candidate", late_id, given_name="Late", family_name="Joiner", school="S"),
        _change("enrolment", str(uuid.uuid4()), group_id=group.group_id,
                candidate_id=late_id, enrolled_on=(TODAY - dt.timedelta(days=1)).isoformat(),
                register_order=9)], "c2", shared_clock(store))
    registers = RegisterService(store, shared_clock(store), ME, today=lambda: TODAY)
    registers.mark(group.event_ids["E5"], late_id, MarkStatus.PRESENT)
    row = next(r for r in ProgressService(store).group(group.group_id, TODAY).rows
               if r.candidate_id == late_id)
    assert (row.days_attended, row.days_held, row.share, row.risk) == (1, 1, 100, None)


def _change(type_: str, id_: str, **data: object) -> PulledChange:
    return PulledChange(type=type_, id=id_, deleted=False, data=dict(data))


def test_the_groups_for_the_chooser(store: Store, group: Roster) -> None:
    assert [(g.group_id, g.code, g.last_held) for g in ProgressService(store).groups(TODAY)
            ] == [(group.group_id, "NPQSL-AUT26-LEEDS-1", TODAY)]
    assert ProgressService(store).groups(TODAY - dt.timedelta(days=59))[0].last_held == (
        EVENTS["E1"])
    assert ProgressService(store).groups(TODAY - dt.timedelta(days=61))[0].last_held is None


def test_at_risk_coming_into_an_event_ignores_its_own_marks(store: Store, group: Roster) -> None:
    service = ProgressService(store)
    nowak, nguyen = group.candidates["Nowak"], group.candidates["Nguyễn"]
    # Coming into E5 (today): Nowak had missed only E4 (one running, 75 %): at risk by
    # hours; today's apologies are not counted yet
    before_e5 = service.before_event(group.event_ids["E5"], TODAY)
    assert before_e5 == service.at_risk(group.group_id, TODAY - dt.timedelta(days=1))
    assert before_e5[nowak].text == "Below 90 % of face-to-face hours (75 %)"
    assert nguyen in before_e5
    # Coming into E2, only E1 was held: Nguyễn had missed it (0 %), Adams came at 10:00
    # (85 %); everyone else was there all day
    assert set(service.before_event(group.event_ids["E2"], TODAY)) == {
        nguyen, group.candidates["Adams"]}
    assert service.before_event(group.event_ids["E1"], TODAY) == {}
    assert service.before_event(str(uuid.uuid4()), TODAY) == {}


def test_the_groups_qualification_sets_the_threshold(store: Store, group: Roster) -> None:
    service = ProgressService(store)
    adams, nguyen = group.candidates["Adams"], group.candidates["Nguyễn"]
    # no qualification on this laptop yet: 90 %; Adams came into E2 at 85 %
    assert service.group(group.group_id, TODAY).threshold == DEFAULT_THRESHOLD == 90
    assert adams in service.before_event(group.event_ids["E2"], TODAY)
    with store.read() as session:  # the central service changes the group's qualification
        [qualification] = session.scalars(select(Qualification.id).where(
            Qualification.code == "NPQSL")).all()
    apply_page(store, [_change("qualification", qualification, code="NPQSL",
                               title="Senior Leadership", course_fee_pence=125_000,
                               coaching_included=False, participation_threshold_percent=80)],
               "c3", shared_clock(store))
    assert service.group(group.group_id, TODAY).threshold == 80
    before_e2 = service.before_event(group.event_ids["E2"], TODAY)
    assert adams not in before_e2 and nguyen in before_e2  # Nguyễn: 0 % then
    rows = {r.candidate_id: r for r in service.group(group.group_id, TODAY).rows}
    assert rows[nguyen].share == 80 and rows[nguyen].risk is None  # 80 is not below 80
    # an explicit threshold still wins over the qualification's
    assert adams in service.before_event(group.event_ids["E2"], TODAY, threshold=90)
    # another qualification's threshold does not apply to this group
    apply_page(store, [_change("qualification", str(uuid.uuid4()), code="NPQH",
                               title="Headship", course_fee_pence=225_000,
                               coaching_included=True, participation_threshold_percent=70)],
               "c4", shared_clock(store))
    assert service.group(group.group_id, TODAY).threshold == 80


def test_an_accepted_deferral_shows_as_the_candidates_status(store: Store, group: Roster) -> None:
    """The central service's answer to a deferral request reaches the progress line, in the
    words the register uses; the other candidates stay Active."""
    nowak = group.candidates["Nowak"]
    apply_page(store, [_change("training_status", str(uuid.uuid4()), candidate_id=nowak,
                               group_id=group.group_id, status="deferred",
                               reason="long-term-sickness", effective_date="2027-01-12",
                               decided_at="2026-12-01T10:00:00Z")], "c2", shared_clock(store))
    rows = {r.family_name: r for r in ProgressService(store).group(group.group_id, TODAY).rows}
    assert rows["Nowak"].status_label == "Deferred from 12 Jan"
    assert rows["Hughes"].status_label == "Active"
