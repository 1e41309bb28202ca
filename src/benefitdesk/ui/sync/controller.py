"""Sync Now and automatic sync: profiles run in a background job, views refresh after.

`SyncController(context, parent)` is the one object the main window needs: `sync_all()`
for the toolbar's Sync button, `sync(names)` for the profiles dialog, `watching` for
"sync file sources when a new export arrives", and signals for the status bar. Runs
never overlap: a request that arrives while a sync runs is queued and run after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from benefitdesk.exchange.errors import ExchangeError
from benefitdesk.services.sync import (
    SavedProfile,
    SyncResult,
    list_profiles,
    portfolio_folder,
    run_profiles,
    source_file,
)
from benefitdesk.services.sync.profiles import absolute_path
from benefitdesk.ui.jobs import Job, JobControl
from benefitdesk.ui.sync.models import local_time
from benefitdesk.ui.sync.prompter import SyncPrompter
from benefitdesk.ui.sync.watch import Fingerprint, SourceWatcher

if TYPE_CHECKING:
    from benefitdesk.ui.context import PortfolioContext


def result_text(result: SyncResult) -> str:
    """One line for the status bar."""
    if result.cancelled and not result.runs:
        return "Sync cancelled"
    added = sum(r.added for r in result.runs)
    changed = sum(r.changed for r in result.runs)
    failed = [r.name for r in result.failed]
    noun = "profile" if len(result.runs) == 1 else "profiles"
    text = f"Synced {len(result.runs)} {noun} at {datetime.now():%H:%M}"
    text += f": {added:,} added, {changed:,} changed" if added or changed else ": up to date"
    if failed:
        text += f" · failed: {', '.join(failed)}"
    if result.cancelled:
        text += " · cancelled"
    return text


def result_details(result: SyncResult) -> str:
    lines = []
    for run in result.runs:
        lines.append(f"{run.name}: {run.summary()}")
        lines += [f"    {p}" for p in run.errors[:20]]
        lines += [f"    warning: {p}" for p in run.warnings[:10]]
    return "\n".join(lines)


class SyncController(QObject):
    """Runs profiles for one open portfolio; at most one sync at a time."""

    started = Signal()
    finished = Signal(object)  # SyncResult, after the views were refreshed
    status_changed = Signal(str)  # a line for the status bar
    watching_changed = Signal(bool)

    def __init__(
        self,
        context: PortfolioContext,
        parent: QWidget | None = None,
        *,
        prompter: SyncPrompter | None = None,
        debounce_ms: int = 2000,
    ):
        super().__init__(parent)
        self.context = context
        self.parent_widget = parent
        self.prompter = prompter or SyncPrompter()
        self.job: Job | None = None
        self._queue: list[str] | None = None  # names waiting; [] means all
        self._queued_quiet = True
        self._watching = False
        self.watcher = SourceWatcher(self._fingerprint, self, debounce_ms=debounce_ms)
        self.watcher.changed.connect(self._source_changed)
        self.last_result: SyncResult | None = None

    # -- running ------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.job is not None

    def sync_all(self) -> Job | None:
        """Sync Now: every profile, with progress, Cancel and a summary at the end."""
        return self.sync(None)

    def sync(self, names: Iterable[str] | None, *, quiet: bool = False) -> Job | None:
        """Run the profiles named (None: all). `quiet`: no progress dialog and no summary
        box (automatic runs); the status line still says what happened."""
        if self.context.read_only:
            self._tell(quiet, "Sync", "This portfolio is open read-only; it cannot be synced.")
            return None
        wanted = None if names is None else list(names)
        if self.job is not None:
            self._enqueue(wanted, quiet)
            return None
        if not list_profiles(self.context.store):
            self._tell(
                quiet,
                "Sync",
                "This portfolio has no import profiles yet. Add one under "
                "Portfolio › Import Profiles…",
            )
            return None
        store = self.context.store
        fingerprints = {s.name: self._probe(s) for s in self._profiles(wanted)}

        def work(control: JobControl) -> SyncResult:
            return run_profiles(
                store, wanted, progress=control.progress, cancelled=control.cancelled
            )

        job = Job(self.parent_widget, work, "Sync")
        if quiet:
            job.quiet()
        job.on_success(lambda result: self._done(result, quiet, fingerprints))
        job.on_failure(lambda error, trace: self._failed(error, trace, quiet))
        self.job = job
        self.started.emit()
        self.status_changed.emit("Syncing…")
        return job.run()

    def _profiles(self, names: list[str] | None) -> list[SavedProfile]:
        saved = list_profiles(self.context.store)
        if names is None:
            return saved
        folded = {n.casefold() for n in names}
        return [s for s in saved if s.name.casefold() in folded]

    def _enqueue(self, names: list[str] | None, quiet: bool) -> None:
        if names is None or self._queue == []:
            self._queue = []
        else:
            self._queue = list(dict.fromkeys([*(self._queue or []), *names]))
        self._queued_quiet = self._queued_quiet and quiet
        if not quiet:
            self.status_changed.emit("A sync is running; this one follows when it ends")

    def _done(self, result: SyncResult, quiet: bool, fingerprints: dict[str, Fingerprint]) -> None:
        self.job = None
        self.last_result = result
        for run in result.runs:
            if not run.failed and run.name in fingerprints:
                self.watcher.synced(run.name, fingerprints[run.name])
        if result.change is not None:
            self.context.apply(result.change)
        self.finished.emit(result)
        self.status_changed.emit(result_text(result))
        if not quiet:
            details = result_details(result)
            if result.failed:
                names = ", ".join(r.name for r in result.failed)
                self.prompter.warn(
                    self.parent_widget,
                    "Sync",
                    f"{result_text(result)}.\n\nNothing was written for {names}; see the details.",
                    details,
                )
            else:
                self.prompter.inform(self.parent_widget, "Sync", result_text(result), details)
        self._next()

    def _failed(self, error: BaseException, trace: str, quiet: bool) -> None:
        self.job = None
        self.status_changed.emit(f"Sync failed: {error}")
        if not quiet:
            self.prompter.error(self.parent_widget, "Sync", error, trace)
        self._next()

    def _next(self) -> None:
        if self._queue is None:
            return
        names, quiet = self._queue, self._queued_quiet
        self._queue, self._queued_quiet = None, True
        self.sync(names or None, quiet=quiet)

    def _tell(self, quiet: bool, title: str, text: str) -> None:
        self.status_changed.emit(text)
        if not quiet:
            self.prompter.inform(self.parent_widget, title, text)

    # -- watching -----------------------------------------------------------------------------
    @property
    def watching(self) -> bool:
        return self._watching

    @watching.setter
    def watching(self, on: bool) -> None:
        self.set_watching(on)

    def set_watching(self, on: bool) -> None:
        """Sync file and folder profiles by themselves when their source changes."""
        on = bool(on) and not self.context.read_only
        if on == self._watching:
            return
        self._watching = on
        if on:
            self.profiles_changed()
        else:
            self.watcher.stop()
        self.watching_changed.emit(on)

    def profiles_changed(self) -> None:
        """Profiles were added, edited or deleted: watch what they read now."""
        if not self._watching:
            return
        home = portfolio_folder(self.context.store)
        paths: dict[str, list[Path]] = {}
        for saved in list_profiles(self.context.store):
            profile = saved.profile
            if not profile.reads_files or not profile.path:
                continue
            target = absolute_path(profile.path, home)
            if profile.source == "folder":
                wanted = [target]
                fingerprint = self._probe(saved)
                if fingerprint is not None:
                    wanted.append(Path(fingerprint[0]))
            else:
                wanted = [target, target.parent]
            paths[saved.name] = wanted
        self.watcher.watch(paths)

    def _probe(self, saved: SavedProfile) -> Fingerprint:
        if not saved.profile.reads_files:
            return None
        try:
            path = source_file(saved.profile, portfolio_folder(self.context.store))
            stat = path.stat()
        except (ExchangeError, OSError):
            return None
        return (str(path), stat.st_size, stat.st_mtime_ns)

    def _fingerprint(self, name: str) -> Fingerprint:
        for saved in list_profiles(self.context.store):
            if saved.name == name:
                return self._probe(saved)
        return None

    def _source_changed(self, name: str) -> None:
        self.status_changed.emit(f"A new export for {name} arrived; syncing it…")
        self.sync([name], quiet=True)

    # -- status -------------------------------------------------------------------------------
    def last_sync_text(self) -> str:
        """ "Last sync 14 Mar 2026 09:12" for the status bar, or "" before any sync."""
        times = [s.last_run_at for s in list_profiles(self.context.store) if s.last_run_at]
        return f"Last sync {local_time(max(times))}" if times else ""

    def shutdown(self) -> None:
        """Stop watching and cancel a running sync (closing the portfolio)."""
        self.watcher.stop()
        self._watching = False
        self._queue = None
        if self.job is not None:
            self.job.cancel()

    def __repr__(self) -> str:
        return f"<SyncController running={self.running} watching={self.watching}>"
