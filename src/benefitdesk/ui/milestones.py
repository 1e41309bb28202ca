"""Start-up milestones, told to whoever measures the app from outside.

``benchmarks/bench_startup.py`` starts the real app as a process and must know when the
register was painted with every benefit and when the window became fully interactive.
With ``BENEFITDESK_MILESTONES`` set in the environment, each milestone is written once
to stderr as ``milestone NAME SECONDS DETAIL``, where SECONDS is ``time.monotonic()``:
one clock for every process on the machine, so the benchmark can subtract the moment
it started the process. Without the variable nothing is written.
"""

from __future__ import annotations

import os
import sys
import time

ENVIRONMENT = "BENEFITDESK_MILESTONES"
_seen: set[str] = set()


def mark(name: str, detail: object = "") -> None:
    """Record milestone ``name`` the first time it is reached in this process."""
    if name in _seen:
        return
    _seen.add(name)
    if os.environ.get(ENVIRONMENT):
        print(f"milestone {name} {time.monotonic():.6f} {detail}".rstrip(), file=sys.stderr)
        sys.stderr.flush()


def reached(name: str) -> bool:
    return name in _seen
