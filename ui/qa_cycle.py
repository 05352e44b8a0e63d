"""How a QA cycle item reads: '✓ Done', '✎ Draft', 'Due Mon 30 Nov', '⚠ Overdue since …'.

The state is always in the text (a symbol and a word), never in colour alone; colour only
repeats it.
"""

from __future__ import annotations

import datetime as dt

from app.forms.views import CycleItem, DueState, FacilitatorQa, FirstSession

ITEM_COLUMNS: tuple[tuple[str, str | None, str], ...] = (
    ("coaching_conversation", "pre_visit", "Pre-visit"),
    ("qa_visit", None, "Visit"),
    ("coaching_conversation", "post_visit", "Post-visit"),
    ("self_assessment", None, "Self-assessment"),
)
STATE_COLOURS = {DueState.OVERDUE: "danger_text", DueState.DONE: "success_text",
                 DueState.IN_PROGRESS: "progress_text"}  # theme roles (ui/theme_colours.py)


def day_text(day: dt.date) -> str:
    """'Mon 31 Aug' (the academic year is in the workspace's title)."""
    return f"{day:%a} {day.day} {day:%b}"


def item_text(item: CycleItem | None, *, compact: bool = False) -> str:
    """'⚠ Overdue since Mon 31 Aug 2026'; compact (the table's cells): '⚠ Overdue\n31 Aug'."""
    if item is None:
        return ""
    if item.due_on is None:
        due = ""
    else:
        due = f"{item.due_on.day} {item.due_on:%b}" if compact else day_text(item.due_on)
    gap = "\n" if compact else " "
    if item.state is DueState.DONE:
        return "✓ Done"
    if item.state is DueState.IN_PROGRESS:
        return f"✎ Draft{gap}due {due}" if due else "✎ Draft"
    if item.state is DueState.OVERDUE:
        draft = "✎ draft, " if item.form_id else ""
        since = "" if compact else "since "
        return f"⚠ Overdue{gap}{draft}{since}{due}".rstrip(", ")
    if item.state is DueState.DUE:
        return f"Due{gap}{due}" if due else "Due"
    return "— Not yet"


def item_tip(item: CycleItem | None) -> str:
    if item is None:
        return ""
    if item.state is DueState.NOT_YET:
        return f"{item.label}: nothing to do until a first session is scheduled."
    return f"{item.label}: {item_text(item)}"


def find_item(row: FacilitatorQa, kind: str, stage: str | None) -> CycleItem | None:
    return next((i for i in row.items if i.kind == kind and i.stage == stage), None)


def session_text(session: FirstSession | None) -> str:
    """'Thu 12 Nov', the venue and the group, one a line."""
    if session is None:
        return "No first session yet"
    when = f"{session.date:%a} {session.date.day} {session.date:%b}"
    if not session.date_chosen:
        when = f"From {when} (date to choose)"
    return f"{when}\n{session.venue_name}\n{session.group_code}"


def next_due_text(row: FacilitatorQa, today: dt.date) -> str:
    """'31 Aug\n84 days late', '18 Dec\nin 25 days', 'All done'."""
    if row.next_due is None:
        return "✓ All done" if row.outstanding == 0 else "—"
    days = (row.next_due - today).days
    day = f"{row.next_due.day} {row.next_due:%b}"
    if days < 0:
        return f"{day}\n{-days} day{'s' if days != -1 else ''} late"
    if days == 0:
        return f"{day}\ntoday"
    return f"{day}\nin {days} day{'s' if days != 1 else ''}"


def action_text(item: CycleItem, *, can_start: bool) -> str | None:
    """The button for an item: 'Start', 'Continue', 'View' (None: nothing I can do)."""
    if item.form_id is None:
        return "Start" if can_start and item.state is not DueState.NOT_YET else None
    return "View" if item.state is DueState.DONE else "Continue"
