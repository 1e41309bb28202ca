"""``benefitdesk board-pack PORTFOLIO OUT.xlsx`` with its scope and options.

board-pack PORTFOLIO OUT.xlsx [--as-of D] [--since D] [--projects P-100,P-200]
    [--owners NAMES] [--statuses LIFECYCLES] [--categories CATEGORIES]
    [--include-drafts] [--appendix | --no-appendix] [--paper a4|letter] [--yes]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benefitdesk.cli.common import EXIT_BAD_INPUT, EXIT_OK, iso_date, open_store, portfolio_arg
from benefitdesk.services.board_limits import APPENDIX_LIMIT, PAPERS, SHEET_WARNING


def _names(text: str) -> list[str]:
    """A comma-separated list; the option may also be given more than once."""
    return [part.strip() for part in text.split(",") if part.strip()]


class _Extend(argparse.Action):
    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        setattr(namespace, self.dest, [*(getattr(namespace, self.dest) or []), *values])


def register(subparsers: Any) -> None:
    """Add the ``board-pack`` subcommand to ``benefitdesk``'s subparsers."""
    p = subparsers.add_parser(
        "board-pack",
        help="the board's Excel workbook: summary, exceptions, decisions, appendix",
        description=(
            "Write the board pack: an executive summary with the movement since the "
            "previous pack, the exceptions (benefits that need attention, most value at "
            "risk first), the decisions and escalations, and an appendix (register, "
            f"definition findings, one sheet per benefit; on by default up to "
            f"{APPENDIX_LIMIT} benefits)."
        ),
    )
    p.add_argument("portfolio", type=portfolio_arg)
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    dates = p.add_argument_group("dates")
    dates.add_argument(
        "--as-of", type=iso_date, metavar="YYYY-MM-DD", help="date of the figures (default: today)"
    )
    dates.add_argument(
        "--since",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="date of the previous pack, for the movement figures (default: a month "
        "before the as-of date)",
    )
    scope = p.add_argument_group("scope (comma-separated lists; default: everything)")
    for flag, metavar, what in (
        ("--projects", "CODES", "project codes, e.g. P-100,P-200"),
        ("--owners", "NAMES", "benefit owners by name"),
        ("--statuses", "LIFECYCLES", "lifecycle statuses, e.g. tracking,realised"),
        ("--categories", "CATEGORIES", 'benefit categories, e.g. "revenue,cost saving"'),
    ):
        scope.add_argument(
            flag, type=_names, action=_Extend, default=[], metavar=metavar, help=what
        )
    scope.add_argument(
        "--include-drafts", action="store_true", help="include draft benefits (left out by default)"
    )
    layout = p.add_argument_group("layout")
    layout.add_argument(
        "--appendix",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"the register and one sheet per benefit (default: on up to {APPENDIX_LIMIT} "
        "benefits)",
    )
    layout.add_argument(
        "--paper",
        choices=PAPERS,
        default="a4",
        help="paper size for printing (landscape; default a4)",
    )
    layout.add_argument(
        "--yes",
        action="store_true",
        help=f"write the pack even when it has more than {SHEET_WARNING} sheets",
    )
    p.set_defaults(handler=board_pack)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done >= total else ""
        print(f"\r  {100 * done // max(total, 1):3d}%", end=end, file=sys.stderr, flush=True)


def _error(message: str) -> int:
    print(f"benefitdesk: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def board_pack(args: argparse.Namespace) -> int:
    from benefitdesk.services.board_pack import (
        BoardPackOptions,
        PackScope,
        TooManySheets,
        export_board_pack,
    )
    from benefitdesk.services.errors import ServiceError

    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        return _error(f"{out} must end in .xlsx: the board pack is an Excel workbook")
    if out.is_dir():
        return _error(f"{out} is a folder; give a file name for the board pack")
    scope = PackScope(
        projects=tuple(args.projects),
        owners=tuple(args.owners),
        statuses=tuple(args.statuses),
        categories=tuple(args.categories),
        include_drafts=args.include_drafts,
    )
    options = BoardPackOptions(args.as_of, args.since, scope, args.appendix, args.paper)
    with open_store(args.portfolio) as store:
        try:
            result = export_board_pack(
                store, out, options, _progress, max_sheets=None if args.yes else SHEET_WARNING
            )
        except TooManySheets as exc:
            return _error(
                f"{exc}. Nothing was written. Add --yes to write it anyway, or leave the "
                "appendix out (--no-appendix) or narrow the scope (--projects, --owners, …)."
            )
        except ServiceError as exc:
            return _error(str(exc))
        except OSError as exc:
            from benefitdesk.store import explain

            message = explain(exc, args.portfolio, out) or f"cannot write {out} ({exc})"
            if isinstance(exc, PermissionError) and out.exists():  # Excel has it, on Windows
                message += " Is it open in another program?"
            return _error(message)
    appendix = "with" if result.appendix else "without"
    print(
        f"Wrote {result.path} as of {result.as_of.isoformat()} (changes since "
        f"{result.since.isoformat()}): {result.benefits} benefits, {result.exceptions} need "
        f"attention, {result.sheets} sheets {appendix} appendix, in {result.seconds:.1f} s"
    )
    return EXIT_OK
