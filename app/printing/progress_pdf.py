"""A group's progress summary as an A4 PDF: one page per candidate, the whole group in one
file, for the partner lead's file or to hand to a candidate.

Each page: the candidate ("Family, Given", as the register lists them), their school, the
group, qualification and intake (and the course schedule with its assessment window); their
participant id and school URN (held for the central service; this is a progress summary,
not a sign-in register, and the identifiers are useful on it); days attended of days held,
the share of face-to-face hours, online sessions, the online course, the 360° diagnostic,
coaching where the qualification includes it, whether they are at risk and why in words,
the next milestone and whether they will miss it; each funding milestone with its state and
date; then every event held that counts for them with its outcome and the time in the room.
The figures are ``app.progress``'s, never recounted here. Special requirements are never
read, so they can never be printed.

Same look as the other documents (``app.printing.layout``: DejaVu fonts, the house colours,
"Page x of y" in the footer). A page too full for A4 (a very long course) is set smaller to
fit, never spilt onto a second page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)
from reportlab.platypus import TableStyle as Style
from sqlalchemy import select

from app.domain import MarkStatus
from app.errors import NotFoundError
from app.printing.fonts import REGULAR, ensure_fonts
from app.printing.layout import (
    ACCENT,
    CONFIDENTIAL,
    HEAD_FILL,
    INK,
    LIGHT_RULE,
    MUTED,
    RENDER_LOCK,
    RULE,
    STRIPE,
    style,
)
from app.printing.numbered_canvas import numbered
from app.progress import CandidateProgress, DayOutcome, GroupProgress, ProgressService
from app.store.models import Event, Group, Intake, Qualification
from protocol.text import _

MARGIN = 16 * mm
TOP, BOTTOM = 14 * mm, 20 * mm
WIDTH = A4[0] - 2 * MARGIN
HEIGHT = A4[1] - TOP - BOTTOM - 12  # the frame's padding
EVENT_WIDTHS = [w * mm for w in (10, 78, 27, 27, 36)]
MILESTONE_WIDTHS = [w * mm for w in (40, 50, 88)]


@dataclass(frozen=True)
class ProgressSheet:
    """What the summary is printed from: the service's figures and the group's names."""

    progress: GroupProgress
    qualification: str  # "NPQSL: National Professional Qualification for ..."
    intake: str  # "Autumn 2026" ("" when unknown)
    event_titles: dict[str, str]  # event id -> title


def load_progress_sheet(progress: ProgressService, group: str,
                        today: dt.date) -> ProgressSheet:
    """The summary of ``group`` (its id or code) as at ``today``. ``NotFoundError`` when
    this laptop holds no such group (said as ``npq-desk export attendance`` says it)."""
    with progress.store.read() as session:
        found = session.get(Group, group) or session.scalar(
            select(Group).where(Group.code == group))
        if found is None:
            raise NotFoundError(_("No group {group!r} on this laptop. Sync, or check the id.")
                                .format(group=group))
        group_id = found.id
        title = session.scalar(select(Qualification.title).where(
            Qualification.code == found.qualification_code))
        intake = session.get(Intake, found.intake_id)
        titles = {event_id: title for event_id, title in session.execute(
            select(Event.id, Event.title).where(Event.group_id == group_id))}
        qualification = (f"{found.qualification_code}: {title}" if title
                         else found.qualification_code)
        intake_label = intake.label if intake is not None else ""
    return ProgressSheet(progress.group(group_id, today), qualification, intake_label, titles)


# ---- words ------------------------------------------------------------------------------


def long_date(day: dt.date) -> str:
    """'7 December 2026'."""
    return f"{day.day} {day:%B %Y}"


def hours_text(minutes: int) -> str:
    """'7 h', '6 h 30 min', '45 min'."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def outcome_text(day: DayOutcome) -> str:
    """The mark in words ('Present', 'Late', ..., 'Not marked')."""
    return MarkStatus(day.status).label if day.status else MarkStatus.UNMARKED.label


def share_text(row: CandidateProgress) -> str:
    if row.share is None:
        return _("No event held yet")
    return _("{share} % ({attended} of {held})").format(
        share=row.share, attended=hours_text(row.attended_minutes),
        held=hours_text(row.held_minutes))


def not_reported() -> str:
    return _("Not reported by the central service yet")


def online_text(row: CandidateProgress) -> str:
    if row.reported is None:
        return not_reported()
    return _("{attended} of {held} sessions attended").format(
        attended=row.reported.online_attended, held=row.reported.online_held)


def course_text(row: CandidateProgress) -> str:
    if row.reported is None:
        return not_reported()
    return _("{percent} % done").format(percent=row.reported.online_course_percent)


def coaching_text(row: CandidateProgress) -> str:
    figures = row.reported
    if figures is None or figures.coaching_attended is None:
        return not_reported()
    if figures.coaching_planned is None:
        return _("{attended} sessions").format(attended=figures.coaching_attended)
    return _("{attended} of {planned} sessions").format(
        attended=figures.coaching_attended, planned=figures.coaching_planned)


def identifiers_text(row: CandidateProgress) -> str:
    """'P-000123 · URN 100001', with what is not yet known said so."""
    return " · ".join((
        row.participant_id or _("No participant id yet"),
        _("URN {urn}").format(urn=row.school_urn) if row.school_urn
        else _("No school URN yet")))


def next_text(row: CandidateProgress) -> str:
    """'Retained 1 by 31 Mar 2027: will miss (Participation 73 %, below 90 %)'."""
    upcoming = row.next_milestone
    if upcoming is None:
        return _("None ahead in the schedule held here")
    text = f"{upcoming.line.name} {upcoming.line.due_words}"
    if not upcoming.judged:
        return text
    if upcoming.will_miss:
        return _("{milestone}: will miss ({why})").format(milestone=text, why=upcoming.why)
    return _("{milestone}: on track").format(milestone=text)


def risk_text(row: CandidateProgress) -> str:
    """'No', or 'Yes: ' and why; a withdrawn candidate or one with nothing held is not
    judged."""
    if row.status == "withdrawn":
        return _("Not judged: withdrawn")
    if row.risk is None:
        return _("No") if row.days_held else _("Not yet: no event held")
    return _("Yes: {reasons}").format(reasons=row.risk.text)


# ---- the page ---------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "kicker": style("progress-kicker", 9, bold=True, color=ACCENT),
        "title": style("progress-title", 17, bold=True, spaceAfter=2),
        "line": style("progress-line", 9.5, color=MUTED),
        "heading": style("progress-heading", 11.5, bold=True, spaceBefore=2, spaceAfter=2),
        "key": style("progress-key", 9, bold=True, color=MUTED),
        "value": style("progress-value", 10),
        "risk": style("progress-risk", 10, bold=True, color=CONFIDENTIAL),
        "cell": style("progress-cell", 8.5),
        "head": style("progress-head", 7.5, bold=True, color=MUTED),
        "note": style("progress-note", 7.5, color=MUTED),
    }


def _p(text: str, st: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), st)


def _facts(row: CandidateProgress, coaching: bool,
           st: dict[str, ParagraphStyle]) -> Table:
    at_risk = row.risk is not None
    pairs = [
        (_("Participant id · school"), identifiers_text(row), False),
        (_("Status"), row.status_label, False),
        (_("Days attended"), _("{attended} of {held} events held").format(
            attended=row.days_attended, held=row.days_held), False),
        (_("Share of face-to-face hours"), share_text(row), False),
        (_("Online sessions"), online_text(row), False),
        (_("Online course"), course_text(row), False),
        (_("360° diagnostic"), row.reported.diagnostic_words if row.reported is not None
         else not_reported(), False),
    ]
    if coaching:
        pairs.append((_("Coaching"), coaching_text(row), False))
    pairs += [(_("At risk"), risk_text(row), at_risk),
              (_("Next milestone"), next_text(row), row.will_miss)]
    rows = [[_p(key, st["key"]), _p(value, st["risk"] if loud else st["value"])]
            for key, value, loud in pairs]
    table = Table(rows, colWidths=[60 * mm, WIDTH - 60 * mm])
    table.setStyle(Style([("BOX", (0, 0), (-1, -1), 0.8, RULE),
                          ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                          ("BACKGROUND", (0, 0), (-1, -1), STRIPE),
                          ("LINEBELOW", (0, 0), (-1, -2), 0.4, LIGHT_RULE),
                          ("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("TOPPADDING", (0, 0), (-1, -1), 3),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                          ("LEFTPADDING", (0, 0), (-1, -1), 6),
                          ("RIGHTPADDING", (0, 0), (-1, -1), 6)]))
    return table


def _milestones(row: CandidateProgress, st: dict[str, ParagraphStyle]) -> Table:
    """Each funding milestone with its state and date (the declaration's, or its last
    day while undeclared)."""
    head = [_p(text, st["head"]) for text in (_("Milestone"), _("State"), _("Date"))]
    rows: list[list[Any]] = [head]
    for line in row.milestones:
        state = line.state_words + (f" ({line.voided_reason})" if line.voided_reason else "")
        rows.append([_p(line.name, st["cell"]), _p(state, st["cell"]),
                     _p(line.date_words, st["cell"])])
    table = Table(rows, colWidths=MILESTONE_WIDTHS)
    table.setStyle(Style(_grid_commands(len(rows))))
    return table


def _grid_commands(count: int) -> list[tuple[Any, ...]]:
    commands: list[tuple[Any, ...]] = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    commands += [("BACKGROUND", (0, i), (-1, i), STRIPE) for i in range(2, count, 2)]
    commands += [("LINEBELOW", (0, i), (-1, i), 0.4, LIGHT_RULE) for i in range(1, count)]
    return commands


def _events(row: CandidateProgress, sheet: ProgressSheet,
            st: dict[str, ParagraphStyle]) -> Table:
    head = [_p(text, st["head"]) for text in
            (_("No."), _("Event"), _("Date"), _("Outcome"), _("Time in the room"))]
    rows: list[list[Any]] = [head]
    for day in row.days:
        rows.append([_p(str(day.number), st["cell"]),
                     _p(sheet.event_titles.get(day.event_id, ""), st["cell"]),
                     _p(day.date.strftime("%d %b %Y"), st["cell"]),
                     _p(outcome_text(day), st["cell"]),
                     _p(_("{minutes} of {day}").format(minutes=hours_text(day.minutes),
                                                       day=hours_text(day.day_minutes)),
                        st["cell"])])
    table = Table(rows, colWidths=EVENT_WIDTHS, repeatRows=1)
    table.setStyle(Style(_grid_commands(len(rows))))
    return table


def candidate_page(row: CandidateProgress, sheet: ProgressSheet, printed_at: dt.datetime,
                   st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """One candidate's page, the flowables of it."""
    group = sheet.progress
    where = " · ".join(p for p in (group.code, sheet.intake) if p)
    course = sheet.qualification
    if group.schedule_identifier:
        course += " · " + _("schedule {schedule}").format(schedule=group.schedule_identifier)
    if group.assessment_window is not None:
        first, last = group.assessment_window
        course += " · " + _("assessment {first} – {last}").format(
            first=long_date(first), last=long_date(last))
    story: list[Flowable] = [
        _p(_("PROGRESS SUMMARY"), st["kicker"]),
        _p(row.name, st["title"]),
        _p(row.school, st["line"]),
        _p(where, st["line"]),
        _p(course, st["line"]),
        _p(_("As at {day} · printed {when}").format(
            day=long_date(group.as_at), when=printed_at.strftime("%d/%m/%Y %H:%M")),
            st["line"]),
        Spacer(1, 4 * mm),
        _facts(row, group.coaching_included, st),
        Spacer(1, 4 * mm),
        _p(_("Funding milestones"), st["heading"]),
        _milestones(row, st) if row.milestones else _p(_(
            "No course schedule or declarations from the central service yet."), st["value"]),
        Spacer(1, 4 * mm),
        _p(_("Events held ({held} of the group's {total} so far)").format(
            held=group.events_held, total=group.events_total), st["heading"]),
    ]
    if row.days:
        story.append(_events(row, sheet, st))
    else:
        story.append(_p(_("No event has been held for this candidate yet."), st["value"]))
    story += [Spacer(1, 5 * mm), _p(_(
        "How it is counted: an event counts once it has been held and the candidate was "
        "enrolled by its day. Present, late and left early are days attended; absent, "
        "apologies and not marked are days missed. The share is the time in the room over "
        "the time of every event counted. A candidate is at risk below {threshold} % of "
        "the hours, or after missing two events running. Online figures, the 360° "
        "diagnostic, coaching and declarations are the central service's; a candidate will "
        "miss the next milestone when, on current attendance (face to face and online), its "
        "engagement is not met.").format(
            threshold=f"{group.threshold:g}"), st["note"])]
    return story


def progress_story(sheet: ProgressSheet, printed_at: dt.datetime) -> list[Flowable]:
    """Every candidate's page, in the register's order; a page saying so when the group
    has nobody enrolled."""
    st = _styles()
    story: list[Flowable] = []
    for index, row in enumerate(sheet.progress.rows):
        if index:
            story.append(PageBreak())
        story.append(KeepInFrame(WIDTH, HEIGHT, candidate_page(row, sheet, printed_at, st),
                                 mode="shrink"))
    if not story:
        story = [_p(_("PROGRESS SUMMARY"), st["kicker"]),
                 _p(sheet.progress.code, st["title"]),
                 _p(_("Nobody is enrolled in this group on this laptop: sync, then print "
                      "again."), st["value"])]
    return story


def write_progress_pdf(sheet: ProgressSheet, target: str | Path | IO[bytes], *,
                       printed_at: dt.datetime) -> None:
    """Write ``sheet`` to ``target`` (a path or a binary file)."""
    ensure_fonts()
    story = progress_story(sheet, printed_at)
    code = sheet.progress.code
    footer = (f"NPQ Partner Desk · progress summary · {code} · as at "
              f"{sheet.progress.as_at.strftime('%d/%m/%Y')}")
    with RENDER_LOCK:
        doc = SimpleDocTemplate(
            str(target) if isinstance(target, str | Path) else target, pagesize=A4,
            leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP, bottomMargin=BOTTOM,
            title=f"Progress summary: {code}", author="NPQ Partner Desk",
            subject=f"Progress as at {sheet.progress.as_at.isoformat()}")
        doc.build(story, canvasmaker=numbered(footer, MARGIN))
