"""A portfolio's store: one engine, audited transactions, nothing global.

Every unit of work is ``with store.transaction() as session:`` — one SQLite
transaction, committed at the end of the block or rolled back on any exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from benefitdesk.model import Person, PortfolioSettings
from benefitdesk.store.audit import install_audit, os_user
from benefitdesk.store.engine import is_url, make_engine
from benefitdesk.store.migrate import prepare_portfolio


class AuditedSession(Session):
    """A session whose flushes write audit entries."""


install_audit(AuditedSession)


class Store:
    """An open portfolio: its location, engine and transactions."""

    def __init__(self, target: str | Path, *, create: bool = False, read_only: bool = False):
        self.target = target if is_url(target) else Path(target).resolve()
        self.read_only = read_only
        if not read_only:
            prepare_portfolio(self.target, create=create)
        self.engine: Engine = make_engine(self.target, read_only=read_only)
        self.user = os_user()
        #: Who the user chose to be in the app ("Me"); audited beside the OS login.
        self.person: str | None = None
        if create and not read_only:
            with self.transaction() as session:
                if session.get(PortfolioSettings, 1) is None:
                    name = Path(target).stem if not is_url(target) else "Portfolio"
                    session.add(PortfolioSettings(name=name.replace("_", " ").title()))

    @property
    def path(self) -> Path | None:
        return self.target if isinstance(self.target, Path) else None

    @contextmanager
    def transaction(self, *, batch_id: int | None = None, audit: bool = True) -> Iterator[Session]:
        """One audited unit of work; commits on success, rolls back on error."""
        with AuditedSession(self.engine, expire_on_commit=False) as session:
            session.info.update(user=self.user, batch_id=batch_id, audit=audit)
            with session.begin():
                session.info["person"] = self.person or self._person_of_login(session)
                yield session

    def _person_of_login(self, session: Session) -> str | None:
        """The person whose login name is the OS login, for changes made without a
        chosen "Me" (the command line)."""
        query = select(Person.name).where(Person.user_name == self.user)
        return session.exec(query).first()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (one snapshot-consistent transaction)."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def settings(self) -> PortfolioSettings:
        with self.reading() as session:
            settings = session.exec(select(PortfolioSettings)).first()
            return settings or PortfolioSettings()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
