"""What a board pack covers: projects, owners, lifecycle statuses, categories, drafts.

The scope cuts the portfolio down before anything is computed, so every figure of the
pack (totals, exceptions, movement) is the report of the benefits in scope: a pack for
projects P-100 and P-200 shows exactly what ``report`` would show for a portfolio
holding only their benefits. Investment and delivery cover the chosen projects; when
the scope is narrowed another way (owners, statuses, categories) they cover the
projects behind the benefits in scope. Draft benefits are left out unless asked for:
they are not approved, and count in no total anyway.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from benefitdesk.model import Category, Lifecycle
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.inputs import value_of
from benefitdesk.store.snapshot import Snapshot

DRAFT = Lifecycle.DRAFT.value
LIFECYCLES = tuple(s.value for s in Lifecycle)
CATEGORIES = tuple(c.value for c in Category)


@dataclass(frozen=True)
class PackScope:
    """The benefits a pack covers; empty tuples mean "all"."""

    projects: tuple[str, ...] = ()  # project codes
    owners: tuple[str, ...] = ()  # people's names
    statuses: tuple[str, ...] = ()  # lifecycle statuses
    categories: tuple[str, ...] = ()
    include_drafts: bool = False

    @property
    def narrowed(self) -> bool:
        """Whether anything other than the projects narrows the benefits."""
        return bool(self.owners or self.statuses or self.categories)

    def lifecycles(self) -> frozenset[str]:
        allowed = set(self.statuses) if self.statuses else set(LIFECYCLES) - {DRAFT}
        if self.include_drafts:
            allowed.add(DRAFT)
        return frozenset(allowed)

    def describe(self) -> tuple[str, ...]:
        """The scope in words, for the pack's subtitle (nothing for the whole portfolio)."""
        parts = []
        if self.projects:
            parts.append(_listed("project", self.projects))
        if self.owners:
            parts.append(_listed("owner", self.owners))
        if self.statuses:
            parts.append(_listed("lifecycle", self.statuses, plural="lifecycles"))
        if self.categories:
            parts.append(_listed("category", self.categories, plural="categories"))
        if self.include_drafts and DRAFT not in self.statuses:
            parts.append("draft benefits included")
        return tuple(parts)


def _listed(noun: str, items: Iterable[str], plural: str | None = None) -> str:
    values = list(items)
    word = noun if len(values) == 1 else plural or f"{noun}s"
    return f"{word} {', '.join(values)}"


def _match(
    wanted: Iterable[str], known: Iterable[str], what: str, problems: list[str]
) -> tuple[str, ...]:
    """``wanted`` spelled as in ``known`` (case and spaces ignored); unknown ones noted."""
    by_key = {k.strip().casefold(): k for k in known}
    found = []
    for item in wanted:
        key = item.strip().casefold()
        if not key:
            continue
        if key in by_key:
            found.append(by_key[key])
        else:
            problems.append(f'no {what} "{item.strip()}"')
    return tuple(dict.fromkeys(found))


def resolve_scope(snapshot: Snapshot, scope: PackScope) -> PackScope:
    """``scope`` with every name spelled as in the portfolio.

    Raises :class:`ServiceError` listing every project, owner, status or category the
    portfolio does not know, so a typo never silently empties a pack.
    """
    problems: list[str] = []
    projects = _match(
        scope.projects, (p.code for p in snapshot.projects.values()), "project", problems
    )
    owners = _match(scope.owners, (p.name for p in snapshot.people.values()), "person", problems)
    statuses = _match(scope.statuses, LIFECYCLES, "lifecycle status", problems)
    categories = _match(scope.categories, CATEGORIES, "category", problems)
    if problems:
        hint = []
        if any(p.startswith("no lifecycle") for p in problems):
            hint.append(f"statuses are {', '.join(LIFECYCLES)}")
        if any(p.startswith("no category") for p in problems):
            hint.append(f"categories are {', '.join(CATEGORIES)}")
        extra = f" ({'; '.join(hint)})" if hint else ""
        raise ServiceError(f"The pack's scope names {'; '.join(problems)}{extra}")
    return replace(
        scope, projects=projects, owners=owners, statuses=statuses, categories=categories
    )


def benefit_ids_in_scope(snapshot: Snapshot, scope: PackScope) -> set[int]:
    """Ids of the benefits ``scope`` (already resolved) covers."""
    lifecycles = scope.lifecycles()
    project_ids = {i for i, p in snapshot.projects.items() if p.code in scope.projects}
    owners = set(scope.owners)
    categories = set(scope.categories)
    kept = set()
    for b in snapshot.benefits:
        if (value_of(b.status) or DRAFT) not in lifecycles:
            continue
        if scope.projects and b.project_id not in project_ids:
            continue
        if owners and snapshot.person_name(b.owner_id) not in owners:
            continue
        if categories and value_of(b.category) not in categories:
            continue
        kept.add(b.id)
    return kept


def scope_snapshot(snapshot: Snapshot, scope: PackScope) -> Snapshot:
    """The part of ``snapshot`` that ``scope`` (already resolved) covers."""
    ids = benefit_ids_in_scope(snapshot, scope)
    benefits = [b for b in snapshot.benefits if b.id in ids]
    if scope.projects:
        projects = {i: p for i, p in snapshot.projects.items() if p.code in scope.projects}
    elif scope.narrowed:
        behind = {b.project_id for b in benefits}
        projects = {i: p for i, p in snapshot.projects.items() if i in behind}
    else:
        projects = dict(snapshot.projects)
    indicator_ids = {i.id for b in benefits for i in snapshot.indicators.get(b.id, [])}
    return replace(
        snapshot,
        projects=projects,
        benefits=benefits,
        plans={k: v for k, v in snapshot.plans.items() if k in ids},
        plan_reasons={k: v for k, v in snapshot.plan_reasons.items() if k[0] in ids},
        plan_created={k: v for k, v in snapshot.plan_created.items() if k[0] in ids},
        measurements={k: v for k, v in snapshot.measurements.items() if k in ids},
        indicators={k: v for k, v in snapshot.indicators.items() if k in ids},
        indicator_measurements={
            k: v for k, v in snapshot.indicator_measurements.items() if k in indicator_ids
        },
        notes=[n for n in snapshot.notes if n.benefit_id in ids],
        actions=[a for a in snapshot.actions if a.benefit_id in ids],
        activities=[a for a in snapshot.activities if a.benefit_id in ids],
        stakeholders=[s for s in snapshot.stakeholders if s.benefit_id in ids],
    )


def drafts_left_out(snapshot: Snapshot, scope: PackScope) -> int:
    """Draft benefits the scope would cover but for being drafts."""
    if DRAFT in scope.lifecycles():
        return 0
    with_drafts = replace(scope, include_drafts=True)
    return len(benefit_ids_in_scope(snapshot, with_drafts) - benefit_ids_in_scope(snapshot, scope))
