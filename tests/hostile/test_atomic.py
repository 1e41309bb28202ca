"""The one way files are replaced (benefitdesk/atomic.py): whole or not at all, the old
file kept on any failure, no temporary twin left behind, and the machine's refusals
named after the file the person asked for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_tools import fill, make_read_only, python_as_nobody, shared_folder, small_disk

from benefitdesk.atomic import atomic_path, write_bytes_atomically, write_text_atomically
from benefitdesk.progress import Cancelled
from benefitdesk.store import explain


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder of the test's own (tmp_path also holds the test's home)."""
    made = tmp_path / "files"
    made.mkdir()
    return made


def test_the_new_content_replaces_the_old_and_nothing_else_is_left(folder: Path) -> None:
    target = folder / "profiles.toml"
    target.write_text("old\n")
    write_text_atomically(target, "zeile 1\r\nzweite: é\n")
    assert target.read_bytes() == "zeile 1\r\nzweite: é\n".encode()
    write_bytes_atomically(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert names(folder) == ["profiles.toml"]


def test_text_has_unix_line_ends_on_every_system(folder: Path) -> None:
    write_text_atomically(folder / "a.toml", "one\ntwo\n")
    assert (folder / "a.toml").read_bytes() == b"one\ntwo\n"


@pytest.mark.parametrize("stop", [ValueError("a bug"), Cancelled("export"), KeyboardInterrupt()])
def test_a_failure_halfway_keeps_the_old_file_and_leaves_no_twin(
    folder: Path, stop: BaseException
) -> None:
    target = folder / "out.xlsx"
    target.write_bytes(b"the old workbook")
    with pytest.raises(type(stop)), atomic_path(target) as partial:
        partial.write_bytes(b"half of the new")
        assert partial.parent == folder and partial.name.startswith(".out.xlsx.")
        raise stop
    assert target.read_bytes() == b"the old workbook"
    assert names(folder) == ["out.xlsx"]


def test_a_block_that_wrote_nothing_changes_nothing(folder: Path) -> None:
    target = folder / "out.ics"
    with pytest.raises(FileNotFoundError) as raised, atomic_path(target):
        pass
    assert not target.exists() and names(folder) == []
    assert explain(raised.value) == f"{target} does not exist. Nothing was changed."


def test_a_missing_folder_is_named_not_the_temporary_file(folder: Path) -> None:
    target = folder / "gone" / "reminders.ics"
    with pytest.raises(FileNotFoundError) as raised:
        write_bytes_atomically(target, b"BEGIN:VCALENDAR")
    assert explain(raised.value) == f"{target} does not exist. Nothing was changed."


@pytest.mark.slow
def test_a_full_disk_keeps_the_old_file_and_says_so() -> None:
    with small_disk("1m") as disk:
        target = disk / "export.xlsx"
        target.write_bytes(b"old")
        fill(disk)
        with pytest.raises(OSError) as raised:
            write_bytes_atomically(target, os.urandom(200_000))
        assert target.read_bytes() == b"old"
        assert names(disk) == ["export.xlsx", "filler", "filler-small"]
        assert explain(raised.value) == (
            f"The disk is full: {target} could not be written. Nothing was changed."
        )


@pytest.mark.slow
def test_a_read_only_file_system_keeps_the_old_file_and_says_so() -> None:
    with small_disk("1m") as disk:
        target = disk / "connections.json"
        target.write_text("{}")
        make_read_only(disk)
        with pytest.raises(OSError) as raised:
            write_text_atomically(target, '{"connections": []}')
        assert target.read_text() == "{}" and names(disk) == ["connections.json"]
        assert explain(raised.value) == (
            f"{target} is on a read-only file system. Nothing was changed."
        )


WRITE_AS_NOBODY = """
import sys
from benefitdesk.atomic import write_text_atomically
from benefitdesk.store import explain
try:
    write_text_atomically(sys.argv[1], "new")
except OSError as exc:
    print(explain(exc))
"""


@pytest.mark.slow
def test_no_permission_keeps_the_old_file_and_names_it() -> None:
    folder = shared_folder()
    try:
        target = folder / "mapping.toml"
        target.write_text("old")
        target.chmod(0o666)  # the file is writable, its folder is not: no rename
        folder.chmod(0o755)
        said = python_as_nobody(WRITE_AS_NOBODY, str(target)).strip()
        assert said == f"No permission to write {target}. Nothing was changed."
        assert target.read_text() == "old" and names(folder) == ["mapping.toml"]
    finally:
        folder.chmod(0o755)
        for leftover in folder.iterdir():
            leftover.unlink()
        folder.rmdir()
