"""The exchange commands: exit 0 done, 1 bad input with every problem listed, 2 usage."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from benefitdesk.model import Measurement
from benefitdesk.store import Store
from test_import_helpers import add_benefit, cli, workbook

pytestmark = pytest.mark.both_engines  # a file and a server database each


def count(store: Store) -> int:
    with store.reading() as session:
        return int(session.execute(select(func.count()).select_from(Measurement)).scalar())


def test_export_import_undo(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    log = workbook(
        tmp_path / "log.xlsx",
        {"Measurements": [["Benefit", "Date", "Value"], ["B-001", "2025-03-31", 21.0]]},
    )
    code, out, err = cli(["import", str(store.target), str(log), "--dry-run"])
    assert (code, err) == (0, "")
    assert out.startswith("Dry run of log.xlsx: nothing was written.")
    assert "measurements: 1 added, 0 changed, 0 unchanged" in out
    assert count(store) == 0

    code, out, _ = cli(["import", str(store.target), str(log)])
    assert code == 0 and out.startswith("Imported log.xlsx as batch ")
    batch = out.split("batch ")[1].split()[0]
    code, out, _ = cli(["import", str(store.target), str(log)])
    assert code == 0 and out.startswith("Nothing to import")

    code, out, _ = cli(["export", str(store.target), str(tmp_path / "all.xlsx")])
    assert code == 0 and "12 sheets" in out and (tmp_path / "all.xlsx").exists()

    code, out, _ = cli(["undo-import", str(store.target), batch])
    assert code == 0 and f"Undid import #{batch} (log.xlsx)" in out
    assert count(store) == 0
    code, _, err = cli(["undo-import", str(store.target), batch])
    assert code == 1 and "already undone" in err


def test_every_problem_is_listed_and_the_valid_rows_imported(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    log = workbook(
        tmp_path / "bad.xlsx",
        {
            "Measurements": [
                ["Benefit", "Date", "Value", "Colour"],
                ["B-001", "2025-03-31", "abc", "red"],
                ["B-404", "2025-03-31", 2, "red"],
                ["B-001", "2025-04-30", 3, "red"],
            ]
        },
    )
    code, out, err = cli(["import", "--all-or-nothing", str(store.target), str(log)])
    assert code == 1
    assert 'Measurements!C2: "abc" is not a number' in err
    assert 'Measurements!A3: unknown benefit or indicator "B-404"' in err
    assert "nothing was written" in err
    assert 'Measurements!D1: column "Colour" is not recognised and will be ignored' in out
    assert count(store) == 0
    code, out, err = cli(["import", str(store.target), str(log)])  # rows, not files, fail
    assert code == 1 and "2 rows rejected" in err and "the valid rows were imported" in err
    assert "measurements: 1 added, 0 changed, 0 unchanged, 2 rejected" in out
    assert count(store) == 1


def test_user_mistakes_are_one_line_not_tracebacks(store: Store, tmp_path: Path) -> None:
    code, _, err = cli(["import", str(store.target), str(tmp_path / "missing.xlsx")])
    assert code == 1 and "missing.xlsx: file not found" in err
    code, _, err = cli(["import", str(tmp_path / "nope.sqlite"), str(tmp_path / "x.xlsx")])
    assert code == 1 and "Traceback" not in err
    code, _, err = cli(["export", str(store.target), str(tmp_path / "out.csv")])
    assert code == 1 and ".xlsx" in err
    code, _, err = cli(["undo-import", str(store.target), "7"])
    assert code == 1 and "no import batch 7" in err
    code, _, err = cli(["undo-import", str(store.target), "seven"])
    assert code == 2
    code, _, err = cli(
        ["template", str(store.target), str(tmp_path / "t.xlsx"), "--owner", "Nobody"]
    )
    assert code == 1 and 'no person named "Nobody"' in err
    big = tmp_path / "bomb.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    code, _, err = cli(["import", str(store.target), str(big)])
    assert code == 1 and "bomb.xlsx" in err and "Traceback" not in err
