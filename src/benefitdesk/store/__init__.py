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
    from benefitdesk.store.session import (
        Engine,
        IntegrityError,
        OperationalError,
        Session,
        Table,
    )
    from benefitdesk.store.store import Store

#: What services hold of the database without writing SQL (``store.session``), loaded
#: on first use like ``Store``.
_TYPES = frozenset({"Engine", "IntegrityError", "OperationalError", "Session", "Table"})

__all__ = [
    "Engine",
    "IntegrityError",
    "NotAPortfolio",
    "OperationalError",
    "PortfolioBusy",
    "PortfolioError",
    "PortfolioMissing",
    "ReadOnlyPortfolio",
    "SchemaTooNew",
    "Session",
    "Store",
    "Table",
    "explain",
]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from benefitdesk.store.store import Store

        return Store
    if name in _TYPES:
        from benefitdesk.store import session

        return getattr(session, name)
    raise AttributeError(name)
