"""Text as it comes in from files and forms, normalised once on the way in.

Registers carry what their journey put in them: control characters pasted from other
systems (which an Excel export then drops, so an export would not re-import as the same
portfolio), non-breaking spaces, HTML entities from web exports (`R&amp;D`), decomposed
accents (`é` as `e` + combining accent, which would not match the same name typed in a
form). `clean_text` removes or folds all of these, the same way for every entry point.

People also write "no value" in many ways in a number or date column: `N/A`, `TBC`,
`Pending`, `-`, `No target`, `Exempt (statutory)`. `blank_like` recognises them, so a
parser can read the cell as empty and the import can say so.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

# Control characters (C0 but tab and line feed, DEL, C1) and invisible marks that only
# get in the way: zero-width space/joiners, byte order mark, word joiner.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_SPACES = re.compile(r"[^\S\n]+")  # runs of spaces of any kind (tab, NBSP, …), not \n
_ALL_SPACE = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")

#: Cell texts that mean "no value" (compared case-folded, spaces squashed).
BLANK_WORDS = frozenset(
    {"-", "--", "---", "–", "—", "_", ".", "..", "...", "?", "n/a", "na", "n.a.", "n.a", "na#"}
    | {"#n/a", "tbc", "tbd", "tba", "pending", "none", "not applicable", "unknown"}
    | {"not available", "not known", "no data", "no target", "no value", "blank", "empty"}
)
#: Beginnings that mean the same ("No target required", "Exempt (statutory)",
#: "Pending review", "Available in Q4", "To be confirmed").
BLANK_PREFIXES = (
    "no target",
    "not applicable",
    "not available",
    "not yet",
    "exempt",
    "pending",
    "tbc ",
    "tbd ",
    "to be ",
    "available in",
    "available from",
    "awaiting",
    "n/a ",
)


def clean_text(text: str, *, single_line: bool = False) -> str:
    """`text` normalised: NFC, HTML entities decoded, control and invisible characters
    removed, line breaks as `\\n`, runs of spaces as one space, trimmed. `single_line`
    folds line breaks to spaces too (names, codes, titles)."""
    if text.isascii() and text.isprintable() and "&" not in text and "  " not in text:
        return text.strip()  # the common case, decided without a regular expression
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    if single_line:
        return _ALL_SPACE.sub(" ", text).strip()
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def tidy(values: dict[str, Any], multi_line: frozenset[str] = frozenset()) -> dict[str, Any]:
    """`values` with every text normalised as an import would read it (`clean_text`;
    the fields in `multi_line` keep their line breaks); text left empty becomes None.
    The app's forms save through this, so what they make an export brings back."""
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = clean_text(value, single_line=key not in multi_line) or None
    return values


def tidy_notes(values: dict[str, Any]) -> dict[str, Any]:
    """`tidy`, the canonical workbook's note fields keeping their line breaks: what the
    app's forms save through (the workbook's tables are imported on the first save, not
    by every module that saves: the window imports those on its way to being usable)."""
    from benefitdesk.exchange.canonical import NOTE_FIELDS

    return tidy(values, NOTE_FIELDS)


def blank_like(text: str) -> bool:
    """Whether the text of a number or date cell means "no value" (`N/A`, `TBC`, …)."""
    key = " ".join(text.split()).casefold()
    return not key or key in BLANK_WORDS or key.startswith(BLANK_PREFIXES)
