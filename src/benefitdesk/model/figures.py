"""The one limit on a figure: finite, and at most a quadrillion in size.

No benefit, budget or KPI is a quadrillion; beyond ~1e308 a float is infinite, which
no total survives, and an integer past SQLite's range stops a write with an overflow.
The value parser refuses such input with its cell or field; the store refuses any
other write holding one.
"""

from __future__ import annotations

import math

#: The largest magnitude a figure, budget or setting may have.
MAX_ABS = 1e15
#: ``MAX_ABS`` as messages write it.
MAX_ABS_TEXT = "1,000,000,000,000,000"


def usable_number(value: object) -> bool:
    """False for NaN, infinities and magnitudes beyond ``MAX_ABS``; True for non-numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return True
    return math.isfinite(value) and abs(value) <= MAX_ABS
