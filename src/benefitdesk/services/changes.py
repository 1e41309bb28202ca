"""What a service changed, so each view redraws only what concerns it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    """A description of one committed unit of work."""

    entity: str  # benefit, measurement, indicator, plan, action, note, activity, ...
    ids: tuple[int, ...] = ()
    benefit_ids: frozenset[int] = field(default_factory=frozenset)
    structural: bool = False  # rows added or removed (lists must re-query)
    row_version: int | None = None  # the edited row's version now (for the next edit)
