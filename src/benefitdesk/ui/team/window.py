"""The main window's team mode (a mixin of MainWindow): connect to a server, ask for a
password when the server wants one, follow others' changes, grey out by role.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel

from benefitdesk.ui.errors import show_error
from benefitdesk.ui.jobs import Job

if TYPE_CHECKING:
    from benefitdesk.services.report import Report
    from benefitdesk.store import Store
    from benefitdesk.ui.context import PortfolioContext

#: Actions only a PMO may use (the server refuses them for owners and viewers).
MANAGE_ACTIONS = (
    "act_import",
    "act_sync",
    "act_profiles",
    "act_watch",
    "act_new_benefit",
    "act_approve",
    "act_delete_benefit",
)


class ServerMixin:
    """Opening a ``postgresql://`` portfolio and living with others' changes."""

    context: PortfolioContext | None
    settings: Any
    watch: Any
    as_of: date | None
    register: Any
    act_log: QAction
    portfolio_actions: list[QAction]

    def _build_server_actions(self) -> None:
        self.watch = None
        self.status_server = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_server)
        self.act_connect = self._action(
            "Connect to &Server…",
            self.connect_to_server,
            None,
            "open",
            "Open a portfolio shared on a PostgreSQL server",
        )
        self.act_proposals = self._action(
            "Definition &Proposals…",
            self.show_proposals,
            None,
            "approve",
            "Changes to definitions proposed by benefit owners, to approve or reject",
        )
        self.portfolio_actions.append(self.act_proposals)

    # -- connecting ---------------------------------------------------------------------------
    def connect_to_server(self) -> None:
        from benefitdesk.ui.team.connect import ConnectDialog

        dialog = ConnectDialog(self)
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
        as_of = self.as_of or date.today()

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
            self._adopt(None, store, report)

        self.close_portfolio()
        self._show_empty(f"Connecting to {_shown(url)}…")
        Job(self, load, f"Connecting to {_shown(url)}").quiet().on_success(opened).on_failure(
            lambda exc, trace: self._server_failed(url, name, keep, exc, trace)
        ).run()
        return True

    def _server_failed(
        self, url: str, name: str | None, keep: bool, error: BaseException, trace: str
    ) -> None:
        from benefitdesk.store.credentials import keyring_available
        from benefitdesk.store.server_errors import AuthenticationFailed
        from benefitdesk.ui.team.connect import PasswordDialog

        self._show_empty()
        if not isinstance(error, AuthenticationFailed) or "no pg_hba" in str(error):
            show_error(self, "Cannot open the server portfolio", error, trace)
            return
        message = (
            "The server needs a password."
            if error.missing_password
            else "The server refused the password."
        )
        dialog = PasswordDialog(self, url, message, can_remember=keyring_available())
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
    def _start_watch(self, context: PortfolioContext) -> None:
        from benefitdesk.ui.access import signed_in
        from benefitdesk.ui.team.watch import ServerWatch

        store = context.store
        self.status_server.setText(signed_in(store.access, store.display))
        self.watch = ServerWatch(context, self)
        self.watch.state_changed.connect(self._watch_state)

    def _watch_state(self, listening: bool) -> None:
        if self.context is None:
            return
        from benefitdesk.ui.access import signed_in

        store = self.context.store
        text = signed_in(store.access, store.display)
        self.status_server.setText(text if listening else f"{text} — reconnecting…")
        self.status_server.setToolTip(
            "Changes by others appear within seconds"
            if listening
            else "The connection for others' changes was lost; trying again"
        )

    def _stop_watch(self) -> None:
        if self.watch is not None:
            self.watch.stop()
            self.watch.deleteLater()
            self.watch = None
        self.status_server.clear()

    def _apply_access(self) -> None:
        """Grey out what the signed-in role cannot do, saying why in the tooltip."""
        context = self.context
        manage = context.manage_refusal() if context is not None else None
        for name in MANAGE_ACTIONS:  # enabled or not by the window; refused here
            action: QAction = getattr(self, name)
            if manage:
                _refuse(action, manage)
            else:
                _restore_tip(action)
        if context is None:
            return
        record = context.record_refusal(self.register.current_benefit_id())
        if record:
            _refuse(self.act_log, record)
        else:
            _restore_tip(self.act_log)
            self.act_log.setEnabled(not context.read_only)
        self.act_proposals.setEnabled(not context.read_only)

    def show_proposals(self) -> None:
        if self.context is None:
            return
        from benefitdesk.ui.team.proposals import ProposalsDialog

        ProposalsDialog(self.context, self).exec()


def _shown(url: str) -> str:
    from benefitdesk.store.urls import display_url

    return display_url(url)


def _refuse(action: QAction, reason: str) -> None:
    if action.property("tip") is None:
        action.setProperty("tip", action.toolTip())
    action.setEnabled(False)
    action.setToolTip(reason)
    action.setStatusTip(reason)


def _restore_tip(action: QAction) -> None:
    tip = action.property("tip")
    if tip is not None:
        action.setToolTip(tip)
        action.setStatusTip(tip)
