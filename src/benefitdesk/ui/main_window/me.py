"""Who the user is ("Me:" on the toolbar): whose benefits My Benefits shows, and the
name every change is recorded under, beside the login.

On a server the signed-in person is chosen; on a file, the choice of last time, or on
a first run the person whose login name is this computer's user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox

from benefitdesk.ui.main_window.host import Host

if TYPE_CHECKING:  # imported on use: the window shows before SQLAlchemy is loaded
    from benefitdesk.ui.context import PortfolioContext


class MeChooser:
    def __init__(self, host: Host, box: QComboBox):
        self.host, self.box = host, box
        box.currentTextChanged.connect(self._changed)

    def fill(self, context: PortfolioContext) -> None:
        """The portfolio's people, with "me" chosen as the module's doc says."""
        names = sorted(p.name for p in context.report.snapshot.people.values())
        self.box.blockSignals(True)
        self.box.clear()
        self.box.addItem("")
        self.box.addItems(names)
        me = logged_in(context) if context.store.server else ""
        me = me or self.host.settings.me or logged_in(context)
        if me and me in names:
            self.box.setCurrentText(me)
            self.host.settings.me = me
        context.store.person = self.box.currentText() or None
        self.box.blockSignals(False)

    def _changed(self, name: str) -> None:
        self.host.settings.me = name
        context = self.host.context
        if context is not None:
            context.store.person = name or None
            if self.host.page() == "mine":
                self.host.navigate("mine")


def logged_in(context: PortfolioContext) -> str:
    """The person signed in to the server, or whose login name is this OS user."""
    snapshot = context.report.snapshot
    signed_in = snapshot.person_name(context.access.person_id)
    user = context.store.user
    people = snapshot.people.values()
    return signed_in or next((p.name for p in people if p.user_name == user), "")
