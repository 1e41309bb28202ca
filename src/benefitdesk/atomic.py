"""Writing a file all at once or not at all: the one way BenefitDesk replaces a file.

The new content goes to a temporary file beside the target (same folder, so the final
rename stays on one file system), is flushed to disk, and only then replaces the
target; on any failure, a cancel included, the temporary file is removed and the
target is as it was (docs/reliability.md). An error of the machine names the target,
not its twin: the temporary name, ``.NAME.<8 hex digits>.partial``, is one
``store.errors`` recognises, and an error that names no file (a full disk) is given
the target's name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


def _temporary_beside(target: Path) -> Path:
    """A fresh temporary name in ``target``'s folder (``os.urandom``: the uuid module
    would cost the window's start a hundredth of a second to import)."""
    return target.with_name(f".{target.name}.{os.urandom(4).hex()}.partial")


def _flush_to_disk(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _flush_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows (POSIX folders). The new
    file is in place by then, so a folder that cannot be flushed (some network and
    FUSE file systems refuse) is no failure of the write."""
    if os.name != "posix":
        return
    with suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path to write the whole file to; it replaces ``target`` when the
    block ends without error, and is removed otherwise."""
    final = Path(target)
    partial = _temporary_beside(final)
    try:
        yield partial
        _flush_to_disk(partial)
        partial.replace(final)
    except BaseException as exc:
        with suppress(OSError):  # the first failure is the one to report
            partial.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(final)  # a failed write() names no file: name the target
        raise
    _flush_folder(final.parent)


def write_bytes_atomically(target: str | os.PathLike[str], content: bytes) -> None:
    """``content`` at ``target``, all of it or none."""
    with atomic_path(target) as partial:
        partial.write_bytes(content)


def write_text_atomically(target: str | os.PathLike[str], text: str) -> None:
    """``text`` as UTF-8 with ``\\n`` line ends, whatever the system."""
    with atomic_path(target) as partial, partial.open("w", encoding="utf-8", newline="\n") as out:
        out.write(text)
