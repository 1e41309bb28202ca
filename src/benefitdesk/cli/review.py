"""``benefitdesk review PORTFOLIO CODE OUT.xlsx``: the benefits review workbook of a
benefit (or, given a project code, of every benefit of the project), and optionally
the decision (``--decide``), recorded through the same audited service as the app."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from benefitdesk.cli.common import EXIT_OK, UserError, iso_date, open_store

DECISIONS = {
    "close-realised": "close as realised",
    "continue": "continue tracking",
    "close-not-realised": "close as not realised",
}


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "review",
        help="post-implementation benefits review workbook; --decide records the decision",
        description=(
            "Write the benefits review workbook of benefit CODE (or of every benefit of "
            "project CODE): planned vs realised, plan versions and their reasons, variance "
            "causes, actions, lessons and the recommendation."
        ),
    )
    p.add_argument("portfolio", type=Path)
    p.add_argument("code", help="a benefit code (B-002) or a project code (P-100)")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD")
    p.add_argument("--lessons", default="", help="lessons for future business cases")
    p.add_argument(
        "--decide",
        choices=sorted(DECISIONS),
        help="record this decision for every benefit reviewed (moves its lifecycle)",
    )
    p.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD", help="with --decide continue")
    p.add_argument("--note", default="", help="why this decision")
    p.set_defaults(handler=review)


def _benefit_ids(report: Any, code: str) -> list[int]:
    from benefitdesk.services.review import REVIEWABLE

    snap = report.snapshot
    wanted = code.strip().casefold()
    found = [b.id for b in snap.benefits if b.code.casefold() == wanted]
    if found:
        return found
    project = next((p for p in snap.projects.values() if p.code.casefold() == wanted), None)
    if project is None:
        raise UserError(f"There is no benefit or project {code}")
    ids = [
        b.id
        for b in snap.benefits
        if b.project_id == project.id and getattr(b.status, "value", b.status) in REVIEWABLE
    ]
    if not ids:
        raise UserError(f"Project {project.code} has no approved benefit to review")
    return ids


def review(args: argparse.Namespace) -> int:
    from benefitdesk.exchange.review_workbook import Proposal
    from benefitdesk.model import ReviewDecision
    from benefitdesk.services.report import build_report
    from benefitdesk.services.review import suggested_decision, write_review

    if args.out.suffix.lower() != ".xlsx":
        raise UserError(f"{args.out} must end in .xlsx")
    if args.decide == "continue" and args.until is None:
        raise UserError("--decide continue needs the new date: --until YYYY-MM-DD")
    with open_store(args.portfolio) as store:
        report = build_report(store, args.as_of)
        ids = _benefit_ids(report, args.code)
        rows = {b.id: b for b in report.snapshot.benefits}
        proposals = {}
        for benefit_id in ids:
            code = rows[benefit_id].code
            decided = DECISIONS.get(args.decide or "")
            decision = decided or suggested_decision(report.result_for(code)).value
            until = args.until if decision == ReviewDecision.CONTINUE.value else None
            proposals[code] = Proposal(decision, until, args.note)
        path = write_review(
            store, args.out, ids, as_of=report.as_of, proposals=proposals, lessons=args.lessons
        )
        print(f"Wrote the review of {', '.join(proposals)} to {path}.")
        if args.decide:
            _decide(store, report, ids, proposals, args)
            many = "s" if len(ids) != 1 else ""
            print(f"Recorded: {DECISIONS[args.decide]} ({len(ids)} benefit{many}).")
    return EXIT_OK


def _decide(store: Any, report: Any, ids: list[int], proposals: dict[str, Any], args: Any) -> None:
    """Record the decision for every benefit, or for none (a refusal undoes the rest)."""
    from benefitdesk.model import ReviewDecision
    from benefitdesk.services.errors import ServiceError
    from benefitdesk.services.review import record_review, withdraw_review

    codes = {b.id: b.code for b in report.snapshot.benefits}
    done = []
    try:
        for benefit_id in ids:
            result = report.result_for(codes[benefit_id])
            done.append(
                record_review(
                    store,
                    benefit_id,
                    ReviewDecision(proposals[codes[benefit_id]].decision),
                    on=report.as_of,
                    continue_until=args.until,
                    lessons=args.lessons,
                    note=args.note,
                    realisation_pct=result.realisation_pct if result else None,
                )
            )
    except ServiceError:
        for recorded in reversed(done):
            withdraw_review(store, recorded)
        raise
