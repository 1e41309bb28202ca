"""Benefit definitions: create, edit, and move through the lifecycle.

The approval gate lives here so that the form, the CLI and imports obey the same
rule: a benefit with a definition error cannot become approved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from benefitdesk.analysis.checks import Finding, approval_errors, check_definition
from benefitdesk.exchange.text import tidy_notes
from benefitdesk.model import (
    Benefit,
    BenefitKind,
    Category,
    Classification,
    Confidence,
    Frequency,
    Lifecycle,
    Person,
    Project,
    flushed_id,
)
from benefitdesk.services import inputs
from benefitdesk.services.changes import Change
from benefitdesk.services.conflicts import locked, refuse_if_stale
from benefitdesk.services.errors import ApprovalRefused, NotFound, ValidationError
from benefitdesk.store import Session, Store
from benefitdesk.store.queries import lookups
from benefitdesk.store.queries.people import all_people
from benefitdesk.store.snapshot import automated_codes

#: Moving into these states from draft (or creating a benefit in them) is an approval.
APPROVED_STATES = frozenset({Lifecycle.APPROVED, Lifecycle.TRACKING, Lifecycle.REALISED})


@dataclass
class BenefitFields:
    """A benefit as a form edits it: people and project by name and code."""

    code: str
    title: str
    project_code: str | None = None
    description: str | None = None
    kind: BenefitKind = BenefitKind.BENEFIT
    category: Category = Category.OTHER
    classification: Classification | None = None
    measure: str | None = None
    unit: str | None = None
    baseline: float | None = None
    baseline_date: date | None = None
    target: float | None = None
    target_date: date | None = None
    tolerance: float | None = None  # a maintain KPI's band (± in its unit)
    realisation_start: date | None = None
    tracking_end: date | None = None
    owner: str | None = None
    data_source: str | None = None
    frequency: Frequency | None = None
    financial_value: float | None = None
    confidence: Confidence | None = None
    status: Lifecycle = Lifecycle.DRAFT
    defined_on: date | None = None
    objective: str | None = None
    sustainment: str | None = None
    notes: str | None = None
    row_version: int | None = None  # the version the form read (None: no check)

    @classmethod
    def of(cls, benefit: Benefit, session: Session) -> BenefitFields:
        owner = session.get(Person, benefit.owner_id) if benefit.owner_id else None
        project = session.get(Project, benefit.project_id) if benefit.project_id else None
        values: dict[str, Any] = {f.name: getattr(benefit, f.name, None) for f in fields(cls)}
        values.update(
            owner=owner.name if owner else None, project_code=project.code if project else None
        )
        return cls(**values)


def person_by_name(session: Session, name: str | None, *, create: bool = True) -> Person | None:
    """The person called ``name`` (spacing and case ignored), added when new."""
    if name is None or not name.strip():
        return None
    clean = " ".join(name.split())
    for person in all_people(session):
        if person.name.casefold() == clean.casefold():
            return person
    if not create:
        return None
    person = Person(name=clean)
    session.add(person)
    session.flush()
    return person


def validate(fields_: BenefitFields) -> dict[str, str]:
    """Problems a form shows beside its fields as the user types."""
    problems: dict[str, str] = {}
    if not fields_.code.strip():
        problems["code"] = "A benefit needs a code, e.g. B-001"
    if not fields_.title.strip():
        problems["title"] = "A benefit needs a title"
    b, t = fields_.baseline, fields_.target
    if fields_.kind == BenefitKind.MAINTAIN:
        if b is not None and t is not None and b != t:
            problems["target"] = "A maintain KPI holds its baseline: give the same value"
        if fields_.tolerance is not None and fields_.tolerance < 0:
            problems["tolerance"] = "The tolerance is a distance: 0 or more"
    elif b is not None and t is not None and b == t:
        problems["target"] = (
            "The target must differ from the baseline (to hold a level, choose Maintain)"
        )
    if (
        fields_.baseline_date
        and fields_.target_date
        and fields_.target_date <= fields_.baseline_date
    ):
        problems["target_date"] = "The target date must come after the baseline date"
    if (
        fields_.tracking_end
        and fields_.baseline_date
        and fields_.tracking_end < fields_.baseline_date
    ):
        problems["tracking_end"] = "Tracking cannot end before the baseline date"
    return problems


def definition_findings(session: Session, benefit: Benefit) -> list[Finding]:
    """The definition checks of one benefit, read from the open session."""

    def name(person_id: int | None) -> str | None:
        person = session.get(Person, person_id) if person_id else None
        return person.name if person else None

    project = session.get(Project, benefit.project_id) if benefit.project_id else None
    indicators = lookups.indicator_count(session, benefit.id)
    return check_definition(
        inputs.make_definition_input(
            benefit,
            owner=name(benefit.owner_id),
            project_manager=name(project.manager_id) if project else None,
            project_approval_date=project.approval_date if project else None,
            indicator_count=indicators,
            automated=benefit.code in automated_codes(session),
        )
    )


def _gate(session: Session, benefit: Benefit, previous: Lifecycle | None) -> None:
    if benefit.status not in APPROVED_STATES or previous in APPROVED_STATES:
        return
    errors = approval_errors(definition_findings(session, benefit))
    if errors:
        listing = "; ".join(e.message for e in errors)
        raise ApprovalRefused(
            f"{benefit.code} cannot be approved: {listing}",
            {e.field: e.message for e in errors},
        )


def save_benefit(store: Store, data: BenefitFields, *, benefit_id: int | None = None) -> Change:
    """Create (``benefit_id`` None) or update a benefit in one audited transaction."""
    problems = validate(data)
    if problems:
        raise ValidationError("; ".join(problems.values()), problems)
    with store.transaction() as session:
        return write_benefit(session, data, benefit_id)


def write_benefit(session: Session, data: BenefitFields, benefit_id: int | None) -> Change:
    """Save ``data`` within ``session``'s transaction (validated by the caller): the
    benefit is locked, and refused when it moved on from ``data.row_version``."""
    clash = lookups.benefit_by_code(session, data.code.strip())
    if clash is not None and clash.id != benefit_id:
        raise ValidationError(f"Code {data.code} is already used", {"code": "Code in use"})
    if benefit_id is None:
        benefit, previous = Benefit(code=data.code.strip(), title=data.title), None
    else:
        found = locked(session, Benefit, benefit_id, "benefit")
        refuse_if_stale(session, found, data.row_version, found.code)
        benefit, previous = found, found.status
    project = None
    if data.project_code:
        project = lookups.project_by_code(session, data.project_code)
        if project is None:
            raise ValidationError(
                f"Unknown project {data.project_code}", {"project_code": "Unknown project"}
            )
    values: dict[str, Any] = {
        f.name: getattr(data, f.name)
        for f in fields(data)
        if f.name not in ("owner", "project_code", "row_version")
    }
    values["code"] = data.code.strip()
    tidy_notes(values)
    owner = person_by_name(session, data.owner)
    values.update(owner_id=owner.id if owner else None, project_id=project.id if project else None)
    for key, value in values.items():
        if getattr(benefit, key) != value:
            setattr(benefit, key, value)
    session.add(benefit)
    session.flush()
    _gate(session, benefit, previous)
    saved_id = flushed_id(benefit)
    return Change(
        "benefit",
        (saved_id,),
        frozenset({saved_id}),
        benefit_id is None,
        row_version=benefit.row_version,
    )


def move_lifecycle(session: Session, benefit: Benefit, status: Lifecycle) -> None:
    """Move ``benefit`` to ``status`` inside the caller's transaction (audited there);
    approval is refused while it has errors."""
    previous = benefit.status
    benefit.status = status
    session.add(benefit)
    session.flush()
    _gate(session, benefit, previous)


def set_lifecycle(store: Store, code: str, status: Lifecycle) -> Change:
    """Move a benefit to ``status``; approval is refused while it has errors."""
    with store.transaction() as session:
        benefit = benefit_by_code(session, code)
        move_lifecycle(session, benefit, status)
        benefit_id = flushed_id(benefit)
        return Change("benefit", (benefit_id,), frozenset({benefit_id}))


def benefit_by_code(session: Session, code: str) -> Benefit:
    """The benefit called ``code``; NotFound names the code when there is none."""
    benefit = lookups.benefit_by_code(session, code)
    if benefit is None:
        raise NotFound(f"No benefit {code}")
    return benefit


def load_benefit_fields(store: Store, *, benefit_id: int) -> BenefitFields | None:
    """A benefit as its form edits it, or None when it no longer exists."""
    with store.reading() as session:
        benefit = session.get(Benefit, benefit_id)
        return BenefitFields.of(benefit, session) if benefit is not None else None


def next_benefit_code(store: Store) -> str:
    """The next free code in the B-001 series (B-021 after B-020)."""
    with store.reading() as session:
        codes = lookups.benefit_codes(session)
    numbers = [int(m.group(1)) for c in codes if (m := re.fullmatch(r"B-(\d+)", c.strip()))]
    return f"B-{max(numbers, default=0) + 1:03d}"
