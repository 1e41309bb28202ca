"""The window's File › New Portfolio…, Open… and Open Recent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMenu, QWidget

from benefitdesk import PORTFOLIO_SUFFIXES
from benefitdesk.ui.main_window.host import Host

OPEN_FILTER = (
    "BenefitDesk portfolios (*.sqlite *.benefitdesk *.db);;"
    "Spreadsheets, to start a portfolio from (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv);;"
    "All files (*)"
)


class FileCommands:
    def __init__(self, host: Host, parent: QWidget, recent: QMenu):
        self.host, self.parent, self.recent = host, parent, recent
        host.act.new_portfolio.triggered.connect(self.new_portfolio)
        host.act.open_portfolio.triggered.connect(self.choose_and_open)
        recent.aboutToShow.connect(self.fill_recent)

    def choose_and_open(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        last = self.host.settings.last_portfolio
        start = str(last.parent) if last else ""
        name, _ = QFileDialog.getOpenFileName(self.parent, "Open portfolio", start, OPEN_FILTER)
        if name:
            self.host.open_portfolio(Path(name), background=True)

    def new_portfolio(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from benefitdesk.store.errors import PortfolioError
        from benefitdesk.ui.errors import show_error

        name, _ = QFileDialog.getSaveFileName(
            self.parent, "New portfolio", "", "BenefitDesk portfolios (*.sqlite *.benefitdesk)"
        )
        if not name:
            return
        path = Path(name if name.endswith(PORTFOLIO_SUFFIXES) else f"{name}.sqlite")
        if path.exists():
            show_error(self.parent, "New portfolio", PortfolioError(f"{path.name} already exists"))
            return
        self.host.open_portfolio(path, create=True)

    def fill_recent(self) -> None:
        self.recent.clear()
        for path in self.host.settings.recent():
            action = self.recent.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(
                lambda _=False, p=path: self.host.open_portfolio(p, background=True)
            )
        if self.recent.isEmpty():
            self.recent.addAction("No recent portfolios").setEnabled(False)
