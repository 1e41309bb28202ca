"""A portfolio file that is newer, damaged, read-only or on a full disk: refused or read
read-only, in words that name the cause, and never changed by a refused command."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hostile_tools import (
    fill,
    fingerprint,
    integrity,
    make_read_only,
    run_cli,
    run_cli_as_nobody,
    shared_folder,
    small_disk,
    table_counts,
)
from workbooks import measurement_log

from benefitdesk.demo import create_demo

AS_OF = "2026-06-30"


def demo_at(path: Path) -> Path:
    create_demo(path).close()
    return path


def codes(portfolio: Path) -> list[str]:
    con = sqlite3.connect(f"file:{portfolio}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT code FROM benefit ORDER BY code")]
    finally:
        con.close()


@pytest.mark.slow
def test_a_newer_portfolio_is_refused_without_a_byte_written(tmp_path: Path) -> None:
    path = demo_at(tmp_path / "future.sqlite")
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")  # as a newer version might leave it
    con.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    con.commit()
    con.close()
    before = fingerprint(path)
    assert path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL
    for args in (["report"], ["report", "--json"], ["import", tmp_path / "x.xlsx"], ["check"]):
        outcome = run_cli(args[0], path, *args[1:])
        outcome.assert_clean_failure()
        assert "was written by a newer BenefitDesk" in outcome.err, outcome
        assert "Nothing was changed" in outcome.err
        assert fingerprint(path) == before
    assert not path.with_name("future.sqlite-wal").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:100] + bytes(len(b) - 100),  # the pages zeroed
        lambda b: b[: len(b) // 3],  # cut short
        lambda b: b[:16] + b"\xff" * 84 + b[100:],  # a header of nonsense
    ],
)
def test_a_damaged_portfolio_is_named_damaged(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    path = demo_at(tmp_path / "broken.sqlite")
    path.write_bytes(damage(path.read_bytes()))
    before = fingerprint(path)
    for command in ("report", "check", "export"):
        extra = [tmp_path / "out.xlsx"] if command == "export" else []
        outcome = run_cli(command, path, *extra)
        outcome.assert_no_traceback()
        assert outcome.code == 1, outcome
        assert "damaged" in outcome.err, outcome
        assert fingerprint(path) == before
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.slow
def test_a_read_only_file_system_is_read_and_refuses_writes(tmp_path: Path) -> None:
    with small_disk("16m") as disk:
        path = demo_at(disk / "Programme.sqlite")
        log = measurement_log(tmp_path / "log.xlsx", codes(path), 50)
        make_read_only(disk)
        before = fingerprint(path)

        report = run_cli("report", path, "--as-of", AS_OF, "--json")
        assert report.code == 0, report
        exported = run_cli("export", path, tmp_path / "copy.xlsx")
        assert exported.code == 0 and (tmp_path / "copy.xlsx").stat().st_size > 0, exported
        assert run_cli("check", path).code == 0

        for outcome in (run_cli("import", path, log), run_cli("demo", disk / "new.sqlite")):
            outcome.assert_clean_failure()
            assert "read-only file system" in outcome.err, outcome
            assert "Nothing was changed" in outcome.err
        assert fingerprint(path) == before
        assert sorted(p.name for p in disk.iterdir()) == [
            "Programme.sqlite",
            "Programme.sqlite.lock",
        ]


@pytest.mark.slow
def test_a_read_only_folder_is_read_and_names_the_permission(tmp_path: Path) -> None:
    folder = shared_folder()
    try:
        path = demo_at(folder / "Programme.sqlite")
        log = measurement_log(folder / "log.xlsx", codes(path), 50)
        path.chmod(0o444)
        folder.chmod(0o555)
        before = fingerprint(path)
        assert run_cli_as_nobody("report", path, "--as-of", AS_OF).code == 0
        refused = run_cli_as_nobody("import", path, log)
        refused.assert_clean_failure()
        assert "no permission to write" in refused.err.lower(), refused
        assert "Nothing was changed" in refused.err
        refused = run_cli_as_nobody("demo", folder / "new.sqlite")
        refused.assert_clean_failure()
        assert "No permission to write" in refused.err, refused
        assert fingerprint(path) == before
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.slow
def test_a_full_disk_stops_import_export_and_demo_cleanly(tmp_path: Path) -> None:
    with small_disk("4m") as disk:
        path = demo_at(disk / "Programme.sqlite")
        log = measurement_log(tmp_path / "log.xlsx", codes(path), 20_000)
        fill(disk)
        before = table_counts(path)
        assert run_cli("report", path, "--as-of", AS_OF).code == 0  # reading needs no room

        for outcome, made in (
            (run_cli("import", path, log), None),
            (run_cli("export", path, disk / "out.xlsx"), disk / "out.xlsx"),
            (run_cli("demo", disk / "new.sqlite"), disk / "new.sqlite"),
        ):
            outcome.assert_clean_failure()
            assert "disk is full" in outcome.err, outcome
            assert "Nothing was changed" in outcome.err
            assert made is None or not made.exists()
        assert integrity(path) == "ok"
        assert table_counts(path) == before
        names = {p.name for p in disk.iterdir()} - {"filler", "filler-small"}
        assert names <= {"Programme.sqlite", "Programme.sqlite.lock"}, names


def test_the_window_and_the_command_line_use_the_same_words() -> None:
    import errno
    import sqlite3 as sqlite

    from benefitdesk.store import explain
    from benefitdesk.ui.errors import is_user_error

    full = OSError(errno.ENOSPC, "No space left on device", "/data/.out.xlsx.0badf00d.partial")
    assert (
        explain(full)
        == "The disk is full: /data/out.xlsx could not be written. Nothing was changed."
    )
    locked = sqlite.OperationalError("attempt to write a readonly database")
    assert explain(locked, "/data/P.sqlite", None) is not None and is_user_error(locked)
    assert explain(ValueError("a bug")) is None and not is_user_error(ValueError("a bug"))
