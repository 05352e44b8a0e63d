"""The QA forms' part of the style sheet: sections as white cards, required markers, help
text quieter than questions, a missing answer outlined in red with its message."""

FORM_STYLE = """
#formEditor, #formScroll > QWidget > QWidget { background: #fafafa; }
#formTitle { font-size: 16pt; font-weight: 600; color: #102a43; }
#formStatus { color: #555555; font-size: 10pt; }
#formSaved { color: #2e7d32; font-size: 10pt; padding: 0 12px; }
#formHeader { background: #ffffff; border: 1px solid #dddddd; border-radius: 6px; }
#formHeader QLabel { background: transparent; }
#formSection { background: #ffffff; border: 1px solid #dddddd; border-radius: 6px; }
#formSection QLabel { background: transparent; }
#sectionTitle { font-size: 13pt; font-weight: 600; color: #1f4e79; padding: 2px 0; }
#sectionIntro { color: #555555; }
#questionField { border-left: 3px solid transparent; border-radius: 0; }
#questionField[problem="true"] { border-left: 3px solid #c62828; background: #fdecea; }
#questionLabel { font-weight: 600; color: #102a43; }
#questionHelp { color: #666666; font-size: 10pt; }
#ratingDescriptor { color: #444444; font-size: 10pt; font-style: italic; }
#questionProblem { color: #b71c1c; font-weight: 600; }
#questionField QRadioButton { padding: 3px 2px; }
#questionField QRadioButton:focus { background: #dbe8f6; border-radius: 4px; }
#templateBanner { background: #e8f1fb; border: 1px solid #1f4e79; border-radius: 6px; }
#formProblems { background: #fdecea; border: 2px solid #c62828; border-radius: 6px;
    color: #8a1c1c; font-weight: 600; }
#submitForm { background: #1f4e79; color: white; border: none; border-radius: 4px;
    font-weight: 600; padding: 7px 16px; }
#submitForm:hover { background: #173b5c; }
#readOnlyHeader { background: #ffffff; border: 1px solid #dddddd; border-radius: 6px;
    padding: 10px; }
#workspaceTitle { font-size: 15pt; font-weight: 600; color: #102a43; }
#detailTitle { font-size: 14pt; font-weight: 600; color: #102a43; }
#detailFacts, #upcomingHint, #developmentHint { color: #444444; }
#cycleState[state="overdue"] { color: #b71c1c; font-weight: 600; }
#cycleState[state="done"] { color: #2e7d32; font-weight: 600; }
#cycleState[state="in_progress"] { color: #8a5a00; font-weight: 600; }
#qaTable { background: #ffffff; alternate-background-color: #f6f8fa;
    selection-background-color: #dbe8f6; selection-color: #102a43;
    border: 1px solid #dddddd; }
"""
