"""A tab page is built, and reads the store, only when its tab is first shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QTabWidget

from ui.lazy_page import LazyPage


class Page(QLabel):
    refreshed = 0

    def refresh(self) -> None:
        self.refreshed += 1


def test_a_page_is_built_and_read_when_its_tab_is_first_shown(qtbot: Any) -> None:
    built: list[Page] = []

    def build() -> tuple[Page, Callable[[], None]]:
        built.append(Page("Groups"))
        return built[-1], built[-1].refresh

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("Registers"), "Registers")
    lazy = LazyPage(build, "dashboard")
    tabs.addTab(lazy, "Groups")
    tabs.show()
    qtbot.waitExposed(tabs)
    assert built == [] and lazy.page is None  # hidden tab: nothing built, nothing read
    tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: lazy.page is not None)
    assert built == [lazy.page] and built[0].refreshed == 1
    assert built[0].isVisible()
    tabs.setCurrentIndex(0)
    tabs.setCurrentIndex(1)
    assert len(built) == 1 and built[0].refreshed == 1  # built once; re-reads are the owner's
