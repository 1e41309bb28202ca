"""The register's rows: one plain, immutable tuple per benefit.

Every field is a plain value (text, number, bool, None): the start-up cache stores rows
as they are and loads 10,000 of them in milliseconds. A row's figures are empty (status
None) while the portfolio is still being evaluated: the register can show the benefits
of a first open before any figure is known.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from benefitdesk.present.vocabulary import reasons_text

if TYPE_CHECKING:
    from benefitdesk.services.report import Report


class RegisterRow(NamedTuple):
    """One benefit as the register shows it."""

    benefit_id: int
    code: str
    title: str
    project: str
    project_id: int | None
    owner: str
    lifecycle: str
    status: str | None  # a Status value (StrEnum: compares and hashes as its Status)
    at_risk: bool
    risk: str
    realisation_pct: float | None
    variance_pct: float | None
    forecast_pct: float | None
    next_due: int | None  # date.toordinal(), so a row stays plain
    overdue: bool
    automated: bool


#: Field positions, for the model's per-cell code (a tuple index is the fastest read).
#: Final, so that the type checker knows each field's type at ``row[CODE]``.
ID: Final = 0
CODE: Final = 1
TITLE: Final = 2
PROJECT: Final = 3
PROJECT_ID: Final = 4
OWNER: Final = 5
LIFECYCLE: Final = 6
STATUS: Final = 7
AT_RISK: Final = 8
RISK: Final = 9
REALISATION: Final = 10
VARIANCE: Final = 11
FORECAST: Final = 12
NEXT_DUE: Final = 13
OVERDUE: Final = 14
AUTOMATED: Final = 15


def rows_from_report(report: Report) -> list[RegisterRow]:
    snap = report.snapshot
    rows = []
    for benefit, result in zip(snap.benefits, report.benefits, strict=True):
        project = snap.project_of(benefit)
        due = result.next_due
        rows.append(
            RegisterRow(
                benefit_id=benefit.id,
                code=benefit.code,
                title=benefit.title,
                project=project.code if project else "",
                project_id=benefit.project_id,
                owner=snap.person_name(benefit.owner_id) or "",
                lifecycle=str(benefit.status.value),
                status=result.status.value,
                at_risk=result.at_risk,
                risk=reasons_text(result.risk_reasons),
                realisation_pct=result.realisation_pct,
                variance_pct=result.variance_pct,
                forecast_pct=result.forecast_realisation_pct,
                next_due=due.toordinal() if due else None,
                overdue=result.overdue,
                automated=benefit.code in snap.automated_codes,
            )
        )
    return rows


def rows_without_figures(benefits: Iterable[tuple[Any, ...]]) -> list[RegisterRow]:
    """Rows from (id, code, title, project code, project id, owner, lifecycle) tuples,
    their figures still unknown (``store.register_list``, read before the report)."""
    unknown = (None, False, "", None, None, None, None, False, False)
    return [RegisterRow._make((*b, *unknown)) for b in benefits]
