"""One file per owner (collection workbooks, calendars): ``OWNER NAME.xlsx``, ``.ics``."""

from __future__ import annotations

import os
import re
from pathlib import Path

from benefitdesk.services.errors import ServiceError

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def owner_stem(owner: str) -> str:
    """The owner's name as a file name: characters no file system accepts become '-'."""
    return _UNSAFE.sub("-", owner).strip(" .") or "owner"


def output_folder(path: str | os.PathLike[str], what: str) -> Path:
    """``path`` as a folder to write ``what`` into, created when missing."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise ServiceError(f"{folder} is a file; give a folder for the {what}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ServiceError(f"Cannot create the folder {folder}: {exc.strerror}") from exc
    return folder


def write_failed(path: Path, exc: OSError) -> ServiceError:
    """A write error in words a user can act on."""
    if isinstance(exc, PermissionError):
        return ServiceError(f"{path} cannot be written: no permission (open elsewhere?)")
    return ServiceError(f"{path} cannot be written: {exc.strerror or exc}")
