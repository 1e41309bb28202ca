"""One exclusive lock per portfolio, honoured by the desktop app and the command line.

The lock is the operating system's (``flock`` on Linux and macOS, ``LockFileEx`` on
Windows, through portalocker) on a small file beside the portfolio, so taking it is
atomic (two windows started at the same instant cannot both win) and it dies with its
process (a crash, or a process id reused by the OS, never leaves a stale lock). The
holder writes who it is into the file for the message a refused process shows. The
file stays when the lock is released: deleting it would let a third process lock a
new file while a second still holds the old one.

A window holds the lock while the portfolio is open; the command line takes it at its
first write and holds it until it closes the portfolio.
"""

from __future__ import annotations

import getpass
import json
import os
import platform
import time
import weakref
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

import portalocker

from benefitdesk.store.errors import NOTHING_CHANGED, PortfolioBusy

WAIT_SECONDS = 5.0  # how long a command-line write waits for a lock in use


def lock_path(portfolio: Path) -> Path:
    return portfolio.with_name(portfolio.name + ".lock")


@dataclass(frozen=True)
class Holder:
    """Who holds a portfolio, as its lock file says."""

    program: str
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        here = "" if self.host == platform.node() else f" on {self.host}"
        today = self.since[:10] == datetime.now().date().isoformat()
        since = self.since[11:16] if today else self.since[:16].replace("T", " ")
        return f"{self.program} of {self.user}{here} (process {self.pid}, since {since})"


def _me(program: str) -> dict[str, object]:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return {
        "program": program,
        "user": user,
        "host": platform.node(),
        "pid": os.getpid(),
        "since": datetime.now().isoformat(timespec="seconds"),
    }


class PortfolioLock:
    """``acquire()`` is True once this process holds the portfolio exclusively."""

    def __init__(self, portfolio: Path, program: str = "BenefitDesk"):
        self.portfolio = portfolio
        self.path = lock_path(portfolio)
        self.program = program
        self._file: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self, wait: float = 0.0) -> bool:
        """Take the lock, waiting up to ``wait`` seconds for another holder to let go.
        False when another process holds it; OSError when the lock file cannot be made."""
        if self._file is not None:
            return True
        handle = self.path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + wait
        while True:
            try:
                portalocker.lock(handle, portalocker.LOCK_EX | portalocker.LOCK_NB)
                break
            except portalocker.exceptions.LockException:
                if time.monotonic() >= deadline:
                    handle.close()
                    return False
                time.sleep(0.1)
        self._file = handle
        # Released with this object should its owner forget to (a test, a crash path).
        self._finalizer = weakref.finalize(self, _close, handle)
        self._write(_me(self.program))
        return True

    def _write(self, who: dict[str, object]) -> None:
        assert self._file is not None
        try:
            self._file.seek(0)
            self._file.truncate()
            self._file.write(json.dumps(who))
            self._file.flush()
        except OSError:
            pass  # who holds it is a courtesy for the message; the lock is what counts

    def holder(self) -> Holder | None:
        """Who holds the lock, when someone does and said so."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8") or "null")
            return Holder(**data) if isinstance(data, dict) else None
        except (OSError, ValueError, TypeError):
            return None

    def refusal(self, advice: str = "close it there or try again when it is done") -> PortfolioBusy:
        """The error for a write refused because someone else holds the portfolio."""
        holder = self.holder()
        who = holder.describe() if holder else "another BenefitDesk"
        return PortfolioBusy(
            f"{self.portfolio.name} is in use by {who}; {advice}. {NOTHING_CHANGED}"
        )

    def release(self) -> None:
        if self._file is not None:
            self._file = None
            self._finalizer()


def _close(handle: IO[str]) -> None:
    try:
        handle.seek(0)
        handle.truncate()
        portalocker.unlock(handle)
    except OSError:
        pass
    finally:
        handle.close()
