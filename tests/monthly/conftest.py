"""Fixtures of the monthly-cycle tests: one demo portfolio per module, a copy per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benefitdesk.store import Store
from monthly_helpers import build_demo, copy_of


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory)


@pytest.fixture
def store(demo: Path, tmp_path: Path) -> Iterator[Store]:
    with Store(copy_of(demo, tmp_path)) as opened:
        yield opened
