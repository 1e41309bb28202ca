"""Import profiles: named rules that pull figures from an operational source.

A profile says where the figures are (a file, the newest matching file in a folder, or
an SQL query), which columns hold the key, the date and the value, how source keys map
to benefit or indicator codes, and how the rows of one period become one figure.

In the portfolio a profile is a row of ``import_profile``: its name, and everything
else as JSON in ``config`` with the key map under ``"keys"`` — the place
`store.snapshot.automated_codes` reads to mark benefits as automated. Between
portfolios, profiles travel as TOML (`toml_io`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from benefitdesk.analysis.periods import FREQUENCIES
from benefitdesk.exchange.limits import TEXT_SUFFIXES, WORKBOOK_SUFFIXES
from benefitdesk.store.urls import is_database_url, masked_url, sqlite_file, with_database

SOURCES: tuple[str, ...] = ("file", "folder", "sql")
AGGREGATES: tuple[str, ...] = ("last", "sum", "mean", "count")
PERIODS: tuple[str, ...] = FREQUENCIES
UNMAPPED: tuple[str, ...] = ("error", "skip")
DECIMALS: tuple[str, ...] = (".", ",")
FILE_SUFFIXES = WORKBOOK_SUFFIXES | TEXT_SUFFIXES

#: Settings that belong to one kind of source only; elsewhere they are a mistake.
FILE_ONLY = ("path", "sheet")
FOLDER_ONLY = ("pattern",)
SQL_ONLY = ("url", "query")


@dataclass(frozen=True)
class SyncProfile:
    """One import profile. Paths and SQLite URLs may be relative to the portfolio's
    folder; `base` arguments elsewhere say which folder that is."""

    name: str
    source: str = "file"  # file | folder | sql
    path: str | None = None  # file or folder
    pattern: str | None = None  # folder: the newest matching file wins
    sheet: str | None = None  # workbooks; None: the first visible sheet
    url: str | None = None  # sql: an SQLAlchemy URL
    query: str | None = None  # sql: returns key, date and value columns
    key_column: str = "key"
    date_column: str = "date"
    value_column: str = "value"
    aggregate: str = "last"  # last | sum | mean | count
    period: str = "monthly"  # daily | weekly | monthly | quarterly | half-yearly | yearly
    keys: dict[str, str] = field(default_factory=dict)  # source key → benefit/indicator code
    unmapped: str = "error"  # a source key missing from the map: error | skip
    day_first: bool = True  # 03/04/2026 is 3 April (False: 4 March, US exports)
    decimal: str = "."  # decimal separator of numbers written as text

    @property
    def reads_files(self) -> bool:
        return self.source in ("file", "folder")

    @property
    def needs_value(self) -> bool:
        """`count` counts rows; it needs no value column."""
        return self.aggregate != "count"


#: Settings with their defaults, in the order they are written out.
DEFAULTS: dict[str, Any] = {
    f.name: (f.default_factory() if callable(f.default_factory) else f.default)
    for f in fields(SyncProfile)
    if f.name != "name"
}
SETTINGS: tuple[str, ...] = tuple(DEFAULTS)
_TEXT = frozenset(
    {"path", "pattern", "sheet", "url", "query", "key_column", "date_column", "value_column"}
)
_CHOICES: dict[str, tuple[str, ...]] = {
    "source": SOURCES,
    "aggregate": AGGREGATES,
    "period": PERIODS,
    "unmapped": UNMAPPED,
    "decimal": DECIMALS,
}
_LABELS = {
    "path": "path",
    "url": "database URL",
    "query": "query",
    "key_column": "key column",
    "date_column": "date column",
    "value_column": "value column",
}


def key_text(value: object) -> str:
    """A source key as compared with the key map: trimmed, spaces squashed, case
    ignored; a whole number read from a spreadsheet (101.0) is the text "101"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()).casefold()


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _choice(problems: dict[str, str], key: str, value: str) -> None:
    options = _CHOICES[key]
    if value not in options:
        problems[key] = f'{key} must be {", ".join(options[:-1])} or {options[-1]}, not "{value}"'


def validate_profile(profile: SyncProfile) -> dict[str, str]:
    """Problems by setting ({} when the profile can run). Whether the codes exist is
    checked when it runs: a benefit may be defined after its profile."""
    problems: dict[str, str] = {}
    if _blank(profile.name):
        problems["name"] = "a profile needs a name"
    elif len(profile.name.strip()) > 200:
        problems["name"] = "the name is longer than 200 characters"
    for key in _CHOICES:
        _choice(problems, key, getattr(profile, key))
    needed: list[str] = []
    if profile.reads_files:
        needed += ["path", "key_column", "date_column"]
        needed += ["value_column"] if profile.needs_value else []
        wrong = SQL_ONLY + (FOLDER_ONLY if profile.source == "file" else ())
    elif profile.source == "sql":
        needed += ["url", "query"]
        wrong = FILE_ONLY + FOLDER_ONLY
    else:
        wrong = ()
    for key in needed:
        if _blank(getattr(profile, key)):
            problems[key] = f"a {profile.source} source needs a {_LABELS[key]}"
    for key in wrong:
        if not _blank(getattr(profile, key)):
            kind = "SQL" if key in SQL_ONLY else "folder" if key == "pattern" else "file or folder"
            problems[key] = f"{key} is only for {kind} sources"
    if profile.source == "file" and "path" not in problems:
        suffix = Path(str(profile.path)).suffix.lower()
        if suffix not in FILE_SUFFIXES:
            problems["path"] = (
                f"{Path(str(profile.path)).name} is not a file BenefitDesk reads "
                "(.csv, .tsv, .xlsx, .xlsm, .xlsb, .xls, .ods)"
            )
    pattern = profile.pattern or ""
    if profile.source == "folder" and ("/" in pattern or "\\" in pattern):
        problems["pattern"] = "the pattern matches file names in the folder: no / or \\"
    if profile.source == "sql" and "url" not in problems and not is_database_url(str(profile.url)):
        problems["url"] = f'"{profile.url}" is not a database URL (e.g. sqlite:///ops.db)'
    if profile.reads_files:
        columns = [profile.key_column, profile.date_column]
        columns += [profile.value_column] if profile.needs_value else []
        normal = [key_text(c) for c in columns if not _blank(c)]
        if len(set(normal)) < len(normal):
            problems["columns"] = "the key, date and value columns must be different columns"
    _check_keys(profile.keys, problems)
    return problems


def _check_keys(keys: dict[str, str], problems: dict[str, str]) -> None:
    if not keys:
        problems["keys"] = "map at least one source key to a benefit or indicator code"
        return
    seen: dict[str, str] = {}
    for source_key, code in keys.items():
        if _blank(source_key):
            problems["keys"] = "a source key in the key map is blank"
        elif _blank(code):
            problems["keys"] = f'source key "{source_key}" has no benefit or indicator code'
        elif (other := seen.setdefault(key_text(source_key), source_key)) != source_key:
            problems["keys"] = f'source keys "{other}" and "{source_key}" are the same key'


def tidy(profile: SyncProfile) -> SyncProfile:
    """Trimmed text, blanks as None, and only the settings its source uses."""
    values: dict[str, Any] = {}
    for key in _TEXT:
        text = getattr(profile, key)
        text = text.strip() if isinstance(text, str) and key != "query" else text
        values[key] = text if text and str(text).strip() else None
    for key in ("key_column", "date_column", "value_column"):
        values[key] = values[key] or DEFAULTS[key]
    keys = {str(k).strip(): str(v).strip() for k, v in profile.keys.items()}
    return replace(profile, name=profile.name.strip(), keys=keys, **values)


# --- JSON, as stored in the portfolio ---------------------------------------------------


def to_config(profile: SyncProfile) -> str:
    """The profile's settings (all but the name) as the JSON of `import_profile.config`."""
    data = {key: getattr(profile, key) for key in SETTINGS}
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


def from_config(name: str, config: str | None) -> SyncProfile:
    """A profile from its stored JSON. Forgiving: an unreadable or foreign setting falls
    back to its default, and validation says what is missing when it runs."""
    try:
        data = json.loads(config or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    values: dict[str, Any] = {}
    for key, default in DEFAULTS.items():
        value = data.get(key, default)
        if key == "keys":
            value = (
                {str(k): str(v) for k, v in value.items() if v is not None}
                if isinstance(value, dict)
                else {}
            )
        elif isinstance(default, bool):
            value = value if isinstance(value, bool) else default
        elif value is not None and not isinstance(value, str):
            value = default
        values[key] = value
    return SyncProfile(name=name, **values)


# --- paths ------------------------------------------------------------------------------


def absolute_path(path: str, base: Path | None) -> Path:
    """`path` (which may start with ~) against `base` when relative."""
    p = Path(path).expanduser()
    if not p.is_absolute() and base is not None:
        p = base / p
    return p.resolve()


def absolute_url(url: str, base: Path | None) -> str:
    """An SQLite URL with its file made absolute against `base`; other URLs as given."""
    if not is_database_url(url):
        return url
    database = sqlite_file(url)
    if database is None:
        return url.strip()
    return with_database(url, str(absolute_path(database, base)))


def relative_path(path: Path, base: Path) -> str:
    """`path` relative to `base` (forward slashes), or absolute when on another drive."""
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:
        return str(path)


def relative_url(url: str, base: Path, home: Path | None) -> str:
    """An SQLite URL with its file relative to `base` (`home` resolves a stored relative
    file first); other URLs as given."""
    if not is_database_url(url):
        return url
    database = sqlite_file(url)
    if database is None:
        return url.strip()
    return with_database(url, relative_path(absolute_path(database, home), base))


def describe_source(profile: SyncProfile) -> str:
    """One line: where a profile reads from."""
    if profile.source == "sql":
        return f"SQL: {masked_url(profile.url or '')}"
    if profile.source == "folder":
        return f"newest {profile.pattern or '*'} in {profile.path or '?'}"
    return f"file {profile.path or '?'}"
