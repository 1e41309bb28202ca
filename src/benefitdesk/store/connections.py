"""Saved server connections: a name for a ``postgresql://`` URL, and the recent ones.

Kept in ``connections.json`` in BenefitDesk's configuration folder, shared by the app
(File › Connect to Server…) and the command line (``benefitdesk report "PMO
benefits"``); reading the list imports nothing heavy (``benefitdesk --help`` stays
fast). A URL is saved without its password, always: passwords live in
``~/.pgpass``, ``PGPASSWORD`` or the system keyring (store/credentials.py).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from benefitdesk.atomic import write_text_atomically
from benefitdesk.places import config_folder

FILE_NAME = "connections.json"
#: Recent connections kept (the oldest unnamed ones go first).
KEEP = 12
PORTFOLIO_SUFFIXES = (".sqlite", ".benefitdesk", ".db", ".sqlite3")


@dataclass(frozen=True)
class Connection:
    name: str
    url: str  # never with a password
    last_used: str = ""  # ISO time


def _file(folder: Path | None) -> Path:
    return (folder or config_folder()) / FILE_NAME


def saved_connections(folder: Path | None = None) -> list[Connection]:
    """Every saved connection, most recently used first (an unreadable file: none)."""
    try:
        data = json.loads(_file(folder).read_text(encoding="utf-8"))
        items = [Connection(**item) for item in data.get("connections", [])]
    except (OSError, ValueError, TypeError, AttributeError):
        return []
    return sorted(items, key=lambda c: c.last_used, reverse=True)


def _write(items: list[Connection], folder: Path | None) -> None:
    path = _file(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"connections": [asdict(c) for c in items]}
    write_text_atomically(path, json.dumps(payload, indent=2))


def remember(url: str, name: str | None = None, folder: Path | None = None) -> Connection:
    """Save ``url`` (its password dropped) as used now, under ``name`` if given."""
    from benefitdesk.store.urls import display_url  # SQLAlchemy: not for --help

    clean = display_url(url)
    items = saved_connections(folder)
    old = next((c for c in items if c.url == clean or (name and c.name == name)), None)
    label = name or (old.name if old else clean)
    entry = Connection(label, clean, datetime.now(UTC).isoformat(timespec="seconds"))
    kept = [c for c in items if c is not old]
    unnamed = [c for c in kept if c.name == c.url]
    while len(kept) >= KEEP and unnamed:
        kept.remove(unnamed.pop())
    _write([entry, *kept], folder)
    return entry


def forget(name: str, folder: Path | None = None) -> bool:
    items = saved_connections(folder)
    kept = [c for c in items if c.name != name and c.url != name]
    if len(kept) == len(items):
        return False
    _write(kept, folder)
    return True


def resolve_target(text: str, folder: Path | None = None) -> str | Path:
    """A portfolio argument as a file path, a server URL, or a saved connection's URL.

    An existing file, or anything that looks like a file name, is a file; otherwise a
    saved connection of that name is used.
    """
    from benefitdesk.store.urls import is_server_url, is_url

    if is_url(text):
        return text
    path = Path(text)
    if path.exists() or path.suffix.lower() in PORTFOLIO_SUFFIXES or os.sep in text:
        return path
    for connection in saved_connections(folder):
        if connection.name == text and is_server_url(connection.url):
            return connection.url
    return path
