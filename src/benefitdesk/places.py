"""Where BenefitDesk keeps what is not a portfolio, in each system's usual place.

The data folder holds the demo portfolio and the register cache; the settings folder
the saved server connections (the Qt settings of the window live beside them, placed by
Qt). platformdirs knows the rules, the XDG variables on Linux included:

- Linux: ``$XDG_DATA_HOME/BenefitDesk`` (``~/.local/share/BenefitDesk``) and
  ``$XDG_CONFIG_HOME/BenefitDesk`` (``~/.config/BenefitDesk``);
- Windows: ``%APPDATA%\\BenefitDesk`` for both;
- macOS: ``~/Library/Application Support/BenefitDesk`` for both.

Each call reads the environment afresh, so a test or a launcher may set it first.
platformdirs is imported on the first call (5 ms, mostly ``tempfile``), not by the
commands that never need a folder of BenefitDesk's own.
"""

from __future__ import annotations

from pathlib import Path

APP_NAME = "BenefitDesk"


def data_folder() -> Path:
    """The demo portfolio and the register cache (roaming on Windows, as settings)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, roaming=True)


def config_folder() -> Path:
    """The saved server connections."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False, roaming=True)
