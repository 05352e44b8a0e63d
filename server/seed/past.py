"""What already happened at past events: registers taken and submitted, evaluations
answered, a few notes and a walk-in. Today's and future events are left untouched.

In the demo facilitator's group two candidates come into today's event at risk
(``at_risk_story``): one missed the latest events held, one came late and left early. Their
marks are set over what was drawn, after the draws, so the shared random sequence (and so
every other record) stays as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from protocol.hlc import Stamp
from protocol.records import (
    ATTENDED_STATUSES,
    AttendanceData,
    AttendanceStatus,
    NoteData,
    RegisterSubmissionData,
    WalkInData,
    attendance_id,
)
from server.models import AttendanceHistory, EvaluationResponse, Invitation
from server.security import token_hash
from server.seed.evaluation_answers import draw_comment, draw_ratings, event_tone
from server.seed.groups import GroupPlan
from server.seed.names import ATTENDANCE_NOTES
from server.seed.writer import SeedWriter
from server.services.writes import observation
from server.store import Placement

STATUS_WEIGHTS: tuple[tuple[AttendanceStatus, int], ...] = (
    ("present", 84), ("late", 6), ("left_early", 3), ("apologies", 5), ("absent", 2))


def _instant(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Slip:
    """A mark the demo's story sets instead of the one drawn."""

    status: AttendanceStatus
    arrival_time: str | None = None
    departure_time: str | None = None
    note: str = ""


def at_risk_story(plan: GroupPlan, today: dt.date) -> dict[tuple[str, str], Slip]:
    """The marks, by (event id, candidate id), that put two of the group's candidates at
    risk coming into ``today``: one missed the two latest events held before it (absent,
    then apologies: missed two running, and below the participation threshold), one came
    late to the one before the latest and left the latest early (well below 90 % of the
    face-to-face hours, whether one or two events are held). Both are drawn, from a random
    of the group's own, among the first ten on the register (the first screen of it), not
    the first, who has a note on the latest event. (The demo's group meets every 42 days,
    the first time 42 days ago, so today one event is held before it: the one who missed
    is at risk for 0 % of the hours alone.)"""
    held = [e.id for e in plan.events if e.date is not None and e.date < today][-2:]
    if not held or len(plan.candidates) < 3:
        return {}
    missing, slipping = random.Random(f"at-risk:{plan.id}").sample(plan.candidates[1:10], 2)
    latest, before = held[-1], held[0] if len(held) == 2 else None
    story = {(latest, missing): Slip("apologies", note="Ofsted call"),
             (latest, slipping): Slip("left_early", departure_time="13:45",
                                      note="School emergency, left after lunch")}
    if before is not None:
        story[(before, missing)] = Slip("absent")
        story[(before, slipping)] = Slip("late", arrival_time="09:50", note="Train delayed")
    return story


def _mark(w: SeedWriter, plan: GroupPlan, event_id: str, day: dt.date,
          candidate_id: str, slip: Slip | None = None) -> bool:
    statuses = [name for name, _ in STATUS_WEIGHTS]
    weights = [weight for _, weight in STATUS_WEIGHTS]
    status = w.rng.choices(statuses, weights)[0]
    marker = w.rng.choice(plan.facilitators)
    device = f"laptop{plan.facilitators.index(marker) + 1}{marker.id[:8]}"
    moment = _instant(day, 8, w.rng.randint(35, 59))
    stamp = Stamp(int(moment.timestamp() * 1000), 0, device)
    # drawn in this order whatever the slip, so the shared sequence does not shift
    arrival = {"present": f"08:{w.rng.randint(30, 58)}",
               "late": f"09:{w.rng.randint(10, 45)}"}.get(status)
    departure = (f"{w.rng.randint(13, 15)}:{w.rng.choice(('00', '15', '30'))}"
                 if status == "left_early" else None)
    note = w.rng.choice(ATTENDANCE_NOTES) if status in ("late", "left_early") else ""
    if slip is not None:
        status, arrival, departure, note = (slip.status, slip.arrival_time,
                                            slip.departure_time, slip.note)
    data = AttendanceData(
        event_id=event_id, candidate_id=candidate_id, status=status,
        arrival_time=arrival, departure_time=departure, note=note,
        marked_by=marker.id, device_id=device, hlc=str(stamp))
    mark_id = attendance_id(event_id, candidate_id)
    body = data.model_dump(exclude={"observations"})
    w.add("attendance", mark_id, body | {"observations": [observation(body)]},
          Placement(group_id=plan.id, event_id=event_id))
    w.row(AttendanceHistory,
          attendance_id=mark_id, event_id=event_id, candidate_id=candidate_id, status=status,
          hlc=str(stamp), marked_by=marker.id, device_id=device, mutation_id=None, won=True,
          data=body, received_at=moment)
    return status in ATTENDED_STATUSES


def _evaluations(w: SeedWriter, event_id: str, day: dt.date, attended: list[str],
                 today: dt.date) -> None:
    """Invitations for those who attended; about two in three answer over the following
    week (none after ``today``), in the event's own tone. Answers come from an RNG of the
    event's own, so they do not shift the rest of the seed."""
    rng = random.Random(f"evaluations:{event_id}")
    tone = event_tone(rng)
    for candidate_id in attended:
        # a made-up link's token, drawn so the rest of the seed stays as it was; kept hashed
        hashed = token_hash(f"{rng.getrandbits(128):032x}")
        delay = rng.choice((0, 0, 1, 1, 1, 2, 2, 3, 4, 6))
        answers = rng.random() < 0.68 and day + dt.timedelta(days=delay) < today
        answered: dt.datetime | None = None
        if answers:
            ratings = draw_ratings(rng, tone)
            comment = draw_comment(rng, ratings, chance=0.25)
            answered = _instant(day + dt.timedelta(days=delay), rng.randint(17, 21),
                                rng.randint(0, 59))
        w.row(Invitation, token_hash=hashed, event_id=event_id, candidate_id=candidate_id,
              sent_at=_instant(day, 16, 30), responded_at=answered)
        if answered is not None:
            w.row(EvaluationResponse, invitation_token_hash=hashed, event_id=event_id,
                  ratings=ratings, comment=comment, submitted_at=answered)


def record_past(w: SeedWriter, plans: list[GroupPlan],
                today: dt.date) -> list[tuple[str, str]]:
    """Registers and evaluations for past events; returns (event id, group id) of each."""
    done: list[tuple[str, str]] = []
    for plan in plans:
        past = [e for e in plan.events if e.date is not None and e.date < today]
        story = at_risk_story(plan, today) if plan.is_demo else {}
        for event in past:
            assert event.date is not None
            attended = [c for c in plan.candidates
                        if _mark(w, plan, event.id, event.date, c, story.get((event.id, c)))]
            submitter = plan.facilitators[0]
            w.add("register_submission", w.uid(), RegisterSubmissionData(
                event_id=event.id, submitted_by=submitter.id,
                submitted_at=_iso(_instant(event.date, 16, w.rng.randint(5, 40))),
                invitations_sent=len(attended)), Placement(group_id=plan.id, event_id=event.id))
            _evaluations(w, event.id, event.date, attended, today)
            done.append((event.id, plan.id))
    return done


def demo_extras(w: SeedWriter, plan: GroupPlan, today: dt.date) -> None:
    """Notes and a walk-in on the demo group's last past event."""
    past = [e for e in plan.events if e.date is not None and e.date < today]
    if not past:
        return
    event, (author, colleague) = past[-1], plan.facilitators[:2]
    when = _iso(_instant(event.date or today, 16, 45))
    at = Placement(group_id=plan.id, event_id=event.id)
    w.add("note", w.uid(), NoteData(
        event_id=event.id, body="Group 3 needed more time on the case study; start there "
        "next time.", visibility="private", author_id=author.id, updated_at=when),
        Placement(group_id=plan.id, event_id=event.id, owner_id=author.id, private=True))
    w.add("note", w.uid(), NoteData(
        event_id=event.id, candidate_id=plan.candidates[0], body="Asked about moving to the "
        "15-month assessment point; follow up with the partner.", visibility="shared",
        author_id=colleague.id, updated_at=when),
        Placement(group_id=plan.id, event_id=event.id, owner_id=colleague.id))
    w.add("walk_in", w.uid(), WalkInData(
        event_id=event.id, name="Dylan Ó Cearbhaill", school="Saltmarsh Free School",
        email="d.ocearbhaill@saltmarshfree.sch.uk", qualification_code=plan.qualification,
        recorded_by=author.id), at)
