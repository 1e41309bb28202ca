"""Command line: the GUI's services for PMO automation, scripting and tests.

Exit codes: 0 success, 1 bad input (every problem listed), 2 usage error. A user's
mistake never prints a traceback.
"""

from __future__ import annotations

from benefitdesk.cli.main import main, run

__all__ = ["main", "run"]
