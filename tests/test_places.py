"""The data and settings folders: each system's usual place, by platformdirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from benefitdesk.places import config_folder, data_folder
from benefitdesk.store.connections import remember, saved_connections


def test_the_xdg_variables_choose_the_folders_on_linux(isolated_settings: Path) -> None:
    assert data_folder() == isolated_settings / "data" / "BenefitDesk"
    assert config_folder() == isolated_settings / "config" / "BenefitDesk"


def test_without_them_the_folders_are_in_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_folder() == tmp_path / ".local" / "share" / "BenefitDesk"
    assert config_folder() == tmp_path / ".config" / "BenefitDesk"


def test_saved_connections_live_in_the_settings_folder(isolated_settings: Path) -> None:
    remember("postgresql://alice@db.example/benefits", "PMO")
    assert (isolated_settings / "config" / "BenefitDesk" / "connections.json").is_file()
    assert [c.name for c in saved_connections()] == ["PMO"]


def test_the_app_keeps_its_demo_in_the_data_folder(isolated_settings: Path) -> None:
    from benefitdesk.ui.app import demo_path

    assert demo_path() == isolated_settings / "data" / "BenefitDesk" / "Demo portfolio.sqlite"
