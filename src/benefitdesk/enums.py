"""The domain's enumerations, stored and exchanged by their lower-case values.

One vocabulary for every layer: the tables (``model``) store these values, and the
computation (``analysis``, which imports nothing of the database) counts lifecycles,
frequencies and action statuses by them. A leaf module: standard library only.
"""

from __future__ import annotations

from enum import StrEnum


class ProjectStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    IN_DELIVERY = "in delivery"
    LIVE = "live"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class BenefitKind(StrEnum):
    BENEFIT = "benefit"
    DIS_BENEFIT = "dis-benefit"
    MAINTAIN = "maintain"  # hold the baseline level within a tolerance band


class Category(StrEnum):
    REVENUE = "revenue"
    COST_SAVING = "cost saving"
    PRODUCTIVITY = "productivity"
    CUSTOMER = "customer"
    QUALITY = "quality"
    RISK_COMPLIANCE = "risk/compliance"
    STRATEGIC = "strategic"
    OTHER = "other"


class Classification(StrEnum):
    CASH_RELEASING = "cash-releasing"
    NON_CASH_RELEASING = "non-cash-releasing"
    SOCIETAL = "societal"


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    YEARLY = "yearly"


class Confidence(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Lifecycle(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    TRACKING = "tracking"
    REALISED = "realised"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Raci(StrEnum):
    RESPONSIBLE = "responsible"
    ACCOUNTABLE = "accountable"
    CONSULTED = "consulted"
    INFORMED = "informed"


class MeasurementSource(StrEnum):
    MANUAL = "manual"
    IMPORT = "import"
    SYNC = "sync"


class VarianceCause(StrEnum):
    ADOPTION = "adoption"
    MARKET_PRICING = "market/pricing"
    IMPLEMENTATION_DELAY = "implementation delay"
    EXTERNAL_ECONOMIC = "external economic"
    DATA_QUALITY = "data quality"
    SCOPE_CHANGE = "scope change"
    OTHER = "other"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    DONE = "done"
    DROPPED = "dropped"


class ActivityKind(StrEnum):
    TRAINING = "training"
    ADOPTION_MILESTONE = "adoption milestone"
    PROCESS_CHANGE = "process change"
    OTHER = "other"


class BatchKind(StrEnum):
    IMPORT = "import"
    SYNC = "sync"
    DEMO = "demo"


#: Action statuses that still need work.
OPEN_ACTION_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})
#: Lifecycles whose benefits count in portfolio totals (docs/contract.md).
COUNTED_LIFECYCLES = frozenset(
    {Lifecycle.APPROVED, Lifecycle.TRACKING, Lifecycle.REALISED, Lifecycle.CLOSED}
)
#: Lifecycles whose benefits are never overdue or at risk.
DORMANT_LIFECYCLES = frozenset({Lifecycle.CLOSED, Lifecycle.CANCELLED})


class TeamRole(StrEnum):
    """What a database user may do; each is a PostgreSQL group role on the server."""

    PMO = "pmo"  # everything
    OWNER = "owner"  # figures, notes, actions, activities on their own benefits
    VIEWER = "viewer"  # read only
