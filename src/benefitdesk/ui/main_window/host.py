"""What the main window's command objects need of the window, and no more.

The commands (exchange, sync, monthly cycle, team mode, backups) are small objects
that the window makes and keeps; they reach the open portfolio and the window's few
shared doings through this protocol, which ``MainWindow`` satisfies. Typed, so a
command that asks for something the window does not offer fails mypy, not a user.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QUndoStack

from benefitdesk.ui.main_window.actions import Actions
from benefitdesk.ui.register.model_rows import RegisterRow
from benefitdesk.ui.settings import AppSettings

if TYPE_CHECKING:  # imported on use: the window shows before SQLAlchemy is loaded
    from benefitdesk.services.report import Report
    from benefitdesk.store import Store
    from benefitdesk.ui.context import PortfolioContext
    from benefitdesk.ui.detail import BenefitDetail
    from benefitdesk.ui.register.panel import RegisterPanel


class Host(Protocol):
    settings: AppSettings
    undo_stack: QUndoStack
    act: Actions
    as_of: date | None  # None: today (tests pin a date)

    @property
    def context(self) -> PortfolioContext | None:
        """The open portfolio (None: none is open)."""
        ...

    def open_portfolio(
        self, path: Path | str, *, create: bool = False, background: bool = False
    ) -> bool: ...

    def close_portfolio(self, *, quitting: bool = False) -> None: ...

    def adopt(
        self,
        path: Path | None,
        store: Store,
        report: Report,
        rows: list[RegisterRow] | None = None,
    ) -> None:
        """Make a loaded portfolio the window's (``path`` None: a server's)."""
        ...

    def show_empty(self, text: str = ...) -> None:
        """A message in place of the workspace."""
        ...

    @property
    def register(self) -> RegisterPanel | None: ...

    @property
    def detail(self) -> BenefitDetail | None: ...

    def navigate(self, key: str, *, select_first: bool = True) -> None:
        """Show a page of the workspace: dashboard, attention, mine, all, project:<id>."""
        ...

    def page(self) -> str | None:
        """The page the navigator shows."""
        ...

    def current_benefit_id(self) -> int | None:
        """The benefit selected in the register."""
        ...

    def say(self, text: str, timeout_ms: int) -> None:
        """A message in the status bar for ``timeout_ms``."""
        ...
