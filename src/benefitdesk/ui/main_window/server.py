"""The window's team mode: File › Connect to Server…, asking for a password when the
server wants one, following others' changes while a server portfolio is open, and
Portfolio › Definition Proposals…."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from benefitdesk.ui.main_window.host import Host

if TYPE_CHECKING:  # imported on use: the window shows before SQLAlchemy is loaded
    from benefitdesk.services.report import Report
    from benefitdesk.store import Store
    from benefitdesk.ui.context import PortfolioContext
    from benefitdesk.ui.team.watch import ServerWatch


class ServerCommands:
    def __init__(self, host: Host, parent: QWidget, status_bar: QStatusBar):
        self.host, self.parent = host, parent
        self.watch: ServerWatch | None = None  # while a server portfolio is open
        self.status = QLabel(parent)  # who is signed in where
        status_bar.addPermanentWidget(self.status)
        host.act.connect.triggered.connect(self.connect_to_server)
        host.act.proposals.triggered.connect(self.show_proposals)

    # -- connecting ---------------------------------------------------------------------------
    def connect_to_server(self) -> None:
        from PySide6.QtWidgets import QDialog

        from benefitdesk.ui.team.connect import ConnectDialog

        dialog = ConnectDialog(self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.open_server(dialog.url(), name=dialog.name(), keep=dialog.keep())

    def open_server(
        self,
        url: str,
        *,
        password: str | None = None,
        name: str | None = None,
        keep: bool = True,
        remember_password: bool = False,
    ) -> bool:
        """Open the server portfolio at ``url`` in the background; True once started."""
        from benefitdesk.ui.jobs import Job

        as_of = self.host.as_of or date.today()

        def load(_control: object = None) -> tuple[Store, Report]:
            from benefitdesk.services.report import build_report
            from benefitdesk.store import Store

            store = Store(url, password=password)
            try:
                return store, build_report(store, as_of)
            except BaseException:
                store.close()
                raise

        def opened(result: tuple[Store, Report]) -> None:
            from benefitdesk.store.connections import remember
            from benefitdesk.store.credentials import remember_password as keep_password

            store, report = result
            if keep:
                remember(url, name)
            if remember_password and password:
                keep_password(url, password)
            self.host.adopt(None, store, report)

        self.host.close_portfolio()
        self.host.show_empty(f"Connecting to {_shown(url)}…")
        Job(self.parent, load, f"Connecting to {_shown(url)}").quiet().on_success(
            opened
        ).on_failure(lambda exc, trace: self._failed(url, name, keep, exc, trace)).run()
        return True

    def _failed(
        self, url: str, name: str | None, keep: bool, error: BaseException, trace: str
    ) -> None:
        from PySide6.QtWidgets import QDialog

        from benefitdesk.store.credentials import keyring_available
        from benefitdesk.store.server_errors import AuthenticationFailed
        from benefitdesk.ui.errors import show_error
        from benefitdesk.ui.team.connect import PasswordDialog

        self.host.show_empty()
        if not isinstance(error, AuthenticationFailed) or "no pg_hba" in str(error):
            show_error(self.parent, "Cannot open the server portfolio", error, trace)
            return
        message = (
            "The server needs a password."
            if error.missing_password
            else "The server refused the password."
        )
        dialog = PasswordDialog(self.parent, url, message, can_remember=keyring_available())
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.password.text():
            return
        self.open_server(
            url,
            password=dialog.password.text(),
            name=name,
            keep=keep,
            remember_password=dialog.remember.isChecked(),
        )

    # -- while open -----------------------------------------------------------------------------
    def start(self, context: PortfolioContext) -> None:
        """Follow others' changes, when the portfolio is on a server."""
        if not context.store.server:
            return
        from benefitdesk.ui.access import signed_in
        from benefitdesk.ui.team.watch import ServerWatch

        store = context.store
        self.status.setText(signed_in(store.access, store.display))
        self.watch = ServerWatch(context, self.parent)
        self.watch.state_changed.connect(self._watch_state)

    def _watch_state(self, listening: bool) -> None:
        context = self.host.context
        if context is None:
            return
        from benefitdesk.ui.access import signed_in

        text = signed_in(context.store.access, context.store.display)
        self.status.setText(text if listening else f"{text} — reconnecting…")
        self.status.setToolTip(
            "Changes by others appear within seconds"
            if listening
            else "The connection for others' changes was lost; trying again"
        )

    def stop(self) -> None:
        if self.watch is not None:
            self.watch.stop()
            self.watch.deleteLater()
            self.watch = None
        self.status.clear()

    def show_proposals(self) -> None:
        if self.host.context is None:
            return
        from benefitdesk.ui.team.proposals import ProposalsDialog

        ProposalsDialog(self.host.context, self.parent).exec()


def _shown(url: str) -> str:
    from benefitdesk.store.urls import display_url

    return display_url(url)
