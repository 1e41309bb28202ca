"""Definition checks over a whole portfolio, and the approval gate."""

from __future__ import annotations

from dataclasses import dataclass

from benefitdesk.analysis.checks import Finding, Severity, check_definition
from benefitdesk.services import inputs
from benefitdesk.store import Store
from benefitdesk.store.snapshot import Snapshot, load_snapshot


@dataclass(frozen=True)
class BenefitFindings:
    code: str
    title: str
    lifecycle: str
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]


def check_snapshot(snapshot: Snapshot) -> list[BenefitFindings]:
    return [
        BenefitFindings(
            code=b.code,
            title=b.title,
            lifecycle=inputs.value_of(b.status) or "draft",
            findings=check_definition(inputs.definition_input(snapshot, b)),
        )
        for b in snapshot.benefits
    ]


def check_portfolio(store: Store) -> list[BenefitFindings]:
    with store.reading() as session:
        snapshot = load_snapshot(session, recent=1)
    return check_snapshot(snapshot)
