"""A portfolio's store: one engine, audited transactions, nothing global.

Every unit of work is ``with store.transaction() as session:`` — one SQLite
transaction, committed at the end of the block or rolled back on any exception.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from benefitdesk.model import Person, PortfolioSettings
from benefitdesk.store.audit import install_audit, os_user
from benefitdesk.store.engine import is_url, make_engine
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
    transaction, waiting a few seconds for a holder to let go.
    """

    def __init__(
        self,
        target: str | Path,
        *,
        create: bool = False,
        read_only: bool = False,
        hold_lock: bool = False,
        program: str | None = None,
    ):
        self.target = target if is_url(target) else Path(target).resolve()
        self.read_only_reason: str | None = "opened read-only" if read_only else None
        self.hold_lock = hold_lock
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
            self.engine: Engine = make_engine(
                self.target, read_only=self.read_only, immutable=immutable
            )
        except BaseException:
            self._release()
            raise
        if not hold_lock:
            self._release()  # the command line holds the lock only while it writes
        self.user = os_user()
        #: Who the user chose to be in the app ("Me"); audited beside the OS login.
        self.person: str | None = None
        if create and not self.read_only:
            with self.transaction() as session:
                if session.get(PortfolioSettings, 1) is None:
                    name = Path(target).stem if not is_url(target) else "Portfolio"
                    session.add(PortfolioSettings(name=name.replace("_", " ").title()))

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
            with AuditedSession(self.engine, expire_on_commit=False) as session:
                session.info.update(user=self.user, batch_id=batch_id, audit=audit)
                with session.begin():
                    session.info["person"] = self.person or self._person_of_login(session)
                    yield session
        finally:
            if took and not self.hold_lock:
                self._release()

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

    @property
    def name(self) -> str:
        return self.target.name if isinstance(self.target, Path) else "the portfolio"

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
