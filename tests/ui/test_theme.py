"""Light and dark: every colour pair on screen is readable in both (WCAG 2.1 contrast,
computed here from the relative-luminance formula, not taken from ui.theme), every role
is checked or says why it needs no check, and the real demo window follows the scheme,
at start and when the desktop switches."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from tests.conftest import TEST_TODAY
from ui import style, theme
from ui.dashboard_model import STAND_OUT_TEXT, STAND_OUT_TINT
from ui.date_picker_dialog import BLOCKED_TEXT, SUGGESTED, WARNED
from ui.demo import Demo, DemoBackend
from ui.forms.look import FORM_STYLE
from ui.printing.look import STYLE as PRINTING_STYLE
from ui.qa_cycle import STATE_COLOURS
from ui.register_model import CONFLICT_TINT, STATUS_TINTS, Column
from ui.style import _BASE, _MARK_BUTTON, MARKS, render, stylesheet
from ui.theme_colours import DARK, DECORATIVE, LIGHT, NORMAL_TEXT, PAIRS

SETS = {"light": LIGHT, "dark": DARK}


def luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of "#rrggbb"."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("scheme", SETS)
def test_every_declared_pair_meets_wcag_aa(scheme: str) -> None:
    colours = SETS[scheme]
    failing = [(p.foreground, p.background, round(contrast(colours[p.foreground],
                                                           colours[p.background]), 2),
                p.minimum) for p in PAIRS
               if contrast(colours[p.foreground], colours[p.background]) < p.minimum]
    assert not failing, f"{scheme}: below WCAG 2.1 AA: {failing}"


def test_both_sets_name_the_same_roles_in_hex() -> None:
    assert LIGHT.keys() == DARK.keys()
    for colours in SETS.values():
        assert all(re.fullmatch(r"#[0-9a-f]{6}", v) for v in colours.values())


def test_every_role_is_checked_or_says_why_not() -> None:
    paired = {p.foreground for p in PAIRS} | {p.background for p in PAIRS}
    unexplained = set(LIGHT) - paired - set(DECORATIVE)
    assert not unexplained, f"roles in no checked pair and not declared decorative: " \
                            f"{sorted(unexplained)}"
    assert set(DECORATIVE) <= set(LIGHT)
    assert not set(DECORATIVE) & paired, "a checked role need not be excused"


def _rules(template: str) -> list[tuple[str, str]]:
    return re.findall(r"([^{}]+)\{([^}]*)\}", template)


def _role(body: str, prop: str) -> str | None:
    found = re.search(rf"(?<![-\w]){prop}\s*:\s*\$(\w+)", body)
    return found.group(1) if found else None


ALL_TEMPLATES = _BASE + "".join(_MARK_BUTTON.replace("{mark}", m) for m in MARKS) \
    + FORM_STYLE + PRINTING_STYLE


def test_every_colour_and_background_in_one_rule_is_a_checked_pair() -> None:
    declared = {(p.foreground, p.background) for p in PAIRS}
    missing = []
    for selector, body in _rules(ALL_TEMPLATES):
        for fg, bg in (("color", "background"),
                       ("selection-color", "selection-background-color")):
            colour, background = _role(body, fg), _role(body, bg)
            if colour and background and (colour, background) not in declared:
                missing.append((selector.strip(), colour, background))
            if colour and not background and (colour, "surface") not in declared:
                missing.append((selector.strip(), colour, "(its parent's: surface)"))
    assert not missing, missing


def test_the_style_sheet_has_no_hex_colours_and_fills_every_role() -> None:
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b", ALL_TEMPLATES)
    for scheme in theme.Scheme:
        theme._current = scheme
        try:
            sheet = stylesheet()
        finally:
            theme._current = theme.Scheme.LIGHT
        assert "$" not in sheet
        assert SETS[scheme]["canvas"] in sheet


def test_models_name_roles_that_exist() -> None:
    used = [*STATUS_TINTS.values(), CONFLICT_TINT, *STATE_COLOURS.values(), STAND_OUT_TINT,
            STAND_OUT_TEXT, SUGGESTED, WARNED, BLOCKED_TEXT]
    assert set(used) <= set(LIGHT)
    declared = {(p.foreground, p.background) for p in PAIRS}
    for tint in STATUS_TINTS.values():
        assert ("text", tint) in declared and ("text_muted", tint) in declared


def test_text_scales_with_the_base_font() -> None:
    large = render(_BASE, 16.0)
    assert "QWidget { font-size: 16pt; }" in large
    assert "#eventTitle { font-size: 24.7pt;" in large  # 17pt at 11 → 24.7pt at 16
    assert render(_BASE, 11.0) == render(_BASE)


@pytest.fixture
def restore_look(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Other tests in this process see the app as it was (no sheet, light)."""
    sheet, palette = qapp.styleSheet(), QPalette(qapp.palette())
    yield
    monkeypatch.delenv(theme.OVERRIDE_ENV, raising=False)
    style.apply(qapp, theme.Scheme.LIGHT)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


@pytest.fixture
def demo(runner, tmp_path) -> Iterator[Demo]:
    backend = DemoBackend(root=tmp_path / "demo", today=TEST_TODAY, own_keyring=False)
    demo = Demo(runner, backend)
    failures: list[BaseException] = []
    demo.failed.connect(failures.append)
    yield demo
    assert not failures, failures
    if demo.window is not None:
        demo.window.close_now()  # without the unsent-marks question
    runner.wait_for_done()
    backend.close()


def _hex(value: object) -> str:
    return value.color().name()  # type: ignore[attr-defined]


def test_the_demo_window_is_dark_with_the_override_and_follows_a_switch(
        qtbot, qapp, demo, restore_look, monkeypatch) -> None:
    monkeypatch.setenv(theme.OVERRIDE_ENV, "dark")
    assert style.apply(qapp) is theme.Scheme.DARK
    demo.open("facilitator")
    qtbot.waitUntil(lambda: demo.window is not None, timeout=30_000)
    window = demo.window
    view = window.register_view
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=15_000)

    assert qapp.styleSheet() == stylesheet(theme.base_point_size(qapp))
    assert DARK["canvas"] in qapp.styleSheet() and LIGHT["canvas"] not in qapp.styleSheet()
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == DARK["window"]
    assert qapp.palette().color(QPalette.ColorRole.Text).name() == DARK["text"]

    view.table.setFocus()
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_P)
    row = view.proxy.mapToSource(view.proxy.index(0, 0)).row()
    status = view.model.index(row, Column.STATUS)
    qtbot.waitUntil(lambda: view.model.data(status, Qt.ItemDataRole.BackgroundRole) is not None,
                    timeout=5_000)
    am = view.model.index(row, Column.AM)
    background = Qt.ItemDataRole.BackgroundRole
    assert _hex(view.model.data(status, background)) == DARK["tint_present"]
    assert _hex(view.model.data(am, Qt.ItemDataRole.ForegroundRole)) == DARK["success_text"]
    heading = window.events_panel.events.item(0)
    assert heading.background().color().name() == DARK["header_bg"]

    # The desktop turns light (the user no longer overrides): everything follows.
    monkeypatch.delenv(theme.OVERRIDE_ENV)
    style.on_system_scheme_changed(Qt.ColorScheme.Light)
    assert theme.current() is theme.Scheme.LIGHT
    assert LIGHT["canvas"] in qapp.styleSheet() and DARK["canvas"] not in qapp.styleSheet()
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == LIGHT["window"]
    assert _hex(view.model.data(status, background)) == LIGHT["tint_present"]
    assert heading.background().color().name() == LIGHT["header_bg"]

    # ...and dark again.
    style.on_system_scheme_changed(Qt.ColorScheme.Dark)
    assert DARK["canvas"] in qapp.styleSheet()
    assert _hex(view.model.data(status, background)) == DARK["tint_present"]
    assert heading.background().color().name() == DARK["header_bg"]


def test_an_override_wins_over_the_desktop(qapp, restore_look, monkeypatch) -> None:
    monkeypatch.setenv(theme.OVERRIDE_ENV, "dark")
    style.apply(qapp)
    style.on_system_scheme_changed(Qt.ColorScheme.Light)
    assert theme.current() is theme.Scheme.DARK
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == DARK["window"]


def test_without_an_override_an_unknown_scheme_reads_the_platform_palette(
        qapp, restore_look, monkeypatch) -> None:
    monkeypatch.delenv(theme.OVERRIDE_ENV, raising=False)
    # offscreen reports no scheme and a light palette
    assert theme.from_qt(Qt.ColorScheme.Unknown, qapp) is theme.Scheme.LIGHT
    assert style.apply(qapp, theme.from_qt(Qt.ColorScheme.Unknown, qapp)) \
        is theme.Scheme.LIGHT


def test_text_and_background_in_the_dark_palette_are_readable(qapp) -> None:
    from ui.theme_palette import build_palette

    palette = build_palette(theme.Scheme.DARK)
    Role = QPalette.ColorRole
    for fg, bg in ((Role.Text, Role.Base), (Role.WindowText, Role.Window),
                   (Role.ButtonText, Role.Button), (Role.HighlightedText, Role.Highlight),
                   (Role.Text, Role.AlternateBase), (Role.PlaceholderText, Role.Base)):
        assert contrast(palette.color(fg).name(), palette.color(bg).name()) >= NORMAL_TEXT


def test_the_tick_images_are_drawn_in_the_tick_role() -> None:
    from resources import icon_path

    assert LIGHT["on_control_checked"] in icon_path("check").read_text()
    assert DARK["on_control_checked"] in icon_path("check_dark").read_text()
