"""Strings ready for translation, in British English.

(a) No user-visible text reaches a Qt text setter or constructor as a bare literal or an
f-string: it goes through ``self.tr`` / ``translate`` (``ui.i18n``) or app's ``_``, so
pyside6-lupdate finds it and a loaded translation replaces it. (b) lupdate really extracts
them. (c) The extracted strings and app's message strings use en-GB spelling, and dates
are written the en-GB way (24/11/2026, "Tue 24 Nov 2026", never 11/24).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "ui"
APP = ROOT / "app"
SYNC = ROOT / "sync"  # its messages to the user use protocol.text's markers
PROTOCOL = ROOT / "protocol"  # the date rules' words (days, months, holidays, problems)

# Files whose strings the lead wraps (main window, launcher, role pages, entry point) and
# the theme files (colours only, no words). Empty this set as the lead wraps them.
LEAD_PENDING: set[str] = set()
NO_WORDS = {"ui/style.py", "ui/theme.py", "ui/forms/look.py", "ui/printing/look.py"}

# Calls whose every positional string argument is shown to a person.
TEXT_CONSTRUCTORS = {
    "QLabel", "QPushButton", "QCheckBox", "QGroupBox", "QRadioButton", "QAction",
    "QToolButton", "QCommandLinkButton", "QProgressDialog", "QListWidgetItem",
    "QBarSet", "text_label",  # a chart's series name; the reports' label helper
}
# Methods whose first argument is shown.
FIRST_ARG_SETTERS = {
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setStatusTip",
    "setAccessibleName", "setAccessibleDescription", "showMessage", "setTitle",
    "setInformativeText", "setWhatsThis", "setLabelText", "setSpecialValueText",
    "setCancelButtonText",
    "setTitleText", "setName",  # chart axes and series
    "with_progress",  # the runner's busy label, shown in the status bar
}
# Methods any of whose positional string arguments is shown (icon/widget/index aside).
ANY_ARG_METHODS = {"addAction", "addMenu", "addTab", "insertTab", "setTabText", "addRow",
                   "addButton", "addItem"}
# QFileDialog.<get…>(parent, caption, folder, filter): the caption and the filter's words.
FILE_DIALOG_CALLS = {"getSaveFileName", "getOpenFileName", "getExistingDirectory"}
# QMessageBox.<kind>(parent, title, text, …) and QMessageBox(icon, title, text, …).
MESSAGE_BOX_KINDS = {"information", "warning", "critical", "question", "about"}
# Calls that make a literal translatable (or mark it for extraction).
WRAPPERS = {"tr", "translate", "_", "N_", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}


def ui_files() -> Iterator[Path]:
    for path in sorted(UI.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative not in LEAD_PENDING | NO_WORDS:
            yield path


def has_words(text: str) -> bool:
    """Non-words ("…", "—", "+", "12", "", bare markup around a value) need no
    translation."""
    return re.search(r"[A-Za-z]{2,}", re.sub(r"<[^>]*>", "", text)) is not None


def call_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def bare_literals(node: ast.expr) -> list[str]:
    """Literal words inside ``node`` that no translation call wraps."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if has_words(node.value) else []
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str))
        return [f"f{text!r}"] if has_words(text) else []
    if isinstance(node, ast.Call):
        if call_name(node.func) in WRAPPERS:
            return []
        if isinstance(node.func, ast.Attribute):  # "…".format(), "…".join(), tr(…).format()
            return bare_literals(node.func.value)
        return []
    if isinstance(node, ast.BinOp):
        return bare_literals(node.left) + bare_literals(node.right)
    if isinstance(node, ast.IfExp):
        return bare_literals(node.body) + bare_literals(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [text for value in node.values for text in bare_literals(value)]
    if isinstance(node, ast.List | ast.Tuple):
        return [text for element in node.elts for text in bare_literals(element)]
    return []


def shown_arguments(call: ast.Call) -> list[ast.expr]:
    """The arguments of ``call`` that a person reads, if it is a Qt text call."""
    name = call_name(call.func)
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    if name in TEXT_CONSTRUCTORS or name in ANY_ARG_METHODS:
        return list(call.args)
    if name in FIRST_ARG_SETTERS:
        return call.args[:1]
    if name in ("setHorizontalHeaderLabels", "setVerticalHeaderLabels", "setHeaderLabels"):
        return call.args[:1]
    if name in MESSAGE_BOX_KINDS and owner is not None and call_name(owner) == "QMessageBox":
        return call.args[1:3]
    if name == "QMessageBox":
        return call.args[1:3]
    if name in FILE_DIALOG_CALLS:
        return [call.args[1], *call.args[3:4]] if len(call.args) > 1 else []
    return []


def untranslated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for argument in shown_arguments(node):
            for text in bare_literals(argument):
                where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
                found.append(f"{where} {call_name(node.func)}({text!r})")
    return found


def test_no_literal_text_reaches_a_qt_text_call_untranslated() -> None:
    found = [line for path in ui_files() for line in untranslated(path)]
    assert found == [], f"{len(found)} untranslated:\n" + "\n".join(found)


def test_the_check_catches_bare_literals_and_f_strings() -> None:
    sample = ast.parse(
        "QLabel('Groups')\n"
        "button.setToolTip(f'Mark {name} present')\n"
        "box.setText('Saved ' + when)\n"
        "QMessageBox.warning(self, 'Not saved', text)\n"
        "table.setHorizontalHeaderLabels(['Name', tr('Date')])\n"
        "QLabel(self.tr('Groups'))\n"
        "QLabel(translate('Fees', 'Total {n}').format(n=n))\n"
        "QLabel('—')\n"
    )
    calls = [n for n in ast.walk(sample) if isinstance(n, ast.Call)]
    bare = [t for c in calls for a in shown_arguments(c) for t in bare_literals(a)]
    assert bare == ["Groups", "f'Mark  present'", "Saved ", "Not saved", "Name"]


# --- (b) what pyside6-lupdate extracts -------------------------------------------------------

LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")
ALIASES = "tr+=_,tr+=N_"  # as scripts/update_translations.sh
MIN_MESSAGES = 880  # 894 when this was raised (ui/, app/ and sync/); 511 before constants,
# models' headers and app's counting, date, fee and sync texts were marked


def extract(folder: Path) -> list[tuple[str, str]]:
    """(context, source) of every message lupdate finds in ui/, app/, sync/ and protocol/."""
    target = folder / "extracted.ts"
    subprocess.run([str(LUPDATE), "-extensions", "py", "-tr-function-alias", ALIASES,
                    "-no-obsolete", "-locations", "none", str(UI), str(APP), str(SYNC),
                    str(PROTOCOL), "-ts", str(target)], check=True, capture_output=True, cwd=ROOT)
    root = ET.parse(target).getroot()
    return [(context.findtext("name") or "", message.findtext("source") or "")
            for context in root.iter("context") for message in context.iter("message")]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    if not LUPDATE.exists() or shutil.which("true") is None:  # pragma: no cover
        pytest.skip("pyside6-lupdate missing")
    return extract(tmp_path_factory.mktemp("lupdate"))


def test_lupdate_extracts_the_wrapped_strings(extracted: list[tuple[str, str]]) -> None:
    assert len(extracted) >= MIN_MESSAGES
    found = set(extracted)
    # one of each way of marking: self.tr, translate(), QT_TRANSLATE_NOOP, app's _ and N_
    assert ("EventHeader", "Choose an event") in found
    assert ("DashboardView", "{groups} · none needs attention") in found
    assert ("GroupTableModel", "Registration deadline") in found
    assert ("", "This event is not on this laptop. Sync, then try again.") in found
    assert ("", "Left early") in found
    # strings kept away from a Qt text call: model headers, constants, app's and sync's texts
    assert ("RegisterModel", "Saved on this laptop — waiting to send") in found
    assert ("RegisterModel", "{n} to mark") in found
    assert ("QaWorkspaceModel", "Next due") in found and ("QaCycle", "Pre-visit") in found
    assert ("StatusBar", "{n} changes waiting to send") in found
    assert ("SyncBanner", "This version of NPQ Partner Desk is too old for the server. Your "
                          "work is kept on this laptop; please update.") in found
    assert ("", "{attended} of {total} here") in found  # RegisterCounts.summary
    assert ("", "Monday") in found and ("", "{day} has passed.") in found  # event dates
    assert ("", "Actual fees appear once the event's register has been submitted.") in found
    assert ("", "Please sign in to sync. Your work is saved on this laptop.") in found  # sync
    # no f-string leaked a half-built text, and no context is a source text by mistake
    assert not [s for _c, s in extracted if s.startswith("f'") or s.startswith('f"')]


# --- (c) British English -----------------------------------------------------------------------

US_SPELLINGS = [
    r"colors?", r"center(s|ed)?", r"organiz\w*", r"canceled",
    r"canceling", r"catalog", r"analyz\w*", r"enroll(s|ment|ments)?", r"license[ds]?",
    r"favorite\w*", r"gray", r"behavior\w*", r"programs?",
    r"honor\w*", r"labor", r"defense", r"modeling", r"traveling", r"fulfill\b",
    r"apologize\w*", r"recognize\w*", r"summarize\w*", r"prioritiz\w*", r"optimiz\w*",
    r"customiz\w*", r"authoriz\w*", r"finaliz\w*", r"judgment", r"mm/dd",
]
# Words that are right in en-GB though they look like the list: "licensed" (the verb)
# stays "licensed"; "program" only as a computer program.
ALLOWED = {"licensed"}


def us_spellings(text: str) -> list[str]:
    words = []
    for pattern in US_SPELLINGS:
        for match in re.finditer(rf"\b(?:{pattern})\b", text, flags=re.IGNORECASE):
            if match.group(0).lower() not in ALLOWED:
                words.append(match.group(0))
    return words


def test_the_spelling_check_catches_us_words() -> None:
    assert sorted(us_spellings("Pick a color; the enrollment was canceled at the center")) == [
        "canceled", "center", "color", "enrollment"]
    assert us_spellings("Enrolment closes; the colour of the programme; enrolled") == []


def test_every_extracted_string_is_british_english(extracted: list[tuple[str, str]]) -> None:
    bad = [(c, s, us_spellings(s)) for c, s in extracted if us_spellings(s)]
    assert bad == []


def human_strings(path: Path) -> Iterator[str]:
    """String literals that read as words (not identifiers, keys, SQL or format codes;
    docstrings aside: they are for developers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings):
            text = node.value
            if " " in text.strip() and re.search(r"[A-Za-z]{3,} [A-Za-z]{2,}", text):
                yield text


# app/licences.py matches the packages' own metadata ("License :: OSI Approved"), not ours.
METADATA_READERS = {"app/licences.py"}


def test_app_messages_are_british_english() -> None:
    bad = [(path.relative_to(ROOT).as_posix(), text, us_spellings(text))
           for path in sorted([*APP.rglob("*.py"), *SYNC.rglob("*.py"), *PROTOCOL.rglob("*.py")])
           if path.relative_to(ROOT).as_posix() not in METADATA_READERS
           for text in human_strings(path) if us_spellings(text)]
    assert bad == []


# --- dates, the en-GB way ------------------------------------------------------------------------

DAY = date(2026, 11, 24)  # a Tuesday; 24 cannot be a month, so 11/24 would show


def test_date_helpers_write_day_month_year() -> None:
    from protocol.event_dates import long_date as app_long_date
    from ui.dashboard_model import day_month_year, short_date
    from ui.forms.texts import long_date
    from ui.qa_cycle import day_text

    assert short_date(DAY) == "Tue 24 Nov 2026"
    assert day_month_year(DAY) == "24 Nov 2026"
    assert app_long_date(DAY) == "Tuesday 24 November 2026"
    assert long_date(DAY) == "Tuesday 24 November 2026"
    assert day_text(DAY) == "Tue 24 Nov"


def test_the_form_date_field_shows_day_first(qapp) -> None:
    from ui.forms.fields import DateEdit

    edit = DateEdit()
    edit.set_iso(DAY.isoformat())
    assert edit.displayFormat() == "dd/MM/yyyy"
    assert edit.text() == "24/11/2026"
    assert edit.iso() == "2026-11-24"
    edit.deleteLater()


def test_no_month_first_date_format_anywhere() -> None:
    month_first = re.compile(r"%m/%d|%m-%d-%Y|MM/dd|M/d/yy")
    offenders = [path.relative_to(ROOT).as_posix()
                 for folder in (UI, APP, PROTOCOL) for path in sorted(folder.rglob("*.py"))
                 if month_first.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
