"""Argument parsing and dispatch for ``benefitdesk``.

Each command group lives in its own module with a ``register(subparsers)`` function
(listed in ``COMMAND_MODULES``); a module imports what its commands need inside their
handlers, so ``benefitdesk --help`` and ``--version`` load none of the services,
SQLAlchemy or openpyxl (tests/test_cli_startup.py keeps it so).

A first argument that is not a command opens the desktop app only when it is a
portfolio: an existing file, a name with a portfolio extension or a database URL.
Anything else is a usage error (exit 2) that suggests the command meant, so
``benefitdesk reprot d.sqlite`` never becomes a portfolio called ``reprot``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

from benefitdesk import PORTFOLIO_SUFFIXES, __version__
from benefitdesk.cli.common import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, UserError, iso_date

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_OK",
    "EXIT_USAGE",
    "PORTFOLIO_SUFFIXES",
    "UserError",
    "build_parser",
    "command_names",
    "iso_date",
    "parse",
    "run",
]

#: Each module under benefitdesk.cli whose ``register(subparsers)`` adds commands, and
#: the commands it adds (tests/test_cli_startup.py checks that they agree): a command
#: line that names a command builds its module's parser alone.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "commands": ("open", "demo", "report", "check"),
    "exchange": ("export", "import", "new", "undo-import", "template"),
    "board_pack": ("board-pack",),
    "sync": ("sync", "profiles"),
    "chase": ("chase",),
    "collect": ("collect",),
    "reminders": ("reminders",),
    "review": ("review",),
    "backups": ("backups",),
    "server": ("server", "publish", "clone", "connections"),
}
_MODULE_OF = {command: module for module, names in COMMAND_MODULES.items() for command in names}
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


class CommandParser(argparse.ArgumentParser):
    """The top-level parser, keeping its commands (argparse lists them only in a private
    attribute)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = self.add_subparsers(
            dest="command", metavar="COMMAND", parser_class=argparse.ArgumentParser
        )


def build_parser(modules: Iterable[str] = COMMAND_MODULES) -> CommandParser:
    """The ``benefitdesk`` parser with the commands of ``modules`` (all by default)."""
    parser = CommandParser(
        prog="benefitdesk",
        description="Track whether projects deliver the business value they promised.",
        epilog="Run 'benefitdesk [PORTFOLIO]' without a command to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"BenefitDesk {__version__}")
    for name in modules:
        import_module(f"benefitdesk.cli.{name}").register(parser.commands)
    return parser


def command_names(parser: CommandParser | None = None) -> list[str]:
    """Every command the parser knows, in the order of ``--help``."""
    return list((parser or build_parser()).commands.choices)


def is_portfolio_argument(text: str) -> bool:
    """Whether ``text`` names a portfolio: an existing file, a path ending in a
    portfolio extension, or a database URL (``postgresql://…``)."""
    if _URL.match(text):
        return True
    path = Path(text)
    return path.suffix.lower() in PORTFOLIO_SUFFIXES or path.is_file() or _saved_name(text)


def _saved_name(text: str) -> bool:
    """A saved server connection's name (``benefitdesk "PMO benefits"``)."""
    from benefitdesk.store.connections import saved_connections

    return any(c.name == text for c in saved_connections())


def _not_a_command(word: str, names: Sequence[str]) -> str:
    import difflib  # only for a mistyped command: every other command line skips it

    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if close:
        return f"unknown command '{word}' — did you mean '{close[0]}'?"
    if Path(word).is_dir():
        return f"'{word}' is a folder: give a portfolio file, or a command (see --help)"
    return (
        f"unknown command '{word}', and no portfolio file of that name "
        f"(commands: {', '.join(names)}; portfolios end in {', '.join(PORTFOLIO_SUFFIXES)})"
    )


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed arguments; ``command`` is ``open`` when the app is wanted.

    Usage errors, ``--help`` and ``--version`` exit through argparse (SystemExit).
    """
    argv = list(argv)
    if argv and argv[0] in _MODULE_OF:  # building every command's parser costs 10 ms
        return build_parser([_MODULE_OF[argv[0]]]).parse_args(argv)
    parser = build_parser()
    names = command_names(parser)
    if not argv:
        argv = ["open"]
    elif not argv[0].startswith("-") and argv[0] not in names:
        if not is_portfolio_argument(argv[0]):
            parser.error(_not_a_command(argv[0], names))
        argv.insert(0, "open")  # benefitdesk PORTFOLIO
    return parser.parse_args(argv)


def execute(args: argparse.Namespace) -> int:
    """Run a parsed command; a user's mistake is one line on stderr, never a traceback.

    A workbook writer stopped by a full disk (openpyxl, XlsxWriter) leaves an open zip
    whose finaliser retries the write and prints "Exception ignored … OSError" under
    the message already given; such finaliser noise is dropped while a command runs.
    """
    import gc

    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, OSError):
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        return _execute(args)
    finally:
        gc.collect()
        sys.unraisablehook = previous


def _execute(args: argparse.Namespace) -> int:
    from benefitdesk.exchange.errors import ExchangeError
    from benefitdesk.services.errors import ServiceError
    from benefitdesk.store import PortfolioError
    from benefitdesk.store.errors import portfolio_errors

    handler: Callable[[argparse.Namespace], int] = args.handler
    portfolio = getattr(args, "portfolio", None)
    written = getattr(args, "out", None) or getattr(args, "outdir", None)
    try:
        with portfolio_errors(portfolio, written):
            return handler(args)
    except (PortfolioError, UserError, ServiceError) as exc:
        print(f"benefitdesk: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ExchangeError as exc:  # a workbook's problems, each with its sheet and cell
        for problem in exc.problems:
            print(f"benefitdesk: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:  # the machine: no permission, a full disk, …
        from benefitdesk.store import explain

        message = explain(exc, portfolio, written)
        if message is None:
            raise
        print(f"benefitdesk: error: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except LookupError as exc:  # a damaged file: a stored word that is none of ours
        if "is not among the defined enum values" not in str(exc):
            raise
        portfolio = getattr(args, "portfolio", None) or "the portfolio"
        print(f"benefitdesk: error: {portfolio} is damaged or unreadable ({exc})", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("benefitdesk: interrupted", file=sys.stderr)
        return 130


def run(argv: Sequence[str]) -> int:
    """Run one command; returns the exit code."""
    return execute(parse(argv))


def main(
    argv: Sequence[str] | None = None,
    *,
    open_app: Callable[[Path | str | None], int] | None = None,
) -> int:
    """The ``benefitdesk`` command. ``open_app(portfolio)`` opens the desktop app when the
    arguments ask for it (the launcher passes it in: the command line never imports Qt)."""
    try:
        args = parse(sys.argv[1:] if argv is None else argv)
        if args.command == "open" and open_app is not None:
            return open_app(args.portfolio)
        return execute(args)
    except BrokenPipeError:  # `benefitdesk report x | head`
        sys.stderr.close()
        return EXIT_OK
