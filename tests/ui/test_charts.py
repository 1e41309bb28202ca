"""The benefit chart and the dashboard charts, drawn from a real portfolio file."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPointF, QThreadPool
from PySide6.QtWidgets import QApplication

from benefitdesk.analysis.types import Status
from benefitdesk.model import (
    Benefit,
    BenefitKind,
    Frequency,
    Indicator,
    IndicatorMeasurement,
    Lifecycle,
    Measurement,
    Person,
    PlanPoint,
    PlanVersion,
)
from benefitdesk.services.changes import Change
from benefitdesk.services.measurements import log_measurement
from benefitdesk.store import Store
from benefitdesk.ui.charts.series import from_seconds, snap_day, to_seconds
from benefitdesk.ui.context import PortfolioContext

pytestmark = pytest.mark.gui

AS_OF = date(2026, 1, 15)
MONTH_ENDS = [
    date(2025, 1, 31),
    date(2025, 2, 28),
    date(2025, 3, 31),
    date(2025, 4, 30),
    date(2025, 5, 31),
    date(2025, 6, 30),
    date(2025, 7, 31),
    date(2025, 8, 31),
    date(2025, 9, 30),
    date(2025, 10, 31),
    date(2025, 11, 30),
    date(2025, 12, 31),
]


def _benefit(code: str, owner_id: int, **fields: object) -> Benefit:
    values: dict[str, object] = {
        "code": code,
        "title": f"Benefit {code}",
        "measure": "Orders per day",
        "unit": "orders",
        "baseline": 100.0,
        "baseline_date": date(2025, 1, 1),
        "target": 200.0,
        "target_date": date(2026, 12, 31),
        "owner_id": owner_id,
        "data_source": "ERP",
        "frequency": Frequency.MONTHLY,
        "financial_value": 1_000_000.0,
        "status": Lifecycle.TRACKING,
    }
    values.update(fields)
    return Benefit(**values)  # type: ignore[arg-type]


def build_portfolio(store: Store) -> dict[str, int]:
    """B-001 re-baselined with an indicator and a forecast; B-002 empty; B-003 a
    dis-benefit; B-004 one measurement and no target."""
    with store.transaction() as session:
        owner = Person(name="Alice Chen")
        session.add(owner)
        session.flush()
        rebased = _benefit("B-001", owner.id)
        empty = _benefit(
            "B-002",
            owner.id,
            baseline=None,
            baseline_date=None,
            target=None,
            target_date=None,
            status=Lifecycle.DRAFT,
        )
        dis = _benefit("B-003", owner.id, kind=BenefitKind.DIS_BENEFIT, baseline=10.0, target=20.0)
        single = _benefit("B-004", owner.id, target=None, target_date=None)
        session.add_all([rebased, empty, dis, single])
        session.flush()
        for version, mid in ((1, 140.0), (2, 120.0)):
            plan = PlanVersion(benefit_id=rebased.id, version=version, reason="late go-live")
            session.add(plan)
            session.flush()
            session.add(PlanPoint(plan_version_id=plan.id, date=date(2025, 6, 30), value=mid))
            session.add(PlanPoint(plan_version_id=plan.id, date=date(2026, 12, 31), value=200.0))
        for k, day in enumerate(MONTH_ENDS):
            session.add(Measurement(benefit_id=rebased.id, date=day, value=100.0 + 4 * k))
            session.add(Measurement(benefit_id=dis.id, date=day, value=10.0 + 0.5 * k))
        session.add(Measurement(benefit_id=single.id, date=date(2025, 6, 30), value=111.0))
        adoption = Indicator(
            code="I-001",
            benefit_id=rebased.id,
            name="Adoption",
            unit="%",
            baseline=0.0,
            baseline_date=date(2025, 1, 1),
            target=100.0,
            target_date=date(2025, 12, 31),
        )
        session.add(adoption)
        session.flush()
        for k, day in enumerate(MONTH_ENDS[:6]):
            session.add(IndicatorMeasurement(indicator_id=adoption.id, date=day, value=8.0 * k))
        ids = {b.code: b.id for b in (rebased, empty, dis, single)}
    return ids  # type: ignore[return-value]


@pytest.fixture
def context(store: Store, qapp) -> PortfolioContext:  # type: ignore[no-untyped-def]
    build_portfolio(store)
    return PortfolioContext(store, as_of=AS_OF)


@pytest.fixture
def chart(context: PortfolioContext, qtbot):  # type: ignore[no-untyped-def]
    from benefitdesk.ui.charts import BenefitChart

    widget = BenefitChart(context)
    qtbot.addWidget(widget)
    widget.resize(1000, 520)
    widget.show()
    return widget


def show(chart, benefit_id: int | None) -> None:  # type: ignore[no-untyped-def]
    """Show a benefit and wait for its history to be read in the background."""
    chart.show_benefit(benefit_id)
    deadline = time.monotonic() + 10
    while chart.loading and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    assert not chart.loading


def data_of(item) -> tuple[list[date], list[float]]:  # type: ignore[no-untyped-def]
    x, y = item.getData()
    if x is None:
        return [], []
    return [from_seconds(v) for v in x], [float(v) for v in y]


def test_importing_the_window_does_not_import_pyqtgraph() -> None:
    code = (
        "import sys\n"
        "import benefitdesk.ui.main_window, benefitdesk.ui.charts, benefitdesk.ui.dashboard\n"
        "from benefitdesk.ui.dashboard.page import DashboardPage\n"
        "assert 'pyqtgraph' not in sys.modules, 'pyqtgraph imported eagerly'\n"
        "from benefitdesk.ui.charts import BenefitChart\n"
        "assert 'pyqtgraph' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr


def test_dates_round_trip_through_epoch_seconds() -> None:
    for day in (date(1970, 1, 1), date(2025, 2, 28), date(2026, 12, 31)):
        assert from_seconds(to_seconds(day)) == day
    assert to_seconds(date(1970, 1, 2)) == 86_400


def test_rebaselined_benefit_shows_every_series(chart, context: PortfolioContext) -> None:  # type: ignore[no-untyped-def]
    benefit = context.benefit_by_code("B-001")
    result = context.result_for(benefit.id)
    show(chart, benefit.id)
    assert chart.stack.currentWidget() is chart.graphics

    days, values = data_of(chart.plan)  # current plan (v2), held flat to the end
    assert days[:3] == [date(2025, 1, 1), date(2025, 6, 30), date(2026, 12, 31)]
    assert values[:3] == [100.0, 120.0, 200.0]
    assert days[-1] == chart.data.end and values[-1] == 200.0
    odays, ovalues = data_of(chart.original)  # version 1, dashed
    assert odays[:3] == days[:3] and ovalues[:3] == [100.0, 140.0, 200.0]
    assert (
        chart.original.opts["pen"].style()
        == pytest.importorskip("PySide6.QtCore").Qt.PenStyle.DashLine
    )

    bdays, bvalues = data_of(chart.band)  # adverse side: 10 % of |T - B| below plan
    assert bdays == days and bvalues == [v - 10.0 for v in values]
    assert chart.band_fill.isVisible()
    base_days, base_values = data_of(chart.baseline)
    assert base_days[0] == date(2025, 1, 1) and set(base_values) == {100.0}

    adays, avalues = data_of(chart.actuals)
    assert adays == MONTH_ENDS and avalues == [100.0 + 4 * k for k in range(12)]
    fdays, fvalues = data_of(chart.forecast)
    assert result.forecast_value is not None
    assert fdays == [MONTH_ENDS[-1], date(2026, 12, 31)]
    assert fvalues == [pytest.approx(144.0), pytest.approx(result.forecast_value)]

    tx, ty = chart.target.getData()
    assert [from_seconds(v) for v in tx] == [date(2026, 12, 31)] and list(ty) == [200.0]
    assert chart.target_line.value() == 200.0
    assert from_seconds(chart.today.value()) == AS_OF

    assert len(chart.indicator_plots) == 1
    indicator = chart.indicator_plots[0]
    assert indicator.plot.getViewBox().linkedView(0) is chart.main.getViewBox()
    idays, ivalues = data_of(indicator.actuals)
    assert idays == MONTH_ENDS[:6] and ivalues == [8.0 * k for k in range(6)]
    pdays, pvalues = data_of(indicator.plan)
    assert pdays == [date(2025, 1, 1), date(2025, 12, 31)] and pvalues == [0.0, 100.0]

    names = [label.text for _sample, label in chart.legend.items]
    assert names == [
        "Baseline",
        "Original plan",
        "Plan (v2)",
        "Tolerance (10%)",
        "Target",
        "Actual",
        "Forecast",
    ]


def test_hover_shows_the_date_and_the_values_there(chart, context) -> None:  # type: ignore[no-untyped-def]
    show(chart, context.benefit_by_code("B-001").id)
    lines = chart.hover_at(date(2025, 6, 30))
    assert lines[0] == "30 Jun 2025"
    assert "Actual: 120 orders" in lines
    assert "Plan v2: 120 orders" in lines
    assert "Original plan: 140 orders" in lines
    assert "Adoption: 40%" in lines
    text = chart.hover_text()
    assert text.startswith("30 Jun 2025") and "Actual: 120 orders" in text
    assert chart.crosshair.isVisible()
    assert chart.indicator_plots  # "Adoption" above
    assert all(h.crosshair.isVisible() for h in chart.indicator_plots)


def test_hover_follows_the_mouse_and_snaps_to_a_point(chart, context, qtbot) -> None:  # type: ignore[no-untyped-def]
    show(chart, context.benefit_by_code("B-001").id)
    qtbot.waitExposed(chart)
    view = chart.main.getViewBox()
    near = to_seconds(date(2025, 7, 29))  # two days from a measurement
    scene = view.mapViewToScene(QPointF(near, 130.0))
    chart.graphics.scene().sigMouseMoved.emit(scene)
    text = chart.hover_text()
    assert text.startswith("31 Jul 2025"), text
    assert "Actual: 124 orders" in text
    chart.graphics.scene().sigMouseMoved.emit(QPointF(-50, -50))
    assert chart.hover_text() == ""


def test_snapping_only_within_tolerance(chart, context) -> None:  # type: ignore[no-untyped-def]
    show(chart, context.benefit_by_code("B-001").id)
    assert snap_day(chart.data, date(2025, 7, 3), 5) == date(2025, 6, 30)
    assert snap_day(chart.data, date(2025, 7, 15), 5) == date(2025, 7, 15)


def test_benefit_without_data_shows_a_message(chart, context) -> None:  # type: ignore[no-untyped-def]
    show(chart, context.benefit_by_code("B-002").id)
    assert chart.stack.currentWidget() is chart.message
    assert "Nothing to chart" in chart.message.text()
    assert chart.hover_at(date(2025, 1, 1)) == []
    show(chart, None)
    assert "Select a benefit" in chart.message.text()
    show(chart, 987654)
    assert "no longer exists" in chart.message.text()


def test_dis_benefit_band_is_on_the_high_side(chart, context) -> None:  # type: ignore[no-untyped-def]
    benefit = context.benefit_by_code("B-003")
    show(chart, benefit.id)
    _days, plan = data_of(chart.plan)
    _bdays, band = data_of(chart.band)
    assert band == [v + 1.0 for v in plan]  # more impact than planned is adverse
    assert "dis-benefit" in chart.main.titleLabel.text


def test_single_point_without_target(chart, context) -> None:  # type: ignore[no-untyped-def]
    show(chart, context.benefit_by_code("B-004").id)
    assert chart.stack.currentWidget() is chart.graphics
    assert data_of(chart.actuals) == ([date(2025, 6, 30)], [111.0])
    assert data_of(chart.plan) == ([], [])
    assert data_of(chart.band) == ([], [])
    assert data_of(chart.forecast) == ([], [])
    assert not chart.target_line.isVisible()
    assert chart.indicator_plots == []
    assert chart.hover_at(date(2025, 6, 30))[1] == "Actual: 111 orders"


def test_switching_benefits_reuses_and_drops_indicator_plots(chart, context) -> None:  # type: ignore[no-untyped-def]
    show(chart, context.benefit_by_code("B-001").id)
    assert len(chart.indicator_plots) == 1
    show(chart, context.benefit_by_code("B-003").id)
    assert chart.indicator_plots == []
    names = [label.text for _sample, label in chart.legend.items]
    assert "Original plan" not in names and "Plan" in names


def test_chart_redraws_when_its_benefit_changes(chart, context, store, qtbot) -> None:  # type: ignore[no-untyped-def]
    benefit = context.benefit_by_code("B-001")
    show(chart, benefit.id)
    logged = log_measurement(store, "B-001", date(2026, 1, 31), 150.0)
    context.apply(logged.change)  # as-of is 15 Jan: a later figure is not shown
    qtbot.waitUntil(lambda: not chart.loading)
    assert data_of(chart.actuals)[0][-1] == MONTH_ENDS[-1]
    logged = log_measurement(store, "B-001", date(2025, 12, 31), 150.0)
    context.apply(logged.change)
    assert chart.loading
    qtbot.waitUntil(lambda: not chart.loading)
    assert data_of(chart.actuals)[1][-1] == 150.0
    context.apply(Change("benefit", benefit_ids=frozenset({999})))  # another benefit
    assert not chart.loading


def test_only_the_latest_benefit_is_drawn(chart, context, qtbot) -> None:  # type: ignore[no-untyped-def]
    chart.show_benefit(context.benefit_by_code("B-003").id)
    chart.show_benefit(context.benefit_by_code("B-001").id)  # before the first is read
    qtbot.waitUntil(lambda: not chart.loading)
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(20)
    assert chart.data.code == "B-001"


def test_value_chart_plots_points_and_hovers(qtbot) -> None:  # type: ignore[no-untyped-def]
    from benefitdesk.ui.charts import ValueChart

    chart = ValueChart()
    qtbot.addWidget(chart)
    points = [
        (date(2025, 10, 31), 100_000.0, 80_000.0),
        (date(2025, 11, 30), 200_000.0, 150_000.0),
        (date(2025, 12, 15), 250_000.0, 260_000.0),
    ]
    chart.set_points(points, "EUR")
    assert chart.stack.currentWidget() is chart.graphics
    assert data_of(chart.planned) == (
        [p[0] for p in points],
        [p[1] for p in points],
    )
    assert data_of(chart.realised)[1] == [p[2] for p in points]
    text = chart.hover_at(date(2025, 12, 1))
    assert text == "30 Nov 2025\nPlanned to date: €200k\nRealised: €150k"
    assert chart._money_tick(1_500_000) == "€1.5m"
    chart.set_points([], "EUR")
    assert chart.stack.currentWidget() is chart.message


def test_status_chart_has_one_bar_per_status(qtbot) -> None:  # type: ignore[no-untyped-def]
    from benefitdesk.ui.charts import StatusChart

    chart = StatusChart()
    qtbot.addWidget(chart)
    counts = {s.value: n for n, s in enumerate(Status) if s is not Status.UNDEFINED}
    chart.set_counts(counts)
    assert list(chart.counts) == [s for s in Status if s is not Status.UNDEFINED]
    assert list(chart.bars.opts["width"]) == [counts[s.value] for s in chart.counts]
    assert [label.textItem.toPlainText() for label in chart.labels] == [
        str(counts[s.value]) for s in chart.counts
    ]
    chart.set_counts({**counts, "undefined": 2})
    assert Status.UNDEFINED in chart.counts


def test_an_unknown_chart_name_fails_loudly() -> None:
    import benefitdesk.ui.charts as charts

    with pytest.raises(AttributeError):
        _ = charts.NoSuchChart  # type: ignore[attr-defined]


@pytest.fixture
def view_moves(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every chart item moved from one view to another (each move is a signal
    disconnect, which PySide now and then fails: "Failed to disconnect")."""
    from pyqtgraph.graphicsItems.GraphicsItem import GraphicsItem

    moves: list[str] = []
    real = GraphicsItem._updateView

    def tied(item) -> object:  # type: ignore[no-untyped-def]
        return item._connectedView() if item._connectedView is not None else None

    def recording(item) -> None:  # type: ignore[no-untyped-def]
        before = tied(item)
        real(item)
        if before is not None and tied(item) is not before:
            moves.append(f"{type(item).__name__} from {type(before).__name__}")

    monkeypatch.setattr(GraphicsItem, "_updateView", recording)
    return moves


def test_charts_are_built_with_no_item_moved_between_views(
    view_moves: list[str], context: PortfolioContext, qtbot: Any
) -> None:
    from benefitdesk.ui.charts import BenefitChart, StatusChart, ValueChart

    chart = BenefitChart(context)
    qtbot.addWidget(chart)
    chart.show()
    show(chart, context.benefit_by_code("B-001").id)  # with its indicator's plot
    value, status = ValueChart(), StatusChart()
    qtbot.addWidget(value)
    qtbot.addWidget(status)
    status.set_counts({"on_track": 3, "at_risk": 1})
    status.set_counts({"on_track": 2})
    assert view_moves == []
