"""``benefitdesk chase PORTFOLIO [--as-of D] [--json] [--mark]``: what each owner owes."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benefitdesk.cli.common import EXIT_OK, iso_date, open_store

if TYPE_CHECKING:
    from benefitdesk.services.chase import ChaseList


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "chase",
        help="what each owner owes: figures due or overdue, overdue actions, definitions",
        description=(
            "List, per owner, the figures due or overdue, leading indicator figures, "
            "overdue corrective actions and definitions awaiting them, with e-mail addresses."
        ),
    )
    p.add_argument("portfolio", type=Path)
    p.add_argument(
        "--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD", help="default: today"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--mark",
        action="store_true",
        help="record that every owner listed was chased today (shows on each benefit)",
    )
    p.set_defaults(handler=chase)


def chase_json(chase: ChaseList) -> dict[str, Any]:
    def iso(day: date | None) -> str | None:
        return day.isoformat() if day else None

    return {
        "as_of": chase.as_of.isoformat(),
        "portfolio": chase.portfolio,
        "owners": [
            {
                "owner": o.owner or None,
                "email": o.email,
                "last_chased": iso(o.last_chased),
                "items": [
                    {
                        "kind": i.kind.value,
                        "benefit": i.code,
                        "title": i.title,
                        "indicator": i.indicator or None,
                        "what": i.what,
                        "due": iso(i.due),
                    }
                    for i in o.items
                ],
            }
            for o in chase.owners
        ],
    }


def _print(chase: ChaseList) -> None:
    from benefitdesk.services.chase import HEADINGS

    print(f"{chase.portfolio} — what each owner owes as of {chase.as_of.isoformat()}")
    if not chase.owners:
        print("\nNothing is due: every figure is in and no action is overdue.")
    for o in chase.owners:
        who = o.owner or "No owner (assign one first)"
        email = f" <{o.email}>" if o.email else (" (no e-mail address)" if o.owner else "")
        chased = f", last chased {o.last_chased.isoformat()}" if o.last_chased else ""
        print(f"\n{who}{email} — {len(o.items)} item{'s' if len(o.items) != 1 else ''}{chased}")
        for kind, heading in HEADINGS.items():
            items = [i for i in o.items if i.kind is kind]
            if items:
                print(f"  {heading}")
                for item in items:
                    print(f"    {item.line()}")


def chase(args: argparse.Namespace) -> int:
    from benefitdesk.services.chase import build_chase_list, record_chase

    with open_store(args.portfolio) as store:
        found = build_chase_list(store, args.as_of)
        if args.mark:
            record_chase(store, found.owners, on=date.today(), via="marked")
    if args.json:
        print(json.dumps(chase_json(found), indent=2, ensure_ascii=False))
    else:
        _print(found)
        if args.mark:
            print("\nRecorded as chased today.")
    return EXIT_OK
