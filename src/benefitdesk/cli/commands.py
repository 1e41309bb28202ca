"""The CLI's commands: thin shells over the services, rendering text or JSON.

Heavy modules (the store, the services, SQLAlchemy) are imported inside the handlers,
so ``benefitdesk --help`` never pays for them. Figures are written by
``benefitdesk.present`` exactly as the app writes them.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benefitdesk.cli.common import iso_date, open_store, portfolio_arg
from benefitdesk.cli.format import clip, table

if TYPE_CHECKING:
    from benefitdesk.services.report import Figures, Report
    from benefitdesk.store.queries import Labels


def register(sub: Any) -> None:
    """Add ``open``, ``demo``, ``report`` and ``check`` to the ``benefitdesk`` parser."""
    p = sub.add_parser("open", help="open the desktop app (the default)")
    p.add_argument("portfolio", nargs="?", type=portfolio_arg)
    p.set_defaults(handler=open_app)

    p = sub.add_parser("demo", help="create a realistic demo portfolio")
    p.add_argument("portfolio", type=Path)
    p.add_argument(
        "--size",
        choices=["small", "large"],
        default="small",
        help="large: 10,000 benefits and 1,000,000 measurements",
    )
    p.add_argument("--seed", type=int, default=7, help=argparse.SUPPRESS)
    p.set_defaults(handler=demo)

    p = sub.add_parser("report", help="portfolio figures at a date")
    p.add_argument("portfolio", type=portfolio_arg)
    p.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="date of the report (default: today)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=report)

    p = sub.add_parser("check", help="definition checks of every benefit")
    p.add_argument("portfolio", type=portfolio_arg)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=check)


def open_app(args: argparse.Namespace) -> int:
    """Reached only when the CLI is driven directly (``benefitdesk.cli.run``): the
    ``benefitdesk`` command opens the window itself (see benefitdesk.launcher)."""
    print("benefitdesk: the desktop app opens with the benefitdesk command", file=sys.stderr)
    return 2


def demo(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.size == "large":
        from benefitdesk.demo import create_large_demo

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print(f"\r  {100 * done // max(total, 1):3d}%", end="", file=sys.stderr)

        create_large_demo(args.portfolio, seed=args.seed, progress=progress).close()
        if sys.stderr.isatty():
            print(file=sys.stderr)
    else:
        from benefitdesk.demo import create_demo

        create_demo(args.portfolio, seed=args.seed).close()
    seconds = time.perf_counter() - started
    print(f"Created demo portfolio {args.portfolio} in {seconds:.1f} s")
    return 0


def render_report(report: Figures | Report, labels: Labels) -> str:
    """The report as a table for people: totals, status counts, one row per benefit."""
    from benefitdesk.analysis.types import Status
    from benefitdesk.present.formats import day, money, pct, quantity
    from benefitdesk.present.vocabulary import (
        NEEDS_ATTENTION,
        STATUS_LABELS,
        VALUE_AT_RISK,
        reasons_text,
        status_label,
    )
    from benefitdesk.services.report import status_counts

    t, currency, name = report.totals, labels.currency, labels.name
    shown = [labels.benefits[r.code] for r in report.benefits]

    def m(value: float | None) -> str:
        return money(value, currency)

    counts = status_counts(t)
    status_line = (
        " · ".join(f"{STATUS_LABELS[Status(k)]} {v}" for k, v in counts.items() if v)
        or "no benefits counted"
    )
    outside = Counter(
        label.lifecycle for label, r in zip(shown, report.benefits, strict=True) if not r.counted
    )
    if outside:  # a register just imported is all drafts: say why the totals are empty
        listed = ", ".join(f"{n} {state}" for state, n in sorted(outside.items()))
        hint = "; approve drafts to count them" if "draft" in outside else ""
        status_line += f" (not in the totals: {listed}{hint})"
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
            ["Realised value", m(t.realised_value), VALUE_AT_RISK, m(t.at_risk_value)],
            ["Open actions", str(t.open_actions), "Overdue actions", str(t.overdue_actions)],
            [
                "Overdue measurements",
                str(t.overdue_measurements),
                NEEDS_ATTENTION,
                f"{t.at_risk_count} of {t.benefit_count} benefits",
            ],
        ],
        right=frozenset({1, 3}),
    ).split("\n", 2)[2]
    rows = []
    for label, r in zip(shown, report.benefits, strict=True):
        rows.append(
            [
                r.code,
                clip(label.title, 34),
                clip(label.owner or "—", 18),
                status_label(r.status, "" if r.counted else label.lifecycle),
                pct(r.realisation_pct),
                pct(r.variance_pct, signed=True),
                pct(r.forecast_realisation_pct),
                clip(quantity(r.latest_value, label.unit), 16),
                day(r.latest_date),
                m(r.realised_value),
                m(r.at_risk_value) if r.at_risk_value else "—",
                reasons_text(r.risk_reasons),
            ]
        )
    headers = [
        "Code", "Title", "Owner", "Status", "Real.", "Var.", "Fcst",
        "Latest", "On", "Realised", VALUE_AT_RISK, NEEDS_ATTENTION,
    ]  # fmt: skip
    body = table(headers, rows, right=frozenset({4, 5, 6, 7, 9, 10}))
    return (
        f"{name} — benefits report as of {day(report.as_of)} ({currency})\n\n"
        f"{summary}\nStatus: {status_line}\n\n{body}\n"
    )


def report(args: argparse.Namespace) -> int:
    as_of = args.as_of or date.today()
    if args.json:
        return _report_json(args.portfolio, as_of)
    from benefitdesk.services.report import build_report, labelled_file_figures, report_labels

    found: tuple[Figures | Report, Labels] | None = (
        labelled_file_figures(args.portfolio, as_of) if isinstance(args.portfolio, Path) else None
    )
    if found is None:  # a server, or a file to upgrade or explain: through its store
        with open_store(args.portfolio) as store:
            result = build_report(store, as_of)
        found = result, report_labels(result)
    print(render_report(*found), end="")
    return 0


def _report_json(portfolio: str | Path, as_of: date) -> int:
    """The figures alone: a current portfolio file is read without SQLAlchemy (see
    services/report.py), anything else (a server URL among them) through its store.

    Python's cycle collector is paused throughout: the report's objects form no cycle,
    and paused only step by step, the collector passes over the ones still alive each
    time it resumes (a tenth of the command's work)."""
    import gc

    from benefitdesk.services.report import (
        build_report,
        collector_paused,
        file_figures,
        report_json_text,
    )

    # What is alive now (the modules) lives as long as the process: left out of every
    # later collection, the one `execute` runs after the command included (1% of it).
    gc.freeze()
    figures: Figures | Report | None = None
    with collector_paused():
        if isinstance(portfolio, Path):
            figures = file_figures(portfolio, as_of)
        if figures is None:
            with open_store(portfolio) as store:
                figures = build_report(store, as_of)
        write_bytes(report_json_text(figures))
        del figures  # freed before the collector resumes
    return 0


def write_bytes(data: bytes) -> None:
    """``data`` to standard output as it is: a few MB of JSON are not decoded to be
    encoded again (through the text layer where standard output has no bytes under
    it, as a StringIO that a caller redirected it to)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode())
        return
    sys.stdout.flush()
    buffer.write(data)


def check(args: argparse.Namespace) -> int:
    import json  # here, not at the top: `report --json` writes with orjson

    from benefitdesk.services.checks import check_portfolio

    with open_store(args.portfolio) as store:
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
