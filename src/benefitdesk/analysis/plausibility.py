"""Is a typed figure far outside what this benefit usually shows? (A question to ask
before saving, not part of the contract: the figure is saved if the user confirms.)

The usual range runs from the lowest to the highest of the recent figures, the baseline
and the target. A figure is *far outside* it when it lies more than a margin beyond
either end; the margin is the range's width, and at least half the size of its larger
end. So a slip of the decimal point (1705 for 170.5, 17.3 for 173) is always caught,
while a figure moving towards its target never is. docs/contract.md, "Plausibility".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

#: How many of the latest figures make up "recent".
RECENT = 6


class UsualRange(NamedTuple):
    low: float
    high: float


def usual_range(
    recent: Iterable[float], baseline: float | None = None, target: float | None = None
) -> UsualRange | None:
    """The range of the recent figures, baseline and target; None with none of them."""
    known = [*recent, *(v for v in (baseline, target) if v is not None)]
    if not known:
        return None
    return UsualRange(min(known), max(known))


def far_outside(value: float, usual: UsualRange | None) -> bool:
    if usual is None:
        return False
    low, high = usual
    margin = max(high - low, abs(high) / 2, abs(low) / 2)
    return value < low - margin or value > high + margin
