"""Evaluation reports: how an event landed with the candidates who attended it, and how a
group's events compare, read from the ``evaluation_summary`` records sync brings.

The server sends no distribution, mean or comment while fewer than three candidates have
answered (they could be identified); this module hides them as well, whatever a server
sent, so a report never shows what it must not. Everything here is plain data, built in
one read and safe to hand to the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store import Store
from app.store.models import Event, Group, OtherRecord
from protocol.event_dates import long_date
from protocol.records import MIN_EVALUATION_RESPONSES, EvaluationSummaryData, QuestionSummary
from protocol.text import N_, _

log = logging.getLogger(__name__)

SUMMARY_TYPE = "evaluation_summary"
RATINGS = (1, 2, 3, 4, 5)
# Marked only: shown through _() (the printed report keeps English for now).
SCALE_NOTE = N_("1 = strongly disagree (or poor), 5 = strongly agree (or excellent)")


def hidden_reason(responses: int) -> str:
    """Why results are not shown yet, in the words the report uses."""
    so_far = _("none so far") if responses == 0 else _("{n} so far").format(n=responses)
    return _("Results appear when at least {minimum} people have responded — {so_far}. Until "
             "then no ratings or comments are shown, so that nobody can tell who said "
             "what.").format(minimum=MIN_EVALUATION_RESPONSES, so_far=so_far)


@dataclass(frozen=True)
class QuestionResult:
    id: str
    label: str
    distribution: tuple[int, ...] | None  # counts of ratings 1..5; None while too few
    mean: float | None

    @property
    def count(self) -> int:
        return sum(self.distribution) if self.distribution else 0

    @property
    def shown(self) -> bool:
        return self.distribution is not None


@dataclass(frozen=True)
class EvaluationReport:
    """One event's evaluation, ready to show or print."""

    event_id: str
    group_id: str
    group_code: str
    title: str
    date: dt.date | None
    attended: int
    invitations: int
    responses: int
    hidden: bool
    questions: tuple[QuestionResult, ...]
    comments: tuple[str, ...]
    updated_at: str

    @property
    def hidden_reason(self) -> str | None:
        return hidden_reason(self.responses) if self.hidden else None

    @property
    def response_line(self) -> str:
        """'5 responses of 18 attended'."""
        if self.responses == 1:
            return _("1 response of {attended} attended").format(attended=self.attended)
        return _("{n} responses of {attended} attended").format(n=self.responses,
                                                                attended=self.attended)

    @property
    def date_label(self) -> str:
        return long_date(self.date) if self.date else _("Date not set")

    @property
    def response_rate(self) -> float | None:
        return self.responses / self.attended if self.attended else None


@dataclass(frozen=True)
class ReportedEvent:
    """An event in the list of reports."""

    event_id: str
    group_id: str
    group_code: str
    number: int
    title: str
    date: dt.date | None
    responses: int
    attended: int
    hidden: bool

    @property
    def label(self) -> str:
        when = self.date.strftime("%d/%m/%Y") if self.date else _("no date")
        return f"{self.group_code} · {self.title} · {when}"


@dataclass(frozen=True)
class TrendEvent:
    event_id: str
    number: int
    title: str
    date: dt.date | None
    responses: int
    hidden: bool

    @property
    def short_label(self) -> str:
        when = self.date.strftime("%d %b") if self.date else "?"
        return _("Session {number} ({when})").format(number=self.number, when=when)


@dataclass(frozen=True)
class TrendLine:
    question_id: str
    label: str
    means: tuple[float | None, ...]  # one per event, None where results are hidden


@dataclass(frozen=True)
class GroupTrend:
    """Per question, the mean at each of the group's reported events in date order; a gap
    (None) where an event's results are hidden."""

    group_id: str
    group_code: str
    events: tuple[TrendEvent, ...]
    lines: tuple[TrendLine, ...]


class ReportService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def reported_events(self) -> list[ReportedEvent]:
        """Events this laptop holds a summary for, newest first."""
        with self.store.read() as session:
            found = []
            for summary in _summaries(session):
                event = session.get(Event, summary.event_id)
                if event is None:
                    continue
                found.append(ReportedEvent(
                    event.id, event.group_id, _group_code(session, event.group_id),
                    event.number, event.title, _date(event.chosen_date), summary.responses,
                    summary.attended, _hidden(summary)))
        return sorted(found, key=lambda r: (r.date or dt.date.min, r.group_code, r.number),
                      reverse=True)

    def event_report(self, event_id: str) -> EvaluationReport | None:
        with self.store.read() as session:
            event = session.get(Event, event_id)
            summary = _summary(session, event_id)
            if event is None or summary is None:
                return None
            return _report(session, event, summary)

    def group_trend(self, group_id: str) -> GroupTrend:
        with self.store.read() as session:
            events = session.scalars(select(Event).where(Event.group_id == group_id)).all()
            pairs = [(e, s) for e in events if (s := _summary(session, e.id)) is not None]
            code = _group_code(session, group_id)
        pairs.sort(key=lambda p: (p[0].chosen_date or p[0].window_start, p[0].number))
        reports = [_clean(s) for _, s in pairs]
        questions = _question_order(reports)
        lines = tuple(TrendLine(qid, label, tuple(_mean(r, qid) for r in reports))
                      for qid, label in questions)
        trend_events = tuple(TrendEvent(e.id, e.number, e.title, _date(e.chosen_date),
                                        s.responses, s.hidden)
                             for (e, _), s in zip(pairs, reports, strict=True))
        return GroupTrend(group_id, code, trend_events, lines)


def _summaries(session: Session) -> Iterable[EvaluationSummaryData]:
    rows = session.scalars(select(OtherRecord).where(OtherRecord.type == SUMMARY_TYPE))
    for row in rows:
        parsed = _parse(row)
        if parsed is not None:
            yield parsed


def _summary(session: Session, event_id: str) -> EvaluationSummaryData | None:
    row = session.get(OtherRecord, (SUMMARY_TYPE, event_id))
    return _parse(row) if row is not None else None


def _parse(row: OtherRecord) -> EvaluationSummaryData | None:
    try:
        return EvaluationSummaryData.model_validate(row.data or {})
    except ValidationError:
        log.warning("evaluation summary %s is not readable; skipped", row.id)
        return None


def _hidden(summary: EvaluationSummaryData) -> bool:
    return summary.hidden or summary.responses < MIN_EVALUATION_RESPONSES


def _clean(summary: EvaluationSummaryData) -> EvaluationSummaryData:
    """The summary with everything a report must not show removed (whatever was sent)."""
    if _hidden(summary):
        return summary.model_copy(update={
            "hidden": True, "comments": [],
            "questions": [QuestionSummary(id=q.id, label=q.label) for q in summary.questions]})
    return summary.model_copy(update={"questions": [_clean_question(q)
                                                    for q in summary.questions]})


def _clean_question(q: QuestionSummary) -> QuestionSummary:
    counts = [int((q.distribution or {}).get(str(r), 0)) for r in RATINGS]
    if q.distribution is None or sum(counts) < MIN_EVALUATION_RESPONSES:
        return QuestionSummary(id=q.id, label=q.label)
    return q


def _report(session: Session, event: Event, raw: EvaluationSummaryData) -> EvaluationReport:
    summary = _clean(raw)
    questions = tuple(
        QuestionResult(q.id, q.label or q.id,
                       tuple(int(q.distribution.get(str(r), 0)) for r in RATINGS)
                       if q.distribution is not None else None,
                       q.mean if q.distribution is not None else None)
        for q in summary.questions)
    return EvaluationReport(
        event_id=event.id, group_id=event.group_id,
        group_code=_group_code(session, event.group_id), title=event.title,
        date=_date(event.chosen_date), attended=summary.attended,
        invitations=summary.invitations, responses=summary.responses, hidden=summary.hidden,
        questions=questions, comments=tuple(summary.comments), updated_at=summary.updated_at)


def _question_order(reports: list[EvaluationSummaryData]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for report in reports:
        for q in report.questions:
            seen.setdefault(q.id, q.label or q.id)
    return list(seen.items())


def _mean(summary: EvaluationSummaryData, question_id: str) -> float | None:
    return next((q.mean for q in summary.questions if q.id == question_id), None)


def _group_code(session: Session, group_id: str) -> str:
    group = session.get(Group, group_id)
    return group.code if group else _("Unknown group")


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
