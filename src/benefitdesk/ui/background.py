"""Background work whose latest result alone counts: a benefit's chart, the dashboard's
value over time and its attention list.

Each runs through ``ui.jobs.Job`` (quiet: no progress dialog). A result is applied only
if no newer request was made meanwhile, so a slow job that finishes after a reload or
an edit never overwrites fresher figures. Kept apart from the dashboard package so
the window can start the value history before the dashboard is built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from benefitdesk.services.changes import Change
from benefitdesk.services.dashboard import ValueHistory, ValuePoints, build_value_history
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.jobs import Job, JobControl, serial_pool


class LatestOnly(QObject):
    """Runs background computations; only the most recent one's result is delivered."""

    def __init__(
        self, title: str, parent: QObject | None = None, *, pool: QThreadPool | None = None
    ):
        """``pool``: where the jobs run (the shared pool by default; see
        ``jobs.serial_pool`` for the long ones)."""
        super().__init__(parent)
        self.title, self.pool = title, pool
        self.generation = 0
        self.job: Job | None = None
        # When this object goes, stop the running job; the slot must not touch ``self``.
        current: list[Job | None] = [None]
        self._current = current
        self.destroyed.connect(lambda: current[0].cancel() if current[0] else None)

    def run(
        self,
        fn: Callable[[JobControl], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.cancel()
        self.generation += 1
        generation = self.generation

        def success(result: Any) -> None:
            if shiboken6.isValid(self) and generation == self.generation:
                self.job = None
                on_result(result)

        def failure(error: BaseException, _trace: str) -> None:
            if shiboken6.isValid(self) and generation == self.generation:
                self.job = None
                if on_error is not None:
                    on_error(error)

        self.job = Job(None, fn, self.title).quiet().on_success(success).on_failure(failure)
        self._current[0] = self.job
        self.job.run(self.pool)

    def cancel(self) -> None:
        """Stop the running job (if it checks) and make sure its result is ignored."""
        if self.job is not None:
            self.job.cancel()
            self.job = None
        self.generation += 1

    @property
    def running(self) -> bool:
        return self.job is not None


class ValueHistoryRunner(QObject):
    """Keeps the portfolio's value over time current, off the GUI thread.

    The first run reads the last months of measurements (most of a second on 10,000
    benefits); after an edit only the benefits it touched are re-read and their
    contribution replaced. Edits arriving together are gathered for ``delay_ms`` into
    one run. The points are summed in the job too: ``points`` holds the latest.
    """

    ready = Signal(object)  # list[(date, planned, realised)]
    busy = Signal(bool)
    failed = Signal(str)

    def __init__(
        self,
        context: PortfolioContext,
        parent: QObject | None = None,
        *,
        months: int = 24,
        delay_ms: int = 400,
    ):
        super().__init__(parent)
        self.context, self.months = context, months
        self.history: ValueHistory | None = None
        self.points: ValuePoints | None = None
        self._full = True
        self._ids: set[int] = set()
        self._runner = LatestOnly("Value over time", self, pool=serial_pool())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._kick)

    @property
    def running(self) -> bool:
        return self._runner.running

    def restart(self, points: ValuePoints | None = None) -> None:
        """Everything may have changed (open, reload, another as-of): rebuild now; or,
        given the ``points`` the last session kept for the file as it is, show them
        (the per-benefit history behind them is rebuilt at the first edit)."""
        self._runner.cancel()
        self.history = None
        self._full, self._ids = True, set()
        self._timer.stop()
        if points is None:
            self._kick()
        else:
            self.points = points
            self.ready.emit(points)

    def current_points(self) -> ValuePoints | None:
        """The points, if they are those of the report as it is (no run pending)."""
        return None if self.running or self._timer.isActive() else self.points

    def invalidate(self, change: Change) -> None:
        """Note what an edit touched; a run follows shortly."""
        whole = not change.benefit_ids or change.entity.startswith(
            ("project", "person", "settings")
        )
        if whole or self.history is None:
            self._full = True
        else:
            self._ids |= set(change.benefit_ids)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._runner.cancel()

    def _kick(self) -> None:
        if self._runner.running:  # the running job's end kicks again
            return
        store, report, months = self.context.store, self.context.report, self.months
        if self._full or self.history is None or self.history.as_of != report.as_of:
            self._full, self._ids = False, set()

            def full(control: JobControl) -> tuple[ValueHistory, ValuePoints]:
                history = build_value_history(store, report, months, control.check)
                return history, history.points()

            fn: Callable[[JobControl], tuple[ValueHistory, ValuePoints]] = full
        elif self._ids:
            base, ids = self.history, set(self._ids)
            self._ids = set()

            def partial(control: JobControl) -> tuple[ValueHistory, ValuePoints]:
                history = base.updated(store, report, ids, control.check)
                return history, history.points()

            fn = partial
        else:
            return
        self.busy.emit(True)
        self._runner.run(fn, self._done, self._error)

    def _done(self, result: tuple[ValueHistory, ValuePoints]) -> None:
        self.history, self.points = result
        self.busy.emit(False)
        self.ready.emit(self.points)
        if self._full or self._ids:
            self._kick()

    def _error(self, error: BaseException) -> None:
        self.busy.emit(False)
        self.failed.emit(f"Value over time could not be computed: {error}")
