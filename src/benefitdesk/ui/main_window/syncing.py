"""The window's sync: Portfolio › Sync Now, Import Profiles…, Sync New Exports
Automatically, and the last sync in the status bar. One ``SyncController`` per open
portfolio, started once its workspace is drawn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from benefitdesk.ui.main_window.host import Host

if TYPE_CHECKING:  # imported when the portfolio's services start
    from benefitdesk.ui.context import PortfolioContext
    from benefitdesk.ui.sync import SyncController


class SyncCommands:
    def __init__(self, host: Host, parent: QWidget, status_bar: QStatusBar):
        self.host, self.parent = host, parent
        self.controller: SyncController | None = None
        self.status = QLabel(parent)  # the last sync
        status_bar.addPermanentWidget(self.status)
        actions = host.act
        actions.sync.triggered.connect(self.sync_now)
        actions.profiles.triggered.connect(self.show_profiles)
        actions.watch.triggered.connect(self.toggle_watching)

    def start(self, context: PortfolioContext) -> None:
        from benefitdesk.ui.sync import SyncController

        controller = self.controller = SyncController(context, self.parent)
        controller.status_changed.connect(lambda text: self.host.say(text, 10_000))
        controller.finished.connect(lambda _result: self._show_last_sync())
        controller.watching_changed.connect(self._watching_changed)
        if not context.read_only:
            controller.set_watching(bool(self.host.settings.value("sync/watch", False)))
        self._show_last_sync()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.shutdown()
            self.controller = None

    def _show_last_sync(self) -> None:
        if self.controller is not None:
            self.status.setText(self.controller.last_sync_text())

    def _watching_changed(self, on: bool) -> None:
        self.host.act.watch.setChecked(on)
        self.host.settings.set_value("sync/watch", on)

    def sync_now(self) -> None:
        context = self.host.context
        if self.controller is not None and context is not None and not context.read_only:
            self.controller.sync_all()

    def show_profiles(self) -> None:
        if self.controller is not None and self.host.context is not None:
            from benefitdesk.ui.sync import open_profiles_dialog

            open_profiles_dialog(self.host.context, self.parent, self.controller)

    def toggle_watching(self, on: bool) -> None:
        if self.controller is not None:
            self.controller.set_watching(on)
