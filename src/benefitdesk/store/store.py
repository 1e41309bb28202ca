"""A portfolio's store: one engine, audited transactions, nothing global.

Every unit of work is ``with store.transaction() as session:`` — one database
transaction, committed at the end of the block or rolled back on any exception.
A store is a portfolio file (SQLite) or a portfolio on a PostgreSQL server; on a
server, reads see one consistent snapshot (REPEATABLE READ), the server decides who
may write what (store/roles.py), and its refusals come back as errors that say what
happened (store/server_errors.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from benefitdesk.model import Person, PortfolioSettings
from benefitdesk.store.audit import install_audit, os_user
from benefitdesk.store.engine import display_url, is_server_url, is_url, make_engine
from benefitdesk.store.errors import (
    NOTHING_CHANGED,
    ReadOnlyPortfolio,
    disk_full,
    explain,
    unwritable_reason,
)
from benefitdesk.store.guard import install_number_guard
from benefitdesk.store.lock import WAIT_SECONDS, PortfolioLock
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

if TYPE_CHECKING:
    from psycopg import Connection


class AuditedSession(Session):
    """A session whose flushes write audit entries."""


install_audit(AuditedSession)
install_number_guard(AuditedSession)


class Store:
    """An open portfolio: its location, engine, lock and transactions.

    ``read_only`` asks for a read-only store; a portfolio that cannot be written (a
    read-only file, folder or file system) opens read-only by itself, and
    ``read_only_reason`` says why. ``hold_lock`` (the desktop app) takes the
    portfolio's lock at once, holds it until closed, and opens read-only when another
    BenefitDesk holds it; otherwise (the command line) the lock is taken for each write
    transaction, waiting a few seconds for a holder to let go. A server portfolio has
    no lock file: the server arbitrates, and ``access`` says what the signed-in
    database user may do there.
    """

    def __init__(
        self,
        target: str | Path,
        *,
        create: bool = False,
        read_only: bool = False,
        hold_lock: bool = False,
        program: str | None = None,
        password: str | None = None,
    ):
        self.target = target if is_url(target) else Path(target).resolve()
        self.read_only_reason: str | None = "opened read-only" if read_only else None
        self.hold_lock = hold_lock
        self.user = os_user()
        #: Who the user chose to be in the app ("Me"); audited beside the OS login.
        self.person: str | None = None
        self.server = is_server_url(target)
        self.access: Access = LOCAL
        self.backend_pids: set[int] = set()  # this store's server sessions (notices)
        self.password = password  # as given (the app's prompt); kept in memory only
        self.lock: PortfolioLock | None = None
        if self.server:
            self.engine: Engine = make_engine(target, read_only=read_only, password=password)
            self._reader: Engine = self.engine.execution_options(isolation_level="REPEATABLE READ")
            self._open_server()
            return
        path = self.path
        program = program or f"the command `benefitdesk {' '.join(sys.argv[1:2])}`"
        self.lock = PortfolioLock(path, program) if path is not None else None
        immutable = False
        if path is not None and path.is_file():
            location = unwritable_reason(path)
            if location is not None:
                self.read_only_reason, immutable = location, _needs_immutable(path)
            elif hold_lock and not read_only:
                self._hold_or_read_only(path)
        try:
            prepare_portfolio(
                self.target,
                create=create,
                read_only=self.read_only_reason,
                before_write=self._lock_for_writing,
            )
            self.engine = make_engine(self.target, read_only=self.read_only, immutable=immutable)
            self._reader = self.engine
        except BaseException:
            self._release()
            raise
        if not hold_lock:
            self._release()  # the command line holds the lock only while it writes
        if create and not self.read_only:
            with self.transaction() as session:
                if session.get(PortfolioSettings, 1) is None:
                    name = Path(target).stem if not is_url(target) else "Portfolio"
                    session.add(PortfolioSettings(name=name.replace("_", " ").title()))

    def _open_server(self) -> None:
        """Check the server's schema and learn who we are there (errors in plain words)."""

        @event.listens_for(self.engine, "connect")
        def remember_pid(dbapi_connection: Connection[Any], _record: object) -> None:
            self.backend_pids.add(dbapi_connection.info.backend_pid)

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

    def _translated(self, exc: DBAPIError) -> Exception:
        if is_permission_error(exc):
            return permission_error(exc, self.access.role.value)
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

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self.read_only_reason = (self.read_only_reason or "opened read-only") if value else None

    def _hold_or_read_only(self, path: Path) -> None:
        assert self.lock is not None
        try:
            if self.lock.acquire():
                return
        except OSError as exc:
            self.read_only_reason = explain(exc, path) or str(exc)
            return
        holder = self.lock.holder()
        self.read_only_reason = (
            f"it is open in {holder.describe()}" if holder else "it is open in another BenefitDesk"
        )

    def _lock_for_writing(self) -> bool:
        """Hold the portfolio before a write, or refuse naming who holds it. True when
        the lock was taken now (and is to be released after the write)."""
        if self.lock is None or self.lock.held:
            return False
        if not self.lock.acquire(wait=WAIT_SECONDS):
            raise self.lock.refusal()
        return True

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()

    @property
    def path(self) -> Path | None:
        return self.target if isinstance(self.target, Path) else None

    @contextmanager
    def transaction(self, *, batch_id: int | None = None, audit: bool = True) -> Iterator[Session]:
        """One audited unit of work; commits on success, rolls back on error."""
        if self.read_only:
            raise ReadOnlyPortfolio(
                f"{self.name} cannot be changed here: {self.read_only_reason}. {NOTHING_CHANGED}"
            )
        took = self._lock_for_writing()
        try:
            with (
                self._server_errors(),
                AuditedSession(self.engine, expire_on_commit=False) as session,
            ):
                session.info.update(user=self.user, batch_id=batch_id, audit=audit)
                with session.begin():
                    session.info["person"] = self.person or self._person_of_login(session)
                    yield session
        finally:
            if took and not self.hold_lock:
                self._release()

    def _person_of_login(self, session: Session) -> str | None:
        """For changes made without a chosen "Me" (the command line): the person the
        server login is, else the person whose login name is the OS login."""
        if self.access.person_id is not None:
            return session.exec(
                select(Person.name).where(Person.id == self.access.person_id)
            ).first()
        query = select(Person.name).where(Person.user_name == self.user)
        return session.exec(query).first()

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

    @property
    def name(self) -> str:
        return self.target.name if isinstance(self.target, Path) else self.display

    @property
    def display(self) -> str:
        """Where the portfolio is, fit to show (a server URL without its password)."""
        return display_url(self.target)

    def close(self) -> None:
        self.engine.dispose()
        self._release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _needs_immutable(path: Path) -> bool:
    """SQLite cannot make its shared-memory file in a folder it may not write or on a
    full disk, so it must read such a file as immutable, unless a write-ahead log is
    there to be read."""
    wal = path.with_name(path.name + "-wal")
    has_log = wal.exists() and wal.stat().st_size > 0
    no_room = not os.access(path.parent, os.W_OK) or disk_full(path.parent)
    return no_room and not has_log


__all__ = ["AuditedSession", "ServerError", "Store"]
