"""scripts/run-demo.sh on a machine without a screen: it says what to do instead of
opening a window nobody can see (and never blocks)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash")
def test_without_a_screen_it_explains_and_exits(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "run-demo.sh")],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr[-2000:]
    demo = tmp_path / "data" / "BenefitDesk" / "Demo portfolio.sqlite"
    assert demo.is_file()  # ready for the command line it suggests
    assert "No screen here" in result.stderr
    assert f'report "{demo}"' in result.stderr and "--vnc" in result.stderr
    assert "--screenshot" in result.stderr
