"""``benefitdesk collect PORTFOLIO OUTDIR [--as-of D]`` writes one collection workbook per
owner; ``benefitdesk import PORTFOLIO FOLDER`` (dispatched here) imports them back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benefitdesk.cli.common import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, iso_date, open_store

if TYPE_CHECKING:
    from benefitdesk.services.collection import FolderImport, Returned


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "collect",
        help="one collection workbook per owner with figures due, into a folder",
        description=(
            "Write OWNER NAME.xlsx into OUTDIR for every owner with figures due: their "
            "benefits and leading indicators, periods pre-filled. Import the returned "
            "workbooks with 'benefitdesk import PORTFOLIO OUTDIR'."
        ),
    )
    p.add_argument("portfolio", type=Path)
    p.add_argument("outdir", type=Path, metavar="OUTDIR", help="created when missing")
    p.add_argument(
        "--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD", help="default: today"
    )
    p.set_defaults(handler=collect)


def collect(args: argparse.Namespace) -> int:
    from benefitdesk.services.collection import write_packs

    with open_store(args.portfolio) as store:
        packs = write_packs(store, args.outdir, as_of=args.as_of)
    if not packs.packs:
        print(f"Nothing is due as of {packs.as_of.isoformat()}: no workbook written.")
        return EXIT_OK
    print(f"Wrote {len(packs.packs)} collection workbooks into {packs.folder}:")
    for pack in packs.packs:
        print(
            f"  {pack.path.name}: {pack.benefit_rows} benefit and "
            f"{pack.indicator_rows} indicator figures"
        )
    return EXIT_OK


def _fate(entry: Returned) -> str:
    if entry.errors:
        return "not imported (errors below)"
    if entry.result is None:
        return "not read (stopped)"
    if entry.imported:
        return f"imported as batch {entry.result.batch_id}: {entry.figures:,} figures"
    return "nothing new in it (no figures filled in, or all already imported)"


def print_folder_import(outcome: FolderImport) -> None:
    print(f"Folder {outcome.folder}: {len(outcome.files)} workbooks, as of {outcome.as_of}")
    for entry in outcome.files:
        who = entry.owner or "owner unknown"
        print(f"  {entry.path.name} ({who}): {_fate(entry)}")
        for problem in entry.errors[:20]:
            print(f"    {problem}", file=sys.stderr)
        if len(entry.errors) > 20:
            print(f"    … and {len(entry.errors) - 20:,} more", file=sys.stderr)
    if outcome.returned:
        print(f"Returned: {', '.join(outcome.returned)}")
    if outcome.missing:
        print(f"Not returned: {', '.join(outcome.missing)}")
    elif outcome.expected:
        print("Every owner with figures due has returned a workbook.")


def import_folder(args: argparse.Namespace) -> int:
    """``import PORTFOLIO FOLDER``: each workbook its own batch."""
    from benefitdesk.services.collection import import_folder as run

    if getattr(args, "mapping", None) is not None or getattr(args, "dry_run", False):
        print(
            "benefitdesk: error: --mapping and --dry-run work on one file; "
            "a folder of collection workbooks imports as it is",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with open_store(args.portfolio) as store:
        outcome = run(store, args.file)
    print_folder_import(outcome)
    if not outcome.files:
        print(f"benefitdesk: error: {args.file} holds no workbook", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_BAD_INPUT if any(f.errors for f in outcome.files) else EXIT_OK
