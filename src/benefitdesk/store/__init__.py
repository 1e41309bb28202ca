"""Engine and sessions, migrations, audit log and backups.

``Store`` is imported on first use (PEP 562): the GUI shows its window before it
pays for SQLAlchemy and SQLModel, which take most of a second to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benefitdesk.store.errors import (
    NotAPortfolio,
    PortfolioBusy,
    PortfolioError,
    PortfolioMissing,
    ReadOnlyPortfolio,
    SchemaTooNew,
    explain,
)

if TYPE_CHECKING:
    from benefitdesk.store.store import Store

__all__ = [
    "NotAPortfolio",
    "PortfolioBusy",
    "PortfolioError",
    "PortfolioMissing",
    "ReadOnlyPortfolio",
    "SchemaTooNew",
    "Store",
    "explain",
]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from benefitdesk.store.store import Store

        return Store
    raise AttributeError(name)
