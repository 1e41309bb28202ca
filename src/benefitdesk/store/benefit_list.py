"""The list of benefits straight from a portfolio file, before anything else loads.

The first open of a large portfolio shows its register while the figures are being
computed. This read needs only the standard library's ``sqlite3`` (SQLAlchemy alone
takes a good part of a second to import) and one query; it opens the file read-only,
so it never creates, migrates or locks anything. Any surprise (no such file, another
kind of file, a schema from another version) is None: the window then waits for the
real load, which explains the problem.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

QUERY = """
SELECT b.id, b.code, b.title, COALESCE(p.code, ''), b.project_id, COALESCE(o.name, ''),
       b.status
FROM benefit AS b
LEFT JOIN project AS p ON p.id = b.project_id
LEFT JOIN person AS o ON o.id = b.owner_id
ORDER BY b.code
"""


def benefit_list(portfolio: Path) -> list[tuple[Any, ...]] | None:
    """(id, code, title, project code, project id, owner name, lifecycle) of every
    benefit, in code order; None when the file cannot be read that way."""
    if not portfolio.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{portfolio.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return connection.execute(QUERY).fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
