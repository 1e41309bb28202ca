"""Forecast accuracy: how far the targets of finished benefits were from what was realised.

The seeds ask that variance analysis "improve baseline accuracy in future business
cases". A benefit's *target error* is its favourable shortfall or excess at the end,
as a share of the improvement it promised: realisation − 1 for a benefit, 1 −
realisation for a dis-benefit (more impact than accepted is worse). So −0.2 means the
business case promised 20 % more than came, +0.1 that it was 10 % too cautious, 0
that it was exact. Grouped by category or owner, the mean error shows a bias and the
mean absolute error shows how far off estimates typically are (docs/monthly-cycle.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from statistics import fmean

from benefitdesk.enums import Lifecycle

#: Lifecycles whose outcome is known: the benefits the accuracy is measured on.
FINISHED_LIFECYCLES = frozenset({Lifecycle.REALISED, Lifecycle.CLOSED})


@dataclass(frozen=True, slots=True)
class Outcome:
    """A finished benefit: what it promised against what it realised."""

    code: str
    category: str
    owner: str
    dis_benefit: bool
    realisation: float | None  # of the latest actual (1.0 = target reached); None: no figure


@dataclass(frozen=True, slots=True)
class Accuracy:
    """The accuracy of one group's targets; percentages are of the promised improvement."""

    group: str
    benefits: int  # finished benefits in the group
    measured: int  # of them with a final figure (the ones the figures below describe)
    met: int  # measured benefits whose target was reached or beaten
    mean_error_pct: float | None  # bias: negative = targets were optimistic
    mean_abs_error_pct: float | None  # typical distance from the target, either way


def target_error(realisation: float, dis_benefit: bool) -> float:
    """The favourable difference from the target, as a fraction of the promised change."""
    return 1.0 - realisation if dis_benefit else realisation - 1.0


def _accuracy(group: str, outcomes: list[Outcome]) -> Accuracy:
    errors = [
        target_error(o.realisation, o.dis_benefit) for o in outcomes if o.realisation is not None
    ]
    return Accuracy(
        group=group,
        benefits=len(outcomes),
        measured=len(errors),
        met=sum(1 for e in errors if e >= 0.0),
        mean_error_pct=100.0 * fmean(errors) if errors else None,
        mean_abs_error_pct=100.0 * fmean(abs(e) for e in errors) if errors else None,
    )


def accuracy_by(outcomes: Iterable[Outcome], key: Callable[[Outcome], str]) -> list[Accuracy]:
    """The accuracy of each group ``key`` makes, in the groups' alphabetical order."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[key(outcome)].append(outcome)
    return [_accuracy(name, groups[name]) for name in sorted(groups, key=str.casefold)]


def overall_accuracy(outcomes: Iterable[Outcome], label: str = "All") -> Accuracy:
    """The accuracy over every finished benefit."""
    return _accuracy(label, list(outcomes))
