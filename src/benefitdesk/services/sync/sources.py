"""Where a profile's rows come from: a file, the newest file in a folder, or a query.

Every source gives rows of three raw values (key, date, value) with a row number, and
can say where a row sits for a message (`crm.csv!C7`, `[crm.xlsx]Data!C7`, `query row
12`). Files go through the import's tolerant reader (`exchange.grid`): the same safety
checks, encodings, delimiters, merged cells and cached formula values. The header row
may sit below title rows; columns are matched forgiving case, spaces and punctuation.

An SQL source is opened read-only where the database allows it (SQLite: `mode=ro`, so
a mistyped path is "not found" rather than a new empty database) and its transaction
is never committed.
"""

from __future__ import annotations

import fnmatch
import hashlib
import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from benefitdesk.exchange.errors import ExchangeError, Problem, column_letter
from benefitdesk.exchange.grid import iter_rows
from benefitdesk.exchange.headers import normalise
from benefitdesk.services.importing import file_sha256
from benefitdesk.services.sync.profiles import (
    FILE_SUFFIXES,
    SyncProfile,
    absolute_path,
    absolute_url,
)
from benefitdesk.store.urls import masked_url

#: Rows searched for the header row (title rows, logos and notes come first).
HEADER_SEARCH = 30
QUERY = "query"
#: Seconds to wait for a database server that does not answer (an offline laptop).
CONNECT_TIMEOUT = {"postgresql": 15, "mysql": 15, "mariadb": 15}


class SourceError(ExchangeError):
    """The source cannot be read at all (missing file, bad URL, failing query)."""


def _refuse(where: str, message: str) -> SourceError:
    return SourceError(Problem(where, None, message))


@dataclass
class Source:
    """An open source: provenance, and its rows once `rows` is iterated."""

    kind: str  # file | folder | sql
    label: str  # what messages name: a file name, "[book.xlsx]Sheet" or "query"
    location: str  # the resolved file path, or the masked URL and the query
    file_name: str | None
    rows: Iterator[tuple[int, Any, Any, Any]]  # (row number, key, date, value)
    columns: dict[str, int] = field(default_factory=dict)  # field → index in a row
    first_column: int = 1  # files: Excel column of index 0
    sha256: str | None = None  # files: known at once; SQL: after the rows are read
    digest: Any = None  # SQL: fed with every row read

    def place(self, number: int, what: str | None = None) -> tuple[str, str | None]:
        """(sheet, cell) for a `Problem` about row `number`, at field `what`."""
        if self.kind == "sql":
            return f"{QUERY} row {number}", None
        if what is None or what not in self.columns:
            return self.label, f"row {number}" if number else None
        return self.label, f"{column_letter(self.first_column - 1 + self.columns[what])}{number}"

    def finish(self) -> None:
        if self.digest is not None:
            self.sha256 = self.digest.hexdigest()


# --- files ------------------------------------------------------------------------------


def newest_file(folder: Path, pattern: str | None) -> Path:
    """The most recently modified file in `folder` whose name matches `pattern` (case
    ignored) and that BenefitDesk reads. Excel's lock files (`~$book.xlsx`) and hidden
    files are passed over; equal times go to the name that sorts last."""
    if not folder.exists():
        raise _refuse(folder.name or str(folder), "folder not found")
    if not folder.is_dir():
        raise _refuse(folder.name, "is a file, not a folder")
    wanted = (pattern or "*").casefold()
    found: list[tuple[int, str, Path]] = []
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        raise _refuse(folder.name, f"cannot be listed ({exc.strerror or exc})") from None
    for entry in entries:
        name = entry.name
        if name.startswith(("~$", ".")) or not fnmatch.fnmatchcase(name.casefold(), wanted):
            continue
        if entry.suffix.lower() not in FILE_SUFFIXES:
            continue
        try:
            stat = entry.stat()
        except OSError:
            continue  # removed while listing
        if entry.is_file():
            found.append((stat.st_mtime_ns, name, entry))
    if not found:
        raise _refuse(folder.name, f'has no file matching "{pattern or "*"}"')
    return max(found)[2]


def source_file(profile: SyncProfile, home: Path | None) -> Path:
    """The file a file or folder profile reads now."""
    path = absolute_path(profile.path or "", home)
    if profile.source == "folder":
        return newest_file(path, profile.pattern)
    return path


def _wanted(profile: SyncProfile) -> dict[str, str]:
    wanted = {"key": profile.key_column, "date": profile.date_column}
    if profile.needs_value:
        wanted["value"] = profile.value_column
    return wanted


def _header(rows: list[Any], wanted: dict[str, str]) -> tuple[int, dict[str, int]] | None:
    """The first row holding every wanted column: (its position, field → index)."""
    targets = {name: normalise(text) for name, text in wanted.items()}
    for position, row in enumerate(rows):
        cells = {normalise(str(v)): i for i, v in reversed(list(enumerate(row.values))) if v != ""}
        if all(t in cells for t in targets.values()):
            return position, {name: cells[t] for name, t in targets.items()}
    return None


def _missing_columns(rows: list[Any], wanted: dict[str, str], label: str) -> SourceError:
    best = max(
        rows,
        key=lambda r: sum(
            normalise(t) in {normalise(str(v)) for v in r.values} for t in wanted.values()
        ),
        default=None,
    )
    found = {normalise(str(v)) for v in best.values} if best else set()
    missing = [f'"{t}"' for t in wanted.values() if normalise(t) not in found]
    seen = ", ".join(str(v) for v in best.values if v != "")[:200] if best else ""
    message = (
        f"column{'s' if len(missing) > 1 else ''} {', '.join(missing)} not found in the "
        f"first {HEADER_SEARCH} rows"
    )
    if seen:
        message += f" (the closest row holds: {seen})"
    return _refuse(label, message)


def open_file(profile: SyncProfile, home: Path | None) -> Source:
    path = source_file(profile, home)
    if not path.exists():
        raise _refuse(path.name, "file not found")
    workbook = path.suffix.lower() not in (".csv", ".tsv")
    rows = iter_rows(path, profile.sheet if workbook else None)
    head = list(itertools.islice(rows, HEADER_SEARCH))
    sheet = head[0].sheet if head else (profile.sheet or path.name)
    label = f"[{path.name}]{sheet}" if workbook else path.name
    if not head:
        raise _refuse(label, "has no rows")
    wanted = _wanted(profile)
    found = _header(head, wanted)
    if found is None:
        raise _missing_columns(head, wanted, label)
    position, columns = found
    first = head[position].first_column

    def body() -> Iterator[tuple[int, Any, Any, Any]]:
        k, d, v = columns["key"], columns["date"], columns.get("value")
        for row in itertools.chain(head[position + 1 :], rows):
            values = row.values
            size = len(values)
            yield (
                row.number,
                values[k] if k < size else "",
                values[d] if d < size else "",
                values[v] if v is not None and v < size else "",
            )

    return Source(
        kind=profile.source,
        label=label,
        location=str(path),
        file_name=path.name,
        rows=body(),
        columns=columns,
        first_column=first,
        sha256=file_sha256(path),
    )


# --- SQL --------------------------------------------------------------------------------


def _driver_hint(url: str) -> str:
    backend = url.split(":", 1)[0].split("+", 1)[0]
    hints = {
        "postgresql": "psycopg (pip install psycopg[binary])",
        "mysql": "PyMySQL (pip install pymysql)",
        "mssql": "pyodbc (pip install pyodbc)",
        "oracle": "oracledb (pip install oracledb)",
    }
    return hints.get(backend, "its Python driver")


def sql_engine(url: str, home: Path | None) -> Engine:
    """An engine for a source URL; SQLite files open read-only and must exist."""
    full = absolute_url(url, home)
    try:
        parsed = make_url(full)
    except ArgumentError:
        raise _refuse(QUERY, f'"{url}" is not a database URL (e.g. sqlite:///ops.db)') from None
    shown = masked_url(full)
    database = parsed.database
    try:
        if parsed.drivername.startswith("sqlite") and database and database != ":memory:":
            if database.startswith("file:"):
                return create_engine(parsed, poolclass=NullPool)
            path = Path(database)
            if not path.is_file():
                raise _refuse(QUERY, f"database file not found: {path}")
            uri = f"{path.resolve().as_uri()}?mode=ro"  # percent-encoded: any file name
            return create_engine(
                "sqlite://",
                poolclass=NullPool,
                creator=lambda: sqlite3.connect(uri, uri=True, timeout=10),
            )
        backend = parsed.get_backend_name()
        connect: dict[str, Any] = {}
        if backend in CONNECT_TIMEOUT and "connect_timeout" not in parsed.query:
            connect["connect_timeout"] = CONNECT_TIMEOUT[backend]
        return create_engine(parsed, poolclass=NullPool, connect_args=connect)
    except NoSuchModuleError:
        raise _refuse(QUERY, f"{shown}: BenefitDesk does not know this kind of database") from None
    except ImportError as exc:  # the dialect is known, its driver is not installed
        raise _refuse(
            QUERY,
            f"{shown}: the database driver is not installed ({exc.name or exc}); "
            f"install {_driver_hint(full)}",
        ) from None
    except ArgumentError as exc:
        raise _refuse(QUERY, f"{shown}: {exc}") from None


def _sql_error(exc: SQLAlchemyError) -> str:
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig).strip().splitlines()[0]
    return str(exc).strip().splitlines()[0]


def _result_columns(names: list[str], profile: SyncProfile) -> dict[str, int]:
    wanted = _wanted(profile)
    normal = [normalise(n) for n in names]
    columns = {f: normal.index(normalise(t)) for f, t in wanted.items() if normalise(t) in normal}
    if len(columns) == len(wanted):
        return columns
    if len(names) == len(wanted):  # unnamed columns: key, date(, value) in that order
        return {f: i for i, f in enumerate(wanted)}
    missing = ", ".join(f'"{t}"' for f, t in wanted.items() if f not in columns)
    raise _refuse(
        QUERY,
        f"the query returns no {missing} column (it returns {', '.join(names) or 'nothing'}); "
        f"name them with AS, e.g. select kpi as {profile.key_column}, …",
    )


@contextmanager
def open_sql(profile: SyncProfile, home: Path | None) -> Iterator[Source]:
    engine = sql_engine(profile.url or "", home)
    shown = masked_url(absolute_url(profile.url or "", home))
    try:
        with engine.connect() as connection:
            try:
                result = connection.execution_options(no_parameters=True).exec_driver_sql(
                    profile.query or ""
                )
            except SQLAlchemyError as exc:
                raise _refuse(QUERY, f"the query failed: {_sql_error(exc)}") from None
            if not result.returns_rows:
                raise _refuse(QUERY, "the query returns no rows; it must be a SELECT")
            columns = _result_columns(list(result.keys()), profile)
            digest = hashlib.sha256()

            def body() -> Iterator[tuple[int, Any, Any, Any]]:
                k, d, v = columns["key"], columns["date"], columns.get("value")
                try:
                    for number, row in enumerate(result, 1):
                        key, day = row[k], row[d]
                        value = row[v] if v is not None else ""
                        digest.update(f"{key!r}\x1f{day!r}\x1f{value!r}\n".encode())
                        yield number, key, day, value
                except SQLAlchemyError as exc:
                    raise _refuse(QUERY, f"reading the rows failed: {_sql_error(exc)}") from None

            yield Source(
                kind="sql",
                label=QUERY,
                location=f"{shown}\n{profile.query}",
                file_name=None,
                rows=body(),
                columns=columns,
                digest=digest,
            )
            connection.rollback()  # a source is only read
    except SQLAlchemyError as exc:
        raise _refuse(QUERY, f"cannot connect to {shown}: {_sql_error(exc)}") from None
    finally:
        engine.dispose()


@contextmanager
def open_source(profile: SyncProfile, home: Path | None) -> Iterator[Source]:
    """The profile's source, open for reading; raises `ExchangeError` when it cannot
    be read. `home` is the folder relative paths start from."""
    if profile.source == "sql":
        with open_sql(profile, home) as source:
            yield source
        return
    yield open_file(profile, home)
