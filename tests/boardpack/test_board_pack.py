"""The board pack's figures: real workbooks written to tmp_path and read back.

Every figure is checked against ``report --json`` for the same as-of date (and the
previous pack's date for the movement), because the board must see the numbers the
PMO sees.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from boardpack_builders import (
    AS_OF,
    DRAFTS,
    INJECTED_TITLE,
    SINCE,
    build_portfolio,
    exception_blocks,
    register_rows,
    summary_figures,
    table_rows,
    workbook,
)

from benefitdesk.exchange.boardpack import APPENDIX_SHEETS, MAIN_SHEETS
from benefitdesk.exchange.boardpack.summary import (
    AT_RISK_COUNT,
    AT_RISK_VALUE,
    CLOSURES,
    COMMITTED,
    COUNTED,
    INVESTMENT,
    NEW_EXCEPTIONS,
    OPEN_ACTIONS,
    OVERDUE_ACTIONS,
    OVERDUE_MEASUREMENTS,
    PLANNED,
    REALISED,
    REBASELINES,
    RESOLVED_EXCEPTIONS,
)
from benefitdesk.services.board_pack import (
    BoardPackOptions,
    Cancelled,
    export_board_pack,
)
from benefitdesk.services.report import build_report, evaluate_snapshot, report_json
from benefitdesk.store import Store
from benefitdesk.store.snapshot import load_snapshot

SUMMARY_KEYS = {
    COMMITTED: "committed_value",
    PLANNED: "planned_to_date_value",
    REALISED: "realised_value",
    AT_RISK_VALUE: "at_risk_value",
    AT_RISK_COUNT: "at_risk_count",
    OPEN_ACTIONS: "open_actions",
    OVERDUE_ACTIONS: "overdue_actions",
    OVERDUE_MEASUREMENTS: "overdue_measurements",
}


@pytest.fixture
def portfolio(store: Store) -> Store:
    build_portfolio(store)
    return store


@pytest.fixture
def pack(portfolio: Store, tmp_path: Path) -> Path:
    out = tmp_path / "board pack.xlsx"
    export_board_pack(portfolio, out, BoardPackOptions(as_of=AS_OF))
    return out


def report(store: Store, day: Any = AS_OF) -> dict[str, Any]:
    return report_json(build_report(store, day))


def test_the_sheets_come_in_the_board_s_order(pack: Path, portfolio: Store) -> None:
    names = workbook(pack).sheetnames
    codes = [b["code"] for b in report(portfolio)["benefits"] if b["code"] not in DRAFTS]
    assert names == [*MAIN_SHEETS, *APPENDIX_SHEETS, *codes, "Chart data"]
    assert workbook(pack)["Chart data"].sheet_state == "hidden"
    assert workbook(pack).active.title == "Summary"


def test_summary_figures_equal_report_json(pack: Path, portfolio: Store) -> None:
    figures, totals = summary_figures(pack), report(portfolio)["portfolio"]
    for label, key in SUMMARY_KEYS.items():
        assert figures[label][0] == pytest.approx(totals[key]), label
    assert figures[INVESTMENT][0] == pytest.approx(totals["investment"])
    assert figures[COUNTED][0] == sum(totals["status_counts"].values())
    # The fixture exercises the figures, not zeros.
    assert totals["at_risk_count"] >= 2 and totals["overdue_actions"] == 2
    assert totals["overdue_measurements"] == 1 and totals["status_counts"]["realised"] >= 1


def test_movement_figures_equal_the_difference_of_two_reports(pack: Path, portfolio: Store) -> None:
    figures = summary_figures(pack)
    now, then = report(portfolio, AS_OF), report(portfolio, SINCE)
    for label, key in SUMMARY_KEYS.items():
        _, previous, change = figures[label]
        assert previous == pytest.approx(then["portfolio"][key]), label
        assert change == pytest.approx(now["portfolio"][key] - then["portfolio"][key]), label
    flagged_now = {b["code"] for b in now["benefits"] if b["at_risk"]} - DRAFTS
    flagged_then = {b["code"] for b in then["benefits"] if b["at_risk"]} - DRAFTS
    assert figures[NEW_EXCEPTIONS][0] == len(flagged_now - flagged_then) > 0
    assert figures[RESOLVED_EXCEPTIONS][0] == len(flagged_then - flagged_now)
    assert any(f[2] for f in figures.values() if f[2] is not None)  # something moved


def test_the_exceptions_are_exactly_the_flagged_benefits_most_value_at_risk_first(
    pack: Path, portfolio: Store
) -> None:
    blocks = exception_blocks(pack)
    benefits = report(portfolio)["benefits"]
    flagged = {b["code"]: b for b in benefits if b["at_risk"] and b["code"] not in DRAFTS}
    assert sorted(code for code, _ in blocks) == sorted(flagged)
    for code, value in blocks:
        expected = flagged[code]["at_risk_value"]
        assert value == ("Not valued" if expected is None else pytest.approx(expected))
    values = [flagged[code]["at_risk_value"] or 0.0 for code, _ in blocks]
    assert values == sorted(values, reverse=True) and len(values) >= 3


def test_an_exception_block_says_why_and_what_is_being_done(pack: Path) -> None:
    ws = workbook(pack)["Exceptions"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Behind plan, forecast short of target" in texts
    assert "Competitors cut list prices by 8 %." in texts  # the latest variance note
    assert "A note from the future." not in texts
    assert "@Weekly pipeline coaching" in texts  # the action, with its owner
    assert "No corrective action underway." in texts  # B-003 and others have none open


def test_decisions_list_overdue_actions_rebaselines_and_closures(pack: Path) -> None:
    actions = table_rows(pack, "Decisions", "Corrective actions past their due date")
    assert [(r[0], r[3]) for r in actions] == [
        ("B-002", "@Weekly pipeline coaching"),
        ("B-008", "Chase the supplier portal figures"),
    ]
    assert [r[8] for r in actions] == [46, 29]  # due 15 May and 1 June
    rebaselines = table_rows(pack, "Decisions", "Plans re-baselined")
    assert [r[0] for r in rebaselines] == ["B-003"]  # B-001's was before the last pack
    row = rebaselines[0]
    assert row[3].date().isoformat() == "2026-06-10"
    assert row[4] == 2.0 and row[5].date().isoformat() == "2026-06-30"  # original target
    assert row[6] == 2.0 and row[7].date().isoformat() == "2026-12-31"  # current target
    assert row[8] == "go-live slipped"
    closures = {r[0]: r for r in table_rows(pack, "Decisions", "Benefits proposed for closure")}
    assert set(closures) == {"B-006", "B-007"}
    assert closures["B-007"][5].startswith("Tracking period over")
    assert closures["B-006"][5].startswith("Target reached")
    figures = summary_figures(pack)
    assert figures[REBASELINES][0] == 1 and figures[CLOSURES][0] == 2


def test_register_rows_equal_report_json(pack: Path, portfolio: Store) -> None:
    rows = register_rows(pack)
    benefits = [b for b in report(portfolio)["benefits"] if b["code"] not in DRAFTS]
    assert list(rows) == [b["code"] for b in benefits]
    for benefit in benefits:
        row = rows[benefit["code"]]
        for header, key in (
            ("Realisation", "realisation_pct"),
            ("Variance vs plan", "variance_pct"),
            ("Forecast realisation", "forecast_realisation_pct"),
        ):
            value = row[header].value
            assert (None if value is None else value * 100) == pytest.approx(benefit[key])
        assert row["Realised value"].value == pytest.approx(benefit["realised_value"])
        assert row["Value at risk"].value == pytest.approx(benefit["at_risk_value"])
        assert (row["Needs attention because"].value is not None) == benefit["at_risk"]
        assert row["Code"].hyperlink is not None  # to the benefit's own sheet


def test_text_that_looks_like_a_formula_stays_text(portfolio: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    export_board_pack(portfolio, out, BoardPackOptions(AS_OF, scope=_drafts()))
    book = workbook(out)
    title = register_rows(out)["B-004"]["Benefit"]
    assert title.value == INJECTED_TITLE and title.data_type == "s" and title.quotePrefix
    sheet = book["B-004"]
    assert sheet["A1"].value.startswith("B-004 · =HYPERLINK")
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "+cmd|' /C calc'!A0" in texts
    cells = [c for row in book["B-003"].iter_rows() for c in row]
    outcome = [c for c in cells if c.value == "=1+1 suppliers onboarded"]
    assert outcome and outcome[0].data_type == "s"
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name), name


def _drafts() -> Any:
    from benefitdesk.services.board_pack import PackScope

    return PackScope(include_drafts=True)


def test_progress_reaches_its_total(portfolio: Store, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    export_board_pack(
        portfolio,
        tmp_path / "pack.xlsx",
        BoardPackOptions(AS_OF),
        lambda d, t: calls.append((d, t)),
    )
    assert len({t for _, t in calls}) == 1 and calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_a_cancelled_export_leaves_no_file(portfolio: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    checks = 0

    def cancelled() -> bool:
        nonlocal checks
        checks += 1
        return checks > 6  # between two appendix sheets

    with pytest.raises(Cancelled):
        export_board_pack(portfolio, out, BoardPackOptions(AS_OF), cancelled=cancelled)
    assert list(tmp_path.glob("*pack.xlsx*")) == []
    out.write_bytes(b"last month's pack")
    with pytest.raises(Cancelled):
        export_board_pack(portfolio, out, BoardPackOptions(AS_OF), cancelled=lambda: True)
    assert out.read_bytes() == b"last month's pack"
    assert [p.name for p in tmp_path.iterdir() if "pack" in p.name] == ["pack.xlsx"]


def test_an_empty_portfolio_still_makes_a_pack(store: Store, tmp_path: Path) -> None:
    result = export_board_pack(store, tmp_path / "empty.xlsx", BoardPackOptions(AS_OF))
    assert result.benefits == 0 and result.exceptions == 0
    book = workbook(result.path)
    assert book.sheetnames == [*MAIN_SHEETS, *APPENDIX_SHEETS, "Chart data"]
    texts = [c.value for row in book["Exceptions"].iter_rows() for c in row if c.value]
    assert any("No benefit needs attention" in str(t) for t in texts)


def test_the_demo_portfolio_pack_matches_its_report(tmp_path: Path) -> None:
    from benefitdesk.demo import create_demo

    with create_demo(tmp_path / "demo.sqlite", today=AS_OF) as store:
        out = tmp_path / "demo.xlsx"
        result = export_board_pack(store, out, BoardPackOptions(AS_OF))
        payload = report(store)
    figures = summary_figures(out)
    for label, key in SUMMARY_KEYS.items():
        assert figures[label][0] == pytest.approx(payload["portfolio"][key]), label
    flagged = sorted(b["code"] for b in payload["benefits"] if b["at_risk"])
    assert sorted(code for code, _ in exception_blocks(out)) == flagged
    assert result.exceptions == len(flagged)


@pytest.mark.parametrize("start", [date(2025, 9, 30), date(2026, 5, 31), date(2024, 1, 1)])
def test_reports_from_the_recent_history_equal_reports_from_all_of_it(
    portfolio: Store, start: date
) -> None:
    """The pack reads every measurement after a start date and the last N before it:
    reports at any date from the start on must not see a difference."""
    window = portfolio.settings().forecast_window
    with portfolio.reading() as session:
        whole = load_snapshot(session, as_of=AS_OF)
        recent = load_snapshot(session, as_of=AS_OF, recent=window, since=start)
    for day in (start, SINCE, AS_OF):
        if day < start:
            continue
        assert report_json(evaluate_snapshot(recent, day)) == report_json(
            evaluate_snapshot(whole, day)
        ), day
    kept = sum(len(v) for v in recent.measurements.values())
    assert kept <= sum(len(v) for v in whole.measurements.values())
