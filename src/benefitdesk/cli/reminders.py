"""``benefitdesk reminders PORTFOLIO OUTDIR``: one calendar (.ics) per owner and the PMO."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from benefitdesk.cli.common import EXIT_OK, iso_date, open_store


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "reminders",
        help="calendar reminders: OWNER NAME.ics per owner, and one for the PMO",
        description=(
            "Write OWNER NAME.ics for every owner (a recurring event per benefit at its "
            "reporting frequency, an event per open action on its due date) and "
            "'PMO (all owners).ics'. Import them into Outlook, Google Calendar or "
            "Thunderbird; run again after frequencies or actions change."
        ),
    )
    p.add_argument("portfolio", type=Path)
    p.add_argument("outdir", type=Path, metavar="OUTDIR", help="created when missing")
    p.add_argument("--as-of", type=iso_date, default=None, help=argparse.SUPPRESS)
    p.set_defaults(handler=reminders)


def reminders(args: argparse.Namespace) -> int:
    from benefitdesk.services.reminders import write_reminders
    from benefitdesk.services.report import build_report

    with open_store(args.portfolio) as store:
        report = build_report(store, args.as_of)
    written = write_reminders(report, args.outdir)
    print(f"Wrote {len(written.files)} calendars into {written.folder}:")
    for f in written.files:
        print(f"  {f.path.name}: {f.figures} figure reminders, {f.actions} action due dates")
    for path in written.emptied:
        print(f"  {path.name}: emptied (nothing due from them any more)")
    return EXIT_OK
