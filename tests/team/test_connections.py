"""Saved connections and passwords: names for URLs, never a password in a file."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from benefitdesk.store import credentials
from benefitdesk.store.connections import forget, remember, resolve_target, saved_connections
from benefitdesk.store.engine import display_url


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


def test_a_saved_connection_never_holds_the_password(tmp_path: Path) -> None:
    saved = remember("postgresql://alice:hunter2@db.example:5433/benefits", "PMO", tmp_path)
    assert saved.url == "postgresql://alice@db.example:5433/benefits"
    assert "hunter2" not in (tmp_path / "connections.json").read_text()
    remember("postgresql://bob@db/other", folder=tmp_path)
    assert [c.name for c in saved_connections(tmp_path)] == ["postgresql://bob@db/other", "PMO"]
    assert resolve_target("PMO", tmp_path) == saved.url
    assert resolve_target("report.sqlite", tmp_path) == Path("report.sqlite")
    assert resolve_target("Unknown", tmp_path) == Path("Unknown")
    assert forget("PMO", tmp_path) and not forget("PMO", tmp_path)


def test_a_broken_connections_file_means_none(tmp_path: Path) -> None:
    (tmp_path / "connections.json").write_text("{not json")
    assert saved_connections(tmp_path) == []


def test_display_url_hides_the_password() -> None:
    shown = display_url("postgresql+psycopg://alice:hunter2@db/benefits")
    assert shown == "postgresql://alice@db/benefits"


def test_the_keyring_remembers_per_user_server_and_database() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        url = "postgresql://alice@db.example/benefits"
        assert credentials.keyring_available()
        assert credentials.saved_password(url) is None
        assert credentials.remember_password(url, "s3cret")
        assert credentials.saved_password(url) == "s3cret"
        assert credentials.saved_password("postgresql://bob@db.example/benefits") is None
        credentials.forget_password(url)
        assert credentials.saved_password(url) is None
    finally:
        keyring.set_keyring(previous)


def test_a_password_from_the_keyring_signs_in(
    pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.engine import make_url

    from benefitdesk.store import Store

    url = make_url(pg_database)
    bare = url._replace(password=None).render_as_string(hide_password=False)
    memory = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    try:
        credentials.remember_password(bare, url.password or "")
        with Store(bare) as store:
            assert store.access.administrator
    finally:
        keyring.set_keyring(previous)


def test_a_portfolio_file_never_loads_the_server_driver(tmp_path: Path) -> None:
    """psycopg costs ~0.1 s to import: a file, and the window before it opens one, do
    without it (and the window shows before SQLAlchemy is loaded at all)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import benefitdesk.ui.main_window\n"
        "early = [m for m in ('sqlalchemy', 'psycopg') if m in sys.modules]\n"
        "from benefitdesk.services.report import build_report\n"
        "from benefitdesk.store import Store\n"
        f"with Store({str(tmp_path / 'p.sqlite')!r}, create=True) as store:\n"
        "    build_report(store)\n"
        "print(early, 'psycopg' in sys.modules)\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    assert out.strip() == "[] False"
