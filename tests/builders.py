"""The one way tests define a benefit: complete and valid (every definition check
passes), changed only where a test needs it.

    benefit_fields("B-002", owner="Bob Stone")     # the form's fields, to save or edit
    add_benefit(store, "B-002", data_source=None)  # saved; returns its id

Tests under tests/ui use it too (``from builders import add_benefit``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from benefitdesk.model import Frequency
from benefitdesk.services.benefits import BenefitFields, save_benefit
from benefitdesk.store import Store

VALID = BenefitFields(
    code="B-001",
    title="Benefit B-001",
    measure="Conversion rate",
    unit="%",
    baseline=20.0,
    baseline_date=date(2026, 1, 1),
    target=30.0,
    target_date=date(2027, 1, 1),
    owner="Alice Chen",
    data_source="CRM",
    frequency=Frequency.MONTHLY,
    financial_value=1_000_000.0,
)


def benefit_fields(code: str = "B-001", **changes: Any) -> BenefitFields:
    """A valid benefit ``code`` (titled "Benefit CODE"), with ``changes`` applied."""
    return replace(VALID, **{"code": code, "title": f"Benefit {code}", **changes})


def add_benefit(store: Store, code: str = "B-001", **changes: Any) -> int:
    """Save :func:`benefit_fields` in ``store``; return the new benefit's id."""
    return save_benefit(store, benefit_fields(code, **changes)).ids[0]
