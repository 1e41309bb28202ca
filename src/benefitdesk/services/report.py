"""The portfolio report: every benefit evaluated at an as-of date, and the totals.

The CLI's ``report``, the dashboard and the board pack all read this one object, so
their figures agree by construction. ``report --json`` needs the figures alone: from a
portfolio file it reads them as FigureRows (store/figures.py), without importing
SQLAlchemy or the model, which is why the Snapshot is imported on use here.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benefitdesk.analysis.evaluate import evaluate_benefit
from benefitdesk.analysis.portfolio import portfolio_totals
from benefitdesk.analysis.types import (
    BenefitInput,
    BenefitResult,
    PortfolioTotals,
    Status,
    Thresholds,
)
from benefitdesk.services import inputs
from benefitdesk.store.figures import BenefitLabel, FigureSource, Labels, read_portfolio_file

if TYPE_CHECKING:
    from benefitdesk.store import Store
    from benefitdesk.store.snapshot import Snapshot


@dataclass(frozen=True)
class Figures:
    """The figures at as-of without the rows behind them (``report --json``)."""

    as_of: date
    thresholds: Thresholds
    benefits: list[BenefitResult]  # in code order
    totals: PortfolioTotals
    inputs: Sequence[BenefitInput] = ()  # what each benefit was evaluated from, in order


@dataclass(frozen=True)
class Report:
    as_of: date
    snapshot: Snapshot
    thresholds: Thresholds
    benefits: list[BenefitResult]  # in code order, aligned with snapshot.benefits
    totals: PortfolioTotals
    #: What each benefit was evaluated from, aligned with ``benefits``: the dashboard's
    #: value over time and a report at another date reuse them.
    inputs: Sequence[BenefitInput]

    def result_for(self, code: str) -> BenefitResult | None:
        return next((r for r in self.benefits if r.code == code), None)


def evaluate_figures(
    source: FigureSource, as_of: date, benefit_inputs: Sequence[BenefitInput] | None = None
) -> Figures:
    """Every benefit's figures and the totals, from a Snapshot or FigureRows.

    ``benefit_inputs`` (one per benefit, in the source's order) saves building them
    again when one snapshot is evaluated at several dates.
    """
    limits = inputs.thresholds(source)
    with collector_paused():
        if benefit_inputs is None:
            benefit_inputs = [inputs.benefit_input(source, b) for b in source.benefits]
        results = [evaluate_benefit(b, as_of, limits) for b in benefit_inputs]
        totals = _totals(results, source, as_of)
    return Figures(as_of, limits, results, totals, benefit_inputs)


def _totals(results: list[BenefitResult], source: FigureSource, as_of: date) -> PortfolioTotals:
    codes = inputs.benefit_codes(source)
    return portfolio_totals(
        results,
        inputs.project_inputs(source),
        inputs.action_inputs(source, codes),
        inputs.note_inputs(source, codes),
        as_of,
    )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a report makes its tens of thousands of
    objects: none of them forms a cycle, and the collector's passes over them cost a
    tenth of the report's time.

    Pause over as much of the work as one can: once resumed, the collector passes at
    its next allocation over every object made while it was paused and still alive (a
    read's 200,000 of them when the evaluation follows it unpaused: 30 ms)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def evaluate_snapshot(
    snapshot: Snapshot, as_of: date, benefit_inputs: Sequence[BenefitInput] | None = None
) -> Report:
    """Evaluate an already-loaded snapshot (the GUI keeps one in memory)."""
    figures = evaluate_figures(snapshot, as_of, benefit_inputs)
    return Report(
        as_of, snapshot, figures.thresholds, figures.benefits, figures.totals, figures.inputs
    )


def build_report(store: Store, as_of: date | None = None) -> Report:
    """Load just what the figures need (the last N measurements) and evaluate."""
    from benefitdesk.store.snapshot import load_snapshot

    as_of = as_of or date.today()
    window = store.settings().forecast_window
    with store.reading() as session, collector_paused():
        snapshot = load_snapshot(session, as_of=as_of, recent=window)
    return evaluate_snapshot(snapshot, as_of)


def file_figures(path: Path, as_of: date) -> Figures | None:
    """The figures of a portfolio file at the current schema, read with sqlite3 alone.

    None for anything else (a server, a file to upgrade, a damaged one): open it as a
    Store and call :func:`build_report`, whose figures are the same.
    """
    with collector_paused():  # over the read and the evaluation: see collector_paused
        read = read_portfolio_file(path, as_of)
        return None if read is None else evaluate_figures(read[0], as_of)


def labelled_file_figures(path: Path, as_of: date) -> tuple[Figures, Labels] | None:
    """:func:`file_figures` with the words a person reads beside them (the text report)."""
    with collector_paused():
        read = read_portfolio_file(path, as_of, labelled=True)
        if read is None or read[1] is None:
            return None
        return evaluate_figures(read[0], as_of), read[1]


def report_labels(report: Report) -> Labels:
    """The labels of a report built from a Snapshot (a server, a file just upgraded)."""
    snap = report.snapshot
    benefits = {
        b.code: BenefitLabel(b.title, snap.person_name(b.owner_id), b.unit, str(b.status.value))
        for b in snap.benefits
    }
    settings = snap.settings
    if settings is None:
        return Labels("Portfolio", "GBP", benefits)
    return Labels(settings.name, settings.currency, benefits)


@lru_cache(maxsize=4096)
def _iso(value: date | None) -> str | None:
    """ISO text of a date (cached: a report's 10,000 latest dates are a few dozen days)."""
    return value.isoformat() if value else None


#: Each status's text (``Status.value`` is a Python-level property: 0.18 µs a call).
_STATUS_TEXT = {status: status.value for status in Status}


def status_counts(totals: PortfolioTotals) -> dict[str, int]:
    """The six contract statuses always; ``undefined`` only when some benefit has it."""
    counts = {str(k): v for k, v in totals.status_counts.items()}
    if not counts.get(Status.UNDEFINED.value):
        counts.pop(Status.UNDEFINED.value, None)
    return counts


#: The fields of each benefit in ``report --json``, in order (docs/contract.md).
BENEFIT_JSON_FIELDS = (
    "code", "status", "at_risk", "overdue", "latest_value", "latest_date", "realisation_pct",
    "planned_value", "variance_pct", "forecast_value", "forecast_realisation_pct",
    "realised_value", "at_risk_value",
)  # fmt: skip
_benefit_json_values = attrgetter(*BENEFIT_JSON_FIELDS)


def benefit_json(result: BenefitResult) -> dict[str, Any]:
    """A benefit's ``report --json`` object, its status and latest date as text."""
    values = dict(zip(BENEFIT_JSON_FIELDS, _benefit_json_values(result), strict=True))
    values["status"] = _STATUS_TEXT[result.status]
    values["latest_date"] = _iso(result.latest_date)
    return values


def portfolio_json(totals: PortfolioTotals) -> dict[str, Any]:
    """The ``portfolio`` object of ``report --json`` (also what the dashboard shows)."""
    t = totals
    return {
        "investment": t.investment,
        "actual_cost": t.actual_cost,
        "committed_value": t.committed_value,
        "planned_to_date_value": t.planned_to_date_value,
        "realised_value": t.realised_value,
        "at_risk_value": t.at_risk_value,
        "at_risk_count": t.at_risk_count,
        "status_counts": status_counts(t),
        "open_actions": t.open_actions,
        "overdue_actions": t.overdue_actions,
        "overdue_measurements": t.overdue_measurements,
    }


def report_json(report: Figures | Report) -> dict[str, Any]:
    """The ``report --json`` object, with exactly the contract's keys (docs/contract.md)."""
    return _report_object(report, [benefit_json(r) for r in report.benefits])


def report_json_text(report: Figures | Report) -> bytes:
    """``report --json``'s text, UTF-8: the :func:`report_json` object written by orjson
    (7 ms for 10,000 benefits where the standard library takes ten times that),
    indented as ``json.dumps(indent=2)`` would, each number the shortest that reads
    back the same, a number that is not finite (only a portfolio written before such
    numbers were refused can hold one) as null, and a final newline.

    Each benefit's fields go to orjson as the result holds them: it writes a status (a
    str enum) as its value and a date as ISO text, as :func:`benefit_json` has them
    (tests/test_report_figures.py compares the two).
    """
    import orjson

    with collector_paused():  # 10,000 dicts: the collector would pass over the report
        benefits = [
            dict(zip(BENEFIT_JSON_FIELDS, _benefit_json_values(r), strict=True))
            for r in report.benefits
        ]
        return orjson.dumps(
            _report_object(report, benefits),
            option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE,
        )


def _report_object(report: Figures | Report, benefits: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "as_of": report.as_of.isoformat(),
        "portfolio": portfolio_json(report.totals),
        "benefits": benefits,
    }


def refresh_report(store: Store, report: Report, benefit_ids: set[int]) -> Report:
    """``report`` with just ``benefit_ids`` re-read and re-evaluated (after an edit).

    Totals are recomputed over all results; other benefits keep their results, so a
    change costs a handful of queries whatever the portfolio's size.
    """
    from benefitdesk.store.snapshot import load_snapshot, merge_snapshot

    window = report.thresholds.forecast_window
    with store.reading() as session:
        part = load_snapshot(session, as_of=report.as_of, recent=window, benefit_ids=benefit_ids)
    snapshot = merge_snapshot(report.snapshot, part, benefit_ids)
    limits = inputs.thresholds(snapshot)
    if limits != report.thresholds:
        return evaluate_snapshot(snapshot, report.as_of)
    old = {
        b.code: (i, r)
        for b, i, r in zip(report.snapshot.benefits, report.inputs, report.benefits, strict=True)
        if b.id not in benefit_ids
    }
    evaluated = [
        old.get(b.code) or _evaluated(inputs.benefit_input(snapshot, b), report.as_of, limits)
        for b in snapshot.benefits
    ]
    results = [r for _, r in evaluated]
    totals = _totals(results, snapshot, report.as_of)
    return Report(report.as_of, snapshot, limits, results, totals, [i for i, _ in evaluated])


def _evaluated(
    b: BenefitInput, as_of: date, limits: Thresholds
) -> tuple[BenefitInput, BenefitResult]:
    return b, evaluate_benefit(b, as_of, limits)
