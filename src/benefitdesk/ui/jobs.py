"""One small runner for long work: off the GUI thread, with progress and Cancel.

The job function touches no widget: it gets a ``JobControl`` to report progress and
ask whether it was cancelled; its result or error comes back on the GUI thread
(the shape of Anki's ``CollectionOp``).
"""

from __future__ import annotations

import gc
import threading
import traceback
from collections.abc import Callable
from contextlib import suppress
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from benefitdesk.progress import Cancelled


class JobControl:
    """Handed to the job function; safe to call from the worker thread."""

    def __init__(self, emit: Callable[[int, int, str], None]):
        self._emit = emit
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._emit(done, total, text)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled

    def cancel(self) -> None:
        self._cancel.set()


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[JobControl], Any], control: JobControl, signals: _Signals):
        super().__init__()
        self.fn: Callable[[JobControl], Any] | None = fn
        self.control: JobControl | None = control
        self.signals: _Signals | None = signals
        self.released = threading.Event()  # set once this thread holds none of them

    def run(self) -> None:
        try:
            self._run()
        finally:
            # Let go of the job's objects on this thread while the Job still holds them:
            # the last reference dropped here (the Job already ended on the GUI thread)
            # destroyed the GUI thread's QObject on this one, as the GUI thread delivered
            # its signal, and the process aborted. The Job waits for this (_finish).
            self.fn = self.control = self.signals = None
            self.released.set()

    def _run(self) -> None:
        assert self.fn is not None and self.control is not None and self.signals is not None
        try:
            result = self.fn(self.control)
        except BaseException as exc:  # handed to the GUI thread, never lost
            self._emit(self.signals.failed, exc, traceback.format_exc())
        else:
            self._emit(self.signals.succeeded, result)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        with suppress(RuntimeError):  # the window that wanted the result has gone (quit)
            signal.emit(*args)


def _pause_collector(running: int) -> None:
    """No automatic garbage collection while background work runs.

    A full collection stops every thread for as long as it takes to walk the heap; a
    board pack builds hundreds of thousands of objects, and the GUI froze for half a
    second at a time (measured in benchmarks/bench_responsiveness.py). Work objects
    are freed by reference counting; the collector resumes when the last job ends.
    """
    if running:
        gc.disable()
    else:
        gc.enable()


_serial: QThreadPool | None = None
#: Seconds the GUI thread waits, at most, for a worker to let go of an ended job's objects.
RELEASE_WAIT = 5.0


def serial_pool() -> QThreadPool:
    """One worker thread for the work that keeps the window current on its own (the
    portfolio's load, the modules the workspace needs, the value over time, the
    attention list), each in turn.

    Python runs one thread at a time: two such jobs side by side each got a third of
    the interpreter and the window the last third, so a 40 ms step of the window took
    120 ms (benchmarks/bench_responsiveness.py). In turn, they finish no later and the
    window keeps half. A benefit's chart is read on the shared pool, never queued
    behind them.
    """
    global _serial
    if _serial is None:
        _serial = QThreadPool()
        _serial.setMaxThreadCount(1)
        _serial.setExpiryTimeout(-1)  # the thread stays: no start-up per job
    return _serial


#: Who keeps the serial pool's new jobs back (hold_serial), and the jobs kept back.
_holders: set[object] = set()
_held: list[QRunnable] = []


def hold_serial(holder: object) -> None:
    """Keep the serial pool's new jobs back until ``holder`` calls ``release_serial``:
    the window's own steps (a chart, the dashboard: 40-70 ms each) then run without a
    worker taking half the interpreter from them. Each holder lets go of its own hold
    only, so one that ends early (a dropped opening) never frees another's."""
    _holders.add(holder)


def release_serial(holder: object) -> None:
    """``holder`` lets go; once nobody holds, the jobs kept back start in the order they
    came. Releasing a hold not taken is harmless."""
    _holders.discard(holder)
    if not _holders:
        held = list(_held)
        _held.clear()
        for runnable in held:
            serial_pool().start(runnable)


def wait_for_workers(msecs: int) -> bool:
    """Wait until no job runs on either pool; False when ``msecs`` ran out first."""
    shared = QThreadPool.globalInstance().waitForDone(msecs)
    return (_serial is None or _serial.waitForDone(msecs)) and shared


class Job:
    """``Job(parent, fn, title).on_success(cb).on_failure(cb).run()``."""

    active: ClassVar[set[Job]] = set()  # keep Python wrappers alive until the job ends

    def __init__(self, parent: QWidget | None, fn: Callable[[JobControl], Any], title: str):
        self.parent, self.fn, self.title = parent, fn, title
        self._success: Callable[[Any], None] = lambda _result: None
        self._failure: Callable[[BaseException, str], None] | None = None
        self._cancelled: Callable[[], None] = lambda: None
        self._show_progress = True
        self.signals = _Signals()
        self.control = JobControl(self.signals.progressed.emit)
        self.dialog: QProgressDialog | None = None
        self._updating = False  # inside the dialog's setValue, which processes events
        self._runnable: _Runnable | None = None

    def on_success(self, callback: Callable[[Any], None]) -> Job:
        self._success = callback
        return self

    def on_failure(self, callback: Callable[[BaseException, str], None]) -> Job:
        self._failure = callback
        return self

    def on_cancel(self, callback: Callable[[], None]) -> Job:
        """``callback()`` once the job has stopped because the user asked it to."""
        self._cancelled = callback
        return self

    def quiet(self) -> Job:
        """No progress dialog (short background refreshes)."""
        self._show_progress = False
        return self

    def run(self, pool: QThreadPool | None = None) -> Job:
        if self._show_progress:
            self.dialog = QProgressDialog(self.title, "Cancel", 0, 0, self.parent)
            self.dialog.setWindowTitle(self.title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.control.cancel)
            self.signals.progressed.connect(self._on_progress)
        self.signals.succeeded.connect(self._on_success)
        self.signals.failed.connect(self._on_failure)
        Job.active.add(self)
        _pause_collector(len(Job.active))
        runnable = self._runnable = _Runnable(self.fn, self.control, self.signals)
        if _holders and pool is not None and pool is _serial:
            _held.append(runnable)
        else:
            (pool or QThreadPool.globalInstance()).start(runnable)
        return self

    @staticmethod
    def wait_all(msecs: int = 30_000) -> bool:
        """Cancel every running job and wait for the workers (at exit)."""
        for job in list(Job.active):
            job.cancel()
        return wait_for_workers(msecs)

    def cancel(self) -> None:
        self.control.cancel()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        dialog = self.dialog
        if dialog is None or self.control.cancelled() or self._updating:
            return
        # A modal dialog's setValue processes events: among them may be the next queued
        # progress (a setValue inside its own setValue crashed the process when a busy
        # GUI thread had let updates queue up; skipped now, the next one carries the
        # news) and the job's end (the dialog must outlive its setValue).
        self._updating = True
        try:
            if text:
                dialog.setLabelText(text)
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
        finally:
            self._updating = False
        if self.dialog is None:  # the job ended meanwhile
            dialog.deleteLater()

    def _finish(self) -> None:
        if self._runnable is not None:  # its thread lets go of our objects first (run)
            self._runnable.released.wait(RELEASE_WAIT)  # a few statements after its signal
            self._runnable = None
        if self.dialog is not None:
            self.dialog.close()
            if not self._updating:
                self.dialog.deleteLater()
            self.dialog = None
        Job.active.discard(self)
        _pause_collector(len(Job.active))

    def _on_success(self, result: Any) -> None:
        self._finish()
        self._success(result)

    def _on_failure(self, error: BaseException, trace: str) -> None:
        self._finish()
        if isinstance(error, Cancelled):  # the user's own wish: nothing to report
            self._cancelled()
            return
        if self._failure is not None:
            self._failure(error, trace)
        else:
            from benefitdesk.ui.errors import show_error

            show_error(self.parent, self.title, error, trace)
