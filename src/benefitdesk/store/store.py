"""A portfolio's store: one engine, audited transactions, nothing global.

Every unit of work is ``with store.transaction() as session:`` — one database
transaction, committed at the end of the block or rolled back on any exception.
A store is a portfolio file (SQLite) or a portfolio on a PostgreSQL server; on a
server, reads see one consistent snapshot (REPEATABLE READ) and the server's
refusals come back as errors that say what happened (store/server_errors.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from benefitdesk.model import PortfolioSettings
from benefitdesk.store.audit import install_audit, os_user
from benefitdesk.store.engine import display_url, is_server_url, is_url, make_engine
from benefitdesk.store.migrate import prepare_portfolio
from benefitdesk.store.roles import LOCAL, Access, session_access
from benefitdesk.store.server_errors import (
    RowChanged,
    ServerError,
    connection_error,
    is_connection_error,
    is_permission_error,
    permission_error,
)
from benefitdesk.store.server_schema import check_server_schema


class AuditedSession(Session):
    """A session whose flushes write audit entries."""


install_audit(AuditedSession)


class Store:
    """An open portfolio: its location, engine and transactions."""

    def __init__(
        self,
        target: str | Path,
        *,
        create: bool = False,
        read_only: bool = False,
        password: str | None = None,
    ):
        self.server = is_server_url(target)
        self.target = target if is_url(target) else Path(target).resolve()
        self.read_only = read_only
        self.user = os_user()
        self.access: Access = LOCAL
        self.backend_pids: set[int] = set()  # this store's server sessions (notices)
        if self.server:
            self.engine: Engine = make_engine(target, read_only=read_only, password=password)
            self._reader = self.engine.execution_options(isolation_level="REPEATABLE READ")
            self._open_server()
            return
        if not read_only:
            prepare_portfolio(self.target, create=create)
        self.engine = make_engine(self.target, read_only=read_only)
        self._reader = self.engine
        if create and not read_only:
            with self.transaction() as session:
                if session.get(PortfolioSettings, 1) is None:
                    name = Path(target).stem if not is_url(target) else "Portfolio"
                    session.add(PortfolioSettings(name=name.replace("_", " ").title()))

    def _open_server(self) -> None:
        """Check the server's schema and learn who we are there (errors in plain words)."""

        @event.listens_for(self.engine, "connect")
        def remember_pid(dbapi_connection: object, _record: object) -> None:
            self.backend_pids.add(dbapi_connection.info.backend_pid)  # type: ignore[attr-defined]

        try:
            check_server_schema(self.engine, self.display)
            with self.engine.connect() as connection:
                self.access = session_access(connection)
        except DBAPIError as exc:
            self.engine.dispose()
            raise self._translated(exc) from exc
        except BaseException:
            self.engine.dispose()
            raise

    @property
    def path(self) -> Path | None:
        return self.target if isinstance(self.target, Path) else None

    @property
    def display(self) -> str:
        """Where the portfolio is, fit to show (a server URL without its password)."""
        return display_url(self.target)

    def _translated(self, exc: DBAPIError) -> Exception:
        if is_permission_error(exc):
            return permission_error(exc, self.access.role.value if self.server else None)
        if is_connection_error(exc):
            return connection_error(exc, self.display)
        return exc

    @contextmanager
    def _server_errors(self) -> Iterator[None]:
        """Say in plain words why a server refused (a file's errors pass through)."""
        try:
            yield
        except StaleDataError as exc:
            raise RowChanged(
                "Someone else changed this record while it was being saved; nothing was "
                "overwritten — reload and try again"
            ) from exc
        except DBAPIError as exc:
            translated = self._translated(exc) if self.server else exc
            if translated is exc:
                raise
            raise translated from exc

    @contextmanager
    def transaction(self, *, batch_id: int | None = None, audit: bool = True) -> Iterator[Session]:
        """One audited unit of work; commits on success, rolls back on error."""
        with self._server_errors(), AuditedSession(self.engine, expire_on_commit=False) as session:
            session.info.update(user=self.user, batch_id=batch_id, audit=audit)
            with session.begin():
                yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (one snapshot-consistent transaction)."""
        with (
            self._server_errors(),
            Session(self._reader, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def settings(self) -> PortfolioSettings:
        with self.reading() as session:
            settings = session.exec(select(PortfolioSettings)).first()
            return settings or PortfolioSettings()

    def ping(self) -> None:
        """Raise a ServerError when the server cannot be reached any more."""
        if self.server:
            with self._server_errors(), self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


__all__ = ["AuditedSession", "ServerError", "Store"]
