"""The QA forms' part of the style sheet: sections as white cards, required markers, help
text quieter than questions, a missing answer outlined in red with its message.
Colours are theme roles ($role, ui/theme_colours.py); ``ui.style.render`` fills them in."""

FORM_STYLE = """
#formEditor, #formScroll, #formScroll > #qt_scrollarea_viewport > QWidget { background: $canvas; }
#formTitle { font-size: 16pt; font-weight: 600; color: $heading; }
#formStatus { color: $text_secondary; font-size: 10pt; }
#formSaved { color: $success_text; font-size: 10pt; padding: 0 12px; }
#formHeader { background: $surface; border: 1px solid $border; border-radius: 6px; }
#formHeader QLabel { background: transparent; }
#formSection { background: $surface; border: 1px solid $border; border-radius: 6px; }
#formSection QLabel { background: transparent; }
#sectionTitle { font-size: 13pt; font-weight: 600; color: $accent_text; padding: 2px 0; }
#sectionIntro { color: $text_secondary; }
#questionField { border-left: 3px solid transparent; border-radius: 0; }
#questionField[problem="true"] { border-left: 3px solid $danger_border;
    background: $danger_tint; }
#questionLabel { font-weight: 600; color: $heading; }
#questionHelp { color: $text_muted; font-size: 10pt; }
#ratingDescriptor { color: $text_body; font-size: 10pt; font-style: italic; }
#questionProblem { color: $danger_text; font-weight: 600; }
#questionField QRadioButton { padding: 3px 2px; }
#questionField QRadioButton:focus { background: $selection_soft; border-radius: 4px; }
#templateBanner { background: $info_tint; border: 1px solid $accent_text; border-radius: 6px; }
#formProblems { background: $danger_tint; border: 2px solid $danger_border; border-radius: 6px;
    color: $danger_tint_text; font-weight: 600; }
#formProblems[state="ready"] { background: $info_tint; border: 2px solid $accent_text;
    color: $heading; }
#submitForm { background: $accent_fill; color: $on_accent; border: none; border-radius: 4px;
    font-weight: 600; padding: 7px 16px; }
#submitForm:hover { background: $accent_fill_hover; }
#readOnlyHeader { background: $surface; border: 1px solid $border; border-radius: 6px;
    padding: 10px; }
#workspaceTitle { font-size: 15pt; font-weight: 600; color: $heading; }
#detailTitle { font-size: 14pt; font-weight: 600; color: $heading; }
#detailFacts, #upcomingHint, #developmentHint { color: $text_body; }
#cycleState[state="overdue"] { color: $danger_text; font-weight: 600; }
#cycleState[state="done"] { color: $success_text; font-weight: 600; }
#cycleState[state="in_progress"] { color: $progress_text; font-weight: 600; }
#qaTable { background: $surface; alternate-background-color: $surface_alt;
    selection-background-color: $selection_soft; selection-color: $heading;
    border: 1px solid $border; }
"""
