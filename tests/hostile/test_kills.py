"""SIGKILL in the middle of an import, a sync, a demo, a backup and an upgrade: the
portfolio is afterwards exactly as before or exactly as after, and no half-made file
is left where a whole one is expected."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_tools import integrity, table_counts
from workbooks import measurement_log

from benefitdesk.demo import create_demo
from benefitdesk.store.backup import list_backups, prune_backups
from benefitdesk.store.engine import make_engine
from benefitdesk.store.migrate import head_revision, upgrade

DELAYS = (0.4, 0.8, 1.2, 1.6, 2.0, 2.6, 3.4)


def timed(command: list[str]) -> float:
    """Seconds a whole run of ``command`` takes (it must succeed)."""
    started = time.perf_counter()
    assert subprocess.run(command, check=False).returncode == 0
    return time.perf_counter() - started


def spread(seconds: float) -> list[float]:
    """Kill times across a run that takes ``seconds``: start-up, reading, writing,
    committing. Fixed delays missed the work on a fast machine and all hit start-up
    on a loaded one."""
    return [seconds * share for share in (0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9)]


def killed(command: list[str], delay: float) -> bool:
    """Run ``command`` and SIGKILL it after ``delay`` seconds; False if it ended first."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def benefitdesk(*args: object) -> list[str]:
    return [sys.executable, "-m", "benefitdesk", *map(str, args)]


def revision(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "Programme.sqlite"
    create_demo(path).close()
    return path


@pytest.mark.slow
def test_a_killed_import_leaves_before_or_after(demo: Path, tmp_path: Path) -> None:
    log = measurement_log(tmp_path / "log.xlsx", [f"B-{i:03d}" for i in range(1, 21)], 20_000)
    before = table_counts(demo)
    finished = tmp_path / "finished.sqlite"
    shutil.copy(demo, finished)
    took = timed(benefitdesk("import", finished, log))
    after = table_counts(finished)
    kills = 0
    for delay in spread(took):
        victim = tmp_path / f"victim-{delay}.sqlite"
        shutil.copy(demo, victim)
        kills += killed(benefitdesk("import", victim, log), delay)
        assert integrity(victim) == "ok"
        assert table_counts(victim) in (before, after), delay
    assert kills >= 3


def _sync_profile(folder: Path, rows: int) -> Path:
    lines = ["KPI,Day,Value"]
    for i in range(rows):
        lines.append(f"kpi{i % 20},{2030 + i // 3000}-{i % 12 + 1:02d}-{i % 28 + 1:02d},{i}")
    (folder / "feed.csv").write_text("\n".join(lines), encoding="utf-8")
    keys = "\n".join(f'kpi{i} = "B-{i + 1:03d}"' for i in range(20))
    toml = folder / "profiles.toml"
    toml.write_text(
        '[[profile]]\nname = "Feed"\nsource = "file"\npath = "feed.csv"\n'
        'key_column = "KPI"\ndate_column = "Day"\nvalue_column = "Value"\n'
        f'aggregate = "sum"\nperiod = "monthly"\n[profile.keys]\n{keys}\n',
        encoding="utf-8",
    )
    return toml


def _last_run(path: Path) -> tuple[object, ...]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return tuple(con.execute("SELECT last_run_at, last_status FROM import_profile").fetchone())
    finally:
        con.close()


@pytest.mark.slow
def test_a_killed_sync_keeps_figures_and_its_status_together(demo: Path, tmp_path: Path) -> None:
    toml = _sync_profile(tmp_path, 200_000)
    assert (
        subprocess.run(benefitdesk("profiles", "import", demo, toml), check=False).returncode == 0
    )
    before = table_counts(demo)
    whole = tmp_path / "whole.sqlite"
    shutil.copy(demo, whole)
    took = timed(benefitdesk("sync", whole))
    kills = 0
    for delay in spread(took):
        victim = tmp_path / f"victim-{delay}.sqlite"
        shutil.copy(demo, victim)
        kills += killed(benefitdesk("sync", victim), delay)
        assert integrity(victim) == "ok"
        counts, (ran_at, status) = table_counts(victim), _last_run(victim)
        written = counts["measurement"] != before["measurement"]
        assert written == (ran_at is not None), (delay, counts, status)
    assert kills >= 3


@pytest.mark.slow
def test_a_killed_large_demo_leaves_no_portfolio(tmp_path: Path) -> None:
    path = tmp_path / "Large.sqlite"
    for delay in (2.0, 6.0):
        assert killed(benefitdesk("demo", path, "--size", "large"), delay)
        assert not path.exists()
    assert subprocess.run(benefitdesk("demo", path), check=False).returncode == 0
    assert integrity(path) == "ok"
    assert not [p.name for p in tmp_path.iterdir() if "building" in p.name]


BACKUP_LOOP = """
import sys
from pathlib import Path
from benefitdesk.store.backup import make_backup
while True:
    make_backup(Path(sys.argv[1]), keep=1000)
"""


@pytest.mark.slow
def test_a_killed_backup_leaves_only_whole_backups(tmp_path: Path) -> None:
    path = tmp_path / "Budget [2025].sqlite"
    create_demo(path).close()
    for delay in DELAYS[:4]:
        assert killed([sys.executable, "-c", BACKUP_LOOP, str(path)], delay)
    copies = list_backups(path)
    assert copies
    for copy in copies:
        assert integrity(copy) == "ok" and table_counts(copy) == table_counts(path), copy
    prune_backups(path, keep=3)
    left = sorted(p.name for p in path.with_name(path.name + ".backups").iterdir())
    assert left == sorted(p.name for p in list_backups(path)) and len(left) == 3


@pytest.mark.slow
def test_a_killed_upgrade_leaves_the_old_or_the_new_schema(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    engine = make_engine(old, foreign_keys=False)
    upgrade(engine, "0001")
    engine.dispose()
    seen = set()
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5):
        victim = tmp_path / f"victim-{delay}.sqlite"
        shutil.copy(old, victim)
        killed(benefitdesk("report", victim), delay)
        assert integrity(victim) == "ok"
        seen.add(revision(victim))
        assert revision(victim) in ("0001", head_revision())
        done = subprocess.run(benefitdesk("report", victim), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert revision(victim) == head_revision()
    assert seen  # both outcomes are allowed; neither a third
