"""The exchange commands: export, import (and new), undo-import and template.

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

IMPORT_USAGE = """benefitdesk import PORTFOLIO FILE [--mapping M] [--dry-run] [--rejects OUT.xlsx]
                          [--rebaseline] [--all-or-nothing]
       benefitdesk import PORTFOLIO FOLDER   (returned collection workbooks, one batch each)
       benefitdesk import --create PORTFOLIO FILE [--name N] [--currency CODE] [--mapping M]
       benefitdesk import FILE --suggest-mapping OUT.toml [--mapping M]"""

IMPORT_HELP = """Import a register, a plan or measurements from a workbook (.xlsx, .xlsm, .xls,
.ods) or a CSV file into PORTFOLIO. Headers, values and layouts are read as people write
them; what was recognised, guessed or skipped is listed, each problem at its cell.
docs/import.md says what is recognised.

Rows, not files, fail: every valid row is imported and each rejected row is listed with
its place and reason (exit code 1); --rejects writes them, with an Error column, to a
workbook to fix and import again. Blank, total and placeholder rows are skipped and
counted. --all-or-nothing writes nothing when any row is rejected. A change to the
baseline, target or financial value of an approved, tracking or realised benefit is a
re-baseline: listed, and written (as a new plan version naming the file) only with
--rebaseline; without it those fields stay as they are and the rest of the row imports.

A mapping file (TOML) says what detection should not guess. Start from the one
--suggest-mapping writes, keep what you need:

  [sheets."KPIs"]                  # a sheet by name; "*" is any sheet
  kind = "benefits"                # or measurements, projects, plan, ..., "ignore"
  header_row = 2
  [sheets."KPIs".columns]
  "kpi_name" = ["measure", "title"]  # header (or column letter) = field(s), or "ignore"
  [sheets."KPIs".constants]
  project = "P-100"                # a field no column gives
  [sheets."KPIs".values]
  decimal = ","                    # also: blank, multiplier, day_first,
                                   # fiscal_year_start, start_year
Every option, with an example: docs/mapping.md."""


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
    """Add `export`, `import`, `new`, `undo-import` and `template` to `subparsers`."""
    p = subparsers.add_parser("export", help="write the portfolio as the canonical workbook")
    p.add_argument("portfolio", type=portfolio_arg)
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.set_defaults(handler=export)

    p = subparsers.add_parser(
        "import",
        help="import a workbook or CSV file (registers, measurement logs)",
        description=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        usage=IMPORT_USAGE,
    )
    p.add_argument("paths", nargs="+", metavar="PORTFOLIO FILE", help=argparse.SUPPRESS)
    p.add_argument("--mapping", type=Path, metavar="M", help="a mapping file (.toml); see above")
    p.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    p.add_argument(
        "--rejects",
        type=Path,
        metavar="OUT.xlsx",
        help="write the rejected rows (same header, plus Error) to fix and import again",
    )
    p.add_argument(
        "--rebaseline",
        action="store_true",
        help="confirm changes to approved benefits' baselines and targets (a new plan version)",
    )
    p.add_argument(
        "--all-or-nothing",
        action="store_true",
        help="write nothing when any row is rejected (the default imports the valid rows)",
    )
    p.add_argument("--create", action="store_true", help="create PORTFOLIO (a new file) from FILE")
    p.add_argument("--name", metavar="N", help="with --create: the portfolio's name")
    p.add_argument("--currency", metavar="CODE", help="with --create: e.g. GBP, USD, EUR")
    p.add_argument(
        "--suggest-mapping",
        type=Path,
        metavar="OUT.toml",
        help="write the mapping detected for FILE, to edit and pass back with --mapping",
    )
    p.set_defaults(handler=import_, parser=p)

    p = subparsers.add_parser("new", help="create an empty portfolio")
    p.add_argument("portfolio", type=portfolio_arg)
    p.add_argument("--name", metavar="N", help="the portfolio's name (default: from the file name)")
    p.add_argument("--currency", metavar="CODE", help="e.g. GBP (the default), USD, EUR")
    p.set_defaults(handler=new)

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


def _import_paths(args: argparse.Namespace) -> tuple[Path | str | None, Path]:
    """(portfolio, file) from the positional arguments, as the usage lines say; the
    portfolio may be a server URL or a saved connection's name."""
    paths, parser = args.paths, args.parser
    if args.suggest_mapping is not None:
        if len(paths) != 1 or args.create or args.dry_run:
            parser.error("--suggest-mapping takes one FILE and no PORTFOLIO")
        return None, Path(paths[0])
    if len(paths) != 2:
        parser.error("give the PORTFOLIO and the FILE to import")
    if (args.name or args.currency) and not args.create:
        parser.error("--name and --currency go with --create")
    portfolio = portfolio_arg(paths[0])
    if args.create and not isinstance(portfolio, Path):
        parser.error("--create makes a new portfolio file; a server portfolio is set up "
                     "with 'benefitdesk server init'")  # fmt: skip
    return portfolio, Path(paths[1])


def import_(args: argparse.Namespace) -> int:
    portfolio, file = _import_paths(args)
    if portfolio is not None and file.is_dir() and not args.create:
        from benefitdesk.cli.collect import import_folder  # returned collection workbooks

        args.portfolio, args.file = portfolio, file
        return import_folder(args)
    try:
        if portfolio is None:
            return _suggest(file, args.mapping, args.suggest_mapping)
        if args.create:
            assert isinstance(portfolio, Path)  # _import_paths refused a server portfolio
            return _create(args, portfolio, file)
        from benefitdesk.services.importing import import_file

        with open_store(portfolio) as store:
            report = import_file(
                store,
                file,
                mapping_path=args.mapping,
                dry_run=args.dry_run,
                all_or_nothing=args.all_or_nothing,
                rebaseline=args.rebaseline,
            )
        code = _outcome(report, args.dry_run)
        return _rejects(report, args.rejects) or code
    except ExchangeError as exc:
        return _refused(exc)
    except ServiceError as exc:
        return _fail(str(exc))


def _rejects(report: Any, out: Path | None) -> int:
    """Write the rejects workbook when asked; 0, or the exit code of a failure."""
    if out is None:
        return 0
    if report.fatal:
        print("No rejects workbook: the file as a whole cannot be imported.", file=sys.stderr)
        return 0
    from benefitdesk.services.importing import write_rejects_workbook

    try:
        write_rejects_workbook(report, out)
    except OSError as exc:
        return _fail(f"could not write {out}: {exc.strerror or exc}")
    rows = report.rejected_rows
    print(f"Wrote {out}: {rows:,} rejected row{'s' if rows != 1 else ''} to fix and import again.")
    return 0


def _suggest(file: Path, mapping_path: Path | None, out: Path) -> int:
    from benefitdesk.services.importing import load_mapping, save_mapping
    from benefitdesk.services.importing.suggest import suggest_mapping

    mapping = load_mapping(mapping_path) if mapping_path is not None else None
    suggested, notes, heading = suggest_mapping(file, mapping)
    save_mapping(suggested, out, notes, heading)
    kinds = [s.kind for s in suggested.sheets.values()]
    found = sum(1 for k in kinds if k and k != "ignore")
    print(
        f"Wrote {out}: {len(kinds)} sheet{'s' if len(kinds) != 1 else ''}, {found} to import. "
        f'Edit it, then: benefitdesk import PORTFOLIO "{file}" --mapping "{out}"'
    )
    return EXIT_OK


def _create(args: argparse.Namespace, portfolio: Path, file: Path) -> int:
    from benefitdesk.services.importing import load_mapping
    from benefitdesk.services.new_portfolio import create_from_file

    mapping = load_mapping(args.mapping) if args.mapping is not None else None
    if args.dry_run:
        args.parser.error("--create and --dry-run do not go together")
    result = create_from_file(
        portfolio, file, mapping=mapping, name=args.name, currency=args.currency
    )
    code = _outcome(result, False)
    if result.committed:
        print(f"Created {portfolio} from {file.name}.")
    else:
        print(f"{portfolio} was not created.", file=sys.stderr)
    return code


def new(args: argparse.Namespace) -> int:
    from benefitdesk.services.new_portfolio import create_portfolio

    try:
        path = create_portfolio(args.portfolio, name=args.name, currency=args.currency)
    except ServiceError as exc:
        return _fail(str(exc))
    with open_store(path) as store:
        settings = store.settings()
    print(f"Created {path}: portfolio {settings.name!r} in {settings.currency}.")
    return EXIT_OK


def _outcome(report: Any, dry_run: bool) -> int:
    """Print what an import did (or would do); the exit code."""
    from benefitdesk.services.importing import ImportResult

    name = report.file_name
    if dry_run:
        print(f"Dry run of {name}: nothing was written.")
    elif isinstance(report, ImportResult) and report.committed:
        print(f"Imported {name} as batch {report.batch_id} ({report.seconds:.1f} s).")
    elif report.ok:
        print(f"Nothing to import: the portfolio already holds everything in {name}.")
    elif report.refused:
        print(f"{name} was checked and not imported: it has errors (listed below).")
    else:
        print(f"Nothing imported from {name}: its rows were rejected or are in the portfolio.")
    for sheet in report.sheets:
        if sheet.kind is None:
            continue
        where = f"header row {sheet.header_row}" + (", wide" if sheet.layout == "wide" else "")
        print(
            f"  sheet {sheet.name}: {sheet.kind.replace('_', ' ')} ({where}), {sheet.rows:,} rows"
        )
    for line in report.count_lines():
        print(f"  {line}")
    verb = "would be added" if dry_run or not report.ok else "added"
    if report.people_added:
        print(f"  people {verb}: {_listing(report.people_added)}")
    if report.projects_added:
        print(f"  projects {verb}: {_listing(report.projects_added)}")
    if report.previous_batches and report.ok:
        batches = ", ".join(f"#{b}" for b in report.previous_batches)
        print(f"  this file was imported before (batch {batches})")
    _rebaselines(report, dry_run)
    _problems(report.warnings, f"{report.warning_count} warning(s):", sys.stdout)
    if report.ok:
        return EXIT_OK
    _problems(report.errors, f"{report.error_count} error(s):", sys.stderr)
    listed = len(report.errors)
    if listed < report.error_count:
        print(f"  … and {report.error_count - listed:,} more", file=sys.stderr)
    if report.refused:
        why = "the file itself" if report.fatal else "--all-or-nothing, and rows"
        return _fail(f"nothing was written: {why} has errors; fix them and import again")
    rows = report.rejected_rows
    done = "would be imported" if dry_run else "were imported"
    return _fail(
        f"{rows:,} row{'s' if rows != 1 else ''} rejected (above); the valid rows {done}. "
        "--rejects OUT.xlsx writes the rejected rows to fix and import again"
    )


def _rebaselines(report: Any, dry_run: bool) -> None:
    """The changes to approved benefits' baselines: written, or left as they were."""
    if not report.rebaselines:
        return
    if report.rebaseline:
        verb = "would be re-baselined" if dry_run or report.refused else "re-baselined"
        print(f"  {verb} (a new plan version each):")
    else:
        print("  re-baselines left out (the fields stay as they are; --rebaseline writes them):")
    for change in report.rebaselines:
        print(f"    {change}")


def _listing(names: list[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit:,} more" if len(names) > limit else "")


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
