"""Follow other people's changes to a server portfolio while it is open.

The listener's thread hands each notice to a Qt signal (queued to the GUI thread);
notices arriving together are gathered for a moment and applied as one refresh of
just the benefits they name — the register, the dashboard and the open detail redraw
within a second or two of the other person's save.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from benefitdesk.services.changes import Change
from benefitdesk.store.notify import ChangeListener, Notice
from benefitdesk.ui.context import PortfolioContext

#: Milliseconds to gather notices that arrive together (an import's statements).
GATHER_MS = 150
#: What ``Change.entity`` says for a change made by someone else.
REMOTE = "remote"


class ServerWatch(QObject):
    """Applies other clients' committed changes to ``context``; ``stop()`` when closing."""

    heard = Signal(object)  # Notice, from the listener's thread
    state_changed = Signal(bool)  # listening (True) or reconnecting (False)

    def __init__(self, context: PortfolioContext, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self.pending: set[int] | None = set()  # None: everything may have changed
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(GATHER_MS)
        self.timer.timeout.connect(self._apply)
        self.heard.connect(self._gather)
        self.listener = ChangeListener.for_store(
            context.store, self.heard.emit, on_state=self.state_changed.emit
        )
        self.listener.start()

    def _gather(self, notice: Notice) -> None:
        if notice.benefits is None or self.pending is None:
            self.pending = None
        else:
            self.pending |= notice.benefits
        if not self.timer.isActive():
            self.timer.start()

    def _apply(self) -> None:
        ids, self.pending = self.pending, set()
        if ids is None:
            self.context.reload()
        elif ids:
            self.context.apply(Change(REMOTE, benefit_ids=frozenset(ids), structural=True))

    def stop(self) -> None:
        self.timer.stop()
        self.listener.stop()
