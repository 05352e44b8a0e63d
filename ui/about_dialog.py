"""Help > About: what this app is, which version, on what, where its data lives, and the
third-party licences it ships under (the LGPL for Qt and the DejaVu font licence among them
require that the user can see them).

The lead's menu calls ``show_about(parent)``. The licence list is the build's
``resources/licences.json`` in a bundle, or read from the installed packages' metadata
otherwise (``app.licences.load_licences``), so a checkout shows what it really runs on.
"""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.licences import Licence, load_licences
from app.version import app_version
from resources import resource_path
from resources.fonts import DEJAVU_LICENCE
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.icons import icon

APP_TITLE = "NPQ Partner Desk"
WHAT_IT_IS = QT_TRANSLATE_NOOP(
    "AboutDialog",
    "Takes NPQ registers and QA forms offline on your laptop and syncs them with "
    "your delivery partner's service when you are back online.")
LICENCES_FILE = "licences.json"


def runtime_line() -> str:
    """'Qt 6.x · PySide6 6.x · Python 3.x' for the dialog and for bug reports."""
    return (f"Qt {qVersion()} · PySide6 {PySide6.__version__} · "
            f"Python {platform.python_version()}")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About {app}").format(app=APP_TITLE))
        self.resize(640, 560)
        layout = QVBoxLayout(self)

        header = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(64, 64))
        logo.setAccessibleName(self.tr("{app} icon").format(app=APP_TITLE))
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        heading = QVBoxLayout()
        title = QLabel(f"<b style='font-size: 16pt'>{APP_TITLE}</b>")
        title.setAccessibleName(APP_TITLE)
        self.version_label = QLabel(self.tr("Version {version}").format(version=app_version()))
        self.version_label.setObjectName("aboutVersion")
        summary = QLabel(translate("AboutDialog", WHAT_IT_IS))
        summary.setWordWrap(True)
        self.runtime_label = QLabel(runtime_line())
        self.runtime_label.setObjectName("aboutRuntime")
        for label in (self.version_label, self.runtime_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (title, self.version_label, summary, self.runtime_label):
            heading.addWidget(widget)
        header.addLayout(heading, 1)
        layout.addLayout(header)

        self.data_label = QLabel(self.tr("Data folder: {data}\nLog folder: {logs}").format(
            data=paths.data_dir(), logs=paths.log_dir()))
        self.data_label.setObjectName("aboutDataFolder")
        self.data_label.setWordWrap(True)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.data_label)

        layout.addWidget(QLabel(self.tr("<b>Third-party licences</b>")))
        tabs = QTabWidget()
        self.licences: list[Licence] = load_licences(resource_path(LICENCES_FILE),
                                                     DEJAVU_LICENCE)
        self.table = self._licence_table(self.licences)
        tabs.addTab(self.table, self.tr("Components"))
        self.fonts_text = QPlainTextEdit()
        self.fonts_text.setObjectName("aboutFontsLicence")
        self.fonts_text.setReadOnly(True)
        self.fonts_text.setAccessibleName(self.tr("DejaVu fonts licence"))
        self.fonts_text.setPlainText(DEJAVU_LICENCE.read_text(encoding="utf-8")
                                     if DEJAVU_LICENCE.exists()
                                     else self.tr("Licence file missing."))
        tabs.addTab(self.fonts_text, self.tr("DejaVu fonts licence"))
        layout.addWidget(tabs, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _licence_table(self, licences: list[Licence]) -> QTableWidget:
        table = QTableWidget(len(licences), 3)
        table.setObjectName("aboutLicences")
        table.setAccessibleName(self.tr("Third-party components and their licences"))
        table.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version"),
                                         self.tr("Licence")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        for row, item in enumerate(licences):
            for column, text in enumerate((item.name, item.version, item.licence)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                table.setItem(row, column, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        return table


def show_about(parent: QWidget | None) -> AboutDialog:
    """Open the About dialog (window-modal, not blocking) and return it."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
