"""The contract's two verdicts on a benefit: its status, and why it needs attention.

``analysis`` computes them (``analysis.types`` names them too); the register, the
dashboard and every report show them by these values. A leaf module of its own, so the
window's register can name a status before its first paint without loading the
domain's other enumerations or the analysis records.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Realisation status at an as-of date (docs/contract.md, the status rules), as
    ``analysis`` computes it.

    ``UNDEFINED`` is our addition: a benefit or indicator whose baseline or target is
    missing (or equal) cannot be measured against plan; the definition checks report it.
    """

    NOT_STARTED = "not_started"
    NO_DATA = "no_data"
    REALISED = "realised"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    UNDEFINED = "undefined"


class RiskReason(StrEnum):
    """Why a benefit carries the at-risk flag."""

    BEHIND_PLAN = "behind_plan"
    OVERDUE = "overdue"
    FORECAST = "forecast"
    INDICATOR = "indicator"
