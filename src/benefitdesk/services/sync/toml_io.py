"""Import profiles as a TOML file: the form they travel in between portfolios.

```toml
[[profile]]
name = "CRM monthly export"
source = "folder"          # file | folder | sql
path = "exports/crm"       # relative to this file
pattern = "*.csv"
key_column = "KPI"
date_column = "Month"
value_column = "Value"
aggregate = "last"         # last | sum | mean | count
period = "monthly"
[profile.keys]
conversion_rate = "B-001"
```

Reading checks every setting's name and type and lists every problem (a misspelt
setting would otherwise be silently ignored). Paths and SQLite URLs in the file are
relative to the file; they are made absolute on reading and relative to the new file
on writing, so a TOML file moved together with its export folders keeps working.
Python reads TOML (`tomllib`); `tomli-w` writes it, so every text a profile holds
(any key, any character) reads back as it was written.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import tomli_w

from benefitdesk.services.sync.profiles import (
    DEFAULTS,
    SETTINGS,
    SyncProfile,
    absolute_path,
    absolute_url,
    relative_path,
    relative_url,
    tidy,
    validate_profile,
)

HEADER = (
    "# BenefitDesk import profiles.\n"
    "# Load into a portfolio with: benefitdesk profiles import PORTFOLIO THIS_FILE.toml\n"
    "# Paths and sqlite:/// files are relative to this file.\n"
)
#: Settings always written; the rest only when they differ from the default.
_ALWAYS = ("source", "aggregate", "period")


def _where(index: int, name: object) -> str:
    return f'profile "{name}"' if isinstance(name, str) and name.strip() else f"profile {index}"


def parse_profiles(text: str, base: Path) -> tuple[list[SyncProfile], list[str]]:
    """The profiles of a TOML document and every problem found (profiles are returned
    only when there is none). `base` is the folder relative paths start from."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [f"not valid TOML: {exc}"]
    problems: list[str] = []
    for key in document:
        if key != "profile":
            hint = " (write [[profile]], not [[profiles]])" if key == "profiles" else ""
            problems.append(f'unknown setting "{key}" at the top of the file{hint}')
    tables = document.get("profile", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        return [], [*problems, "profiles must be written as [[profile]] tables"]
    profiles: list[SyncProfile] = []
    names: dict[str, int] = {}
    for index, table in enumerate(tables, 1):
        where = _where(index, table.get("name"))
        found, profile = _profile(table, base)
        problems += [f"{where}: {message}" for message in found]
        if profile is None:
            continue
        folded = profile.name.casefold()
        if folded in names:
            problems.append(f"{where}: the name is also used by profile {names[folded]}")
        names.setdefault(folded, index)
        profiles.append(profile)
    return (profiles if not problems else []), problems


def _profile(table: dict[str, Any], base: Path) -> tuple[list[str], SyncProfile | None]:
    problems: list[str] = []
    values: dict[str, Any] = {}
    name = table.get("name")
    if name is not None and not isinstance(name, str):
        problems.append("name must be text (in quotes)")
    for key, value in table.items():
        if key == "name":
            continue
        if key not in DEFAULTS:
            problems.append(f'unknown setting "{key}"')
            continue
        default = DEFAULTS[key]
        if key == "keys":
            if not isinstance(value, dict):
                problems.append('keys must be a table: [profile.keys] source_key = "B-001"')
                continue
            bad = [k for k, v in value.items() if not isinstance(v, str)]
            for k in bad:
                problems.append(f'keys: "{k}" must map to a code written as text, e.g. "B-001"')
            values[key] = {k: v for k, v in value.items() if isinstance(v, str)}
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                problems.append(f"{key} must be true or false")
            else:
                values[key] = value
        elif not isinstance(value, str):
            problems.append(f"{key} must be text (in quotes)")
        else:
            values[key] = value
    profile = tidy(SyncProfile(name=name if isinstance(name, str) else "", **values))
    found = validate_profile(profile)
    if name is not None and not isinstance(name, str):
        found.pop("name", None)
    problems += list(found.values())
    if not profile.name:
        return problems, None
    if profile.path:
        profile = replace(profile, path=str(absolute_path(profile.path, base)))
    if profile.url:
        profile = replace(profile, url=absolute_url(profile.url, base))
    return problems, profile


def read_profiles(path: Path) -> tuple[list[SyncProfile], list[str]]:
    """`parse_profiles` of a file; paths relative to the file's folder."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], [f"{path.name}: file not found"]
    except UnicodeDecodeError:
        return [], [f"{path.name}: not a text file (TOML is UTF-8 text)"]
    except OSError as exc:
        return [], [f"{path.name}: cannot be read ({exc.strerror or exc})"]
    profiles, problems = parse_profiles(text, path.parent.resolve())
    return profiles, [f"{path.name}: {p}" for p in problems]


# --- writing ----------------------------------------------------------------------------


def dump_profiles(profiles: Iterable[SyncProfile], base: Path, home: Path | None) -> str:
    """TOML for `profiles`, paths relative to `base` (the folder the file goes in).
    `home` is the folder stored relative paths start from (the portfolio's)."""
    tables = []
    for profile in profiles:
        table: dict[str, Any] = {"name": profile.name}
        for key in SETTINGS:
            if key == "keys":
                continue
            value = getattr(profile, key)
            if value is None or (key not in _ALWAYS and value == DEFAULTS[key]):
                continue
            if key == "path":
                value = relative_path(absolute_path(value, home), base)
            elif key == "url":
                value = relative_url(value, base, home)
            table[key] = value if isinstance(value, bool) else str(value)
        table["keys"] = dict(profile.keys)
        tables.append(table)
    # A text with line breaks is written as a multi-line string (a query reads as it
    # was typed), but TOML reads every line break in one back as "\n": a text holding
    # "\r" anywhere is written escaped instead, to come back whole.
    multiline = not any("\r" in text for text in _texts(tables))
    return HEADER + "\n" + tomli_w.dumps({"profile": tables}, multiline_strings=multiline)


def _texts(value: Any) -> Iterator[str]:
    """Every string in ``value`` (nested lists and dicts, keys included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
