"""The ``benefitdesk`` command: the desktop app or a command-line subcommand.

This is the composition root, the one place that knows both the GUI and the CLI:
the command line parses the arguments (``benefitdesk``, ``benefitdesk PORTFOLIO`` and
``benefitdesk open [PORTFOLIO]`` ask for the window) and calls back here to open the
app; everything else runs as a command, which never imports Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def open_app(portfolio: Path | None) -> int:
    from benefitdesk.ui.app import run_app

    return run_app(portfolio)


def main(argv: Sequence[str] | None = None) -> int:
    from benefitdesk.cli.main import main as cli_main

    return cli_main(list(sys.argv[1:] if argv is None else argv), open_app=open_app)
