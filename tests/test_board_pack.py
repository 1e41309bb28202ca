"""The board pack: real workbooks written to tmp_path and read back with openpyxl.

Every figure is checked against ``report --json`` for the same as-of date, because the
board must see the numbers the PMO sees.
"""

from __future__ import annotations

import argparse
import re
import zipfile
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import canonicalize

import pytest
from openpyxl import load_workbook
from openpyxl.chart import Reference
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.functions import tostring

from benefitdesk.cli import board_pack as cli_board_pack
from benefitdesk.exchange.boardpack import FIXED_SHEETS, benefit_sheet_names, sheet_name
from benefitdesk.exchange.boardpack.charts import BenefitChartStamp, XYSeries, benefit_chart
from benefitdesk.exchange.boardpack.sheet_xml import FastWorksheetWriter
from benefitdesk.exchange.boardpack.styles import STATUS_COLOURS, money_format
from benefitdesk.exchange.boardpack.summary import (
    ACTUAL_COST,
    AT_RISK_COUNT,
    AT_RISK_VALUE,
    COMMITTED,
    INVESTMENT,
    OPEN_ACTIONS,
    OVERDUE_ACTIONS,
    OVERDUE_MEASUREMENTS,
    PLANNED,
    REALISED,
)
from benefitdesk.exchange.boardpack.writer import build_workbook
from benefitdesk.model import (
    ActionStatus,
    Benefit,
    BenefitKind,
    Category,
    CorrectiveAction,
    Frequency,
    Indicator,
    IndicatorMeasurement,
    Lifecycle,
    Measurement,
    Person,
    PlanPoint,
    PlanVersion,
    PortfolioSettings,
    Project,
    ProjectStatus,
    Rag,
    VarianceCause,
    VarianceNote,
)
from benefitdesk.services.board_pack import (
    Cancelled,
    board_pack_data,
    export_board_pack,
    load_report,
)
from benefitdesk.services.report import build_report, report_json
from benefitdesk.store import Store

AS_OF = date(2026, 6, 30)
INJECTED_TITLE = '=HYPERLINK("http://evil.example","click")'


def month_ends(first: date, count: int) -> list[date]:
    days = []
    year, month = first.year, first.month
    for _ in range(count):
        following = date(year + (month == 12), month % 12 + 1, 1)
        days.append(following - timedelta(days=1))
        year, month = following.year, following.month
    return days


def build_portfolio(store: Store) -> None:
    """Six benefits that between them show every part of the pack.

    B-001 on track with a leading indicator; B-002 behind plan with notes and an
    overdue action; B-003 a re-baselined cost saving (target below baseline); B-004 a
    draft whose title tries formula injection; B-005 a dis-benefit; B-006 realised.
    """
    with store.transaction() as s:
        settings = s.get(PortfolioSettings, 1)
        assert settings is not None
        settings.name, settings.currency = "Northwind & Co", "GBP"
        alice, bob, carol = (Person(name=n) for n in ("Alice Chen", "@Bob Smith", "Carol Jones"))
        s.add_all([alice, bob, carol])
        s.flush()
        crm = Project(
            code="P-100",
            name="CRM",
            manager_id=carol.id,
            status=ProjectStatus.LIVE,
            approval_date=date(2024, 11, 1),
            planned_go_live=date(2025, 6, 30),
            actual_go_live=date(2025, 7, 15),
            budget=1_200_000.0,
            actual_cost=900_000.0,
            delivery_rag=Rag.GREEN,
        )
        ap = Project(
            code="P-200",
            name="AP automation",
            status=ProjectStatus.IN_DELIVERY,
            planned_go_live=date(2026, 3, 31),
            budget=400_000.0,
            actual_cost=380_000.0,
            delivery_rag=Rag.RED,
        )
        s.add_all([crm, ap])
        s.flush()

        def benefit(code: str, title: str, **fields: Any) -> Benefit:
            values: dict[str, Any] = {
                "project_id": crm.id,
                "owner_id": alice.id,
                "measure": "Conversion rate",
                "unit": "%",
                "baseline": 20.0,
                "baseline_date": date(2025, 1, 1),
                "target": 30.0,
                "target_date": date(2026, 12, 31),
                "realisation_start": date(2025, 7, 1),
                "frequency": Frequency.MONTHLY,
                "financial_value": 1_000_000.0,
                "status": Lifecycle.TRACKING,
                "data_source": "CRM report",
                "category": Category.REVENUE,
            }
            values.update(fields)
            row = Benefit(code=code, title=title, **values)
            s.add(row)
            s.flush()
            return row

        b1 = benefit("B-001", "Lead conversion rate")
        b2 = benefit("B-002", "Revenue per rep", owner_id=bob.id, baseline=60.0, target=80.0)
        b3 = benefit(
            "B-003",
            "AP cost per invoice",
            project_id=ap.id,
            measure="Cost per invoice",
            unit="£",
            baseline=5.0,
            target=2.0,
            realisation_start=date(2025, 4, 1),
            financial_value=300_000.0,
            category=Category.COST_SAVING,
        )
        benefit("B-004", INJECTED_TITLE, status=Lifecycle.DRAFT, data_source="+cmd|' /C calc'!A0")
        b5 = benefit(
            "B-005",
            "Helpdesk calls (accepted increase)",
            kind=BenefitKind.DIS_BENEFIT,
            measure="Calls a week",
            unit="calls",
            baseline=100.0,
            target=130.0,
            financial_value=50_000.0,
        )
        b6 = benefit("B-006", "Paper costs", baseline=10.0, target=4.0, financial_value=20_000.0)

        rows: list[Measurement] = []
        for index, day in enumerate(month_ends(date(2025, 7, 1), 12)):  # Jul 2025 - Jun 2026
            rows.append(Measurement(benefit_id=b1.id, date=day, value=20.0 + 0.45 * (index + 1)))
            rows.append(Measurement(benefit_id=b2.id, date=day, value=60.0 + 0.4 * (index + 1)))
            rows.append(Measurement(benefit_id=b5.id, date=day, value=100.0 + 1.2 * (index + 1)))
            rows.append(Measurement(benefit_id=b6.id, date=day, value=10.0 - 0.6 * (index + 1)))
        for index, day in enumerate(month_ends(date(2025, 4, 1), 14)):  # to May 2026
            rows.append(Measurement(benefit_id=b3.id, date=day, value=5.0 - 0.1 * (index + 1)))
        s.add_all(rows)

        original = PlanVersion(benefit_id=b3.id, version=1, reason="business case")
        current = PlanVersion(benefit_id=b3.id, version=2, reason="go-live slipped")
        s.add_all([original, current])
        s.flush()
        s.add_all(
            [
                PlanPoint(plan_version_id=original.id, date=date(2025, 4, 1), value=5.0),
                PlanPoint(plan_version_id=original.id, date=date(2026, 6, 30), value=2.0),
                PlanPoint(plan_version_id=current.id, date=date(2025, 7, 1), value=5.0),
                PlanPoint(plan_version_id=current.id, date=date(2026, 3, 31), value=3.5),
                PlanPoint(plan_version_id=current.id, date=date(2026, 12, 31), value=2.0),
            ]
        )

        adoption = Indicator(
            code="I-001",
            benefit_id=b1.id,
            name="Weekly active users",
            unit="% of reps",
            baseline=0.0,
            baseline_date=date(2025, 7, 1),
            target=90.0,
            target_date=date(2026, 6, 30),
            frequency=Frequency.MONTHLY,
        )
        s.add(adoption)
        s.flush()
        s.add(IndicatorMeasurement(indicator_id=adoption.id, date=date(2026, 5, 31), value=80.0))

        s.add_all(
            [
                VarianceNote(
                    benefit_id=b2.id,
                    period=date(2026, 3, 31),
                    cause=VarianceCause.ADOPTION,
                    explanation="-Reps still log deals late; coaching started.",
                ),
                VarianceNote(
                    benefit_id=b2.id,
                    period=date(2026, 5, 31),
                    cause=VarianceCause.MARKET_PRICING,
                    explanation="Competitors cut list prices by 8 %.",
                ),
                VarianceNote(
                    benefit_id=b2.id,
                    period=date(2026, 9, 30),  # after as-of: not shown, not counted
                    cause=VarianceCause.OTHER,
                    explanation="A note from the future.",
                ),
                CorrectiveAction(
                    benefit_id=b2.id,
                    title="@Weekly pipeline coaching",
                    owner_id=alice.id,
                    due_date=date(2026, 5, 15),
                    status=ActionStatus.IN_PROGRESS,
                ),
                CorrectiveAction(
                    benefit_id=b2.id,
                    title="Tighten discount approval",
                    owner_id=bob.id,
                    due_date=date(2026, 8, 31),
                    status=ActionStatus.OPEN,
                ),
                CorrectiveAction(
                    benefit_id=b3.id,
                    title="Onboard suppliers to e-invoicing",
                    due_date=date(2026, 1, 31),
                    status=ActionStatus.DONE,
                    outcome="=1+1 suppliers onboarded",
                ),
            ]
        )


@pytest.fixture
def portfolio(store: Store) -> Store:
    build_portfolio(store)
    return store


@pytest.fixture
def pack(portfolio: Store, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    out = tmp_path / "board pack.xlsx"
    export_board_pack(portfolio, out, AS_OF)
    return out, report_json(build_report(portfolio, AS_OF))


def summary_figures(path: Path) -> dict[str, Any]:
    ws = load_workbook(path)["Summary"]
    return {row[0]: row[1] for row in ws.iter_rows(min_col=1, max_col=2, values_only=True)}


def benefit_rows(path: Path) -> dict[str, dict[str, Any]]:
    ws = load_workbook(path)["Benefits"]
    header = [c.value for c in ws[4]]
    rows = {}
    for cells in ws.iter_rows(min_row=5):
        if cells[0].value:
            rows[cells[0].value] = dict(zip(header, cells, strict=True))
    return rows


def pct(cell: Any) -> float | None:
    return None if cell.value is None else cell.value * 100


def test_every_sheet_is_there_in_order(pack: tuple[Path, dict[str, Any]]) -> None:
    path, payload = pack
    workbook = load_workbook(path)
    codes = [b["code"] for b in payload["benefits"]]
    assert workbook.sheetnames == [*FIXED_SHEETS, *codes]
    assert workbook.active.title == "Summary"


def test_summary_figures_equal_report_json(pack: tuple[Path, dict[str, Any]]) -> None:
    path, payload = pack
    figures, portfolio = summary_figures(path), payload["portfolio"]
    expected = {
        INVESTMENT: portfolio["investment"],
        ACTUAL_COST: portfolio["actual_cost"],
        COMMITTED: portfolio["committed_value"],
        PLANNED: portfolio["planned_to_date_value"],
        REALISED: portfolio["realised_value"],
        AT_RISK_COUNT: portfolio["at_risk_count"],
        AT_RISK_VALUE: portfolio["at_risk_value"],
        OPEN_ACTIONS: portfolio["open_actions"],
        OVERDUE_ACTIONS: portfolio["overdue_actions"],
        OVERDUE_MEASUREMENTS: portfolio["overdue_measurements"],
    }
    for label, value in expected.items():
        assert figures[label] == pytest.approx(value), label
    labels = {"On track": "on_track", "At risk": "at_risk", "Off track": "off_track"}
    labels |= {"Realised": "realised", "No data": "no_data", "Not started": "not_started"}
    for label, key in labels.items():
        assert figures[label] == portfolio["status_counts"][key], label
    # The fixture exercises the figures, not zeros: at risk, overdue, realised.
    assert portfolio["at_risk_count"] >= 1 and portfolio["overdue_actions"] == 1
    assert portfolio["status_counts"]["realised"] == 1


def test_each_benefit_row_equals_report_json(pack: tuple[Path, dict[str, Any]]) -> None:
    path, payload = pack
    rows = benefit_rows(path)
    assert list(rows) == [b["code"] for b in payload["benefits"]]
    for benefit in payload["benefits"]:
        row = rows[benefit["code"]]
        assert pct(row["Realisation"]) == pytest.approx(benefit["realisation_pct"])
        assert pct(row["Variance vs plan"]) == pytest.approx(benefit["variance_pct"])
        assert pct(row["Forecast realisation"]) == pytest.approx(
            benefit["forecast_realisation_pct"]
        )
        assert row["Latest actual"].value == pytest.approx(benefit["latest_value"])
        latest = row["As at"].value
        assert (latest.date().isoformat() if latest else None) == benefit["latest_date"]
        assert row["Realised value"].value == pytest.approx(benefit["realised_value"])
        assert row["Value at risk"].value == pytest.approx(benefit["at_risk_value"])
        assert (row["At risk because"].value is not None) == benefit["at_risk"]


def test_status_cells_are_filled_in_their_rag_colour(pack: tuple[Path, dict[str, Any]]) -> None:
    path, payload = pack
    rows = benefit_rows(path)
    for benefit in payload["benefits"]:
        fill, font = STATUS_COLOURS[benefit["status"]]
        cell = rows[benefit["code"]]["Status"]
        assert cell.fill.fgColor.rgb[-6:] == fill, benefit["code"]
        assert cell.font.color.rgb[-6:] == font, benefit["code"]
    assert rows["B-002"]["Status"].fill.fgColor.rgb[-6:] in ("FFEB9C", "FFC7CE")


def test_text_that_looks_like_a_formula_stays_text(pack: tuple[Path, dict[str, Any]]) -> None:
    path, _ = pack
    workbook = load_workbook(path)
    title = benefit_rows(path)["B-004"]["Benefit"]
    assert title.value == INJECTED_TITLE and title.data_type == "s"
    assert title.quotePrefix
    sheet = workbook["B-004"]
    assert sheet["A1"].value.startswith("B-004 · =HYPERLINK")
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "+cmd|' /C calc'!A0" in texts
    actions = [c for row in workbook["Actions"].iter_rows() for c in row]
    assert any(c.value == "@Weekly pipeline coaching" and c.data_type == "s" for c in actions)
    assert any(c.value == "=1+1 suppliers onboarded" and c.data_type == "s" for c in actions)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name


def test_charts_are_native_and_survive_a_reload(pack: tuple[Path, dict[str, Any]]) -> None:
    path, payload = pack
    workbook = load_workbook(path)
    assert len(workbook["Summary"]._charts) == 2
    assert len(workbook["Variance"]._charts) == 1
    for benefit in payload["benefits"]:
        charts = workbook[benefit["code"]]._charts
        assert len(charts) == 1, benefit["code"]
    titles = [s.tx.strRef.f if s.tx.strRef else s.tx.v for s in workbook["B-003"]._charts[0].series]
    assert titles == ["Baseline", "Original plan", "Plan", "Target", "Actual", "Forecast"]
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 3 + len(payload["benefits"])
        for name in charts:
            xml = archive.read(name)
            assert len(re.findall(rb'<(?:c:)?delete val="0"', xml)) == 2, name  # axes shown


def test_print_set_up_is_landscape_fitted_to_width(pack: tuple[Path, dict[str, Any]]) -> None:
    path, _ = pack
    workbook = load_workbook(path)
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    for name in ("Benefits", "Variance Notes", "Actions", "Indicators", "Definitions"):
        assert workbook[name].print_title_rows == "$4:$4", name
        assert workbook[name].freeze_panes is not None
    assert "!$A$1:$H$" in workbook["B-001"].print_area  # the chart data stays off the page


def test_money_and_percent_formats_follow_the_currency(pack: tuple[Path, dict[str, Any]]) -> None:
    path, _ = pack
    row = benefit_rows(path)["B-001"]
    assert "£" in row["Realised value"].number_format
    assert row["Realisation"].number_format == "0.0%"
    assert money_format("USD").startswith('"$"') and money_format("EUR").startswith('"€"')
    assert '"CHF"' in money_format("CHF")


def test_measurement_table_ends_with_the_report_figures(portfolio: Store, tmp_path: Path) -> None:
    data = board_pack_data(load_report(portfolio, AS_OF))
    payload = report_json(build_report(portfolio, AS_OF))
    for view, benefit in zip(data.benefits, payload["benefits"], strict=True):
        if not view.measurements:
            assert benefit["latest_value"] is None
            continue
        last = view.measurements[-1]
        assert last.date.isoformat() == benefit["latest_date"]
        assert last.variance_pct == pytest.approx(benefit["variance_pct"])
        assert last.realisation_pct == pytest.approx(benefit["realisation_pct"])
    assert [n.period for n in data.notes] == [date(2026, 3, 31), date(2026, 5, 31)]


def test_value_trend_reaches_the_totals_at_the_as_of_date(portfolio: Store) -> None:
    data = board_pack_data(load_report(portfolio, AS_OF))
    (today,) = [p for p in data.trend if p.date == AS_OF]
    assert today.planned == pytest.approx(data.totals.planned_to_date_value)
    assert today.realised == pytest.approx(data.totals.realised_value)
    assert all(p.realised is None for p in data.trend if p.date > AS_OF)


def test_progress_reaches_its_total(portfolio: Store, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    export_board_pack(portfolio, tmp_path / "pack.xlsx", AS_OF, lambda d, t: calls.append((d, t)))
    totals = {t for _, t in calls}
    assert len(totals) == 1 and calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_a_cancelled_export_leaves_no_file(portfolio: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    ticks = 0

    def cancelled() -> bool:
        nonlocal ticks
        ticks += 1
        return ticks > 12  # while the sheets are being saved

    with pytest.raises(Cancelled):
        export_board_pack(portfolio, out, AS_OF, cancelled=cancelled)
    assert list(tmp_path.glob("*pack.xlsx*")) == []
    out.write_bytes(b"last month's pack")
    with pytest.raises(Cancelled):
        export_board_pack(portfolio, out, AS_OF, cancelled=lambda: True)
    assert out.read_bytes() == b"last month's pack"
    assert [p.name for p in tmp_path.iterdir() if "pack" in p.name] == ["pack.xlsx"]


def test_an_empty_portfolio_still_makes_a_pack(store: Store, tmp_path: Path) -> None:
    result = export_board_pack(store, tmp_path / "empty.xlsx", AS_OF)
    assert result.benefits == 0
    workbook = load_workbook(result.path)
    assert workbook.sheetnames == list(FIXED_SHEETS)


def test_sheet_names_are_valid_and_unique() -> None:
    taken = {name.casefold() for name in FIXED_SHEETS}
    names = [sheet_name(code, taken) for code in ("B/1", "B\\1", "summary", "History", "[x]*?:")]
    assert names[0] == "B_1" and names[1] == "B_1 (2)" and names[2] == "summary (2)"
    assert names[3] == "History (2)"
    long = benefit_sheet_names(["X" * 40, "x" * 40])
    assert [len(n) for n in long.values()] == [31, 31]
    assert len({n.casefold() for n in long.values()}) == 2
    for name in [*names, *long.values()]:
        assert not set(name) & set("[]:*?/\\") and len(name) <= 31


def test_fast_rows_write_what_openpyxl_writes(portfolio: Store) -> None:
    workbook = build_workbook(board_pack_data(load_report(portfolio, AS_OF)))
    for ws in workbook.worksheets:
        WorksheetWriter(ws, out=BytesIO()).write()  # settles what writing sets on a sheet
        ours = FastWorksheetWriter(ws, out=BytesIO())
        ours.write()
        ours_links = list(ws._hyperlinks)
        theirs = WorksheetWriter(ws, out=BytesIO())
        theirs.write()
        assert canonicalize(ours.read().decode()) == canonicalize(theirs.read().decode())
        assert len(ours_links) == len(ws._hyperlinks), ws.title


def test_stamped_chart_is_the_rendered_chart(tmp_path: Path) -> None:
    from openpyxl import Workbook

    ws = Workbook().active
    ws.title = "B-1 & 'Co'"

    def series() -> list[XYSeries]:
        ref = Reference(ws, min_col=10, min_row=5, max_row=9)
        actual = Reference(ws, min_col=2, min_row=40, max_row=52)
        return [
            XYSeries("Plan", ref, ref, "2E75B6"),
            XYSeries("Actual", actual, actual, "000000", marker="circle"),
        ]

    kwargs: dict[str, Any] = {
        "title": "Cost <per> invoice & more",
        "first": date(2024, 2, 29),
        "last": date(2027, 1, 31),
        "value_format": "#,##0.00",
    }
    stamp = BenefitChartStamp()
    stamp.chart(series(), **kwargs)  # the first call renders the template
    assert stamp.chart(series(), **kwargs).xml == tostring(
        benefit_chart(series(), **kwargs)._write()
    )


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="benefitdesk")
    register = cli_board_pack.register
    register(parser.add_subparsers(dest="command"))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return int(args.handler(args))


def test_cli_writes_the_pack(portfolio: Store, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "pack.xlsx"
    assert run_cli(["board-pack", str(portfolio.path), str(out), "--as-of", "2026-06-30"]) == 0
    assert out.exists() and "as of 2026-06-30" in capsys.readouterr().out
    assert summary_figures(out)[REALISED] == pytest.approx(
        report_json(build_report(portfolio, AS_OF))["portfolio"]["realised_value"]
    )


def test_cli_refuses_a_bad_date_with_exit_2(portfolio: Store, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    assert run_cli(["board-pack", str(portfolio.path), str(out), "--as-of", "2026-13-01"]) == 2
    assert not out.exists()


def test_cli_refuses_a_wrong_suffix_with_exit_1(portfolio: Store, tmp_path: Path) -> None:
    assert run_cli(["board-pack", str(portfolio.path), str(tmp_path / "pack.pdf")]) == 1


def test_the_demo_portfolio_pack_matches_its_report(tmp_path: Path) -> None:
    demo = pytest.importorskip("benefitdesk.services.demo")
    with demo.create_demo(tmp_path / "demo.sqlite", today=AS_OF) as store:
        out = tmp_path / "demo.xlsx"
        export_board_pack(store, out, AS_OF)
        payload = report_json(build_report(store, AS_OF))
    figures = summary_figures(out)
    assert figures[REALISED] == pytest.approx(payload["portfolio"]["realised_value"])
    assert figures[AT_RISK_VALUE] == pytest.approx(payload["portfolio"]["at_risk_value"])
    rows = benefit_rows(out)
    for benefit in payload["benefits"]:
        assert pct(rows[benefit["code"]]["Variance vs plan"]) == pytest.approx(
            benefit["variance_pct"]
        )
