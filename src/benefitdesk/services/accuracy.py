"""Forecast accuracy by category and owner, from a report (the dashboard shows it).

Which benefits count and how the error is measured is the analysis layer's rule
(``analysis/accuracy.py``); this module only reads the report's finished benefits.
"""

from __future__ import annotations

from dataclasses import dataclass

from benefitdesk.analysis.accuracy import (
    FINISHED_LIFECYCLES,
    Accuracy,
    Outcome,
    accuracy_by,
    overall_accuracy,
)
from benefitdesk.model import BenefitKind
from benefitdesk.services import inputs
from benefitdesk.services.report import Report

NO_OWNER = "No owner"


@dataclass(frozen=True)
class AccuracyTables:
    overall: Accuracy
    by_category: list[Accuracy]
    by_owner: list[Accuracy]


def outcomes(report: Report) -> list[Outcome]:
    """The finished (realised or closed) benefits of the report, with what they realised."""
    snap = report.snapshot
    found = []
    for benefit, result in zip(snap.benefits, report.benefits, strict=True):
        if (inputs.value_of(benefit.status) or "draft") not in FINISHED_LIFECYCLES:
            continue
        pct = result.realisation_pct
        found.append(
            Outcome(
                code=benefit.code,
                category=inputs.value_of(benefit.category) or "other",
                owner=snap.person_name(benefit.owner_id) or NO_OWNER,
                dis_benefit=benefit.kind == BenefitKind.DIS_BENEFIT,
                realisation=None if pct is None else pct / 100.0,
            )
        )
    return found


def forecast_accuracy(report: Report) -> AccuracyTables:
    found = outcomes(report)
    return AccuracyTables(
        overall_accuracy(found, "All finished benefits"),
        accuracy_by(found, lambda o: o.category),
        accuracy_by(found, lambda o: o.owner),
    )
