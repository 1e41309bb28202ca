"""The dashboard: its figures equal the report, the attention list, background work."""

from __future__ import annotations

import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QThreadPool

from benefitdesk.model import (
    ActionStatus,
    Benefit,
    CorrectiveAction,
    Frequency,
    Lifecycle,
    Measurement,
    Person,
    PortfolioSettings,
    Project,
)
from benefitdesk.present.attention import AttentionKind, Urgency
from benefitdesk.present.formats import money
from benefitdesk.services import dashboard as dash
from benefitdesk.services.dashboard import attention_items, build_value_history, month_ends
from benefitdesk.services.measurements import log_measurement
from benefitdesk.services.report import build_report, report_json
from benefitdesk.store import Store
from benefitdesk.ui.background import LatestOnly
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.dashboard import DashboardPage
from benefitdesk.ui.dashboard.attention import ROW_ROLE, AttentionModel
from benefitdesk.ui.jobs import wait_for_workers

pytestmark = pytest.mark.gui

TODAY = date(2026, 11, 25)


# -- portfolios ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benefitdesk.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path, today=TODAY).close()
    return path


@pytest.fixture
def demo_store(demo_file: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    with Store(copy) as store:
        yield store


def build_attention_portfolio(store: Store) -> dict[str, int]:
    """One benefit per kind of attention item, and some that must stay off the list."""
    with store.transaction() as session:
        session.merge(PortfolioSettings(id=1, name="Attention test", currency="USD"))
        alice, bob = Person(name="Alice Chen"), Person(name="Bob Stone")
        session.add_all([alice, bob])
        session.add(Project(code="P-1", name="CRM", budget=500_000.0, actual_cost=200_000.0))
        session.flush()

        def benefit(code: str, **fields: object) -> Benefit:
            values: dict[str, object] = {
                "code": code,
                "title": f"Title {code}",
                "measure": "Rate",
                "unit": "%",
                "baseline": 0.0,
                "baseline_date": date(2026, 1, 1),
                "target": 100.0,
                "target_date": date(2026, 12, 31),
                "owner_id": alice.id,
                "data_source": "CRM",
                "frequency": Frequency.MONTHLY,
                "financial_value": 100_000.0,
                "status": Lifecycle.TRACKING,
                "defined_on": date(2025, 12, 1),
            }
            values.update(fields)
            row = Benefit(**values)  # type: ignore[arg-type]
            session.add(row)
            session.flush()
            return row

        def on_plan(row: Benefit, until: date, factor: float = 1.0) -> None:
            for day in month_ends(until, 12):
                if day >= date(2026, 1, 31):
                    value = 100.0 * (day - date(2026, 1, 1)).days / 364 * factor
                    session.add(Measurement(benefit_id=row.id, date=day, value=value))

        ok = benefit("B-OK")
        on_plan(ok, date(2026, 10, 31))
        late = benefit("B-LATE")  # last figure June: overdue (and at risk only for that)
        on_plan(late, date(2026, 6, 30))
        behind = benefit("B-BEHIND")  # 50 % of plan: off track
        on_plan(behind, date(2026, 10, 31), factor=0.5)
        acts = benefit("B-ACTS")
        on_plan(acts, date(2026, 10, 31))
        broken = benefit("B-BROKEN", frequency=None, defined_on=date(2025, 11, 1))
        draft = benefit("B-DRAFT", frequency=None, status=Lifecycle.DRAFT)
        gone = benefit("B-GONE", status=Lifecycle.CANCELLED)
        for row, title, status, due in (
            (acts, "Retrain the team", ActionStatus.OPEN, date(2026, 10, 1)),
            (acts, "Fix the report", ActionStatus.IN_PROGRESS, date(2026, 11, 1)),
            (acts, "Done already", ActionStatus.DONE, date(2026, 9, 1)),
            (acts, "Not due yet", ActionStatus.OPEN, date(2026, 12, 15)),
            (gone, "On a cancelled benefit", ActionStatus.OPEN, date(2026, 9, 1)),
            (draft, "On a draft", ActionStatus.OPEN, date(2026, 9, 1)),
        ):
            session.add(
                CorrectiveAction(
                    benefit_id=row.id, title=title, status=status, due_date=due, owner_id=bob.id
                )
            )
        rows = (ok, late, behind, acts, broken, draft, gone)
        return {r.code: r.id for r in rows}  # type: ignore[misc]


@pytest.fixture
def attention_store(store: Store) -> tuple[Store, dict[str, int]]:
    ids = build_attention_portfolio(store)
    return store, ids


def make_page(context: PortfolioContext, qtbot) -> DashboardPage:  # type: ignore[no-untyped-def]
    page = DashboardPage(context)
    qtbot.addWidget(page)
    page.resize(1140, 700)
    return page


def wait_for_value(page: DashboardPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: page.value_points is not None and not page.history.running, timeout=20_000
    )


# -- pure helpers ------------------------------------------------------------------------


def test_month_ends_end_on_the_as_of_date() -> None:
    ends = month_ends(date(2026, 11, 25), 24)
    assert len(ends) == 25
    assert ends[0] == date(2024, 11, 30) and ends[-2] == date(2026, 10, 31)
    assert ends[-1] == date(2026, 11, 25)
    assert month_ends(date(2026, 10, 31), 3) == [
        date(2026, 8, 31),
        date(2026, 9, 30),
        date(2026, 10, 31),
    ]


def test_value_history_equals_the_contract_on_full_history(demo_store) -> None:  # type: ignore[no-untyped-def]
    """The streamed history gives what ``analysis.value_over_time`` gives on a full
    snapshot (the contract's implementation), at every month end."""
    from benefitdesk.analysis import value_over_time
    from benefitdesk.services import inputs
    from benefitdesk.store.snapshot import load_snapshot

    report = build_report(demo_store, TODAY)
    history = build_value_history(demo_store, report, 24)
    with demo_store.reading() as session:
        snapshot = load_snapshot(session, as_of=TODAY)
    benefits = [inputs.benefit_input(snapshot, b) for b in snapshot.benefits]
    expected = value_over_time(benefits, list(history.dates), report.thresholds)
    got = history.points()
    assert [d for d, _, _ in got] == [d for d, _, _ in expected]
    assert [v for _, p, r in got for v in (p, r)] == pytest.approx(
        [v for _, p, r in expected for v in (p, r)]
    )
    assert got[-1][2] == pytest.approx(report.totals.realised_value)
    assert got[0][2] < got[-1][2]
    # Exactly, benefit by benefit: the history read as columns since the first date
    # gives what the money rule gives on each benefit's whole history.
    from benefitdesk.analysis.money import planned_over_time, realised_over_time

    whole = {row.id: b for row, b in zip(snapshot.benefits, benefits, strict=True)}
    assert history.contributions
    for benefit_id, (planned, realised) in history.contributions.items():
        b = whole[benefit_id]
        assert planned == tuple(planned_over_time(b, history.dates))
        assert realised == tuple(realised_over_time(b, history.dates))


def test_attention_items_of_each_kind(attention_store) -> None:  # type: ignore[no-untyped-def]
    store, ids = attention_store
    report = build_report(store, TODAY)
    items = attention_items(report)
    found = {(i.kind, i.code) for i in items}
    assert found == {
        (AttentionKind.OVERDUE_MEASUREMENT, "B-LATE"),
        (AttentionKind.AT_RISK, "B-BEHIND"),
        (AttentionKind.OVERDUE_ACTION, "B-ACTS"),
        (AttentionKind.DEFINITION_ERROR, "B-BROKEN"),
    }
    actions = [i for i in items if i.kind is AttentionKind.OVERDUE_ACTION]
    assert [(a.reason, a.when, a.owner) for a in actions] == [
        ("Retrain the team (open)", date(2026, 10, 1), "Bob Stone"),
        ("Fix the report (in progress)", date(2026, 11, 1), "Bob Stone"),
    ]
    (late,) = [i for i in items if i.kind is AttentionKind.OVERDUE_MEASUREMENT]
    assert late.benefit_id == ids["B-LATE"] and late.owner == "Alice Chen"
    assert late.when == date(2026, 7, 31) and late.when_label == "due"
    assert "last figure 30 Jun 2026" in late.reason
    (risk,) = [i for i in items if i.kind is AttentionKind.AT_RISK]
    assert risk.urgency is Urgency.HIGH and risk.name == "Off track"
    assert risk.reason.startswith("behind plan (−")
    (broken,) = [i for i in items if i.kind is AttentionKind.DEFINITION_ERROR]
    assert broken.reason.startswith("No reporting frequency") and broken.urgency is Urgency.HIGH
    # most urgent first, then the oldest date first
    assert [i.urgency for i in items] == sorted(i.urgency for i in items)
    assert [i.code for i in items[:2]] == ["B-BROKEN", "B-BEHIND"]
    # the counts agree with the totals (an overdue-only risk is listed once, as overdue)
    totals = report.totals
    assert len(actions) == totals.overdue_actions
    assert totals.overdue_measurements == 1 and totals.at_risk_count == 2


def test_definitions_are_checked_once_per_snapshot(attention_store) -> None:  # type: ignore[no-untyped-def]
    """The list's definition errors are kept for the snapshot they were checked on; an
    edit brings a new snapshot, checked again."""
    from dataclasses import replace

    from benefitdesk.enums import Frequency
    from benefitdesk.services.benefits import load_benefit_fields, save_benefit
    from benefitdesk.services.report import refresh_report

    store, ids = attention_store
    report = build_report(store, TODAY)
    errors = dash.definition_errors(report.snapshot)
    assert list(errors) == [ids["B-BROKEN"]]
    assert errors[ids["B-BROKEN"]].startswith("No reporting frequency")
    assert dash.definition_errors(report.snapshot) is errors  # not checked again
    fields = load_benefit_fields(store, benefit_id=ids["B-BROKEN"])
    assert fields is not None
    save_benefit(store, replace(fields, frequency=Frequency.MONTHLY), benefit_id=ids["B-BROKEN"])
    fresh = refresh_report(store, report, {ids["B-BROKEN"]})
    assert dash.definition_errors(fresh.snapshot) == {}
    assert all(i.kind is not AttentionKind.DEFINITION_ERROR for i in attention_items(fresh))


def test_attention_model_passes_the_model_tester(attention_store, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    store, _ids = attention_store
    model = AttentionModel()
    model.set_rows(attention_items(build_report(store, TODAY)))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 5
    first = model.index(0, AttentionModel.COL_KIND)
    assert first.data() == "Definition error"
    assert first.data(ROW_ROLE).code == "B-BROKEN"
    assert model.index(0, AttentionModel.COL_DATE).data() == "defined 1 Nov 2025"
    assert model.index(0, AttentionModel.COL_KIND).data(Qt.ItemDataRole.DecorationRole) is not None


# -- the page ------------------------------------------------------------------------------


def test_dashboard_figures_equal_the_report(demo_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    context = PortfolioContext(demo_store, as_of=TODAY)
    page = make_page(context, qtbot)
    expected = report_json(build_report(demo_store, TODAY))["portfolio"]
    assert page.figures() == expected
    cards = page.cards.cards
    for key in ("investment", "actual_cost", "committed_value", "realised_value"):
        assert cards[key].value.text() == money(expected[key], "GBP", compact=True)
        assert cards[key].toolTip() == money(expected[key], "GBP")
    assert cards["planned_to_date_value"].value.text() == money(
        expected["planned_to_date_value"], "GBP", compact=True
    )
    assert cards["at_risk_value"].value.text() == money(
        expected["at_risk_value"], "GBP", compact=True
    )
    assert cards["at_risk_value"].detail.text() == (
        f"{expected['at_risk_count']} benefits need attention"
    )
    assert cards["actions"].value.text() == f"{expected['open_actions']} open"
    assert cards["actions"].detail.text() == f"{expected['overdue_actions']} overdue"
    assert cards["overdue_measurements"].value.text() == str(expected["overdue_measurements"])
    assert page.as_of_label.text() == "As of 25 Nov 2026"
    page.show()
    page.ensure_charts()
    qtbot.waitUntil(lambda: page.status_chart is not None)
    shown = {s.value: n for s, n in page.status_chart.counts.items()}
    assert shown == expected["status_counts"]
    wait_for_value(page, qtbot)


def test_the_dashboard_says_when_its_charts_are_built_or_cannot_be(
    demo_store, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The window waits for ``charts_ready`` to let its background work go on: it must
    come when the charts are built, and when their module cannot be imported."""
    context = PortfolioContext(demo_store, as_of=TODAY)
    with qtbot.waitSignal(make_page(context, qtbot).charts_ready, timeout=20_000):
        pass
    monkeypatch.setattr("benefitdesk.ui.dashboard.page.CHART_MODULE", "benefitdesk.ui.no_charts")
    broken = make_page(context, qtbot)
    # The import's error is raised as ever (shown to the user).
    with qtbot.captureExceptions() as raised, qtbot.waitSignal(broken.charts_ready, timeout=20_000):
        pass
    assert [kind for kind, *_ in raised] == [ModuleNotFoundError]


def test_value_over_time_job_result_is_applied(demo_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    context = PortfolioContext(demo_store, as_of=TODAY)
    page = make_page(context, qtbot)
    assert page.value_chart is None  # pyqtgraph waits until the page is shown
    page.show()
    qtbot.waitUntil(lambda: page.value_chart is not None)
    wait_for_value(page, qtbot)
    points = page.value_points
    assert [p[0] for p in points] == month_ends(TODAY, 24)
    last_day, planned, realised = points[-1]
    totals = context.report.totals
    assert last_day == TODAY
    assert planned == pytest.approx(totals.planned_to_date_value)
    assert realised == pytest.approx(totals.realised_value)
    _x, y = page.value_chart.realised.getData()
    assert list(y) == pytest.approx([p[2] for p in points])
    assert page.value_chart.stack.currentWidget() is page.value_chart.graphics


def test_edit_refreshes_cards_list_and_value_history(attention_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, _ids = attention_store
    context = PortfolioContext(store, as_of=TODAY)
    page = make_page(context, qtbot)
    wait_for_value(page, qtbot)
    before = page.figures()["realised_value"]
    assert page.attention_count() == 5
    with qtbot.waitSignal(page.attention_changed) as signal:
        context.apply(log_measurement(store, "B-LATE", date(2026, 10, 31), 80.0).change)
    assert signal.args == [4]  # B-LATE is no longer overdue
    assert page.figures() == report_json(build_report(store, TODAY))["portfolio"]
    assert page.figures()["realised_value"] > before
    assert page.cards.cards["realised_value"].value.text().startswith("$")
    qtbot.waitUntil(
        lambda: (
            page.value_points is not None
            and page.value_points[-1][2] == pytest.approx(context.report.totals.realised_value)
        ),
        timeout=20_000,
    )
    full = build_value_history(
        store, context.report
    ).points()  # the partial update equals a rebuild
    assert [d for d, _, _ in page.value_points] == [d for d, _, _ in full]
    flat = [v for _, p, r in full for v in (p, r)]
    assert [v for _, p, r in page.value_points for v in (p, r)] == pytest.approx(flat)


def test_reload_ignores_results_of_the_older_job(attention_store, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store, _ids = attention_store
    gate = threading.Event()
    calls: list[date] = []
    real = dash.build_value_history

    def slow_first(store_, report, months=24, check=lambda: None):  # type: ignore[no-untyped-def]
        calls.append(report.as_of)
        if len(calls) == 1:
            gate.wait(10)
        return real(store_, report, months, check)

    monkeypatch.setattr("benefitdesk.ui.background.build_value_history", slow_first)
    context = PortfolioContext(store, as_of=TODAY)
    page = make_page(context, qtbot)
    context.reload(date(2026, 6, 30))  # a second job starts; the first is now stale
    qtbot.waitUntil(lambda: page.value_points is not None, timeout=20_000)
    assert page.value_points[-1][0] == date(2026, 6, 30)
    gate.set()
    wait_for_workers(10_000)
    qtbot.wait(50)
    assert page.value_points[-1][0] == date(2026, 6, 30)  # the late old result was dropped
    assert page.as_of_label.text() == "As of 30 Jun 2026"


def test_latest_only_delivers_just_the_newest_result(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = LatestOnly("test")
    gate = threading.Event()
    got: list[str] = []
    runner.run(lambda _c: gate.wait(10) and "old", got.append)
    runner.run(lambda _c: "new", got.append)
    qtbot.waitUntil(lambda: got == ["new"])
    gate.set()
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)
    assert got == ["new"]
    runner.deleteLater()


def test_large_portfolio_computes_the_list_in_the_background(
    attention_store, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    store, _ids = attention_store
    monkeypatch.setattr("benefitdesk.ui.dashboard.page.SYNC_ATTENTION_LIMIT", 0)
    context = PortfolioContext(store, as_of=TODAY)
    page = DashboardPage(context)
    qtbot.addWidget(page)
    assert page.attention_count() is None  # not counted yet: "Needs attention (…)"
    with qtbot.waitSignal(page.attention_changed, timeout=10_000) as signal:
        pass
    assert signal.args == [5] and page.attention_count() == 5
    wait_for_value(page, qtbot)


def test_activating_an_item_opens_its_benefit(attention_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, ids = attention_store
    page = make_page(PortfolioContext(store, as_of=TODAY), qtbot)
    page.show()
    table = page.attention.table
    index = table.model().index(1, 2)
    assert index.data(ROW_ROLE).code == "B-BEHIND"
    with qtbot.waitSignal(page.item_activated) as signal:
        table.doubleClicked.emit(index)
    assert signal.args[0].benefit_id == ids["B-BEHIND"]
    page.focus_attention()
    assert table.currentIndex().row() == 0
    with qtbot.waitSignal(page.item_activated) as signal:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert signal.args[0].benefit_id == ids["B-BROKEN"]
    table.setCurrentIndex(QModelIndex())
    wait_for_value(page, qtbot)


def test_sorting_the_list_by_a_column(attention_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, _ids = attention_store
    page = make_page(PortfolioContext(store, as_of=TODAY), qtbot)
    table = page.attention.table
    table.sortByColumn(AttentionModel.COL_CODE, Qt.SortOrder.AscendingOrder)
    codes = [table.model().index(r, 1).data() for r in range(table.model().rowCount())]
    assert codes == sorted(codes)
    wait_for_value(page, qtbot)


def test_forecast_accuracy_is_computed_when_its_tab_is_chosen(demo_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A pass over every benefit that nobody waits for while the dashboard opens."""
    page = make_page(PortfolioContext(demo_store, as_of=TODAY), qtbot)
    assert page.accuracy.tables is None
    page.bottom.setCurrentWidget(page.accuracy)
    assert page.accuracy.tables is not None and page.accuracy.model.rowCount() > 0
    shown = page.accuracy.tables
    page.refresh()  # the same report: not computed again
    assert page.accuracy.tables is shown


def test_the_last_sessions_value_over_time_is_shown_at_once(  # type: ignore[no-untyped-def]
    demo_file: Path, tmp_path: Path, app_settings, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept when the portfolio closes, shown on the next open without the half second of
    work it takes on a large portfolio; never once the file has changed."""
    from benefitdesk.ui.main_window import MainWindow

    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    runs: list[int] = []

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        runs.append(1)
        return build_value_history(*args, **kwargs)

    monkeypatch.setattr("benefitdesk.ui.background.build_value_history", counted)
    win = MainWindow(app_settings, as_of=TODAY)
    qtbot.addWidget(win)
    win.show()

    def opened() -> list[tuple[date, float, float]]:
        win.open_portfolio(path, background=True)
        qtbot.waitSignal(win.interactive, timeout=30_000).wait()
        assert win.dashboard is not None and win.dashboard.value_points is not None
        return win.dashboard.value_points

    computed = opened()
    assert runs == [1]
    win.close_portfolio()
    assert opened() == computed and runs == [1]  # the kept points, not computed again
    win.close_portfolio()
    log_measurement(Store(path), "B-001", date(2026, 11, 25), 1.0)  # the file changes
    opened()
    assert runs == [1, 1]  # computed again
    win.close()
