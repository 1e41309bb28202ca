"""Sync runs against real sources: CSV and xlsx files, a folder where newer exports
arrive, an SQLite database; aggregation, idempotence, audit, undo, and every failure
writing nothing while the other profiles still run."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from benefitdesk.model import AuditEntry, BatchKind, ImportBatch
from benefitdesk.services.importing.undo import undo_import
from benefitdesk.services.measurements import log_measurement
from benefitdesk.services.sync import (
    SyncProfile,
    list_profiles,
    preview_profile,
    run_profile,
    run_profiles,
)
from benefitdesk.store import Store
from test_sync_support import (
    add_portfolio_codes,
    counts,
    csv_profile,
    figures,
    saved,
    sources,
    sql_profile,
    write_csv,
    write_sqlite,
    write_xlsx,
)

JAN, FEB, MAR = date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)


@pytest.fixture
def portfolio(store: Store) -> Store:
    add_portfolio_codes(store)
    return store


def b1(store: Store) -> dict[date, float]:
    return {d: v for (owner, d), v in figures(store).items() if owner == "1"}


def batch_rows(store: Store) -> list[ImportBatch]:
    with store.reading() as session:
        return list(session.scalars(select(ImportBatch).order_by(ImportBatch.id)))


# --- sources -------------------------------------------------------------------------


def test_folder_source_reads_the_newest_matching_export_as_new_ones_arrive(
    portfolio: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "exports" / "crm"
    now = time.time()
    write_csv(
        folder / "crm-2026-01.csv",
        ["KPI,Month,Value", "conversion_rate,2026-01-31,11"],
        mtime=now - 300,
    )
    write_csv(folder / "notes.txt", ["not an export"], mtime=now)
    write_csv(folder / "crm-other.xlsx.bak", ["x"], mtime=now)
    profile = SyncProfile(
        name="CRM monthly export",
        source="folder",
        path=str(folder),
        pattern="crm-*.csv",
        key_column="KPI",
        date_column="Month",
        value_column="Value",
        keys={"conversion_rate": "B-001"},
    )
    saved(portfolio, profile)
    first = run_profiles(portfolio).runs[0]
    assert (first.status, first.added, first.source) == ("ok", 1, "crm-2026-01.csv")
    assert b1(portfolio) == {JAN: 11.0}

    write_csv(  # the next month's export: January revised, February new
        folder / "crm-2026-02.csv",
        ["KPI,Month,Value", "conversion_rate,2026-01-31,11.5", "conversion_rate,2026-02-28,12"],
        mtime=now - 100,
    )
    write_csv(folder / "~$crm-2026-03.csv", ["KPI,Month,Value", "x,y,z"], mtime=now)  # a lock
    second = run_profiles(portfolio).runs[0]
    assert (second.added, second.changed, second.unchanged) == (1, 1, 0)
    assert second.source == "crm-2026-02.csv"
    assert b1(portfolio) == {JAN: 11.5, FEB: 12.0}
    batches = batch_rows(portfolio)
    assert [b.file_name for b in batches] == ["crm-2026-01.csv", "crm-2026-02.csv"]
    assert all(b.kind == BatchKind.SYNC and b.profile == "CRM monthly export" for b in batches)
    assert batches[1].source == str((folder / "crm-2026-02.csv").resolve())
    assert batches[1].sha256 and batches[1].sha256 != batches[0].sha256

    write_csv(  # an older file copied in later does not win: only its time counts
        folder / "crm-2025-12.csv", ["KPI,Month,Value", "conversion_rate,2025-12-31,9"]
    )
    assert run_profiles(portfolio).runs[0].source == "crm-2025-12.csv"


def test_xlsx_source_reads_the_named_sheet_below_its_title_rows(
    portfolio: Store, tmp_path: Path
) -> None:
    book = write_xlsx(
        tmp_path / "kpis.xlsx",
        {
            "Notes": [["This workbook is exported nightly"]],
            "Data": [
                ["CRM KPI export"],
                [],
                ["Region", "kpi", "Month End", "Value (%)"],
                ["North", "conversion_rate", date(2026, 1, 31), 0.21],
                ["North", "conversion_rate", "Feb-2026", "22.5%"],
                ["South", "Adoption", date(2026, 2, 14), "1,250"],
            ],
        },
    )
    profile = SyncProfile(
        name="Workbook",
        path=str(book),
        sheet="data",  # case forgiven
        key_column="KPI",
        date_column="month end",
        value_column="Value (%)",
        keys={"conversion_rate": "B-001", "adoption": "li-001"},
    )
    saved(portfolio, profile)
    run = run_profiles(portfolio).runs[0]
    assert run.status == "ok", run.problems
    assert b1(portfolio) == {JAN: 0.21, FEB: 22.5}
    assert figures(portfolio, indicators=True) == {("1", FEB): 1250.0}
    assert run.source == "kpis.xlsx"


def test_sqlite_source_with_a_query(portfolio: Store, tmp_path: Path) -> None:
    db = write_sqlite(
        tmp_path / "ops.db",
        [
            ("cost_per_invoice", "2026-01-03", 10.0),
            ("cost_per_invoice", "2026-01-20 14:30:00", 20.0),
            ("cost_per_invoice", "2026-02-02", 30.0),
            ("headcount", "2026-02-02", 99.0),
        ],
    )
    profile = sql_profile(
        db,
        query="select kpi as key, day as date, cost as value from invoice_cost "
        "where kpi <> 'headcount'",
    )
    saved(portfolio, profile)
    run = run_profiles(portfolio).runs[0]
    assert (run.status, run.rows_read, run.added) == ("ok", 3, 2)
    assert {d: v for (o, d), v in figures(portfolio).items() if o == "3"} == {JAN: 15.0, FEB: 30.0}
    batch = batch_rows(portfolio)[0]
    assert batch.profile == "ERP" and batch.kind == BatchKind.SYNC
    assert "invoice_cost" in (batch.source or "") and str(db) in (batch.source or "")
    assert batch.sha256 and len(batch.sha256) == 64
    assert (batch.rows_read, batch.rows_added) == (3, 2)


def test_sql_columns_may_be_named_in_the_profile_or_come_in_order(
    portfolio: Store, tmp_path: Path
) -> None:
    db = write_sqlite(tmp_path / "ops.db", [("cost_per_invoice", "2026-01-03", 10.0)])
    named = sql_profile(
        db,
        name="named",
        query="select day, cost, kpi from invoice_cost",
        key_column="kpi",
        date_column="DAY",
        value_column="cost",
    )
    ordered = sql_profile(db, name="ordered", query="select kpi, day, cost from invoice_cost")
    assert run_profile(portfolio, named, dry_run=True, record=False).added == 1
    assert run_profile(portfolio, ordered, dry_run=True, record=False).added == 1


def test_relative_paths_start_at_the_portfolio_folder(portfolio: Store, tmp_path: Path) -> None:
    write_csv(tmp_path / "in" / "crm.csv", ["KPI,Month,Value", "conversion_rate,2026-01-31,5"])
    write_sqlite(tmp_path / "ops.db", [("cost_per_invoice", "2026-01-03", 10.0)])
    assert portfolio.path is not None and portfolio.path.parent == tmp_path
    saved(portfolio, csv_profile(Path("in/crm.csv")), sql_profile(Path("ops.db")))
    assert [r.status for r in run_profiles(portfolio).runs] == ["ok", "ok"]


# --- aggregation -----------------------------------------------------------------------

ROWS = [
    "KPI,Month,Value",
    "conversion_rate,2026-01-05,10",
    "conversion_rate,2026-01-31,30",
    "conversion_rate,2026-01-20,20",
    "conversion_rate,2026-02-01,7",
    "conversion_rate,15/03/2026,4",
]


@pytest.mark.parametrize(
    ("aggregate", "expected"),
    [
        ("last", {JAN: 30.0, FEB: 7.0, MAR: 4.0}),
        ("sum", {JAN: 60.0, FEB: 7.0, MAR: 4.0}),
        ("mean", {JAN: 20.0, FEB: 7.0, MAR: 4.0}),
        ("count", {JAN: 3.0, FEB: 1.0, MAR: 1.0}),
    ],
)
def test_monthly_aggregation_dates_figures_at_the_period_end(
    portfolio: Store, tmp_path: Path, aggregate: str, expected: dict[date, float]
) -> None:
    path = write_csv(tmp_path / "crm.csv", ROWS)
    saved(portfolio, csv_profile(path, aggregate=aggregate))
    assert run_profiles(portfolio).runs[0].status == "ok"
    assert b1(portfolio) == expected


def test_quarterly_and_weekly_periods(portfolio: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "crm.csv", ROWS)
    quarterly = run_profile(portfolio, csv_profile(path, period="quarterly", aggregate="sum"))
    assert b1(portfolio) == {MAR: 71.0} and quarterly.added == 1
    weekly = preview_profile(portfolio, csv_profile(path, period="weekly", aggregate="last"))
    assert [(f.date, f.value) for f in weekly.figures][:2] == [
        (date(2026, 1, 11), 10.0),  # the Sunday ending the week of 5 January
        (date(2026, 1, 25), 20.0),
    ]


def test_count_needs_no_value_column(portfolio: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "tickets.csv", ["KPI,Month", "conversion_rate,2026-01-02"])
    run = run_profile(portfolio, csv_profile(path, aggregate="count", value_column="nothing"))
    assert run.status == "ok" and b1(portfolio) == {JAN: 1.0}


def test_sum_does_not_depend_on_row_order(portfolio: Store, tmp_path: Path) -> None:
    values = ["0.1", "0.2", "0.3", "1e15", "-1e15"]
    path = tmp_path / "crm.csv"
    write_csv(path, ["KPI,Month,Value", *(f"conversion_rate,2026-01-05,{v}" for v in values)])
    saved(portfolio, csv_profile(path, aggregate="sum"))
    assert run_profiles(portfolio).runs[0].added == 1
    write_csv(path, ["KPI,Month,Value", *(f"conversion_rate,2026-01-05,{v}" for v in values[::-1])])
    assert run_profiles(portfolio).runs[0].status == "unchanged"
    assert b1(portfolio) == {JAN: pytest.approx(0.6)}


def test_several_source_keys_feed_one_benefit(portfolio: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "crm.csv",
        ["KPI,Month,Value", "North Sales,2026-01-05,10", "south  sales,2026-01-09,5"],
    )
    profile = csv_profile(
        path, aggregate="sum", keys={"north sales": "B-001", "South Sales": "B-001"}
    )
    run_profile(portfolio, profile)
    assert b1(portfolio) == {JAN: 15.0}


# --- writing: idempotence, replacement, audit, undo -----------------------------------


def test_running_twice_changes_nothing(portfolio: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "crm.csv", ROWS)
    db = write_sqlite(tmp_path / "ops.db", [("cost_per_invoice", "2026-01-03", 10.0)])
    saved(portfolio, csv_profile(path), sql_profile(db))
    first = run_profiles(portfolio)
    assert [r.status for r in first.runs] == ["ok", "ok"]
    assert first.change is not None and len(first.change.ids) == 2
    before = counts(portfolio), figures(portfolio)
    second = run_profiles(portfolio)
    assert [r.status for r in second.runs] == ["unchanged", "unchanged"]
    assert [r.unchanged for r in second.runs] == [3, 1]
    assert second.change is None
    assert (counts(portfolio), figures(portfolio)) == before
    statuses = {
        s.name: (s.last_status, s.last_run_at is not None) for s in list_profiles(portfolio)
    }
    assert statuses == {"CRM": ("unchanged", True), "ERP": ("unchanged", True)}


def test_a_different_value_is_replaced_and_audited_under_the_batch(
    portfolio: Store, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "crm.csv", ["KPI,Month,Value", "conversion_rate,2026-01-31,11"])
    saved(portfolio, csv_profile(path))
    run_profiles(portfolio)
    write_csv(path, ["KPI,Month,Value", "conversion_rate,2026-01-31,12.5"])
    run = run_profiles(portfolio).runs[0]
    assert (run.added, run.changed, run.unchanged) == (0, 1, 0)
    with portfolio.reading() as session:
        entry = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "measurement", AuditEntry.field == "value"
            )
        ).one()
    assert (entry.old, entry.new, entry.batch_id, entry.label) == (
        "11.0",
        "12.5",
        run.batch_id,
        "B-001 2026-01-31",
    )
    assert [(c.owner_code, c.old[0], c.new[0]) for c in run.changes] == [("B-001", 11.0, 12.5)]


def test_an_equal_manual_figure_stays_manual_and_a_different_one_becomes_sync(
    portfolio: Store, tmp_path: Path
) -> None:
    log_measurement(portfolio, "B-001", JAN, 30.0)
    log_measurement(portfolio, "B-001", FEB, 99.0)
    path = write_csv(tmp_path / "crm.csv", ROWS)
    run = run_profile(portfolio, csv_profile(path))
    assert (run.added, run.changed, run.unchanged) == (1, 1, 1)
    assert sources(portfolio) == {JAN: "manual", FEB: "sync", MAR: "sync"}


def test_undo_import_undoes_a_sync_batch(portfolio: Store, tmp_path: Path) -> None:
    log_measurement(portfolio, "B-001", FEB, 99.0)
    path = write_csv(tmp_path / "crm.csv", ROWS)
    run = run_profile(portfolio, csv_profile(path))
    assert run.batch_id is not None
    result = undo_import(portfolio, run.batch_id)
    assert result.deleted == {"measurement": 2} and result.restored == {"measurement": 1}
    assert b1(portfolio) == {FEB: 99.0}


def test_indicator_figures_and_the_benefits_they_touch(portfolio: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "crm.csv", ["KPI,Month,Value", "adoption,2026-01-31,40"])
    result = run_profile(portfolio, csv_profile(path, keys={"adoption": "LI-001"}))
    assert figures(portfolio, indicators=True) == {("1", JAN): 40.0}
    assert result.benefit_ids == frozenset({2})  # LI-001 belongs to B-002


def test_dry_run_counts_but_writes_nothing(portfolio: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "crm.csv", ROWS)
    saved(portfolio, csv_profile(path))
    before = counts(portfolio)
    result = run_profiles(portfolio, dry_run=True)
    assert result.runs[0].added == 3 and result.runs[0].batch_id is None
    assert "would be added" in result.runs[0].summary()
    assert counts(portfolio) == before
    assert list_profiles(portfolio)[0].last_run_at is None


def test_warnings_do_not_stop_a_profile(portfolio: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "crm.csv",
        [
            "KPI,Month,Value",
            "conversion_rate,2026-01-31,11",
            "conversion_rate,2026-02-28,",
            "pipeline,2026-01-31,400",
            ",2026-01-31,1",
        ],
    )
    run = run_profile(
        portfolio,
        csv_profile(path, unmapped="skip", keys={"conversion_rate": "B-001", "lost": "B-002"}),
    )
    assert run.status == "ok" and run.error_count == 0
    messages = " | ".join(str(p) for p in run.warnings)
    assert '1 row with keys not in the key map skipped: "pipeline"' in messages
    assert "1 row has no value: skipped" in messages
    assert "1 row has no key: skipped" in messages
    assert 'no row carries "lost"' in messages
    assert b1(portfolio) == {JAN: 11.0}


def test_text_numbers_and_month_first_dates(portfolio: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "crm.csv",
        [
            "KPI;Month;Value",
            "conversion_rate;01/31/2026;1.234,5",
            "conversion_rate;02/15/2026;(12,0)",
        ],
    )
    run_profile(portfolio, csv_profile(path, day_first=False, decimal=","))
    assert b1(portfolio) == {JAN: 1234.5, FEB: -12.0}


# --- failures ---------------------------------------------------------------------------

GOOD = ["KPI,Month,Value", "conversion_rate,2026-01-31,11", "conversion_rate,2026-02-28,12"]


def _failing_profile(case: str, tmp: Path) -> tuple[SyncProfile, str]:
    """A profile that fails in the way `case` says, and a phrase its problem holds."""
    good = write_csv(tmp / "good.csv", GOOD)
    db = write_sqlite(tmp / "ops.db", [("cost_per_invoice", "2026-01-03", 10.0)])
    match case:
        case "missing file":
            return csv_profile(tmp / "gone.csv"), "gone.csv: file not found"
        case "missing folder":
            return SyncProfile(
                "F", "folder", path=str(tmp / "nowhere"), pattern="*.csv", keys={"a": "B-001"}
            ), "nowhere: folder not found"
        case "no matching file":
            return SyncProfile(
                "F", "folder", path=str(tmp), pattern="crm-*.xlsx", keys={"a": "B-001"}
            ), 'has no file matching "crm-*.xlsx"'
        case "missing sheet":
            book = write_xlsx(tmp / "k.xlsx", {"Data": [["KPI", "Month", "Value"]]})
            return csv_profile(book, sheet="Figures"), 'has no sheet "Figures"'
        case "missing column":
            return csv_profile(good, value_column="Amount"), 'column "Amount" not found'
        case "bad query":
            return sql_profile(db, query="selec kpi from invoice_cost"), "the query failed"
        case "missing table":
            query = "select * from missing_table"
            return sql_profile(db, query=query), "no such table: missing_table"
        case "writing query":  # the source is opened read-only
            return sql_profile(db, query="delete from invoice_cost"), "readonly database"
        case "no rows returned":
            return sql_profile(db, query="create temp table t (a)"), "must be a SELECT"
        case "missing database":
            return sql_profile(tmp / "nope.db"), "database file not found"
        case "bad url":
            return sql_profile(db, url="nosuchdb://host/x"), "does not know this kind of database"
        case "unknown key":
            path = write_csv(tmp / "crm.csv", [*GOOD, "pipeline,2026-01-31,400"])
            return csv_profile(path), 'crm.csv!A4: unknown key "pipeline": not in the key map'
        case "unknown code":
            return csv_profile(
                good, keys={"conversion_rate": "B-404"}
            ), "no benefit or indicator has this code"
        case "bad value":
            path = write_csv(tmp / "crm.csv", [*GOOD, "conversion_rate,2026-03-31,abc"])
            return csv_profile(path), 'crm.csv!C4: "abc" is not a number'
        case "bad date":
            path = write_csv(tmp / "crm.csv", [*GOOD, "conversion_rate,31/31/2026,5"])
            return csv_profile(path), "crm.csv!B4"
        case "no date":
            path = write_csv(tmp / "crm.csv", [*GOOD, "conversion_rate,,5"])
            return csv_profile(path), "crm.csv!B4: the row has no date"
        case "bad sql value":
            write_sqlite(
                db,
                [
                    ("cost_per_invoice", "2026-01-03", 10.0),
                    ("cost_per_invoice", "2026-01-04", "n/a!"),
                ],
            )
            return sql_profile(db), 'query row 2: "n/a!" is not a number'
        case "invalid profile":
            return SyncProfile("F", "sql", keys={}), "needs a database URL"
    raise AssertionError(case)


FAILURES = [
    "missing file",
    "missing folder",
    "no matching file",
    "missing sheet",
    "missing column",
    "bad query",
    "missing table",
    "writing query",
    "no rows returned",
    "missing database",
    "bad url",
    "unknown key",
    "unknown code",
    "bad value",
    "bad date",
    "no date",
    "bad sql value",
    "invalid profile",
]


@pytest.mark.parametrize("case", FAILURES)
def test_each_failure_is_reported_and_writes_nothing(
    portfolio: Store, tmp_path: Path, case: str
) -> None:
    profile, phrase = _failing_profile(case, tmp_path)
    before = counts(portfolio)
    run = run_profile(portfolio, profile)
    assert run.status == "failed" and run.batch_id is None
    assert any(phrase in str(p) for p in run.errors), [str(p) for p in run.problems]
    assert run.summary().startswith("failed, nothing written: ")
    assert counts(portfolio) == before
    assert not (tmp_path / "nope.db").exists()  # a mistyped database is not created


def test_a_failing_profile_does_not_stop_the_others(portfolio: Store, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", GOOD)
    bad = write_csv(tmp_path / "bad.csv", [*GOOD, "conversion_rate,2026-03-31,abc"])
    db = write_sqlite(tmp_path / "ops.db", [("cost_per_invoice", "2026-01-03", 10.0)])
    saved(
        portfolio,
        csv_profile(bad, name="A bad export", keys={"conversion_rate": "B-002"}),
        csv_profile(good, name="B good export"),
        sql_profile(db, name="C broken query", query="select nonsense"),
        sql_profile(db, name="D database"),
    )
    result = run_profiles(portfolio)
    assert [(r.name, r.status) for r in result.runs] == [
        ("A bad export", "failed"),
        ("B good export", "ok"),
        ("C broken query", "failed"),
        ("D database", "ok"),
    ]
    assert [r.name for r in result.failed] == ["A bad export", "C broken query"]
    assert sorted({o for o, _ in figures(portfolio)}) == ["1", "3"]  # nothing for B-002
    last = {s.name: (s.last_status, s.last_message) for s in list_profiles(portfolio)}
    assert last["A bad export"][0] == "failed"
    assert '"abc" is not a number' in (last["A bad export"][1] or "")
    assert last["B good export"][0] == "ok"


def test_run_only_the_named_profiles(portfolio: Store, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", GOOD)
    saved(portfolio, csv_profile(good, name="One"), csv_profile(good, name="Two"))
    assert [r.name for r in run_profiles(portfolio, ["two"]).runs] == ["Two"]
    with pytest.raises(Exception, match='No import profile named "Three"'):
        run_profiles(portfolio, ["Three"])


def test_cancel_stops_the_profile_being_read_which_writes_nothing(
    portfolio: Store, tmp_path: Path
) -> None:
    rows = [f"conversion_rate,2026-01-{1 + i % 28:02d},{i}" for i in range(12_000)]
    big = write_csv(tmp_path / "big.csv", ["KPI,Month,Value", *rows])
    good = write_csv(tmp_path / "good.csv", GOOD)
    saved(portfolio, csv_profile(good, name="A first"), csv_profile(big, name="B big"))
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 2  # before A, before B, then inside B's rows

    result = run_profiles(portfolio, cancelled=cancelled)
    assert result.cancelled and [r.status for r in result.runs] == ["ok", "cancelled"]
    assert b1(portfolio) == {JAN: 11.0, FEB: 12.0}  # A's figures only


# --- preview ----------------------------------------------------------------------------


def test_preview_shows_the_rows_read_and_the_figures(portfolio: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "crm.csv", [*ROWS, "pipeline,2026-01-31,400"])
    preview = preview_profile(portfolio, csv_profile(path, unmapped="skip"), limit=3)
    assert [(r.place, r.key, r.value, r.code) for r in preview.rows] == [
        ("crm.csv row 2", "conversion_rate", "10", "B-001"),
        ("crm.csv row 3", "conversion_rate", "30", "B-001"),
        ("crm.csv row 4", "conversion_rate", "20", "B-001"),
    ]
    assert [(f.code, f.date, f.value, f.rows) for f in preview.figures] == [
        ("B-001", JAN, 30.0, 3),
        ("B-001", FEB, 7.0, 1),
        ("B-001", MAR, 4.0, 1),
    ]
    assert preview.unmapped == {"pipeline": 1} and preview.error_count == 0
    assert counts(portfolio)[0] == 0


def test_an_unreadable_file_or_an_unexpected_fault_fails_only_its_profile(
    portfolio: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benefitdesk.services.sync import run as run_module
    from benefitdesk.services.sync import sources

    good = write_csv(tmp_path / "good.csv", GOOD)
    locked = write_csv(tmp_path / "locked.csv", GOOD)
    saved(
        portfolio,
        csv_profile(locked, name="A locked"),
        csv_profile(good, name="B faulty"),
        csv_profile(good, name="C good"),
    )
    real_hash, real_read = sources.file_sha256, run_module.read_profile

    def file_sha256(path: Path) -> str:
        if path.name == "locked.csv":
            raise PermissionError(13, "Permission denied", str(path))
        return real_hash(path)

    def read_profile(profile: SyncProfile, *args: object, **kwargs: object) -> object:
        if profile.name == "B faulty":
            raise RuntimeError("a bug")
        return real_read(profile, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sources, "file_sha256", file_sha256)
    monkeypatch.setattr(run_module, "read_profile", read_profile)
    result = run_profiles(portfolio)
    assert [r.status for r in result.runs] == ["failed", "failed", "ok"]
    assert str(result.runs[0].errors[0]) == "locked.csv: cannot be read (Permission denied)"
    assert "unexpected error (RuntimeError: a bug)" in str(result.runs[1].errors[0])
    assert list_profiles(portfolio)[1].last_status == "failed"
