"""The exchange commands: export, import, undo-import and template.

`register(subparsers)` adds them to the `benefitdesk` parser. Exit codes follow the
rest of the command line: 0 done, 1 bad input with every problem listed (nothing is
written then), 2 usage (argparse). A mistake in the file is never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from benefitdesk.cli.common import open_store, portfolio_arg, portfolio_label
from benefitdesk.exchange.errors import ExchangeError, Problem
from benefitdesk.services.errors import ServiceError

EXIT_OK, EXIT_BAD_INPUT = 0, 1


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def _batch(text: str) -> int:
    digits = text.lstrip("#")
    if not digits.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a batch number")
    return int(digits)


def register(subparsers: Any) -> None:
    """Add `export`, `import`, `undo-import` and `template` to `subparsers`."""
    p = subparsers.add_parser("export", help="write the portfolio as the canonical workbook")
    p.add_argument("portfolio", type=portfolio_arg)
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.set_defaults(handler=export)

    p = subparsers.add_parser(
        "import", help="import a workbook or CSV file (registers, measurement logs)"
    )
    p.add_argument("portfolio", type=portfolio_arg)
    p.add_argument("file", type=Path, metavar="FILE", help=".xlsx, .xlsm, .xls, .ods or .csv")
    p.add_argument("--mapping", type=Path, metavar="M", help="a saved mapping (.toml)")
    p.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    p.set_defaults(handler=import_)

    p = subparsers.add_parser("undo-import", help="undo one import batch")
    p.add_argument("portfolio", type=portfolio_arg)
    p.add_argument("batch", type=_batch, metavar="BATCH")
    p.set_defaults(handler=undo)

    p = subparsers.add_parser("template", help="collection workbook for owners to fill in")
    p.add_argument("portfolio", type=portfolio_arg)
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument("--owner", metavar="NAME", help="only this owner's benefits")
    p.add_argument("--as-of", type=_iso_date, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    p.set_defaults(handler=template)


def _fail(message: str) -> int:
    print(f"benefitdesk: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _problems(problems: list[Problem], heading: str, stream: Any) -> None:
    if problems:
        print(heading, file=stream)
        for problem in problems:
            print(f"  {problem}", file=stream)


def _refused(exc: ExchangeError) -> int:
    _problems(exc.problems, "The file cannot be used:", sys.stderr)
    return EXIT_BAD_INPUT


def export(args: argparse.Namespace) -> int:
    from benefitdesk.services.exporting import export_portfolio

    with open_store(args.portfolio) as store:
        try:
            result = export_portfolio(store, args.out)
        except ServiceError as exc:
            return _fail(str(exc))
    print(
        f"Exported {portfolio_label(args.portfolio)} to {result.path}: {len(result.rows)} sheets, "
        f"{result.total_rows:,} rows ({result.seconds:.1f} s)."
    )
    return EXIT_OK


def import_(args: argparse.Namespace) -> int:
    from benefitdesk.services.importing import ImportResult, import_file

    with open_store(args.portfolio) as store:
        try:
            report = import_file(store, args.file, mapping_path=args.mapping, dry_run=args.dry_run)
        except ExchangeError as exc:
            return _refused(exc)
        except ServiceError as exc:
            return _fail(str(exc))
    name = report.file_name
    if args.dry_run:
        print(f"Dry run of {name}: nothing was written.")
    elif isinstance(report, ImportResult) and report.committed:
        print(f"Imported {name} as batch {report.batch_id} ({report.seconds:.1f} s).")
    elif report.ok:
        print(f"Nothing to import: the portfolio already holds everything in {name}.")
    else:
        print(f"{name} was checked and not imported: it has errors (listed below).")
    for sheet in report.sheets:
        if sheet.kind is None:
            continue
        where = f"header row {sheet.header_row}" + (", wide" if sheet.layout == "wide" else "")
        print(
            f"  sheet {sheet.name}: {sheet.kind.replace('_', ' ')} ({where}), {sheet.rows:,} rows"
        )
    for line in report.count_lines():
        print(f"  {line}")
    if report.people_added:
        added = ", ".join(report.people_added)
        verb = "would be added" if args.dry_run or not report.ok else "added"
        print(f"  people {verb}: {added}")
    if report.previous_batches and report.ok:
        batches = ", ".join(f"#{b}" for b in report.previous_batches)
        print(f"  this file was imported before (batch {batches})")
    _problems(report.warnings, f"{report.warning_count} warning(s):", sys.stdout)
    if not report.ok:
        _problems(report.errors, f"{report.error_count} error(s):", sys.stderr)
        listed = len(report.errors)
        if listed < report.error_count:
            print(f"  … and {report.error_count - listed:,} more", file=sys.stderr)
        return _fail("nothing was written; fix the errors above and import again")
    return EXIT_OK


def undo(args: argparse.Namespace) -> int:
    from benefitdesk.services.importing import undo_import

    with open_store(args.portfolio) as store:
        try:
            result = undo_import(store, args.batch)
        except ServiceError as exc:
            return _fail(str(exc))
    restored, deleted = sum(result.restored.values()), sum(result.deleted.values())
    print(
        f"Undid import #{result.batch_id} ({result.file_name or 'no file'}): "
        f"{restored:,} rows restored, {deleted:,} rows removed."
    )
    return EXIT_OK


def template(args: argparse.Namespace) -> int:
    from benefitdesk.services.exporting import collection_template

    with open_store(args.portfolio) as store:
        try:
            result = collection_template(store, args.out, owner=args.owner, as_of=args.as_of)
        except ServiceError as exc:
            return _fail(str(exc))
    who = f" for {result.owner}" if result.owner else ""
    print(
        f"Wrote {result.path}{who}: {result.benefit_rows} benefit and "
        f"{result.indicator_rows} indicator figures to collect."
    )
    return EXIT_OK
