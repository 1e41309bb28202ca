"""The ``benefitdesk`` command: the desktop app or a command-line subcommand.

This is the composition root, the one place that knows both the GUI and the CLI.
The window's usual starts (``benefitdesk`` alone, or with an existing portfolio file)
open it at once; anything else goes to the command line, which parses the arguments
(``benefitdesk open [PORTFOLIO]`` asks for the window too) and calls back here to open
the app, or runs a command, which never imports Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from benefitdesk import PORTFOLIO_SUFFIXES


def open_app(portfolio: Path | str | None) -> int:
    """The window on ``portfolio``: a file, or a server portfolio's URL."""
    from benefitdesk.ui.app import run_app

    return run_app(portfolio)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if opens_the_window(args):
        return open_app(Path(args[0]) if args else None)
    from benefitdesk.cli.main import main as cli_main

    return cli_main(args, open_app=open_app)


def opens_the_window(args: Sequence[str]) -> bool:
    """``benefitdesk`` alone or with an existing portfolio file, as the desktop menu and
    a double click start it: the window opens without building the command line's
    parser (a few hundredths of a second of a start measured in tenths)."""
    if not args:
        return True
    name = args[0]
    return len(args) == 1 and name.lower().endswith(PORTFOLIO_SUFFIXES) and Path(name).is_file()
