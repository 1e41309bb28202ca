"""Running the real command line on hostile input, and watching what it costs.

Each command runs in a child process of a small wrapper process, so that the peak
resident memory read from ``RUSAGE_CHILDREN`` is the command's own and nobody else's.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

GB = 1024 * 1024 * 1024

_WRAPPER = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, errors="replace")
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": done.returncode, "out": done.stdout, "err": done.stderr,
                  "peak": peak_kb * 1024}))
"""


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str
    peak_bytes: int

    def assert_clean_failure(self) -> None:
        """Refused as a user's problem: exit 1, a message, no traceback, no abort."""
        assert self.code == 1, self
        assert self.err.strip(), self
        self.assert_no_traceback()

    def assert_no_traceback(self) -> None:
        for sign in ("Traceback", "panicked", "Fatal Python error", "RUST_BACKTRACE"):
            assert sign not in self.err and sign not in self.out, self


def run_cli(*args: str | os.PathLike[str], timeout: float = 300, **env: str) -> Outcome:
    """``benefitdesk ARGS`` in a fresh process; its exit code, output and peak memory."""
    command = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "benefitdesk"]
    command += [str(a) for a in args]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
        env={**os.environ, **env},
    )
    result = json.loads(done.stdout)
    return Outcome(result["code"], result["out"], result["err"], result["peak"])


def fingerprint(path: Path) -> tuple[str, int]:
    """The file's bytes (hashed) and its modification time, to prove nothing touched it."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def integrity(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


def table_counts(path: Path) -> dict[str, int]:
    """Rows per table: a cheap picture of a portfolio's content."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


# --- file systems that refuse ------------------------------------------------------------


def _must_mount() -> None:
    """Mounting needs root (CI runs as root): elsewhere these tests skip, in CI they fail."""
    import pytest

    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("the read-only and full-disk tests need root to mount a tmpfs")
        pytest.skip("needs root to mount a small tmpfs")


@contextmanager
def small_disk(size: str = "2m") -> Iterator[Path]:
    """A tmpfs of ``size`` bytes, world-writable, unmounted again whatever happens."""
    _must_mount()
    point = Path(tempfile.mkdtemp(prefix="benefitdesk-disk-", dir="/tmp"))
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=1777", "tmpfs", point], check=True
    )
    try:
        yield point
    finally:
        if subprocess.run(["umount", point], check=False).returncode:
            subprocess.run(["umount", "-l", point], check=False)
        point.rmdir()


def make_read_only(point: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", point], check=True)


def fill(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte."""
    for name, chunk in (("filler", 65536), ("filler-small", 1)):
        with contextlib.suppress(OSError), (folder / name).open("wb", buffering=0) as f:
            while True:
                f.write(b"\0" * chunk)


UNPRIVILEGED = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]


def run_cli_as_nobody(*args: str | os.PathLike[str], timeout: float = 120) -> Outcome:
    """``benefitdesk ARGS`` as the unprivileged user ``nobody``, for whom permissions
    hold (root ignores them)."""
    _must_mount()  # the same need: root, to become someone else
    command = [*UNPRIVILEGED, sys.executable, "-m", "benefitdesk", *map(str, args)]
    env = {**os.environ, "HOME": "/tmp"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    return Outcome(done.returncode, done.stdout, done.stderr, 0)


def python_as_nobody(code: str, *args: str, timeout: float = 60) -> str:
    """What ``python -c CODE ARGS`` prints when run as ``nobody``."""
    _must_mount()
    command = [*UNPRIVILEGED, sys.executable, "-c", code, *args]
    env = {**os.environ, "HOME": "/tmp"}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env=env, check=True
    )
    return done.stdout


def shared_folder() -> Path:
    """A folder outside pytest's private tmp (which nobody may not enter)."""
    folder = Path(tempfile.mkdtemp(prefix="benefitdesk-shared-", dir="/tmp"))
    folder.chmod(0o777)
    return folder
