"""Room measured from a widget's own text rather than in pixels: widths in average
characters, table rows in lines.

Why: a panel fixed at 340 px takes a quarter of a 1366-pixel laptop at 11pt and leaves the
register too little room when the desktop's font is 20pt, while one sized in characters
grows and shrinks with the text (28 average characters: 224 px at 11pt, 392 px at 20pt);
and a table row of 28 px clips 16pt text.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QTableView, QWidget

from ui.font_watch import FontWatch

LAPTOP_WIDTH = 1366  # the smallest screen the app is made for (1366×768)
SIDE_MIN_CHARS = 28.0  # "Siân Hughes (facilitator)" and an event card's first line
SIDE_MAX_CHARS = 57.5  # 460 px at 11pt, as before
SIDE_START_CHARS = 45.0  # 360 px at 11pt, as before
REGISTER_CHARS = 115.0  # what the register beside it wants before the panel gives way


def chars_wide(widget: QWidget, count: float) -> int:
    """``count`` average characters of ``widget``'s font (the style sheet's, once
    polished) in pixels."""
    widget.ensurePolished()
    return round(widget.fontMetrics().averageCharWidth() * count)


def size_side_panel(panel: QWidget) -> int:
    """Give the events side panel its minimum and maximum width in characters, kept as
    the font changes; returns the width it should start at."""
    _limit(panel)
    FontWatch(panel, _limit)
    return side_start_width(panel)


def side_start_width(panel: QWidget) -> int:
    """360 px at 11pt; with larger text narrower, down to its minimum, so the register
    keeps room for the names and for fewer rows of buttons."""
    room = LAPTOP_WIDTH - chars_wide(panel, REGISTER_CHARS)
    return min(chars_wide(panel, SIDE_START_CHARS), max(chars_wide(panel, SIDE_MIN_CHARS), room))


def _limit(panel: QWidget) -> None:
    panel.setMinimumWidth(chars_wide(panel, SIDE_MIN_CHARS))
    panel.setMaximumWidth(chars_wide(panel, SIDE_MAX_CHARS))


def fit_rows_to_text(table: QTableView, design_height: int) -> None:
    """Rows ``design_height`` px high at 11pt (the text's height plus the same padding at
    any size), kept as the font changes."""
    padding = design_height - _DESIGN_LINE_HEIGHT

    def fit(view: QTableView) -> None:
        view.ensurePolished()
        header = view.verticalHeader()
        header.setDefaultSectionSize(max(design_height, view.fontMetrics().height() + padding))

    fit(table)
    FontWatch(table, fit)


_DESIGN_LINE_HEIGHT = 18  # an 11pt line of the app's sans-serif font, in pixels


class ScrollsWhenShort(QScrollArea):
    """A page in a scroll area that scrolls up and down only, and only when the window is
    shorter than the page's minimum (a 20pt desktop font on a 768-pixel screen): the page
    keeps its rows of names and its buttons whole instead of squeezing the table to
    nothing; moving the focus scrolls to it. At ordinary sizes nothing shows. Its width
    is never less than the page's (there is no sideways scrolling)."""

    def __init__(self, page: QWidget, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWidget(page)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def minimumSizeHint(self) -> QSize:
        page = self.widget()
        width = page.minimumSizeHint().width() if page is not None else 0
        return QSize(width + self.verticalScrollBar().sizeHint().width(),
                     super().minimumSizeHint().height())

