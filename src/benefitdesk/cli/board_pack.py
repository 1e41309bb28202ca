"""``benefitdesk board-pack PORTFOLIO OUT.xlsx [--as-of YYYY-MM-DD]``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from benefitdesk.cli.common import EXIT_BAD_INPUT, EXIT_OK, iso_date, open_store, portfolio_arg


def register(subparsers: Any) -> None:
    """Add the ``board-pack`` subcommand to ``benefitdesk``'s subparsers."""
    p = subparsers.add_parser(
        "board-pack",
        help="the board's Excel workbook: summary, benefits, one sheet per benefit",
        description="Write the board pack workbook for the portfolio as of a date.",
    )
    p.add_argument("portfolio", type=portfolio_arg)
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="date of the figures (default: today)",
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
    from benefitdesk.services.board_pack import export_board_pack
    from benefitdesk.services.errors import ServiceError

    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        return _error(f"{out} must end in .xlsx: the board pack is an Excel workbook")
    if out.is_dir():
        return _error(f"{out} is a folder; give a file name for the board pack")
    with open_store(args.portfolio) as store:
        try:
            result = export_board_pack(store, out, args.as_of or date.today(), _progress)
        except ServiceError as exc:
            return _error(str(exc))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return _error(f"cannot write {out} ({reason}); is it open in another program?")
    print(
        f"Wrote {result.path} as of {result.as_of.isoformat()}: {result.benefits} benefits, "
        f"{result.sheets} sheets, in {result.seconds:.1f} s"
    )
    return EXIT_OK
