"""The schema revisions this BenefitDesk knows, read from its migration files.

Apart from migrate.py so that a reader can check a portfolio's schema without
importing SQLAlchemy or Alembic (store/figures.py: the command line's report).
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.M)


@cache
def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def revision_graph() -> dict[str, tuple[str, ...]]:
    """Each migration's revision and the revisions it follows, read from the lines
    ``revision = "0003"`` / ``down_revision = "0002"`` of its file.

    Opening an up-to-date portfolio needs only this; importing Alembic to learn it
    would cost a tenth of a second of every command (tests/test_store.py checks that
    the graph is Alembic's own).
    """
    graph: dict[str, tuple[str, ...]] = {}
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        down = ast.literal_eval(found.get("down_revision", "None"))
        graph[ast.literal_eval(found["revision"])] = (
            () if down is None else (down,) if isinstance(down, str) else tuple(down)
        )
    return graph


def head_revision() -> str:
    graph = revision_graph()
    followed = {down for downs in graph.values() for down in downs}
    heads = set(graph) - followed
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory  # let Alembic explain what is wrong

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return set(revision_graph())
