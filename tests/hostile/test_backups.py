"""Backups of awkwardly named portfolios, half-made copies, and refused restores."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hostile_tools import fingerprint, run_cli

from benefitdesk.demo import create_demo
from benefitdesk.store.backup import backup_folder, list_backups, make_backup, prune_backups


@pytest.fixture
def budget(tmp_path: Path) -> Path:
    path = tmp_path / "Budget [2025] *?.sqlite"
    create_demo(path).close()
    return path


def test_rotation_keeps_ten_of_a_name_with_glob_characters(budget: Path) -> None:
    for _ in range(12):
        make_backup(budget)
    assert len(list_backups(budget)) == 10
    assert len(list(backup_folder(budget).iterdir())) == 10


def test_same_stem_different_extension_have_their_own_backups(tmp_path: Path) -> None:
    first, second = tmp_path / "Same.sqlite", tmp_path / "Same.benefitdesk"
    create_demo(first).close()
    create_demo(second).close()
    one, two = make_backup(first), make_backup(second)
    assert backup_folder(first) != backup_folder(second)
    assert list_backups(first) == [one] and list_backups(second) == [two]


def test_a_half_made_copy_is_neither_listed_nor_kept(budget: Path) -> None:
    whole = make_backup(budget)
    half = whole.with_name("20991231-235959-000000-auto.sqlite.partial")
    half.write_bytes(whole.read_bytes()[:4096])
    assert list_backups(budget) == [whole]
    prune_backups(budget)
    assert not half.exists() and whole.exists()


@pytest.mark.slow
def test_restores_that_cannot_be_done_change_nothing(budget: Path, tmp_path: Path) -> None:
    make_backup(budget)
    before = fingerprint(budget)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + bytes(5000))
    for backup, words in ((junk, "damaged"), ("7", "no backup number 7")):
        refused = run_cli("backups", "restore", budget, backup)
        refused.assert_clean_failure()
        assert words in refused.err, refused
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from benefitdesk.store import Store; "
            "s = Store(sys.argv[1], hold_lock=True, program='the BenefitDesk window'); "
            "print('held', flush=True); sys.stdin.read()",
            str(budget),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = fingerprint(budget)
        refused = run_cli("backups", "restore", budget, "1")
        refused.assert_clean_failure()
        assert "is in use by the BenefitDesk window of" in refused.err, refused
        assert fingerprint(budget) == before
    finally:
        holder.communicate("")
    restored = run_cli("backups", "restore", budget, "1")
    assert restored.code == 0 and "Restored" in restored.out, restored
