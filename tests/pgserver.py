"""A throwaway PostgreSQL cluster for the tests and benchmarks.

When ``BENEFITDESK_TEST_DATABASE_URL`` names a server (a superuser URL), that server is
used. Otherwise a temporary cluster is made with the Debian ``postgresql`` package's
``initdb`` and ``pg_ctl``, owned by an unprivileged user when we run as root (PostgreSQL
refuses to run as root), listening on 127.0.0.1 at a free port, tuned for speed
(``fsync=off``: a crash loses nothing we need). The server runs as a child that
the kernel stops when this process dies, however it dies (a killed test run leaves no
server behind), and leftovers of older runs are swept away. Nothing here is skipped
quietly: a missing PostgreSQL is an error, because CI must run the server tests.
"""

from __future__ import annotations

import ctypes
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy.engine import make_url

ENV_URL = "BENEFITDESK_TEST_DATABASE_URL"
SUPERUSER = "bd_test_admin"
PREFIX = "benefitdesk-pg-"
#: Seconds after which a cluster folder without a live server is an abandoned one.
ABANDONED = 600
PR_SET_PDEATHSIG = 1


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
        sweep_abandoned()
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX))
        self.process: subprocess.Popen[bytes] | None = None
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

    def _as_owner(self) -> dict[str, int]:
        return {"user": self.user.pw_uid, "group": self.user.pw_gid} if self.user else {}

    def _run(self, *args: str) -> None:
        kwargs = self._as_owner()
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
        log = (self.root / "server.log").open("wb")
        self.process = subprocess.Popen(
            [
                str(self.bindir / "postgres"),
                *("-D", str(self.data), "-p", str(self.port)),
                *("-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.root}"),
                *("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"),
                *("-c", "max_connections=300", "-c", "shared_buffers=128MB"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.root,
            preexec_fn=_stop_with_parent,
            **self._as_owner(),  # type: ignore[arg-type]
        )
        log.close()
        self._wait_until_ready()
        return self.url

    def _wait_until_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError((self.root / "server.log").read_text(errors="replace"))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    pass
                ready = subprocess.run(
                    [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                    capture_output=True,
                    check=False,
                )
                if ready.returncode == 0:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL did not start within {seconds} s")

    def stop(self) -> None:
        try:
            if self.process is not None and self.process.poll() is None:
                self.process.send_signal(signal.SIGINT)  # PostgreSQL's fast shutdown
                try:
                    self.process.wait(30)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(10)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _stop_with_parent() -> None:
    """In the server's process before it starts: the kernel sends it SIGINT (a fast
    shutdown) when the test run that started it ends, even killed with SIGKILL."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGINT)


def sweep_abandoned() -> None:
    """Remove cluster folders of earlier runs whose server is gone."""
    for folder in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        pid_file = folder / "data" / "postmaster.pid"
        try:
            if time.time() - folder.stat().st_mtime < ABANDONED:
                continue
            pid = int(pid_file.read_text().split()[0]) if pid_file.exists() else None
        except (OSError, ValueError, IndexError):
            continue
        if pid is None or not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
