"""Shared benchmark helpers: a cached large portfolio and a best-of timer.

Machines here are shared and noisy, so every benchmark reports the ratio to a
baseline measured in the same run, and takes the best of a few repetitions.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

CACHE = Path(__file__).resolve().parent / ".cache"
ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src"
#: What a build is made from: a change to any of these makes new builds.
BUILD_INPUTS = ("setup.py", "pyproject.toml", "MANIFEST.in", "build_support", "src", "resources")


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


class Builds(NamedTuple):
    """BenefitDesk as users run it: wheels installed in a virtual environment of its own
    (no editable finder, no source tree), the compiled build in its site-packages and
    the pure one in a folder that ``PYTHONPATH`` puts before it."""

    python: Path  # the environment's interpreter; its benefitdesk is the compiled build
    pure: Path  # the pure build, for PYTHONPATH
    label: str  # which source they were built from

    def env(self, build: str) -> dict[str, str]:
        """The environment of a process running ``build`` ("compiled" or "pure")."""
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        if build == "pure":
            env["PYTHONPATH"] = str(self.pure)
        return env


def source_hash() -> str:
    """A digest of everything a build is made from (BUILD_INPUTS), caches excluded."""
    digest = hashlib.sha256()
    for name in BUILD_INPUTS:
        top = ROOT / name
        files = sorted(top.rglob("*")) if top.is_dir() else [top]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".so":
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def shipped_builds() -> Builds:
    """The compiled and the pure wheel of this checkout installed in
    ``benchmarks/.cache/shipped``, built once per source hash (the dependencies come
    from pip's cache; they are installed again only when pyproject.toml changes)."""
    label = source_hash()
    home = CACHE / "shipped"
    python = home / "venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    builds = Builds(python, home / f"pure-{label}", label)
    if (home / f"ready-{label}").exists():
        return builds
    print(f"building the compiled and the pure wheel of {label} (once)…", flush=True)
    for old in [*home.glob("ready-*"), *home.glob("pure-*"), home / "wheels"]:
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink(missing_ok=True)
    wheels = home / "wheels"
    for build in ("1", "0"):
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
              "-w", str(wheels / build), str(ROOT)], BENEFITDESK_COMPILE=build)  # fmt: skip
    if not python.exists():
        _run([sys.executable, "-m", "venv", str(home / "venv")])
    (compiled,) = (wheels / "1").glob("*.whl")
    (pure,) = (wheels / "0").glob("*.whl")
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    _run([*pip, "--force-reinstall", "--no-deps", str(compiled)])  # same version, new build
    _run([*pip, str(compiled)])  # its dependencies, once
    _run([*pip, "--no-deps", "--target", str(builds.pure), str(pure)])
    (home / f"ready-{label}").touch()
    return builds


def _run(command: list[str], **env: str) -> None:
    done = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
