"""The app's colours as named roles, one set for a light desktop and one for a dark one,
and the text/background pairs those roles are used in.

Widgets, style sheets and models name a role ("danger_text", "tint_absent"), never a hex
value, so that a change of the desktop's colour scheme changes every colour at once and
the contrast test (tests/ui/test_theme.py) can check each pair in both sets: text at
WCAG 2.1 AA (4.5:1; 3:1 for large text), focus rings and borders that carry meaning at
3:1. A role that is in no checked pair must say here why it needs none (DECORATIVE).

The mark colours (present green, late amber, absent red, apologies blue-grey, left early
brown) keep their hue in both sets; the dark set only darkens their tints.
PDF colours (app/printing) are paper and are not themed.
"""

from __future__ import annotations

from dataclasses import dataclass

LIGHT: dict[str, str] = {
    # Surfaces
    "window": "#efefef",          # dialogs, buttons (the palette's Window/Button)
    "canvas": "#fafafa",          # the main window and form backgrounds
    "surface": "#ffffff",         # lists, tables, cards
    "surface_alt": "#f6f8fa",     # alternate table rows
    "header_bg": "#eef2f6",       # table headers, list section headings, key help
    "border": "#dddddd",
    "border_soft": "#eeeeee",
    # Text
    "text": "#000000",            # the palette's Text/WindowText
    "heading": "#102a43",
    "text_body": "#333333",
    "text_secondary": "#555555",
    "text_muted": "#666666",      # empty answers, withdrawn rows, past events
    "text_disabled": "#696969",   # dates that cannot be chosen
    # Accent (selection, primary buttons, headings of sections)
    "accent_text": "#1f4e79",
    "accent_fill": "#1f4e79",
    "accent_fill_hover": "#173b5c",
    "accent_fill_disabled": "#9fb3c8",
    "on_accent": "#ffffff",
    "selection_soft": "#dbe8f6",
    "focus": "#1f4e79",
    "control_border": "#767676",  # the edge of a radio button or check box
    "control_checked": "#1f4e79",  # a chosen radio button's dot, a ticked box
    "on_control_checked": "#ffffff",  # the tick (resources/icons/check.svg)
    # Meaning
    "danger_text": "#b71c1c",
    "danger_fill": "#b71c1c",
    "danger_border": "#c62828",
    "danger_tint": "#fdecea",
    "danger_tint_text": "#8a1c1c",
    "warning_tint": "#fff3e0",
    "warning_tint_hover": "#ffe0b2",
    "warning_text": "#8a3b00",
    "warning_border": "#e65100",
    "note_tint": "#fff3d6",       # the time editor, a date with a warning, a hidden result
    "note_border": "#e0b252",
    "info_tint": "#e8f1fb",       # the newer-template banner, scholarship rows
    "success_text": "#2b7a30",
    "progress_text": "#8a5a00",
    # Marks: the buttons (white text) and the register's tints (normal text)
    "mark_present": "#2e7d32",
    "mark_present_hover": "#256628",
    "mark_late": "#a35f00",
    "mark_late_hover": "#8f5600",
    "mark_absent": "#c62828",
    "mark_absent_hover": "#a31f1f",
    "mark_apologies": "#455a8a",
    "mark_apologies_hover": "#384a73",
    "mark_left_early": "#6d4c41",
    "mark_left_early_hover": "#5a3e35",
    "mark_disabled": "#bdbdbd",
    "on_mark": "#ffffff",
    "tint_present": "#e3f2e1",
    "tint_late": "#fff3d6",
    "tint_left_early": "#fde9d9",
    "tint_absent": "#fbe3e3",
    "tint_apologies": "#e6ecf5",
    "tint_not_applicable": "#eeeeee",
    # Charts
    "chart_bg": "#ffffff",
    "chart_text": "#333333",
    "chart_grid": "#dddddd",
    "chart_line": "#1d70b8",      # attendance line, report bars and means
    "chart_bar_pale": "#b8cce4",  # enrolment bars, their count inside
    "chart_bar_label": "#33475b",
    "chart_point_label": "#0b3c6b",  # attendance figures, over the bars or beside them
}

DARK: dict[str, str] = {
    "window": "#2a2c30",
    "canvas": "#1c1d20",
    "surface": "#24262a",
    "surface_alt": "#2b2e33",
    "header_bg": "#31353b",
    "border": "#4a4f57",
    "border_soft": "#34373d",
    "text": "#e8eaed",
    "heading": "#e3edf7",
    "text_body": "#d6d9dd",
    "text_secondary": "#b9bec5",
    "text_muted": "#a3a9b1",
    "text_disabled": "#8f959d",
    "accent_text": "#8cb9e8",
    "accent_fill": "#2b5f8f",
    "accent_fill_hover": "#336fa6",
    "accent_fill_disabled": "#3b4756",
    "on_accent": "#ffffff",
    "selection_soft": "#2d4866",
    "focus": "#8cb9e8",
    "control_border": "#9aa0a8",
    "control_checked": "#8cb9e8",
    "on_control_checked": "#1c1d20",  # resources/icons/check_dark.svg
    "danger_text": "#ff8a80",
    "danger_fill": "#b71c1c",
    "danger_border": "#ef5350",
    "danger_tint": "#3e2022",
    "danger_tint_text": "#ffb4ab",
    "warning_tint": "#3a2a16",
    "warning_tint_hover": "#4a361c",
    "warning_text": "#ffb870",
    "warning_border": "#f57c00",
    "note_tint": "#393018",
    "note_border": "#9c7c2e",
    "info_tint": "#223349",
    "success_text": "#81c784",
    "progress_text": "#f0c060",
    "mark_present": "#2e7d32",
    "mark_present_hover": "#256628",
    "mark_late": "#a35f00",
    "mark_late_hover": "#8f5600",
    "mark_absent": "#c62828",
    "mark_absent_hover": "#d32f2f",
    "mark_apologies": "#455a8a",
    "mark_apologies_hover": "#52699e",
    "mark_left_early": "#6d4c41",
    "mark_left_early_hover": "#7d5a4e",
    "mark_disabled": "#4a4d52",
    "on_mark": "#ffffff",
    "tint_present": "#1f3a23",
    "tint_late": "#3b3015",
    "tint_left_early": "#3d2a21",
    "tint_absent": "#432024",
    "tint_apologies": "#25304a",
    "tint_not_applicable": "#333438",
    "chart_bg": "#24262a",
    "chart_text": "#d6d9dd",
    "chart_grid": "#44484f",
    "chart_line": "#6fa8dc",
    "chart_bar_pale": "#3a5068",
    "chart_bar_label": "#dbe6f2",
    "chart_point_label": "#cfe3f7",
}

NORMAL_TEXT = 4.5  # WCAG 2.1 1.4.3 (AA)
LARGE_TEXT = 3.0   # 1.4.3 for text at 18pt, or 14pt bold, and larger
NON_TEXT = 3.0     # 1.4.11: focus rings, borders and marks that carry meaning


@dataclass(frozen=True)
class Pair:
    """One foreground role drawn on one background role, somewhere in the app."""

    foreground: str
    background: str
    minimum: float
    where: str


def _text_on(backgrounds: tuple[str, ...], foregrounds: tuple[str, ...], where: str,
             minimum: float = NORMAL_TEXT) -> list[Pair]:
    return [Pair(f, b, minimum, where) for b in backgrounds for f in foregrounds]


_PLAIN = ("window", "canvas", "surface", "surface_alt")
_MARKS = ("present", "late", "absent", "apologies", "left_early")
_TINTS = tuple(f"tint_{m}" for m in (*_MARKS, "not_applicable"))

PAIRS: tuple[Pair, ...] = (
    *_text_on(_PLAIN, ("text", "heading", "text_body", "text_secondary", "text_muted",
                       "text_disabled", "accent_text", "danger_text", "success_text",
                       "progress_text", "danger_tint_text", "warning_text"),
              "labels, table cells and list items on the app's plain backgrounds"),
    *_text_on(("header_bg",), ("text", "heading", "accent_text", "text_secondary"),
              "table headers, list section headings, the keys help"),
    *_text_on(("selection_soft",), ("heading", "text"),
              "the chosen event, QA table selection, a focused rating"),
    *_text_on(("accent_fill", "accent_fill_hover", "danger_fill"), ("on_accent",),
              "primary buttons, table selection, the confidential warning"),
    *_text_on(tuple(f"mark_{m}{h}" for m in _MARKS for h in ("", "_hover")), ("on_mark",),
              "the mark buttons (13pt bold)"),
    *_text_on(_TINTS, ("text", "text_muted"), "register rows tinted by their mark"),
    *_text_on(("tint_present", "note_tint"), ("text",), "date picker: suggested, warned"),
    *_text_on(("danger_tint",), ("danger_tint_text", "text", "danger_text"),
              "a question with a problem, the form's problem list, a group standing out"),
    *_text_on(("warning_tint", "warning_tint_hover"), ("warning_text", "text", "text_body",
                                                        "heading"),
              "conflicts: button, panel, pause banner, roster warning, row tint"),
    *_text_on(("note_tint",), ("text", "heading"), "the time editor, a hidden result"),
    *_text_on(("info_tint",), ("text", "heading"), "newer-template banner, scholarships"),
    *_text_on(("chart_bg",), ("chart_text", "chart_line"), "chart axes, report means"),
    *_text_on(("chart_bar_pale",), ("chart_bar_label",), "a bar's count inside the bar"),
    *_text_on(("chart_bg", "chart_bar_pale"), ("chart_point_label",),
              "attendance figures on the line, often over an enrolment bar"),
    *_text_on(("chart_bg",), ("chart_line",), "bars and lines of a chart", NON_TEXT),
    *_text_on(("canvas", "surface", "window", "surface_alt", "selection_soft"), ("focus",),
              "the focus ring", NON_TEXT),
    *_text_on(("surface", "canvas", "window", "danger_tint"), ("control_border",),
              "the edge of a radio button or check box", NON_TEXT),
    *_text_on(("surface",), ("control_checked",), "a chosen radio button's dot, a ticked box",
              NON_TEXT),
    *_text_on(("control_checked",), ("on_control_checked",), "the tick in a ticked box",
              NON_TEXT),
    *_text_on(("surface", "canvas", "danger_tint"), ("danger_border",),
              "the red edge of a question with a problem", NON_TEXT),
    *_text_on(("warning_tint", "canvas", "surface"), ("warning_border",),
              "the edge of the conflicts panel and pause banner", NON_TEXT),
)

DECORATIVE: dict[str, str] = {
    "border": "card and table frames; the layout says the same without them",
    "border_soft": "separators between list items",
    "note_border": "frame of the time editor and hidden-result note (the text says what it is)",
    "chart_grid": "chart grid lines; values are labelled",
    "mark_disabled": "disabled mark buttons (WCAG 1.4.3 exempts inactive controls)",
    "accent_fill_disabled": "disabled print buttons (inactive controls are exempt)",
}
