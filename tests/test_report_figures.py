"""The report's figures, however they are read, equal the reference evaluation.

Random portfolios are written to real SQLite files; at several as-of dates the figures
`report --json` reads (FigureRows, through sqlite3 alone) and the app's `build_report`
(a whole Snapshot, also what `report --json` uses for anything but a current portfolio
file) must equal, bit for bit, the evaluation
as it was before issue 16 (tests/reference_evaluation.py) over every row of the
portfolio, measurements after as-of and every plan version included.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reference_evaluation as reference
from benefitdesk.analysis import portfolio_totals
from benefitdesk.model import (
    ActionStatus,
    Benefit,
    BenefitKind,
    CorrectiveAction,
    Frequency,
    Indicator,
    IndicatorMeasurement,
    Lifecycle,
    Measurement,
    PlanPoint,
    PlanVersion,
    PortfolioSettings,
    Project,
    VarianceCause,
    VarianceNote,
)
from benefitdesk.services import inputs
from benefitdesk.services.report import (
    Figures,
    build_report,
    file_figures,
    report_json,
    report_json_text,
)
from benefitdesk.store import Store
from benefitdesk.store.snapshot import load_snapshot

D0 = date(2024, 1, 1)
days = st.integers(0, 400)
values = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False) | st.sampled_from(
    [0.0, -0.0, 1.0, 100.0, 0.1, 1e-9]
)
series = st.dictionaries(days, values, max_size=10)


def day(k: int) -> date:
    return D0 + timedelta(days=k)


@dataclass
class IndicatorSpec:
    baseline: float | None
    baseline_day: int | None
    target: float | None
    target_day: int | None
    measurements: dict[int, float]


@dataclass
class BenefitSpec:
    dis_benefit: bool
    baseline: float | None
    baseline_day: int | None
    target: float | None
    target_day: int | None
    start_day: int | None
    project: int | None
    frequency: str | None
    financial_value: float | None
    lifecycle: str
    measurements: dict[int, float]
    plans: list[dict[int, float]]  # version 1, 2, …; the last may be empty
    indicators: list[IndicatorSpec] = field(default_factory=list)
    actions: list[tuple[str, int | None]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)


def _maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


@st.composite
def indicator_specs(draw: st.DrawFn) -> IndicatorSpec:
    baseline = draw(_maybe(values))
    target = draw(_maybe(values.filter(lambda t: t != baseline)))
    return IndicatorSpec(baseline, draw(_maybe(days)), target, draw(_maybe(days)), draw(series))


@st.composite
def benefit_specs(draw: st.DrawFn) -> BenefitSpec:
    baseline = draw(_maybe(values))
    target = draw(_maybe(values.filter(lambda t: t != baseline)))
    return BenefitSpec(
        dis_benefit=draw(st.booleans()),
        baseline=baseline,
        baseline_day=draw(st.one_of(days, st.none())),
        target=target,
        target_day=draw(_maybe(days)),
        start_day=draw(_maybe(days)),
        project=draw(_maybe(st.integers(0, 1))),
        frequency=draw(_maybe(st.sampled_from([f.value for f in Frequency]))),
        financial_value=draw(_maybe(st.floats(0, 1e7))),
        lifecycle=draw(st.sampled_from([lc.value for lc in Lifecycle])),
        measurements=draw(series),
        plans=draw(st.lists(st.dictionaries(days, values, max_size=6), max_size=3)),
        indicators=draw(st.lists(indicator_specs(), max_size=2)),
        actions=draw(
            st.lists(
                st.tuples(st.sampled_from([a.value for a in ActionStatus]), _maybe(days)),
                max_size=2,
            )
        ),
        notes=draw(
            st.lists(
                st.tuples(st.integers(0, 400), st.sampled_from([c.value for c in VarianceCause])),
                max_size=3,
            )
        ),
    )


@dataclass
class PortfolioSpec:
    amber: float
    red: float
    window: int
    projects: list[tuple[int | None, int | None, float | None]]  # planned, actual, budget
    benefits: list[BenefitSpec]


@st.composite
def portfolio_specs(draw: st.DrawFn) -> PortfolioSpec:
    amber = draw(st.floats(0, 40))
    return PortfolioSpec(
        amber=amber,
        red=draw(st.floats(amber, 80)),
        window=draw(st.integers(3, 8)),
        projects=draw(
            st.lists(st.tuples(_maybe(days), _maybe(days), _maybe(values)), min_size=2, max_size=2)
        ),
        benefits=draw(st.lists(benefit_specs(), min_size=1, max_size=6)),
    )


def write(path: Path, spec: PortfolioSpec) -> None:
    """The portfolio as real rows, through the ORM like any service writes them."""
    with Store(path) as store, store.transaction(audit=False) as session:
        settings_row = session.get(PortfolioSettings, 1)
        assert settings_row is not None
        settings_row.amber_pct, settings_row.red_pct = spec.amber, spec.red
        settings_row.forecast_window = spec.window
        projects = []
        for n, (planned, actual, budget) in enumerate(spec.projects):
            project = Project(
                code=f"P-{n}",
                name=f"Project {n}",
                planned_go_live=None if planned is None else day(planned),
                actual_go_live=None if actual is None else day(actual),
                budget=budget,
            )
            session.add(project)
            projects.append(project)
        session.flush()
        # Codes out of insertion order, so the report must sort them itself.
        for n, b in enumerate(spec.benefits):
            _write_benefit(session, f"B-{(n * 7) % 10}{n}", b, projects)


def _write_benefit(session, code: str, b: BenefitSpec, projects: list[Project]) -> None:  # type: ignore[no-untyped-def]
    def on(k: int | None) -> date | None:
        return None if k is None else day(k)

    row = Benefit(
        code=code,
        title=code,
        kind=BenefitKind.DIS_BENEFIT if b.dis_benefit else BenefitKind.BENEFIT,
        baseline=b.baseline,
        baseline_date=on(b.baseline_day),
        target=b.target,
        target_date=on(b.target_day),
        realisation_start=on(b.start_day),
        project_id=None if b.project is None else projects[b.project].id,
        frequency=b.frequency,
        financial_value=b.financial_value,
        status=b.lifecycle,
    )
    session.add(row)
    session.flush()
    for k, v in b.measurements.items():
        session.add(Measurement(benefit_id=row.id, date=day(k), value=v))
    for version, points in enumerate(b.plans, start=1):
        plan = PlanVersion(benefit_id=row.id, version=version)
        session.add(plan)
        session.flush()
        for k, v in points.items():
            session.add(PlanPoint(plan_version_id=plan.id, date=day(k), value=v))
    for n, i in enumerate(b.indicators):
        indicator = Indicator(
            code=f"{code}-I{n}",
            benefit_id=row.id,
            name="indicator",
            baseline=i.baseline,
            baseline_date=on(i.baseline_day),
            target=i.target,
            target_date=on(i.target_day),
        )
        session.add(indicator)
        session.flush()
        for k, v in i.measurements.items():
            session.add(IndicatorMeasurement(indicator_id=indicator.id, date=day(k), value=v))
    for status, due in b.actions:
        session.add(
            CorrectiveAction(benefit_id=row.id, title="act", status=status, due_date=on(due))
        )
    for period, cause in b.notes:
        session.add(VarianceNote(benefit_id=row.id, period=day(period), cause=cause))


def reference_figures(store: Store, as_of: date) -> Figures:
    """Every row of the portfolio, evaluated by the reference code."""
    with store.reading() as session:
        snapshot = load_snapshot(session)  # no as-of cut, no window: all of it
    limits = inputs.thresholds(snapshot)
    results = [
        reference.evaluate_benefit(inputs.benefit_input(snapshot, b), as_of, limits)
        for b in snapshot.benefits
    ]
    totals = portfolio_totals(
        results,
        inputs.project_inputs(snapshot),
        inputs.action_inputs(snapshot),
        inputs.note_inputs(snapshot),
        as_of,
    )
    return Figures(as_of, limits, results, totals)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    Store(path, create=True).close()
    return path


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=portfolio_specs(), as_ofs=st.lists(st.integers(-30, 430), min_size=1, max_size=3))
def test_every_way_of_reading_gives_the_reference_figures(
    template: Path, spec: PortfolioSpec, as_ofs: list[int]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.sqlite"
        shutil.copyfile(template, path)
        write(path, spec)
        with Store(path) as store:
            for as_of in map(day, as_ofs):
                expected = reference_figures(store, as_of)
                lean = file_figures(path, as_of)
                assert lean is not None
                for found in (lean, build_report(store, as_of)):
                    assert found.benefits == expected.benefits
                    assert found.totals == expected.totals
                    assert report_json(found) == report_json(expected)


SMALL = PortfolioSpec(
    amber=10.0,
    red=25.0,
    window=4,
    projects=[(30, 45, 5e5), (None, None, None)],
    benefits=[
        BenefitSpec(False, 20.0, 0, 30.0, 300, None, 0, "monthly", 1e6, "tracking",
                    {59: 21.0, 90: 22.5, 120: 23.0, 151: 23.5, 250: 40.0}, [{100: 22.0}, {}],
                    [IndicatorSpec(0.0, 0, 50.0, 200, {100: 10.0})], [("open", 150)],
                    [(120, "adoption")]),
        BenefitSpec(True, 5.0, 10, 8.0, 200, 20, 1, "quarterly", 2e5, "approved",
                    {100: 6.5, 180: 7.9}, [{50: 6.0, 150: 7.5}]),
        BenefitSpec(False, None, None, 1.0, None, None, None, None, None, "draft", {}, []),
    ],
)  # fmt: skip


def benefitdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "benefitdesk", *args], capture_output=True, text=True
    )


def test_the_command_writes_the_reference_json(template: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    shutil.copyfile(template, path)
    write(path, SMALL)
    with Store(path) as store:
        expected = report_json(reference_figures(store, day(200)))
    done = benefitdesk("report", str(path), "--json", "--as-of", day(200).isoformat())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected
    assert done.stdout.startswith('{\n  "as_of": ') and done.stdout.endswith("\n}\n")
    assert expected["benefits"][0]["forecast_value"] is not None  # the example exercises it


def test_the_json_text_is_the_report_object_written(template: Path, tmp_path: Path) -> None:
    """report_json_text hands orjson each result's own status and date (not the texts
    report_json makes of them): the bytes must be those of the report_json object."""
    import orjson

    path = tmp_path / "p.sqlite"
    shutil.copyfile(template, path)
    write(path, SMALL)
    for k in (-30, 0, 200, 430):
        figures = file_figures(path, day(k))
        assert figures is not None
        expected = orjson.dumps(
            report_json(figures), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
        )
        assert report_json_text(figures) == expected


def test_a_number_that_is_not_finite_is_written_as_null(template: Path, tmp_path: Path) -> None:
    """Only a portfolio written before such numbers were refused can hold one; JSON has
    no NaN or Infinity, so the command writes null and its output stays JSON."""
    path = tmp_path / "p.sqlite"
    shutil.copyfile(template, path)
    write(path, SMALL)
    with sqlite3.connect(path) as connection:
        connection.execute("update benefit set financial_value = 9e999")  # infinity
    connection.close()
    done = benefitdesk("report", str(path), "--json", "--as-of", day(200).isoformat())
    assert done.returncode == 0, done.stderr
    assert "Infinity" not in done.stdout and "NaN" not in done.stdout
    figures = json.loads(done.stdout)
    assert figures["portfolio"]["committed_value"] is None
    assert figures["benefits"][0]["realised_value"] is None


def test_a_portfolio_the_lean_read_cannot_take_goes_through_the_store(
    template: Path, tmp_path: Path
) -> None:
    """A newer schema is refused by the store with its own message, not misread."""
    path = tmp_path / "p.sqlite"
    shutil.copyfile(template, path)
    with sqlite3.connect(path) as connection:
        connection.execute("update alembic_version set version_num = '9999'")
    connection.close()
    assert file_figures(path, D0) is None
    assert file_figures(tmp_path / "missing.sqlite", D0) is None
    done = benefitdesk("report", str(path), "--json")
    assert done.returncode == 1
    assert "newer BenefitDesk" in done.stderr and not done.stdout


def test_the_kind_the_inputs_compare_with_is_the_models() -> None:
    assert BenefitKind.DIS_BENEFIT.value == inputs.DIS_BENEFIT
    assert BenefitKind.MAINTAIN.value == inputs.MAINTAIN
