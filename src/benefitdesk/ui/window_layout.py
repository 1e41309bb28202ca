"""The main window's size and panes (a mixin of MainWindow): fit the screen, lay out the
splitters, and keep both between runs.

Laid out for 1280×720 and up: the window never reaches past the screen, neither pane
of the register/detail splitter can be dragged away, and a saved layout with a closed
pane is replaced by the default one.
"""

from __future__ import annotations

from typing import Any


class LayoutMixin:
    """Needs ``settings``, ``context``, ``main_split`` and ``register_split``."""

    settings: Any
    context: Any
    main_split: Any
    register_split: Any

    def _fit_to_screen(self) -> None:
        """1366×820 where it fits; on a smaller screen (1280×720, 1366×768) the whole
        available area, so the status bar and the charts' bottoms are never off-screen."""
        screen = self.screen().availableGeometry()
        width, height = min(1366, screen.width()), min(820, screen.height())
        self.resize(width, height)
        if (width, height) != (1366, 820):
            self.move(screen.topLeft())

    def _lay_out_splitters(self) -> None:
        """The saved layout, unless a pane in it is closed; else the navigator at 200 px
        and the register with 40 % of the height (about 10 rows at 1280×720, more on a
        taller screen), the benefit's detail and chart the rest."""
        height = max(self.height() - 110, 400)
        defaults = (
            (self.main_split, "main_split", [200, max(self.width() - 200, 600)]),
            (self.register_split, "register_split", [height * 2 // 5, height * 3 // 5]),
        )
        for splitter, key, sizes in defaults:
            state = self.settings.state(key)
            restored = state is not None and splitter.restoreState(state)
            fixed = [n for i, n in enumerate(splitter.sizes()) if not splitter.isCollapsible(i)]
            if not restored or 0 in fixed:
                splitter.setSizes(sizes)

    def _restore_geometry(self) -> None:
        geometry = self.settings.state("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _save_layout(self) -> None:
        self.settings.save_state("geometry", self.saveGeometry())
        if self.context is not None:
            self.settings.save_state("main_split", self.main_split.saveState())
            self.settings.save_state("register_split", self.register_split.saveState())
