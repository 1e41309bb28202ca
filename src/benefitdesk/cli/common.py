"""What every command shares: exit codes, the user-error type, argument types."""

from __future__ import annotations

import argparse
from datetime import date

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """A mistake in what the user asked for; printed as one line, exit code 1."""


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None
