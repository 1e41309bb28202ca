"""The main window's size and panes: fit the screen, lay out the splitters, and keep
both between runs.

Laid out for 1280×720 and up: the window never reaches past the screen, neither pane
of the register/detail splitter can be dragged away, and a saved layout with a closed
pane is replaced by the default one.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMainWindow, QSplitter

from benefitdesk.ui.settings import AppSettings


def fit_to_screen(window: QMainWindow) -> None:
    """1366×820 where it fits; on a smaller screen (1280×720, 1366×768) the whole
    available area, so the status bar and the charts' bottoms are never off-screen."""
    screen = window.screen().availableGeometry()
    width, height = min(1366, screen.width()), min(820, screen.height())
    window.resize(width, height)
    if (width, height) != (1366, 820):
        window.move(screen.topLeft())


def lay_out_splitters(
    settings: AppSettings, window: QSize, main_split: QSplitter, register_split: QSplitter
) -> None:
    """The saved layout, unless a pane in it is closed; else the navigator at 200 px
    and the register with 40 % of the height (about 10 rows at 1280×720, more on a
    taller screen), the benefit's detail and chart the rest."""
    height = max(window.height() - 110, 400)
    defaults = (
        (main_split, "main_split", [200, max(window.width() - 200, 600)]),
        (register_split, "register_split", [height * 2 // 5, height * 3 // 5]),
    )
    for splitter, key, sizes in defaults:
        state = settings.state(key)
        restored = state is not None and splitter.restoreState(state)
        fixed = [n for i, n in enumerate(splitter.sizes()) if not splitter.isCollapsible(i)]
        if not restored or 0 in fixed:
            splitter.setSizes(sizes)


def save_splitters(settings: AppSettings, main_split: QSplitter, register_split: QSplitter) -> None:
    settings.save_state("main_split", main_split.saveState())
    settings.save_state("register_split", register_split.saveState())


def restore_geometry(window: QMainWindow, settings: AppSettings) -> None:
    geometry = settings.state("geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)


def save_geometry(window: QMainWindow, settings: AppSettings) -> None:
    settings.save_state("geometry", window.saveGeometry())
