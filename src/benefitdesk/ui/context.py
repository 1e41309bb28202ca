"""The open portfolio as the GUI sees it: store, current report, change signals.

Views never reach for a global: they get the context injected, read ``report`` and
listen to ``changed``. After a service call, ``apply(change)`` re-reads just the
benefits it touched and every view redraws what concerns it.
"""

from __future__ import annotations

import gc
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal

from benefitdesk.analysis.types import BenefitResult
from benefitdesk.enums import TeamRole
from benefitdesk.services.changes import Change
from benefitdesk.services.report import Report, build_report, refresh_report
from benefitdesk.store import Store
from benefitdesk.store.queries import Series, benefit_series
from benefitdesk.store.roles import Access
from benefitdesk.ui.access import manage_refusal, record_refusal


def settle_heap() -> None:
    """Move the freshly built report out of the garbage collector's sight.

    A 10,000-benefit report is a few million objects; every full collection would
    walk them all and pause every thread for half a second. They are long-lived and
    free of cycles, so freezing them is safe (the old report is freed by refcount).
    No collection first: it would walk them all once, on the GUI thread (a third of
    a second measured here); the little cyclic garbage frozen with them stays.
    """
    gc.freeze()


class PortfolioContext(QObject):
    """Holds the open store and the report every view reads."""

    changed = Signal(object)  # Change: something was edited; report already refreshed
    reloaded = Signal()  # everything may have changed (open, import, as-of)

    def __init__(
        self,
        store: Store,
        *,
        as_of: date | None = None,
        report: Report | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.report: Report = report or build_report(store, as_of or date.today())
        self._indexed: Report | None = None  # the report ``_index`` was made for
        self._index: dict[int, int] = {}
        settle_heap()

    @property
    def as_of(self) -> date:
        return self.report.as_of

    @property
    def currency(self) -> str:
        """The portfolio's ISO currency code (GBP when none is set)."""
        settings = self.report.snapshot.settings
        return (getattr(settings, "currency", None) or "GBP").upper()

    @property
    def read_only(self) -> bool:
        """Nothing may be changed: a read-only file, or a viewer on a server."""
        return self.store.read_only or self.store.access.role is TeamRole.VIEWER

    @property
    def access(self) -> Access:
        return self.store.access

    def manage_refusal(self) -> str | None:
        """Why this user may not change definitions, plans, imports (None: they may)."""
        return manage_refusal(self.store.access, self.read_only)

    def record_refusal(self, benefit_id: int | None) -> str | None:
        """Why this user may not log figures or notes on the benefit (None: they may)."""
        row = self.benefit_row(benefit_id) if benefit_id is not None else None
        owner = self.report.snapshot.person_name(row.owner_id) if row is not None else None
        return record_refusal(self.store.access, self.read_only, row, owner)

    def reload(self, as_of: date | None = None) -> None:
        self.report = build_report(self.store, as_of or self.as_of)
        settle_heap()
        self.reloaded.emit()

    def apply(self, change: Change) -> None:
        """Refresh after a committed change and tell the views."""
        if change.benefit_ids and not change.entity.startswith(("project", "person", "settings")):
            self.report = refresh_report(self.store, self.report, set(change.benefit_ids))
        else:
            self.report = build_report(self.store, self.as_of)
        self.changed.emit(change)

    # -- lookups the views share -------------------------------------------------
    def _positions(self) -> dict[int, int]:
        """Each benefit's position in the report (made once per report: a selection
        asks several times, and a scan of 10,000 benefits each time added up)."""
        report = self.report
        if self._indexed is not report:
            self._index = {b.id: n for n, b in enumerate(report.snapshot.benefits)}
            self._indexed = report
        return self._index

    def benefit_row(self, benefit_id: int) -> Any | None:
        n = self._positions().get(benefit_id)
        return None if n is None else self.report.snapshot.benefits[n]

    def benefit_by_code(self, code: str) -> Any | None:
        return next((b for b in self.report.snapshot.benefits if b.code == code), None)

    def result_for(self, benefit_id: int) -> BenefitResult | None:
        n = self._positions().get(benefit_id)
        return None if n is None else self.report.benefits[n]

    def series(self, benefit_id: int) -> Series:
        """The full measurement history of one benefit (the snapshot keeps the last N)."""
        return benefit_series(self.store, benefit_id)
