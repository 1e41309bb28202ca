"""Team mode from the command line, against a real server: set up, grant, publish,
report as an owner whose password comes from PGPASSWORD or ~/.pgpass, clone."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from benefitdesk.cli import run
from benefitdesk.demo import create_demo

AS_OF = "2026-06-30"


def as_user(url: str, user: str, password: str | None = None) -> str:
    """``url`` for ``user``, without a password unless one is given."""
    changed = make_url(url)._replace(username=user, password=password)
    return changed.render_as_string(hide_password=False)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_set_up_grant_publish_report_and_clone(
    empty_pg_database: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = empty_pg_database
    code, out, _ = cli(capsys, "server", "init", url, "--name", "Northwind PMO")
    assert code == 0 and "Set up a new portfolio" in out
    code, out, _ = cli(capsys, "server", "init", url)
    assert code == 0 and "is up to date" in out

    demo = tmp_path / "demo.sqlite"
    create_demo(demo, today=date(2026, 6, 30)).close()
    code, out, _ = cli(capsys, "publish", str(demo), url)
    assert code == 0 and "Published demo.sqlite" in out and "count checked" in out
    code, _, err = cli(capsys, "publish", str(demo), url)
    assert code == 1 and "already holds a portfolio" in err

    owner = json.loads(cli(capsys, "report", str(demo), "--as-of", AS_OF, "--json")[1])
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pw\n"))
    code, out, _ = cli(
        capsys, "server", "grant", url, "--user", "olive", "--role", "viewer", "--password-stdin"
    )
    assert code == 0 and "olive is now viewer" in out
    code, out, _ = cli(capsys, "server", "members", url)
    assert code == 0 and "olive" in out and "viewer" in out

    olive = as_user(url, "olive")
    monkeypatch.setenv("PGPASSWORD", "s3cret-pw")
    code, out, err = cli(capsys, "report", olive, "--as-of", AS_OF, "--json")
    assert code == 0, err
    assert json.loads(out) == owner  # the server's report is the file's, field for field

    monkeypatch.delenv("PGPASSWORD")
    host, port, database = make_url(url).host, make_url(url).port, make_url(url).database
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{host}:{port}:{database}:olive:s3cret-pw\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    code, _, _ = cli(capsys, "connections", "add", "PMO benefits", olive)
    assert code == 0
    code, out, err = cli(capsys, "check", "PMO benefits")
    assert code == 0, err

    copy = tmp_path / "offline.sqlite"
    code, out, err = cli(capsys, "clone", "PMO benefits", str(copy))
    assert code == 0, err
    assert json.loads(cli(capsys, "report", str(copy), "--as-of", AS_OF, "--json")[1]) == owner
    code, _, err = cli(capsys, "clone", "PMO benefits", str(copy))
    assert code == 1 and "already exists" in err


def test_the_server_refusals_are_named(
    pg_database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    code, _, err = cli(capsys, "report", as_user(pg_database, "nobody", "wrong"))
    assert code == 1 and "refused the password for nobody" in err
    code, _, err = cli(capsys, "report", as_user(pg_database, "nobody"))
    assert code == 1 and "needs a password" in err and "Traceback" not in err
    closed = make_url(pg_database).set(port=1).render_as_string(hide_password=False)
    code, _, err = cli(capsys, "report", closed)
    assert code == 1 and "connection refused" in err
    assert "wrong" not in err  # a password never appears in a message

    monkeypatch.setattr("sys.stdin", io.StringIO("pw-1\n"))
    cli(
        capsys,
        "server",
        "grant",
        pg_database,
        "--user",
        "vic",
        "--role",
        "viewer",
        "--password-stdin",
    )
    viewer = as_user(pg_database, "vic", "pw-1")
    code, _, err = cli(capsys, "server", "grant", viewer, "--user", "vic", "--role", "pmo")
    assert code == 1 and "administrator" in err
    code, _, err = cli(capsys, "server", "grant", pg_database, "--user", "x", "--role", "owner")
    assert code == 1 and "--person" in err
    code, _, err = cli(
        capsys,
        "server",
        "grant",
        pg_database,
        "--user",
        "x",
        "--role",
        "owner",
        "--person",
        "Nobody",
    )
    assert code == 1 and "No person called Nobody" in err
