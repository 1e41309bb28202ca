"""Shared benchmark helpers: a cached large portfolio and a best-of timer.

Machines here are shared and noisy, so every benchmark reports the ratio to a
baseline measured in the same run, and takes the best of a few repetitions.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE = Path(__file__).resolve().parent / ".cache"
SOURCE = Path(__file__).resolve().parents[1] / "src"


def compiled() -> None:
    """Byte-compile BenefitDesk's modules, as installing it does: where
    PYTHONDONTWRITEBYTECODE is set (this shared machine), a module changed since its
    last compilation was compiled again at every start, a cost no user's start pays."""
    import compileall

    compileall.compile_dir(SOURCE, quiet=1)


def large_portfolio(benefits: int = 10_000, measurements: int = 1_000_000) -> Path:
    """The large demo portfolio, built once and kept in benchmarks/.cache.

    Its name carries the schema revision: a file of an older schema (which the app
    would migrate but a raw read would fail on) is never measured.
    """
    from benefitdesk.demo import create_large_demo
    from benefitdesk.store.revisions import head_revision

    path = CACHE / f"large-{benefits}-{measurements}-{head_revision()}.sqlite"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        print(f"building {path.name} (once)…", flush=True)
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        create_large_demo(partial, benefits=benefits, measurements=measurements).close()
        partial.rename(path)
        print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs (noise only ever adds time)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def report_line(name: str, seconds: float, baseline: float, target: str) -> str:
    ratio = seconds / baseline
    return f"{name}: {seconds:.2f} s, baseline {baseline:.2f} s, ratio {ratio:.2f}× ({target})"
