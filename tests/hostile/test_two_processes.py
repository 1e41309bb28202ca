"""Two BenefitDesk processes on one portfolio: one writer, and the other told who."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_tools import run_cli, table_counts
from workbooks import measurement_log

from benefitdesk.demo import create_demo
from benefitdesk.store import Store
from benefitdesk.store.lock import lock_path

HOLD = """
import sys
from benefitdesk.store import Store
store = Store(sys.argv[1], hold_lock=True, program="the BenefitDesk window")
print("read-only" if store.read_only else "writer", flush=True)
sys.stdin.read()
"""

RACE = """
import sys, time
from pathlib import Path
from benefitdesk.store import Store
start = Path(sys.argv[2])
while not start.exists():
    time.sleep(0.001)
store = Store(sys.argv[1], hold_lock=True)
print("read-only" if store.read_only else "writer", flush=True)
sys.stdin.read()  # hold on until every racer has said what it got
"""


def hold(path: Path) -> subprocess.Popen[str]:
    """A process holding ``path`` as a window does; it lets go when its stdin closes."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "writer"
    return process


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "Shared.sqlite"
    create_demo(path).close()
    return path


@pytest.mark.slow
def test_a_write_waits_then_names_the_window_holding_the_portfolio(
    demo: Path, tmp_path: Path
) -> None:
    log = measurement_log(tmp_path / "log.xlsx", ["B-001", "B-002"], 10)
    before = table_counts(demo)
    window = hold(demo)
    try:
        started = time.monotonic()
        refused = run_cli("import", demo, log)
        waited = time.monotonic() - started
        refused.assert_clean_failure()
        assert "Shared.sqlite is in use by the BenefitDesk window of" in refused.err, refused
        assert f"(process {window.pid}, since " in refused.err
        assert "Nothing was changed" in refused.err
        assert waited >= 4.5  # it waited for the window to let go first
        assert table_counts(demo) == before
        assert run_cli("report", demo).code == 0  # reading needs no lock
        second = Store(demo, hold_lock=True)  # a second window: read-only, and says why
        assert second.read_only_reason is not None
        assert second.read_only_reason.startswith("it is open in the BenefitDesk window of")
        second.close()
    finally:
        window.communicate("")
    assert run_cli("import", demo, log).code == 0  # the window closed: the write goes in
    assert table_counts(demo)["measurement"] > before["measurement"]


@pytest.mark.slow
def test_two_starts_at_the_same_instant_make_one_writer(demo: Path, tmp_path: Path) -> None:
    for round_ in range(5):
        start = tmp_path / f"go-{round_}"
        racers = [
            subprocess.Popen(
                [sys.executable, "-c", RACE, str(demo), str(start)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        time.sleep(1.5)  # all of them imported and waiting
        start.touch()
        said = sorted(p.stdout.readline().strip() for p in racers)  # type: ignore[union-attr]
        for racer in racers:
            racer.communicate("", timeout=60)
        assert said == ["read-only", "read-only", "read-only", "writer"], (round_, said)


def test_a_lock_file_naming_a_live_process_does_not_block(demo: Path) -> None:
    """What counts is the OS lock, never the process id written in the file: a crash
    leaves a file naming a process id the OS may give to someone else."""
    lock_path(demo).write_text(
        json.dumps({"program": "x", "user": "y", "host": "z", "pid": os.getppid(), "since": ""})
    )
    store = Store(demo, hold_lock=True)
    try:
        assert not store.read_only
    finally:
        store.close()


@pytest.mark.slow
def test_two_imports_at_once_both_land_one_after_the_other(demo: Path, tmp_path: Path) -> None:
    logs = [measurement_log(tmp_path / f"log{i}.xlsx", [f"B-00{i + 1}"], 100) for i in range(2)]
    before = table_counts(demo)["measurement"]
    command = [sys.executable, "-m", "benefitdesk", "import", str(demo)]
    runs = [
        subprocess.Popen([*command, str(log)], stderr=subprocess.PIPE, text=True) for log in logs
    ]
    errors = [p.communicate(timeout=120)[1] for p in runs]
    assert [p.returncode for p in runs] == [0, 0], errors
    assert table_counts(demo)["measurement"] == before + 2 * 100
