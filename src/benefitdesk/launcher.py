"""The ``benefitdesk`` command: the desktop app or a command-line subcommand.

This is the composition root, the one place that knows both the GUI and the CLI:
``benefitdesk`` alone, ``benefitdesk PORTFOLIO`` or ``benefitdesk open [PORTFOLIO]``
opens the window; anything else goes to the command line, which never imports Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def wants_window(argv: Sequence[str]) -> bool:
    from benefitdesk.cli.main import SUBCOMMANDS

    if not argv:
        return True
    first = argv[0]
    if first == "open":
        return not any(a in ("-h", "--help") for a in argv[1:])
    return not first.startswith("-") and first not in SUBCOMMANDS


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_window(args):
        from benefitdesk.ui.app import run_app

        rest = args[1:] if args and args[0] == "open" else args
        return run_app(Path(rest[0]) if rest else None)
    from benefitdesk.cli import main as cli_main

    return cli_main(args)
