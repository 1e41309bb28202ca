"""Scope and options: what a pack covers, on the command line and in the service.

A scoped pack must show what the report shows for its benefits: the summary's money
and counts are checked against the sums of ``report --json``'s own per-benefit figures
over the benefits in scope, and the exceptions against their flags.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from boardpack_builders import (
    AS_OF,
    DRAFTS,
    build_portfolio,
    exception_blocks,
    register_rows,
    summary_figures,
    workbook,
)

from benefitdesk.cli import board_pack as cli_board_pack
from benefitdesk.cli.main import run
from benefitdesk.exchange.boardpack import MAIN_SHEETS
from benefitdesk.exchange.boardpack.summary import (
    AT_RISK_COUNT,
    AT_RISK_VALUE,
    INVESTMENT,
    REALISED,
)
from benefitdesk.services.board_pack import (
    BoardPackOptions,
    PackScope,
    TooManySheets,
    export_board_pack,
)
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.report import build_report, report_json
from benefitdesk.store import Store

#: Which benefits each scope covers in the fixture portfolio (drafts left out).
SCOPES: list[tuple[PackScope, set[str]]] = [
    (PackScope(projects=("P-200",)), {"B-003", "B-008"}),
    (PackScope(owners=("@Bob Smith", "Carol Jones")), {"B-002", "B-008"}),
    (PackScope(statuses=("realised",)), {"B-007"}),
    (PackScope(categories=("cost saving", "customer")), {"B-003", "B-005", "B-006", "B-007"}),
    (PackScope(projects=("P-100",), categories=("revenue",)), {"B-001", "B-002"}),
]


@pytest.fixture
def portfolio(store: Store) -> Store:
    build_portfolio(store)
    return store


def benefits_json(store: Store, day: date = AS_OF) -> dict[str, dict[str, Any]]:
    return {b["code"]: b for b in report_json(build_report(store, day))["benefits"]}


@pytest.mark.parametrize(("scope", "codes"), SCOPES)
def test_scope_filters_the_summary_and_the_exceptions(
    portfolio: Store, tmp_path: Path, scope: PackScope, codes: set[str]
) -> None:
    out = tmp_path / "pack.xlsx"
    result = export_board_pack(portfolio, out, BoardPackOptions(AS_OF, scope=scope))
    everything = benefits_json(portfolio)
    mine = [everything[code] for code in sorted(codes)]
    assert result.benefits == len(codes)
    assert set(register_rows(out)) == codes
    figures = summary_figures(out)
    assert figures[REALISED][0] == pytest.approx(sum(b["realised_value"] or 0 for b in mine))
    assert figures[AT_RISK_VALUE][0] == pytest.approx(sum(b["at_risk_value"] or 0 for b in mine))
    assert figures[AT_RISK_COUNT][0] == sum(b["at_risk"] for b in mine)
    flagged = {b["code"] for b in mine if b["at_risk"]}
    assert {code for code, _ in exception_blocks(out)} == flagged


def test_a_project_scope_counts_that_project_s_investment(portfolio: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    export_board_pack(portfolio, out, BoardPackOptions(AS_OF, scope=PackScope(projects=("P-200",))))
    assert summary_figures(out)[INVESTMENT][0] == 400_000
    subtitle = workbook(out)["Summary"]["A2"].value
    assert "project P-200" in subtitle


def test_names_match_whatever_their_case(portfolio: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    scope = PackScope(projects=("p-200",), owners=("carol jones",), categories=("PRODUCTIVITY",))
    result = export_board_pack(portfolio, out, BoardPackOptions(AS_OF, scope=scope))
    assert set(register_rows(out)) == {"B-008"} and result.benefits == 1


def test_unknown_names_are_all_listed_and_nothing_is_written(
    portfolio: Store, tmp_path: Path
) -> None:
    out = tmp_path / "pack.xlsx"
    scope = PackScope(projects=("P-999",), owners=("Nobody",), statuses=("closing",))
    with pytest.raises(ServiceError) as raised:
        export_board_pack(portfolio, out, BoardPackOptions(AS_OF, scope=scope))
    message = str(raised.value)
    for name in ("P-999", "Nobody", "closing", "statuses are draft, approved"):
        assert name in message
    assert not out.exists()


def test_drafts_are_left_out_unless_asked_for(portfolio: Store, tmp_path: Path) -> None:
    default, with_drafts = tmp_path / "default.xlsx", tmp_path / "drafts.xlsx"
    export_board_pack(portfolio, default, BoardPackOptions(AS_OF))
    scope = PackScope(include_drafts=True)
    export_board_pack(portfolio, with_drafts, BoardPackOptions(AS_OF, scope=scope))
    assert not DRAFTS & set(register_rows(default))
    assert "B-004" not in workbook(default).sheetnames
    assert summary_figures(default)["Draft benefits left out of this pack"][0] == 1
    assert set(register_rows(with_drafts)) >= DRAFTS and "B-004" in workbook(with_drafts).sheetnames
    assert summary_figures(with_drafts)["Draft benefits (not in the totals)"][0] == 1
    # Drafts count in no total: the figures are the same either way.
    for label in (REALISED, AT_RISK_VALUE, AT_RISK_COUNT):
        assert summary_figures(default)[label] == summary_figures(with_drafts)[label]


def test_the_appendix_is_on_for_small_packs_and_can_be_left_out(
    portfolio: Store, tmp_path: Path
) -> None:
    assert BoardPackOptions().with_appendix(50) and not BoardPackOptions().with_appendix(51)
    assert BoardPackOptions(appendix=True).with_appendix(10_000)
    out = tmp_path / "pack.xlsx"
    result = export_board_pack(portfolio, out, BoardPackOptions(AS_OF, appendix=False))
    assert workbook(out).sheetnames == [*MAIN_SHEETS, "Chart data"] and result.sheets == 3


def test_a_pack_with_too_many_sheets_is_refused_before_anything_is_written(
    portfolio: Store, tmp_path: Path
) -> None:
    out = tmp_path / "pack.xlsx"
    with pytest.raises(TooManySheets) as raised:
        export_board_pack(portfolio, out, BoardPackOptions(AS_OF), max_sheets=5)
    assert raised.value.sheets == 3 + 2 + 7 and raised.value.benefits == 7
    assert not out.exists() and not [p for p in tmp_path.iterdir() if ".part" in p.name]


def test_the_previous_pack_date_must_come_before_the_as_of_date(
    portfolio: Store, tmp_path: Path
) -> None:
    with pytest.raises(ServiceError, match="must be before"):
        export_board_pack(portfolio, tmp_path / "p.xlsx", BoardPackOptions(AS_OF, since=AS_OF))


def test_movement_compares_with_the_date_given(portfolio: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    since = date(2026, 3, 31)
    result = export_board_pack(portfolio, out, BoardPackOptions(AS_OF, since=since))
    then = report_json(build_report(portfolio, since))["portfolio"]
    assert result.since == since
    assert summary_figures(out)[REALISED][1] == pytest.approx(then["realised_value"])
    assert workbook(out)["Summary"]["C4"].value == "31 Mar 2026"


# -- the command line ----------------------------------------------------------------------


def test_cli_writes_a_scoped_pack(portfolio: Store, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "pack.xlsx"
    argv = [
        "board-pack",
        str(portfolio.path),
        str(out),
        "--as-of",
        "2026-06-30",
        "--projects",
        "P-200",
        "--since",
        "2026-03-31",
        "--no-appendix",
        "--paper",
        "letter",
    ]
    assert run(argv) == 0
    said = capsys.readouterr().out
    assert "as of 2026-06-30" in said and "since 2026-03-31" in said and "2 benefits" in said
    book = workbook(out)
    assert book.sheetnames == [*MAIN_SHEETS, "Chart data"]
    assert book["Summary"].page_setup.paperSize == 1  # Letter
    assert summary_figures(out)[INVESTMENT][0] == 400_000


def test_cli_lists_every_scope_option_more_than_once(portfolio: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    argv = [
        "board-pack",
        str(portfolio.path),
        str(out),
        "--as-of",
        "2026-06-30",
        "--owners",
        "Alice Chen",
        "--owners",
        "@Bob Smith",
        "--statuses",
        "tracking,realised",
        "--categories",
        "revenue",
    ]
    assert run(argv) == 0
    assert set(register_rows(out)) == {"B-001", "B-002"}


def test_cli_refuses_unknown_names_with_exit_1(
    portfolio: Store, tmp_path: Path, capsys: Any
) -> None:
    out = tmp_path / "pack.xlsx"
    assert run(["board-pack", str(portfolio.path), str(out), "--projects", "P-100,P-999"]) == 1
    assert 'no project "P-999"' in capsys.readouterr().err and not out.exists()


def test_cli_refuses_a_bad_date_with_exit_2(portfolio: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    with pytest.raises(SystemExit) as raised:
        run(["board-pack", str(portfolio.path), str(out), "--since", "2026-13-01"])
    assert raised.value.code == 2 and not out.exists()


def test_cli_refuses_a_wrong_suffix_with_exit_1(portfolio: Store, tmp_path: Path) -> None:
    assert run(["board-pack", str(portfolio.path), str(tmp_path / "pack.pdf")]) == 1


def test_cli_asks_for_yes_before_a_pack_over_the_sheet_limit(
    portfolio: Store, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_board_pack, "SHEET_WARNING", 5)
    out = tmp_path / "pack.xlsx"
    argv = ["board-pack", str(portfolio.path), str(out), "--as-of", "2026-06-30"]
    assert run(argv) == 1
    err = capsys.readouterr().err
    assert "12 sheets" in err and "--yes" in err and "--no-appendix" in err
    assert not out.exists()
    assert run([*argv, "--yes"]) == 0 and out.exists()


def test_cli_names_a_file_it_cannot_write(portfolio: Store, tmp_path: Path, capsys: Any) -> None:
    """A folder where the pack should go: the failure names the file, not a temporary one."""
    out = tmp_path / "pack.xlsx"
    out.mkdir()
    (out / "keep").write_text("x")
    assert run(["board-pack", str(portfolio.path), str(out), "--as-of", "2026-06-30"]) == 1
    assert "is a folder" in capsys.readouterr().err
    blocked = tmp_path / "file.xlsx"
    with pytest.MonkeyPatch.context() as patch:  # the disk fills up while the pack is saved

        def full_disk(*_args: Any, **_kwargs: Any) -> int:
            raise OSError(28, "No space left on device", "/tmp/.file.xlsx.part")

        patch.setattr("benefitdesk.services.board_pack.write_board_pack", full_disk)
        argv = ["board-pack", str(portfolio.path), str(blocked), "--as-of", "2026-06-30"]
        assert run(argv) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and str(blocked) in err and ".part" not in err
    assert not blocked.exists() and not [p for p in tmp_path.iterdir() if ".part" in p.name]
