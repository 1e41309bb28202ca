"""``benefitdesk sync`` and ``benefitdesk profiles``: output and exit codes
(0 done, 1 bad input with every problem listed, 2 usage)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest

from benefitdesk.store import Store
from test_sync_support import add_portfolio_codes, counts, write_csv, write_sqlite

cli_main = importlib.import_module("benefitdesk.cli.main")

TOML = """\
[[profile]]
name = "CRM monthly export"
source = "folder"
path = "exports/crm"
pattern = "*.csv"
key_column = "KPI"
date_column = "Month"
value_column = "Value"
aggregate = "last"
period = "monthly"
[profile.keys]
conversion_rate = "B-001"

[[profile]]
name = "ERP invoice cost"
source = "sql"
url = "sqlite:///ops.db"
query = "select kpi as key, day as date, cost as value from invoice_cost"
aggregate = "mean"
period = "monthly"
[profile.keys]
cost_per_invoice = "B-003"
"""

Run = Callable[..., int]


@pytest.fixture
def cli() -> Run:
    """`benefitdesk ARGS…`."""
    return lambda *args: cli_main.run([str(a) for a in args])


@pytest.fixture
def portfolio(store: Store, tmp_path: Path) -> Path:
    add_portfolio_codes(store)
    write_csv(
        tmp_path / "exports" / "crm" / "crm.csv",
        ["KPI,Month,Value", "conversion_rate,Mar-2026,0.2"],
    )
    write_sqlite(tmp_path / "ops.db", [("cost_per_invoice", "2026-03-02", 4.5)])
    (tmp_path / "profiles.toml").write_text(TOML, encoding="utf-8")
    assert store.path is not None
    return store.path


def test_import_sync_and_sync_again(
    cli: Run, portfolio: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("profiles", "import", portfolio, tmp_path / "profiles.toml") == 0
    out = capsys.readouterr().out
    assert "2 added (CRM monthly export, ERP invoice cost)" in out
    assert cli("sync", portfolio) == 0
    out = capsys.readouterr().out
    assert (
        "CRM monthly export: 1 added, 0 changed, 0 unchanged (1 row read from crm.csv; batch 1)"
        in out
    )
    assert "ERP invoice cost: 1 added" in out and "2 profiles ran." in out
    assert cli("sync", portfolio, "--profile", "erp invoice cost") == 0
    out = capsys.readouterr().out
    assert "ERP invoice cost: up to date" in out and "CRM" not in out
    assert cli("profiles", "list", portfolio) == 0
    assert "ERP invoice cost" in capsys.readouterr().out


def test_a_failing_profile_exits_1_and_the_others_still_run(
    cli: Run, portfolio: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli("profiles", "import", portfolio, tmp_path / "profiles.toml")
    (tmp_path / "ops.db").unlink()
    capsys.readouterr()
    assert cli("sync", portfolio) == 1
    captured = capsys.readouterr()
    assert "CRM monthly export: 1 added" in captured.out
    assert "ERP invoice cost: FAILED, nothing written" in captured.err
    assert "database file not found" in captured.err
    assert "2 profiles ran, 1 failed." in captured.err
    assert "Traceback" not in captured.err


def test_dry_run_writes_nothing(
    cli: Run, portfolio: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli("profiles", "import", portfolio, tmp_path / "profiles.toml")
    with Store(portfolio) as store:
        before = counts(store)
    assert cli("sync", portfolio, "--dry-run") == 0
    assert "1 would be added" in capsys.readouterr().out
    with Store(portfolio) as store:
        assert counts(store) == before


def test_export_writes_paths_relative_to_the_file(
    cli: Run, portfolio: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli("profiles", "import", portfolio, tmp_path / "profiles.toml")
    out = tmp_path / "backup" / "profiles.toml"
    out.parent.mkdir()
    assert cli("profiles", "export", portfolio, out) == 0
    assert "Wrote 2 profiles" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert 'path = "../exports/crm"' in text and 'url = "sqlite:///../ops.db"' in text


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (("sync", "{p}", "--profile", "Nope"), 'No import profile named "Nope"'),
        (("profiles", "import", "{p}", "{t}/missing.toml"), "missing.toml: file not found"),
        (("profiles", "import", "{p}", "{t}/bad.toml"), 'unknown setting "colour"'),
        (("profiles", "export", "{p}", "{t}"), "is a folder"),
        (("profiles", "export", "{p}", "{t}/no/such/dir/p.toml"), "does not exist"),
        (("sync", "{t}/missing.sqlite"), "benefitdesk: error:"),
    ],
)
def test_bad_input_exits_1_with_the_problem(
    cli: Run,
    portfolio: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    phrase: str,
) -> None:
    (tmp_path / "bad.toml").write_text(TOML.replace('period = "monthly"', 'colour = "red"', 1))
    argv = [a.format(p=portfolio, t=tmp_path) for a in args]
    assert cli(*argv) == 1
    err = capsys.readouterr().err
    assert phrase in err and "Traceback" not in err


def test_no_profiles_is_not_an_error(
    cli: Run, portfolio: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("sync", portfolio) == 0
    assert "has no import profiles" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args", [("profiles",), ("profiles", "{p}"), ("sync",), ("profiles", "import", "{p}")]
)
def test_usage_errors_exit_2(cli: Run, portfolio: Path, args: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli(*(a.format(p=portfolio) for a in args))
    assert stopped.value.code == 2
