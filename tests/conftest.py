"""Shared fixtures: a fresh portfolio file and settings folder per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benefitdesk.store import Store


@pytest.fixture
def portfolio_path(tmp_path: Path) -> Path:
    return tmp_path / "portfolio.sqlite"


@pytest.fixture
def store(portfolio_path: Path) -> Iterator[Store]:
    with Store(portfolio_path, create=True) as opened:
        yield opened


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep QSettings and data folders of tests away from the real user's."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    return home
