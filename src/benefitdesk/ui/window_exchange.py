"""The main window's exchange and sync commands (a mixin of MainWindow): import,
import history, workbook export, collection template, board pack, and sync."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from benefitdesk.services.errors import ServiceError

if TYPE_CHECKING:
    from benefitdesk.ui.context import PortfolioContext


class ExchangeActionsMixin:
    """Each command opens its dialog or background job on the open portfolio."""

    context: Any
    settings: Any
    sync: Any

    def _start_sync(self, context: PortfolioContext) -> None:
        from benefitdesk.ui.sync import SyncController

        self.sync = SyncController(context, self)
        self.sync.status_changed.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.sync.finished.connect(lambda _result: self._show_last_sync())
        self.sync.watching_changed.connect(self._watching_changed)
        if not context.read_only:
            self.sync.set_watching(bool(self.settings.value("sync/watch", False)))
        self._show_last_sync()

    def _show_last_sync(self) -> None:
        if self.sync is not None:
            self.status_sync.setText(self.sync.last_sync_text())

    def _watching_changed(self, on: bool) -> None:
        self.act_watch.setChecked(on)
        self.settings.set_value("sync/watch", on)

    def sync_now(self) -> None:
        if self.sync is not None and self.context is not None and not self.context.read_only:
            self.sync.sync_all()

    def show_profiles(self) -> None:
        if self.sync is not None and self.context is not None:
            from benefitdesk.ui.sync import open_profiles_dialog

            open_profiles_dialog(self.context, self, self.sync)

    def toggle_watching(self, on: bool) -> None:
        if self.sync is not None:
            self.sync.set_watching(on)

    def import_workbook(self) -> None:
        if self.context is not None and not self.context.read_only:
            from benefitdesk.ui.importing import open_import_dialog

            open_import_dialog(self.context, self.settings, self)

    def import_history(self) -> None:
        if self.context is not None:
            from benefitdesk.ui.importing import open_import_history

            open_import_history(self.context, self)

    def new_portfolio_from_spreadsheet(self, source: Path | None = None) -> None:
        """File › New Portfolio from Spreadsheet… (and File › Open on a spreadsheet)."""
        from benefitdesk.ui.importing.new_portfolio import (
            choose_spreadsheet,
            choose_target,
            start_from_spreadsheet,
        )

        last = self.settings.last_portfolio
        source = source or choose_spreadsheet(self, str(last.parent) if last else "")
        target = choose_target(self, source) if source is not None else None
        if source is None or target is None:
            return
        if target.exists():
            from benefitdesk.ui.errors import show_error

            error = ServiceError(f"{target.name} already exists; choose another name")
            show_error(self, "New portfolio", error)
            return
        self.close_portfolio()
        start_from_spreadsheet(
            self, source, target, lambda path: self.open_portfolio(path), self._map_columns
        )

    def _map_columns(self, source: Path, target: Path) -> None:
        """A new empty portfolio, and the import dialog on the spreadsheet."""
        if not self.open_portfolio(target, create=True) or self.context is None:
            return
        from benefitdesk.ui.importing import open_import_dialog

        open_import_dialog(self.context, self.settings, self, source)

    def offer_new_from_spreadsheet(self, path: Path) -> None:
        """A spreadsheet opened as if it were a portfolio: offer to start one from it."""
        answer = QMessageBox.question(
            self,
            "Open",
            f"{path.name} is a spreadsheet, not a BenefitDesk portfolio.\n\n"
            "Create a new portfolio from it?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.new_portfolio_from_spreadsheet(path)

    def export_workbook(self) -> None:
        if self.context is not None:
            from benefitdesk.ui.workbooks import export_workbook

            export_workbook(self, self.context, self.settings)

    def collection_template(self) -> None:
        if self.context is not None:
            from benefitdesk.ui.workbooks import collection_template

            collection_template(self, self.context, self.settings)

    def export_board_pack(self) -> None:
        if self.context is not None:
            from benefitdesk.ui.boardpack.export import export_board_pack

            export_board_pack(self, self.context, self.settings)
