"""How a QA cycle item reads: '✓ Done', '✎ Draft', 'Due Mon 30 Nov', '⚠ Overdue since …'.

The state is always in the text (a symbol and a word), never in colour alone; colour only
repeats it.
"""

from __future__ import annotations

import datetime as dt

from app.forms.views import CycleItem, DueState, FacilitatorQa, FirstSession
from ui.i18n import QT_TRANSLATE_NOOP, translate

# (kind, stage, column title): the title is marked only; show it through column_title().
ITEM_COLUMNS: tuple[tuple[str, str | None, str], ...] = (
    ("coaching_conversation", "pre_visit", QT_TRANSLATE_NOOP("QaCycle", "Pre-visit")),
    ("qa_visit", None, QT_TRANSLATE_NOOP("QaCycle", "Visit")),
    ("coaching_conversation", "post_visit", QT_TRANSLATE_NOOP("QaCycle", "Post-visit")),
    ("self_assessment", None, QT_TRANSLATE_NOOP("QaCycle", "Self-assessment")),
)
STATE_COLOURS = {DueState.OVERDUE: "danger_text", DueState.DONE: "success_text",
                 DueState.IN_PROGRESS: "progress_text"}  # theme roles (ui/theme_colours.py)


def column_title(column: tuple[str, str | None, str]) -> str:
    """An ITEM_COLUMNS entry's title in the user's language."""
    return translate("QaCycle", column[2])


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
        return translate("QaCycle", "✓ Done")
    if item.state is DueState.IN_PROGRESS:
        draft = translate("QaCycle", "✎ Draft")
        return f"{draft}{gap}" + translate("QaCycle", "due {day}").format(day=due) if due else draft
    if item.state is DueState.OVERDUE:
        if compact:
            detail = translate("QaCycle", "✎ draft, {day}") if item.form_id else "{day}"
        elif item.form_id:
            detail = translate("QaCycle", "✎ draft, since {day}")
        else:
            detail = translate("QaCycle", "since {day}")
        overdue = translate("QaCycle", "⚠ Overdue")
        return f"{overdue}{gap}{detail.format(day=due)}".rstrip(", ")
    if item.state is DueState.DUE:
        word = translate("QaCycle", "Due")
        return f"{word}{gap}{due}" if due else word
    return translate("QaCycle", "— Not yet")


def item_tip(item: CycleItem | None) -> str:
    if item is None:
        return ""
    if item.state is DueState.NOT_YET:
        return translate("QaCycle",
                         "{item}: nothing to do until a first session is scheduled.").format(
            item=item.label)
    return f"{item.label}: {item_text(item)}"


def find_item(row: FacilitatorQa, kind: str, stage: str | None) -> CycleItem | None:
    return next((i for i in row.items if i.kind == kind and i.stage == stage), None)


def session_text(session: FirstSession | None) -> str:
    """'Thu 12 Nov', the venue and the group, one a line."""
    if session is None:
        return translate("QaCycle", "No first session yet")
    when = f"{session.date:%a} {session.date.day} {session.date:%b}"
    if not session.date_chosen:
        when = translate("QaCycle", "From {day} (date to choose)").format(day=when)
    return f"{when}\n{session.venue_name}\n{session.group_code}"


def next_due_text(row: FacilitatorQa, today: dt.date) -> str:
    """'31 Aug\n84 days late', '18 Dec\nin 25 days', 'All done'."""
    if row.next_due is None:
        return translate("QaCycle", "✓ All done") if row.outstanding == 0 else "—"
    days = (row.next_due - today).days
    day = f"{row.next_due.day} {row.next_due:%b}"
    if days == -1:
        when = translate("QaCycle", "1 day late")
    elif days < 0:
        when = translate("QaCycle", "{n} days late").format(n=-days)
    elif days == 0:
        when = translate("QaCycle", "today")
    elif days == 1:
        when = translate("QaCycle", "in 1 day")
    else:
        when = translate("QaCycle", "in {n} days").format(n=days)
    return f"{day}\n{when}"


def action_text(item: CycleItem, *, can_start: bool) -> str | None:
    """The button for an item: 'Start', 'Continue', 'View' (None: nothing I can do)."""
    if item.form_id is None:
        if can_start and item.state is not DueState.NOT_YET:
            return translate("QaCycle", "Start")
        return None
    if item.state is DueState.DONE:
        return translate("QaCycle", "View")
    return translate("QaCycle", "Continue")
