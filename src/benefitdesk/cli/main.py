"""Argument parsing and dispatch for ``benefitdesk``."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.exc import DatabaseError

from benefitdesk import __version__
from benefitdesk.cli import board_pack, commands, exchange, server, sync
from benefitdesk.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    UserError,
    iso_date,
    portfolio_arg,
)
from benefitdesk.exchange.errors import ExchangeError
from benefitdesk.services.errors import ServiceError
from benefitdesk.store import PortfolioError

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_OK",
    "EXIT_USAGE",
    "UserError",
    "build_parser",
    "iso_date",
    "run",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="benefitdesk",
        description="Track whether projects deliver the business value they promised.",
        epilog="Run 'benefitdesk [PORTFOLIO]' without a command to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"BenefitDesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("open", help="open the desktop app (the default)")
    p.add_argument("portfolio", nargs="?", type=portfolio_arg)
    p.set_defaults(handler=commands.open_app)

    p = sub.add_parser("demo", help="create a realistic demo portfolio")
    p.add_argument("portfolio", type=Path)
    p.add_argument(
        "--size",
        choices=["small", "large"],
        default="small",
        help="large: 10,000 benefits and 1,000,000 measurements",
    )
    p.add_argument("--seed", type=int, default=7, help=argparse.SUPPRESS)
    p.set_defaults(handler=commands.demo)

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
    p.set_defaults(handler=commands.report)

    p = sub.add_parser("check", help="definition checks of every benefit")
    p.add_argument("portfolio", type=portfolio_arg)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=commands.check)

    exchange.register(sub)
    board_pack.register(sub)
    sync.register(sub)
    server.register(sub)
    return parser


SUBCOMMANDS = {
    "open",
    "demo",
    "report",
    "check",
    "import",
    "export",
    "board-pack",
    "undo-import",
    "template",
    "profiles",
    "sync",
    "server",
    "publish",
    "clone",
    "connections",
}


def run(argv: Sequence[str]) -> int:
    """Run one command; returns the exit code."""
    argv = list(argv)
    if argv and not argv[0].startswith("-") and argv[0] not in SUBCOMMANDS:
        argv.insert(0, "open")  # benefitdesk PORTFOLIO
    if not argv:
        argv = ["open"]
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (PortfolioError, UserError, ServiceError) as exc:
        print(f"benefitdesk: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ExchangeError as exc:  # a workbook's problems, each with its sheet and cell
        for problem in exc.problems:
            print(f"benefitdesk: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        orig = getattr(exc, "orig", exc)
        print(
            f"benefitdesk: error: the portfolio file is damaged or unreadable ({orig})",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("benefitdesk: interrupted", file=sys.stderr)
        return 130


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except BrokenPipeError:  # `benefitdesk report x | head`
        sys.stderr.close()
        return EXIT_OK
