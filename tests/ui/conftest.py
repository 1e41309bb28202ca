"""GUI fixtures: isolated QSettings, no leaked background jobs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from benefitdesk.ui.jobs import wait_for_workers
from benefitdesk.ui.settings import AppSettings


@pytest.fixture
def app_settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def no_leaked_jobs(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    assert wait_for_workers(10_000), "a background job is still running"
    qapp.processEvents()
