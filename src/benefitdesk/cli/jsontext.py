"""JSON text exactly as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it,
in a fraction of the time.

With ``indent`` the standard library falls back to its pure-Python encoder; a report of
10,000 benefits spends a third of a second there. Here every object or array whose
members are all plain values (a benefit's figures) goes through the C encoder in one
call, with the line break and indentation as its separator; only the containers around
them are joined in Python. tests/test_cli_json.py checks the text is the same.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

INDENT = "  "
CONTAINERS = (dict, list, tuple)


@cache
def _encoder(depth: int, allow_nan: bool) -> json.JSONEncoder:
    """A one-line encoder whose item separator breaks the line at ``depth``."""
    return json.JSONEncoder(
        ensure_ascii=False,
        allow_nan=allow_nan,
        separators=(",\n" + INDENT * depth, ": "),
    )


def dumps(value: Any, *, allow_nan: bool = True) -> str:
    """``value`` as indented JSON text."""
    return _dumps(value, 0, allow_nan)


def _dumps(value: Any, depth: int, allow_nan: bool) -> str:
    if not isinstance(value, CONTAINERS) or not value:
        return _encoder(depth, allow_nan).encode(value)
    inner, outer = "\n" + INDENT * (depth + 1), "\n" + INDENT * depth
    members = value.values() if isinstance(value, dict) else value
    if not any(isinstance(v, CONTAINERS) for v in members):
        flat = _encoder(depth + 1, allow_nan).encode(value)
        return flat[0] + inner + flat[1:-1] + outer + flat[-1]
    if not isinstance(value, dict):
        items = [_dumps(v, depth + 1, allow_nan) for v in value]
        return "[" + inner + ("," + inner).join(items) + outer + "]"
    encode = _encoder(depth, allow_nan).encode
    items = [
        f"{encode(_key(k, allow_nan))}: {_dumps(v, depth + 1, allow_nan)}" for k, v in value.items()
    ]
    return "{" + inner + ("," + inner).join(items) + outer + "}"


def _key(key: Any, allow_nan: bool) -> str:
    """A key as JSON writes it: text as it is, a number, boolean or None as its JSON."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, int | float):
        return json.dumps(key, allow_nan=allow_nan)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
