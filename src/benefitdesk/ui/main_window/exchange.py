"""The window's exchange commands: File › Import…, Export Workbook…, Collection
Template…, Export Board Pack…, New Portfolio from Spreadsheet…, and Portfolio › Import
History…. Each opens its feature's dialog or background job on the open portfolio."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from benefitdesk.ui.main_window.host import Host


class ExchangeCommands:
    def __init__(self, host: Host, parent: QWidget):
        self.host, self.parent = host, parent
        actions = host.act
        actions.import_file.triggered.connect(self.import_file)
        actions.import_history.triggered.connect(self.import_history)
        actions.export_workbook.triggered.connect(self.export_workbook)
        actions.collection_template.triggered.connect(self.collection_template)
        actions.board_pack.triggered.connect(self.export_board_pack)
        actions.new_from_spreadsheet.triggered.connect(lambda: self.new_from_spreadsheet())

    def import_file(self) -> None:
        context = self.host.context
        if context is not None and not context.read_only:
            from benefitdesk.ui.importing import open_import_dialog

            open_import_dialog(context, self.host.settings, self.parent)

    def import_history(self) -> None:
        if self.host.context is not None:
            from benefitdesk.ui.importing import open_import_history

            open_import_history(self.host.context, self.parent)

    def export_workbook(self) -> None:
        if self.host.context is not None:
            from benefitdesk.ui.workbooks import export_workbook

            export_workbook(self.parent, self.host.context, self.host.settings)

    def collection_template(self) -> None:
        if self.host.context is not None:
            from benefitdesk.ui.workbooks import collection_template

            collection_template(self.parent, self.host.context, self.host.settings)

    def export_board_pack(self) -> None:
        if self.host.context is not None:
            from benefitdesk.ui.boardpack.export import export_board_pack

            export_board_pack(self.parent, self.host.context, self.host.settings)

    # -- a new portfolio from a spreadsheet ---------------------------------------------------
    def new_from_spreadsheet(self, source: Path | None = None) -> None:
        """File › New Portfolio from Spreadsheet… (and File › Open on a spreadsheet)."""
        from benefitdesk.ui.importing.new_portfolio import (
            choose_spreadsheet,
            choose_target,
            start_from_spreadsheet,
        )

        last = self.host.settings.last_portfolio
        source = source or choose_spreadsheet(self.parent, str(last.parent) if last else "")
        target = choose_target(self.parent, source) if source is not None else None
        if source is None or target is None:
            return
        if target.exists():
            from benefitdesk.services.errors import ServiceError
            from benefitdesk.ui.errors import show_error

            error = ServiceError(f"{target.name} already exists; choose another name")
            show_error(self.parent, "New portfolio", error)
            return
        self.host.close_portfolio()
        start_from_spreadsheet(
            self.parent, source, target, lambda path: self.host.open_portfolio(path), self._map
        )

    def _map(self, source: Path, target: Path) -> None:
        """A new empty portfolio, and the import dialog on the spreadsheet."""
        if not self.host.open_portfolio(target, create=True) or self.host.context is None:
            return
        from benefitdesk.ui.importing import open_import_dialog

        open_import_dialog(self.host.context, self.host.settings, self.parent, source)

    def offer_new_from_spreadsheet(self, path: Path) -> None:
        """A spreadsheet opened as if it were a portfolio: offer to start one from it."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self.parent,
            "Open",
            f"{path.name} is a spreadsheet, not a BenefitDesk portfolio.\n\n"
            "Create a new portfolio from it?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.new_from_spreadsheet(path)
