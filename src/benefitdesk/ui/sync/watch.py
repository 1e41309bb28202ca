"""Watching file and folder sources, so a new export syncs by itself.

`QFileSystemWatcher` reports a folder when files are added, removed or renamed in it
and a file when it is written; the watcher listens to both (a folder profile: the
folder and its newest file; a file profile: the file and its folder, since exports are
often replaced rather than rewritten). Events come in bursts while a file is written,
so each profile waits for a quiet spell (`debounce_ms`) and then for its source to
look the same twice in a row (name, size, time) before it is reported: a half-copied
export is not read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

Fingerprint = tuple[str, int, int] | None  # (file, size, mtime ns); None: nothing to read
Probe = Callable[[str], Fingerprint]  # profile name → what its source looks like now


class SourceWatcher(QObject):
    """Emits `changed(name)` once a watched profile's source changed and settled."""

    changed = Signal(str)

    def __init__(self, probe: Probe, parent: QObject | None = None, *, debounce_ms: int = 2000):
        super().__init__(parent)
        self.probe = probe
        self.debounce_ms = debounce_ms
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._event)
        self._watcher.fileChanged.connect(self._event)
        self._names: dict[str, set[str]] = {}  # watched path → profile names
        self._timers: dict[str, QTimer] = {}
        self._known: dict[str, Fingerprint] = {}  # what was last seen or synced
        self._pending: dict[str, Fingerprint] = {}

    # -- what to watch ------------------------------------------------------------------------
    def watch(self, paths: dict[str, list[Path]]) -> None:
        """Watch these paths for these profiles (replaces what was watched)."""
        self.stop()
        for name, wanted in paths.items():
            self._known[name] = self.probe(name)
            for path in wanted:
                self._names.setdefault(str(path), set()).add(name)
        existing = [p for p in self._names if Path(p).exists()]
        if existing:
            self._watcher.addPaths(existing)

    def names(self) -> set[str]:
        return {n for names in self._names.values() for n in names}

    def watched_paths(self) -> list[str]:
        return sorted(self._watcher.files() + self._watcher.directories())

    def synced(self, name: str, fingerprint: Fingerprint) -> None:
        """The profile was synced from this source: only a later change counts."""
        self._known[name] = fingerprint

    def stop(self) -> None:
        for timer in self._timers.values():
            timer.stop()
            timer.deleteLater()
        self._timers.clear()
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        self._names.clear()
        self._known.clear()
        self._pending.clear()

    # -- events -----------------------------------------------------------------------------
    def _event(self, path: str) -> None:
        if Path(path).exists() and path not in self._watcher.files() + self._watcher.directories():
            self._watcher.addPath(path)  # a replaced file drops out of the watch: take it back
        for name in self._names.get(path, ()):
            self._restart(name)

    def _restart(self, name: str) -> None:
        timer = self._timers.get(name)
        if timer is None:
            timer = self._timers[name] = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda name=name: self._settle(name))
        timer.start(self.debounce_ms)

    def _settle(self, name: str) -> None:
        now = self.probe(name)
        if now == self._known.get(name):
            self._pending.pop(name, None)
            return  # an unrelated file in the folder, or nothing new
        if self._pending.get(name, False) != now:
            self._pending[name] = now  # still being written? look again after a pause
            self._restart(name)
            return
        self._pending.pop(name, None)
        self._known[name] = now
        self._rewatch(name, now)
        self.changed.emit(name)

    def _rewatch(self, name: str, now: Fingerprint) -> None:
        """A folder's newest file changes: watch the new one for rewrites too."""
        if now is None:
            return
        path = now[0]
        self._names.setdefault(path, set()).add(name)
        if Path(path).exists() and path not in self._watcher.files():
            self._watcher.addPath(path)
