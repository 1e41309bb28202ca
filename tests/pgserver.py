"""A throwaway PostgreSQL cluster for the tests and benchmarks.

When ``BENEFITDESK_TEST_DATABASE_URL`` names a server (a superuser URL), that server is
used. Otherwise a temporary cluster is made with the Debian ``postgresql`` package's
``initdb`` and ``pg_ctl``, owned by an unprivileged user when we run as root (PostgreSQL
refuses to run as root), listening on 127.0.0.1 at a free port, tuned for speed
(``fsync=off``: a crash loses nothing we need). Nothing here is skipped quietly: a
missing PostgreSQL is an error, because CI must run the server tests.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

ENV_URL = "BENEFITDESK_TEST_DATABASE_URL"
SUPERUSER = "bd_test_admin"


def find_bindir() -> Path:
    """The newest PostgreSQL server binaries on this machine."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError(
        "PostgreSQL is not installed: install Debian's postgresql package "
        f"(scripts/bootstrap.sh does) or set {ENV_URL} to a server's superuser URL"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayServer:
    """A private cluster in a temporary folder; ``stop()`` removes it."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="benefitdesk-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.password = secrets.token_hex(12)
        self.user: pwd.struct_passwd | None = None
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            self.user = pwd.getpwnam("postgres" if _has_user("postgres") else "nobody")
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}:{self.password}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid} if self.user else {}
        result = subprocess.run(
            args, capture_output=True, text=True, cwd=self.root, check=False, **kwargs
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> str:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password)
        if self.user:
            os.chown(pwfile, self.user.pw_uid, self.user.pw_gid)
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            f"--pwfile={pwfile}",
            "--auth-local=scram-sha-256",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        pwfile.unlink()
        options = " ".join(
            [
                f"-p {self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.root}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=300",
                "-c shared_buffers=128MB",
            ]
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        return self.url

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(
                    str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"
                )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def server_url_from_env() -> str | None:
    url = os.environ.get(ENV_URL, "").strip()
    return url or None


def database_url(server_url: str, database: str, **changes: str) -> str:
    """``server_url`` pointed at another database (and optionally another user)."""
    url = make_url(server_url).set(database=database, **changes)  # type: ignore[arg-type]
    return url.render_as_string(hide_password=False)
