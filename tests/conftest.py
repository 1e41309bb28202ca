"""Shared fixtures: a fresh portfolio (file or server database) and settings folder per test.

Tests marked ``both_engines`` run twice: on an SQLite file and on a PostgreSQL
database of their own (made from a migrated template in a few milliseconds). The
server is ``BENEFITDESK_TEST_DATABASE_URL`` or a throwaway cluster (tests/pgserver.py)
started on first use; without PostgreSQL those tests fail, they never skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benefitdesk.store import Store
from pgserver import ThrowawayServer, database_url, server_url_from_env

ENGINES = ("sqlite", "postgresql")
ROOT = Path(__file__).resolve().parents[1]
# The build's own helpers (the compiled build, what a build is made from).
sys.path.insert(0, str(ROOT / "build_support"))


@pytest.fixture(scope="session")
def compiled_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of src/ with the compiled build's modules (BENEFITDESK_COMPILE=1) built in
    place, once per session (tests/test_compiled.py, the bundle's test)."""
    from benefitdesk_build import compiled_tree, missing_compiler

    missing = missing_compiler()
    if missing:
        if os.environ.get("BENEFITDESK_REQUIRE_COMPILED") == "1":
            pytest.fail(f"the compiled build cannot be made here: {missing}")
        pytest.skip(f"the compiled build needs {missing}")
    try:
        return compiled_tree(ROOT, tmp_path_factory.mktemp("compiled"))
    except subprocess.CalledProcessError as error:
        pytest.fail(f"the compiled build failed:\n{error.stdout}\n{error.stderr}")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marked = metafunc.definition.get_closest_marker
    if (
        "engine_kind" in metafunc.fixturenames
        and marked("both_engines")
        and not marked("file_only")
    ):
        metafunc.parametrize("engine_kind", ENGINES, indirect=True)


@pytest.fixture
def engine_kind(request: pytest.FixtureRequest) -> str:
    """``sqlite`` unless the test is marked ``both_engines`` (then each in turn)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A superuser URL of a PostgreSQL server for this test session."""
    given = server_url_from_env()
    if given:
        yield given
        return
    server = ThrowawayServer()
    try:
        yield server.start()
    finally:
        server.stop()


def _admin(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(url.replace("+psycopg", ""), autocommit=True)


@pytest.fixture(scope="session")
def pg_template(pg_server: str) -> Iterator[str]:
    """A database with the current schema and server objects, copied for each test."""
    from benefitdesk.services.team import init_server

    name = f"bd_template_{os.getpid()}"
    with _admin(pg_server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    init_server(database_url(pg_server, name), roles=False)
    try:
        yield name
    finally:
        with _admin(pg_server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _drop_database(server: str, name: str) -> None:
    """Drop a test database and the group roles server init named after it."""
    with _admin(server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        groups = admin.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (name + "\\_%",)
        ).fetchall()
        for (group,) in groups:
            admin.execute(f'DROP ROLE "{group}"')


@pytest.fixture
def pg_database(pg_server: str, pg_template: str) -> Iterator[str]:
    """A fresh portfolio database of this test's own: its superuser URL."""
    name = f"bd_test_{uuid.uuid4().hex[:12]}"
    with _admin(pg_server) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    try:
        yield database_url(pg_server, name)
    finally:
        _drop_database(pg_server, name)


@pytest.fixture
def empty_pg_database(pg_server: str) -> Iterator[str]:
    """An empty database (no schema) of this test's own."""
    name = f"bd_empty_{uuid.uuid4().hex[:12]}"
    with _admin(pg_server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(pg_server, name)
    finally:
        _drop_database(pg_server, name)


@pytest.fixture
def portfolio_path(tmp_path: Path) -> Path:
    return tmp_path / "portfolio.sqlite"


@pytest.fixture
def portfolio_target(
    engine_kind: str, portfolio_path: Path, request: pytest.FixtureRequest
) -> str | Path:
    """Where this test's portfolio lives: a file, or a server database's URL."""
    if engine_kind == "sqlite":
        return portfolio_path
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture
def store(portfolio_target: str | Path) -> Iterator[Store]:
    with Store(portfolio_target, create=True) as opened:
        yield opened


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep QSettings and data folders of tests away from the real user's."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    return home
