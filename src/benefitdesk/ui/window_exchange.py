"""The main window's exchange and sync commands (a mixin of MainWindow): import,
import history, workbook export, collection template, board pack, and sync."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
            from benefitdesk.ui.exports import export_board_pack

            export_board_pack(self, self.context, self.settings)
