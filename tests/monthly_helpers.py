"""Helpers for the monthly-cycle tests (no tests here): a demo portfolio a few weeks
after its figures stopped, so every kind of debt is owed, and the CLI in-process."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

#: The demo's "today": figures run to the end of October 2026.
DEMO_DAY = date(2026, 11, 25)
#: Six weeks later: monthly figures overdue, quarterly and yearly ones due.
AS_OF = date(2027, 1, 12)


def build_demo(factory: pytest.TempPathFactory) -> Path:
    from benefitdesk.demo import create_demo

    path = factory.mktemp("monthly") / "demo.sqlite"
    create_demo(path, today=DEMO_DAY).close()
    return path


def copy_of(demo: Path, folder: Path) -> Path:
    target = folder / "portfolio.sqlite"
    shutil.copy(demo, target)
    return target


def run_cli(argv: Iterable[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``benefitdesk ARGV`` in this process: (exit code, stdout, stderr)."""
    from benefitdesk.cli.main import run

    code = run([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err
