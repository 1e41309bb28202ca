"""The CLI's commands: thin shells over the services, rendering text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from typing import Any

from benefitdesk.analysis.types import BenefitResult, RiskReason, Status
from benefitdesk.cli.format import clip, day, money, number, pct, table
from benefitdesk.services.checks import check_portfolio
from benefitdesk.services.report import Report, build_report, report_json, status_counts
from benefitdesk.store import Store

STATUS_LABELS = {
    Status.NOT_STARTED: "not started",
    Status.NO_DATA: "no data",
    Status.REALISED: "realised",
    Status.ON_TRACK: "on track",
    Status.AT_RISK: "at risk",
    Status.OFF_TRACK: "off track",
    Status.UNDEFINED: "undefined",
}
REASON_LABELS = {
    RiskReason.BEHIND_PLAN: "behind plan",
    RiskReason.OVERDUE: "overdue",
    RiskReason.FORECAST: "forecast short",
    RiskReason.INDICATOR: "indicator",
}


def open_app(args: argparse.Namespace) -> int:
    """Reached only when the CLI is driven directly (``benefitdesk.cli.run``): the
    ``benefitdesk`` command opens the window itself (see benefitdesk.launcher)."""
    print("benefitdesk: the desktop app opens with the benefitdesk command", file=sys.stderr)
    return 2


def demo(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.size == "large":
        from benefitdesk.services.demo_large import create_large_demo

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print(f"\r  {100 * done // max(total, 1):3d}%", end="", file=sys.stderr)

        create_large_demo(args.portfolio, seed=args.seed, progress=progress).close()
        if sys.stderr.isatty():
            print(file=sys.stderr)
    else:
        from benefitdesk.services.demo import create_demo

        create_demo(args.portfolio, seed=args.seed).close()
    seconds = time.perf_counter() - started
    print(f"Created demo portfolio {args.portfolio} in {seconds:.1f} s")
    return 0


def _risk_text(result: BenefitResult) -> str:
    return ", ".join(REASON_LABELS[r] for r in result.risk_reasons)


def render_report(report: Report) -> str:
    t, snap = report.totals, report.snapshot
    currency = snap.settings.currency if snap.settings else "GBP"
    name = snap.settings.name if snap.settings else "Portfolio"
    m = lambda v: money(v, currency)  # noqa: E731
    counts = status_counts(t)
    status_line = (
        " · ".join(f"{STATUS_LABELS[Status(k)]} {v}" for k, v in counts.items() if v)
        or "no benefits"
    )
    summary = table(
        ["", "", "", ""],
        [
            ["Investment", m(t.investment), "Actual cost", m(t.actual_cost)],
            [
                "Committed value",
                m(t.committed_value),
                "Planned to date",
                m(t.planned_to_date_value),
            ],
            [
                "Realised value",
                m(t.realised_value),
                "At risk",
                f"{m(t.at_risk_value)} ({t.at_risk_count} benefits)",
            ],
            ["Open actions", str(t.open_actions), "Overdue actions", str(t.overdue_actions)],
            [
                "Overdue measurements",
                str(t.overdue_measurements),
                "Benefits counted",
                str(t.benefit_count),
            ],
        ],
        right=frozenset({1, 3}),
    ).split("\n", 2)[2]
    rows = []
    for benefit, r in zip(snap.benefits, report.benefits, strict=True):
        rows.append(
            [
                r.code,
                clip(benefit.title, 34),
                clip(snap.person_name(benefit.owner_id) or "—", 18),
                STATUS_LABELS[r.status] + ("" if r.counted else f" ({benefit.status.value})"),
                pct(r.realisation_pct),
                pct(r.variance_pct, signed=True),
                pct(r.forecast_realisation_pct),
                number(r.latest_value),
                day(r.latest_date),
                m(r.realised_value) if r.realised_value is not None else "—",
                m(r.at_risk_value) if r.at_risk_value else "—",
                _risk_text(r) or "",
            ]
        )
    body = table(
        [
            "Code",
            "Title",
            "Owner",
            "Status",
            "Real.",
            "Var.",
            "Fcst",
            "Latest",
            "On",
            "Realised",
            "At risk",
            "Risk reasons",
        ],
        rows,
        right=frozenset({4, 5, 6, 7, 9, 10}),
    )
    return (
        f"{name} — benefits report as of {report.as_of.isoformat()} ({currency})\n\n"
        f"{summary}\nStatus: {status_line}\n\n{body}\n"
    )


def report(args: argparse.Namespace) -> int:
    with Store(args.portfolio) as store:
        result = build_report(store, args.as_of or date.today())
    if args.json:
        json.dump(report_json(result), sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
        print()
    else:
        print(render_report(result), end="")
    return 0


def check(args: argparse.Namespace) -> int:
    with Store(args.portfolio) as store:
        results = check_portfolio(store)
    if args.json:
        payload: list[dict[str, Any]] = [
            {
                "code": r.code,
                "title": r.title,
                "status": r.lifecycle,
                "findings": [
                    {
                        "rule": f.rule,
                        "severity": f.severity.value,
                        "field": f.field,
                        "message": f.message,
                    }
                    for f in r.findings
                ],
            }
            for r in results
        ]
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    rows = [
        [r.code, clip(r.title, 34), r.lifecycle, f.severity.value, f.rule, f.message]
        for r in results
        for f in r.findings
    ]
    errors = sum(len(r.errors) for r in results)
    warnings = sum(len(r.findings) for r in results) - errors
    if rows:
        print(table(["Code", "Title", "Status", "Severity", "Rule", "Finding"], rows))
        print()
    clean = sum(1 for r in results if not r.findings)
    noun = "benefit" if len(results) == 1 else "benefits"
    print(f"{len(results)} {noun}: {errors} errors, {warnings} warnings; {clean} fully defined.")
    return 0
