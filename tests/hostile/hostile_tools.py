"""Running the real command line on hostile input, and watching what it costs.

Each command runs in a child process of a small wrapper process, so that the peak
resident memory read from ``RUSAGE_CHILDREN`` is the command's own and nobody else's.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
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
