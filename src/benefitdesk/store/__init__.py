"""Engine and sessions, migrations, audit log and backups."""

from benefitdesk.store.errors import (
    NotAPortfolio,
    PortfolioError,
    PortfolioMissing,
    ReadOnlyPortfolio,
    SchemaTooNew,
)
from benefitdesk.store.store import Store

__all__ = [
    "NotAPortfolio",
    "PortfolioError",
    "PortfolioMissing",
    "ReadOnlyPortfolio",
    "SchemaTooNew",
    "Store",
]
