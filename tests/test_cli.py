"""The command line: exit codes, one-line errors, JSON contract, readable tables."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from benefitdesk import __version__
from benefitdesk.cli import run
from benefitdesk.demo import create_demo

AS_OF = "2026-11-25"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite"
    create_demo(path, today=date(2026, 11, 25)).close()
    return path


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "benefitdesk", *args], capture_output=True, text=True, check=False
    )


def test_version() -> None:
    result = cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"BenefitDesk {__version__}"


def test_demo_refuses_to_overwrite(demo: Path) -> None:
    result = cli("demo", str(demo))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_report_json_has_exactly_the_design_keys(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["report", str(demo), "--as-of", AS_OF, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert list(payload) == ["as_of", "portfolio", "benefits"]
    assert payload["as_of"] == AS_OF
    assert set(payload["portfolio"]) == {
        "investment", "actual_cost", "committed_value", "planned_to_date_value",
        "realised_value", "at_risk_value", "at_risk_count", "status_counts", "open_actions",
        "overdue_actions", "overdue_measurements",
    }  # fmt: skip
    codes = [b["code"] for b in payload["benefits"]]
    assert codes == sorted(codes) and len(codes) >= 15
    for benefit in payload["benefits"]:
        assert set(benefit) == {
            "code", "status", "at_risk", "overdue", "latest_value", "latest_date",
            "realisation_pct", "planned_value", "variance_pct", "forecast_value",
            "forecast_realisation_pct", "realised_value", "at_risk_value",
        }  # fmt: skip
        if benefit["latest_date"] is not None:
            date.fromisoformat(benefit["latest_date"])
    counts = payload["portfolio"]["status_counts"]
    assert {"not_started", "no_data", "realised", "on_track", "at_risk", "off_track"} <= set(counts)


def test_report_table_reads_well(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", str(demo), "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Northwind Group — benefits report as of 25 Nov 2026 (GBP)")
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("Code"))
    rule = lines[lines.index(header) + 1]
    assert set(rule) <= {"─", " "}
    assert "£" in out and "B-001" in out


def test_the_report_table_reads_the_same_from_the_file_as_through_the_store(demo: Path) -> None:
    """The table of a current file is read with sqlite3 alone (fast start); a server or a
    file to upgrade goes through the store: both give the same text."""
    from benefitdesk.cli.commands import render_report
    from benefitdesk.services.report import build_report, labelled_file_figures, report_labels
    from benefitdesk.store import Store

    as_of = date.fromisoformat(AS_OF)
    lean = labelled_file_figures(demo, as_of)
    assert lean is not None
    with Store(demo) as store:
        full = build_report(store, as_of)
    assert render_report(*lean) == render_report(full, report_labels(full))


def test_report_table_says_which_benefits_are_outside_the_totals(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A register just imported is all drafts: the totals are empty, and the table says why."""
    assert run(["report", str(demo), "--as-of", AS_OF, "--json"]) == 0
    benefits = json.loads(capsys.readouterr().out)["benefits"]
    assert run(["report", str(demo), "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    drafts = sum(1 for line in out.splitlines() if "(draft)" in line)
    assert drafts and len(benefits) > drafts
    assert f"{drafts} draft; approve drafts to count them)" in out


def test_check_lists_findings(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(demo)]) == 0
    out = capsys.readouterr().out
    for rule in ("no_owner", "owner_is_project_manager", "no_data_source", "defined_late"):
        assert rule in out
    assert run(["check", str(demo), "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    assert {f["severity"] for b in findings for f in b["findings"]} == {"error", "warning"}


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda p: None, "No portfolio file"),
        (lambda p: p.write_text("hello"), "not a BenefitDesk portfolio"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4096), "damaged"),
        (lambda p: p.mkdir(), "is a folder"),
    ],
    ids=["missing", "text", "damaged", "folder"],
)
def test_bad_portfolio_gives_one_line_and_exit_1(tmp_path: Path, setup, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.sqlite"
    setup(path)
    for command in ("report", "check"):
        result = cli(command, str(path))
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_bad_date_is_a_usage_error(demo: Path) -> None:
    result = cli("report", str(demo), "--as-of", "31/12/2026")
    assert result.returncode == 2
    assert "is not a date" in result.stderr and "Traceback" not in result.stderr


def test_unknown_command_option_is_a_usage_error() -> None:
    assert cli("report").returncode == 2
    assert cli("report", "x.sqlite", "--bogus").returncode == 2
