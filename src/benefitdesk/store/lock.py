"""Detect a portfolio already open in another BenefitDesk (the second opens read-only).

A small lock file beside the portfolio names the holder (host and process id); a lock
left by a crashed process on this host is taken over.
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path


def lock_path(portfolio: Path) -> Path:
    return portfolio.with_name(portfolio.name + ".lock")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class PortfolioLock:
    """``acquire()`` returns False when another live instance holds the portfolio."""

    def __init__(self, portfolio: Path):
        self.path = lock_path(portfolio)
        self.held = False

    def holder(self) -> dict[str, object] | None:
        try:
            data = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def acquire(self) -> bool:
        me = {"host": platform.node(), "pid": os.getpid(), "user": os.environ.get("USER")}
        holder = self.holder()
        if holder and holder.get("pid") != me["pid"]:
            same_host = holder.get("host") == me["host"]
            pid = holder.get("pid")
            if not same_host or (isinstance(pid, int) and _alive(pid)):
                return False
        try:
            self.path.write_text(json.dumps(me))
        except OSError:
            return False
        self.held = True
        return True

    def release(self) -> None:
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False
