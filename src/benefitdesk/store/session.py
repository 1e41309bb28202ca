"""The database types a service holds without writing SQL: its session, a Core table
(the import's bulk writes name one), an engine (a server's administration), and the
database errors it turns into messages.

Re-exported from ``benefitdesk.store`` so that services import nothing from SQLAlchemy
or SQLModel (an import-linter contract, docs/architecture.md).
"""

from __future__ import annotations

from sqlalchemy import Engine, Table
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

__all__ = ["Engine", "IntegrityError", "OperationalError", "Session", "Table"]
