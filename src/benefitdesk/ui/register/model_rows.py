"""The register's rows: one plain, immutable object per benefit, built from a report."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from benefitdesk.analysis.types import Status
from benefitdesk.present.vocabulary import reasons_text

if TYPE_CHECKING:
    from benefitdesk.services.report import Report


class RegisterRow(NamedTuple):
    """One benefit as the register shows it (a tuple: 10,000 are cheap to build)."""

    benefit_id: int
    code: str
    title: str
    project: str
    project_id: int | None
    owner: str
    lifecycle: str
    status: Status
    at_risk: bool
    risk: str
    realisation_pct: float | None
    variance_pct: float | None
    forecast_pct: float | None
    next_due: date | None
    overdue: bool
    automated: bool


def rows_from_report(report: Report) -> list[RegisterRow]:
    snap = report.snapshot
    rows = []
    for benefit, result in zip(snap.benefits, report.benefits, strict=True):
        project = snap.project_of(benefit)
        rows.append(
            RegisterRow(
                benefit_id=benefit.id,
                code=benefit.code,
                title=benefit.title,
                project=project.code if project else "",
                project_id=benefit.project_id,
                owner=snap.person_name(benefit.owner_id) or "",
                lifecycle=str(benefit.status.value),
                status=result.status,
                at_risk=result.at_risk,
                risk=reasons_text(result.risk_reasons),
                realisation_pct=result.realisation_pct,
                variance_pct=result.variance_pct,
                forecast_pct=result.forecast_realisation_pct,
                next_due=result.next_due,
                overdue=result.overdue,
                automated=benefit.code in snap.automated_codes,
            )
        )
    return rows
