"""Create, check and upgrade a portfolio's schema through Alembic, run in code.

Opening an older portfolio first makes a backup copy; a portfolio written by a newer
BenefitDesk is refused rather than damaged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DatabaseError

from benefitdesk.store.backup import make_backup
from benefitdesk.store.engine import is_url, looks_like_sqlite, make_engine
from benefitdesk.store.errors import (
    NOTHING_CHANGED,
    NotAPortfolio,
    PortfolioMissing,
    ReadOnlyPortfolio,
    SchemaTooNew,
)
from benefitdesk.store.revisions import alembic_config, head_revision, known_revisions


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the portfolio (None: not set up yet)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run migrations up to ``revision`` in one transaction."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        try:
            command.upgrade(config, revision)
        finally:
            config.attributes.pop("connection", None)


def prepare_portfolio(
    target: str | Path,
    *,
    create: bool = False,
    read_only: str | None = None,
    before_write: Callable[[], object] | None = None,
) -> bool:
    """Make sure ``target`` holds a portfolio at the current schema.

    The schema version is read through a read-only connection first, so a portfolio
    that is refused (newer, damaged, not a portfolio) is never written to, not even
    its header's journal mode. ``read_only`` says why the portfolio cannot be written
    (None: it can); ``before_write`` runs before the first write (it takes the lock).
    Returns True when the schema was created or upgraded. Raises a PortfolioError
    subclass, with a message fit for a user, when the file cannot be used.
    """
    if not is_url(target):
        _check_file(Path(target), create=create, read_only=read_only)
    revision, tables = read_schema(target, immutable=read_only is not None)
    if revision is not None and revision not in known_revisions():
        raise SchemaTooNew(
            f"{target} was written by a newer BenefitDesk (schema {revision}); "
            f"update BenefitDesk to open it. {NOTHING_CHANGED}"
        )
    if revision is None and tables - {"alembic_version"}:
        raise NotAPortfolio(f"{target} is an SQLite database but not a portfolio")
    if revision == head_revision():
        return False
    if read_only is not None:
        what = "is empty" if revision is None else "was written by an older BenefitDesk"
        raise ReadOnlyPortfolio(
            f"{target} {what} and must be set up before it can be read, but it cannot "
            f"be written: {read_only}. {NOTHING_CHANGED}"
        )
    if before_write is not None:
        before_write()
    if revision is not None and not is_url(target):
        make_backup(Path(target), reason=f"before-upgrade-{revision}")
    # Foreign keys off while migrating: batch mode recreates tables, and a DROP with
    # foreign keys on would cascade into the rows that reference them.
    engine = make_engine(target, foreign_keys=False)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return True


def _check_file(path: Path, *, create: bool, read_only: str | None) -> None:
    if not path.exists():
        if not create:
            raise PortfolioMissing(f"No portfolio file at {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
    elif path.is_dir():
        raise NotAPortfolio(f"{path} is a folder, not a portfolio file")
    elif not looks_like_sqlite(path):
        raise NotAPortfolio(f"{path} is not a BenefitDesk portfolio (not an SQLite file)")


def read_schema(target: str | Path, *, immutable: bool = False) -> tuple[str | None, set[str]]:
    """The schema revision and table names, read without writing a byte."""
    if not is_url(target) and (not Path(target).exists() or Path(target).stat().st_size == 0):
        return None, set()
    engine = make_engine(target, read_only=True, immutable=immutable)
    try:
        revision = current_revision(engine)
        return revision, set(inspect(engine).get_table_names())
    except (DatabaseError, UnicodeDecodeError) as exc:
        # sqlite3 raises UnicodeDecodeError when the error it reports quotes damaged bytes
        detail = getattr(exc, "orig", None) or "unreadable bytes"
        raise NotAPortfolio(
            f"{target} is damaged or not a BenefitDesk portfolio ({detail}). {NOTHING_CHANGED}"
        ) from exc
    finally:
        engine.dispose()
