"""The demo portfolios: the small one must tell a complete story, the large one must be big.

The small demo is the first thing a new user sees, so these tests pin what it has to
show: every status, every at-risk reason, every variance cause, the common definition
mistakes, and realistic history, all placed relative to *today* and reproducible.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from benefitdesk.analysis.types import RiskReason, Status
from benefitdesk.demo import DemoBuilder, DemoError, create_demo, create_large_demo
from benefitdesk.model import (
    ActionStatus,
    Activity,
    ActivityKind,
    Benefit,
    BenefitKind,
    Classification,
    CorrectiveAction,
    Frequency,
    ImportBatch,
    Indicator,
    IndicatorMeasurement,
    Lifecycle,
    Measurement,
    MeasurementSource,
    Person,
    PlanVersion,
    PortfolioSettings,
    Project,
    ProjectStatus,
    Raci,
    Stakeholder,
    VarianceCause,
    VarianceNote,
)
from benefitdesk.services.checks import check_portfolio
from benefitdesk.services.report import build_report
from benefitdesk.store import Store

TODAY = date(2026, 6, 15)

#: What each benefit of the cast is meant to show at any *today*:
#: (status, reasons it must have, reasons it may have besides).
INTENDED: dict[str, tuple[Status, set[RiskReason], set[RiskReason]]] = {
    "B-001": (Status.ON_TRACK, set(), set()),
    "B-002": (Status.AT_RISK, {RiskReason.BEHIND_PLAN}, {RiskReason.FORECAST}),
    "B-003": (Status.ON_TRACK, set(), set()),  # the dis-benefit
    "B-004": (Status.NO_DATA, set(), set()),  # cancelled: never at risk
    "B-005": (Status.REALISED, set(), set()),
    "B-006": (Status.ON_TRACK, {RiskReason.INDICATOR}, set()),
    "B-007": (Status.ON_TRACK, {RiskReason.FORECAST}, set()),
    "B-008": (Status.REALISED, set(), set()),  # closed
    "B-009": (Status.ON_TRACK, set(), set()),  # weekly
    "B-010": (Status.ON_TRACK, set(), set()),
    "B-011": (Status.NO_DATA, set(), set()),
    "B-012": (Status.OFF_TRACK, {RiskReason.BEHIND_PLAN}, {RiskReason.FORECAST}),
    "B-013": (Status.OFF_TRACK, {RiskReason.BEHIND_PLAN, RiskReason.INDICATOR}, set()),
    "B-014": (Status.ON_TRACK, set(), set()),  # re-baselined
    "B-015": (Status.ON_TRACK, {RiskReason.OVERDUE}, set()),  # owner stopped reporting
    "B-016": (Status.AT_RISK, {RiskReason.BEHIND_PLAN}, {RiskReason.FORECAST}),
    "B-017": (Status.ON_TRACK, set(), set()),  # yearly
    "B-018": (Status.NOT_STARTED, set(), set()),
    "B-019": (Status.NOT_STARTED, set(), set()),  # draft
    "B-020": (Status.NOT_STARTED, set(), set()),  # draft
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = create_demo(tmp_path_factory.mktemp("demo") / "northwind.sqlite", today=TODAY)
    yield store
    store.close()


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, except when the audit log was written."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        rows: dict[str, list[tuple[object, ...]]] = {}
        for table in tables:
            columns = [c[1] for c in connection.execute(f"PRAGMA table_info({table})")]
            kept = [c for c in columns if not (table == "audit_entry" and c == "at")]
            query = f"SELECT {', '.join(kept)} FROM {table} ORDER BY rowid"
            rows[table] = list(connection.execute(query))
        return rows
    finally:
        connection.close()


# --- the small demo ------------------------------------------------------------------


def test_demo_is_a_realistic_portfolio(demo: Store) -> None:
    with demo.reading() as s:
        settings = s.get(PortfolioSettings, 1)
        assert settings is not None
        assert (settings.name, settings.currency) == ("Northwind Group", "GBP")
        projects = s.exec(select(Project)).all()
        benefits = s.exec(select(Benefit)).all()
        people = s.exec(select(Person)).all()
    assert len(projects) >= 5
    assert len(benefits) >= 15
    assert all(p.name and p.email and p.role for p in people)
    assert {p.status for p in projects} >= {
        ProjectStatus.PROPOSED,
        ProjectStatus.IN_DELIVERY,
        ProjectStatus.LIVE,
    }
    live = [p for p in projects if p.actual_go_live]
    assert any(p.actual_go_live == p.planned_go_live for p in live)  # on time
    assert any(p.actual_go_live > p.planned_go_live for p in live if p.planned_go_live)  # late
    assert all(p.sponsor_id and p.manager_id and p.budget for p in projects)
    assert any(b.kind is BenefitKind.DIS_BENEFIT for b in benefits)
    assert any(b.financial_value is None for b in benefits)
    assert {b.status for b in benefits} >= {Lifecycle.DRAFT, Lifecycle.CANCELLED, Lifecycle.CLOSED}
    assert {b.frequency for b in benefits} >= {
        Frequency.WEEKLY,
        Frequency.MONTHLY,
        Frequency.QUARTERLY,
        Frequency.YEARLY,
    }
    assert {b.classification for b in benefits} >= set(Classification)
    assert len({b.category for b in benefits}) >= 6


def test_live_benefits_have_eighteen_months_of_history(demo: Store) -> None:
    with demo.reading() as s:
        rows = s.exec(
            select(Benefit.code, func.count(Measurement.id))
            .join(Project, Project.id == Benefit.project_id)
            .join(Measurement, Measurement.benefit_id == Benefit.id)
            .where(
                Project.actual_go_live <= TODAY - timedelta(days=540),
                Benefit.frequency == Frequency.MONTHLY,
                Benefit.status.in_([Lifecycle.TRACKING, Lifecycle.REALISED]),  # type: ignore[attr-defined]
            )
            .group_by(Benefit.code)
        ).all()
        sources = set(s.exec(select(Measurement.source)).all())
        unattributed = s.exec(select(Measurement).where(Measurement.recorded_by == None)).all()  # noqa: E711
        indicator_figures = s.exec(select(func.count(IndicatorMeasurement.id))).one()
    assert len(rows) >= 6  # CRM and AP benefits: live for 20 months and more
    assert all(count >= 18 for _, count in rows), rows
    assert sources == set(MeasurementSource)
    assert not unattributed
    assert indicator_figures >= 100


def test_imported_and_synced_figures_belong_to_their_runs(demo: Store) -> None:
    with demo.reading() as s:
        pairs = s.exec(
            select(Measurement.source, ImportBatch.kind).join(
                ImportBatch, ImportBatch.id == Measurement.batch_id, isouter=True
            )
        ).all()
    kinds = {(source.value, kind.value if kind else None) for source, kind in pairs}
    assert kinds == {("manual", None), ("import", "import"), ("sync", "sync")}


def test_plans_stakeholders_notes_actions_and_activities(demo: Store) -> None:
    with demo.reading() as s:
        versions = s.exec(select(PlanVersion)).all()
        causes = set(s.exec(select(VarianceNote.cause)).all())
        actions = s.exec(select(CorrectiveAction)).all()
        activities = s.exec(select(Activity)).all()
        roles = set(s.exec(select(Stakeholder.role)).all())
        indicators = s.exec(select(Indicator)).all()
    assert any(v.version == 2 and v.reason for v in versions)
    assert len({v.benefit_id for v in versions}) >= 3  # explicit plans; the rest default
    assert causes == set(VarianceCause)
    assert {a.status for a in actions} == set(ActionStatus)
    overdue = [
        a
        for a in actions
        if a.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        and a.due_date is not None
        and a.due_date < TODAY
    ]
    assert len(overdue) >= 2
    assert {a.kind for a in activities} >= {ActivityKind.TRAINING, ActivityKind.ADOPTION_MILESTONE}
    assert any(a.done_date for a in activities) and any(not a.done_date for a in activities)
    assert roles == set(Raci)
    assert len(indicators) >= 6


def test_definition_findings_show_the_common_mistakes(demo: Store) -> None:
    rules = Counter(f.rule for b in check_portfolio(demo) for f in b.findings)
    assert set(rules) >= {
        "no_owner",
        "owner_is_project_manager",
        "no_data_source",
        "defined_late",
        "no_leading_indicator",
        "not_measurable",
    }
    errors = [b.code for b in check_portfolio(demo) if b.errors and b.lifecycle != "draft"]
    assert errors == []  # nothing with an error got past the approval gate


def test_demo_shows_every_status_and_every_risk_reason(demo: Store) -> None:
    report = build_report(demo, TODAY)
    assert {r.status for r in report.benefits} == set(Status) - {Status.UNDEFINED}
    assert {reason for r in report.benefits for reason in r.risk_reasons} == set(RiskReason)
    for result in report.benefits:
        status, required, allowed = INTENDED[result.code]
        assert result.status is status, result.code
        reasons = set(result.risk_reasons)
        assert required <= reasons <= required | allowed, (result.code, reasons)


@pytest.mark.parametrize("today", [date(2025, 1, 1), date(2026, 2, 28), date(2027, 8, 31)])
def test_the_story_holds_whatever_today_is(tmp_path: Path, today: date) -> None:
    with create_demo(tmp_path / "demo.sqlite", today=today, seed=11) as store:
        report = build_report(store, today)
    for result in report.benefits:
        status, required, allowed = INTENDED[result.code]
        assert result.status is status, (today, result.code)
        assert required <= set(result.risk_reasons) <= required | allowed, (today, result.code)


def test_same_seed_and_today_give_the_same_portfolio(tmp_path: Path) -> None:
    # Same file name in different folders: the name becomes the first settings row.
    paths = [tmp_path / run / "demo.sqlite" for run in ("a", "b", "c")]
    for path, seed in zip(paths, (3, 3, 4), strict=True):
        create_demo(path, today=TODAY, seed=seed).close()
    first, second, other = (dump(path) for path in paths)
    assert first == second
    assert other["measurement"] != first["measurement"]


def test_dates_follow_today(tmp_path: Path) -> None:
    later = TODAY + timedelta(days=365)
    with create_demo(tmp_path / "demo.sqlite", today=later) as store, store.reading() as s:
        newest = s.exec(select(func.max(Measurement.date))).one()
    assert later - timedelta(days=31) <= newest < later


def test_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "mine.sqlite"
    target.write_bytes(b"my real portfolio")
    with pytest.raises(DemoError, match="already exists"):
        create_demo(target, today=TODAY)
    with pytest.raises(DemoError, match="already exists"):
        create_large_demo(target, benefits=10, measurements=100, today=TODAY)
    assert target.read_bytes() == b"my real portfolio"
    with pytest.raises(DemoError, match="folder"):
        create_demo(tmp_path, today=TODAY)


def test_an_empty_file_is_filled(tmp_path: Path) -> None:
    target = tmp_path / "empty.sqlite"
    target.touch()
    create_demo(target, today=TODAY).close()
    assert dump(target)["benefit"]


def test_a_failed_build_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self: DemoBuilder) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(DemoBuilder, "build", explode)
    target = tmp_path / "demo.sqlite"
    with pytest.raises(RuntimeError):
        create_demo(target, today=TODAY)
    assert not target.exists()


# --- the large demo ------------------------------------------------------------------


def test_large_demo_at_small_scale(tmp_path: Path) -> None:
    target = tmp_path / "large.sqlite"
    calls: list[tuple[int, int]] = []
    store = create_large_demo(
        target,
        benefits=200,
        measurements=10_000,
        today=TODAY,
        progress=lambda done, total: calls.append((done, total)),
    )
    with store:
        with store.reading() as s:
            assert s.exec(select(func.count(Benefit.id))).one() == 200
            assert s.exec(select(func.count(Measurement.id))).one() == 10_000
            assert s.exec(select(func.count(Project.id))).one() >= 10
            assert s.exec(select(func.count(Indicator.id))).one() > 0
            # The ORM reads what the raw path wrote: enum values, ISO dates, timestamps.
            figure = s.exec(select(Measurement).order_by(Measurement.id)).first()
            valued = s.exec(select(Benefit).where(Benefit.financial_value != None)).all()  # noqa: E711
        assert figure is not None and figure.recorded_at.tzinfo is not None
        assert len(valued) > 100
        assert all(b.owner_id and b.frequency and b.baseline_date for b in valued)
        report = build_report(store, TODAY)
        assert len(report.benefits) == 200
    assert calls[-1] == (10_000, 10_000)

    connection = sqlite3.connect(target)
    try:
        duplicates = connection.execute(
            "SELECT count(*) FROM (SELECT benefit_id, date FROM measurement"
            " GROUP BY benefit_id, date HAVING count(*) > 1)"
        ).fetchone()
        assert duplicates == (0,)
        order = [
            row[0]
            for row in connection.execute("SELECT id FROM measurement ORDER BY benefit_id, date")
        ]
        assert order == sorted(order)  # written in (benefit, date) order
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(
                "INSERT INTO measurement (benefit_id, date, value, source, recorded_at)"
                " SELECT benefit_id, date, 0, 'manual', recorded_at FROM measurement LIMIT 1"
            )
    finally:
        connection.close()


def test_large_demo_is_reproducible(tmp_path: Path) -> None:
    paths = [tmp_path / run / "large.sqlite" for run in ("a", "b")]
    for path in paths:
        create_large_demo(path, benefits=50, measurements=1_000, today=TODAY).close()
    assert dump(paths[0]) == dump(paths[1])
