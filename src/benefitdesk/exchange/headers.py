"""Finding the header row of a hand-kept register and what each column holds.

Registers start with title rows ("Benefits Register — Q1 review"), logos, notes; the
header row is somewhere below, sometimes under a row of group headers ("Quantifiable
impact" over three columns). The header row is the one whose cells match most fields of
the kind of sheet; a group header above it is combined with it when that matches more.

A header matches a field by its words, with the spellings of `SYNONYMS` as evidence
(see `header_words`): an exact spelling scores 1; a spelling whose words are all in the
header scores more the more of the header it covers ("Target Realisation Date" holds
"Target Date" and "Realisation Date", and only "Target" of the target's field, so it is
the target date). Each field goes to the column that matches it best; a column that
matched a field already taken is reported, never silently read. A user's `mapping`
(header → field, or None to ignore a column) comes first.

Wide layouts (one column per period) are in `wide`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from benefitdesk.exchange.errors import Problem, column_letter
from benefitdesk.exchange.grid import CellValue, Grid, Row
from benefitdesk.exchange.header_words import HeaderWords, analyse
from benefitdesk.exchange.synonyms import KEYS, RECOMMENDED, REQUIRED, SHEET_NAMES, SYNONYMS

__all__ = [
    "ACCEPT",
    "RECOMMENDED",
    "REQUIRED",
    "SYNONYMS",
    "ColumnMatch",
    "HeaderRow",
    "find_header_row",
    "guess_kind",
    "header_text",
    "label",
    "match_columns",
    "normalise",
    "score_header",
]

#: The least score at which a header is read as a field without being mapped.
ACCEPT = 0.62
#: Headers longer than this are prose, not headers.
_MAX_HEADER = 120
#: Unrecognised columns listed one by one up to this many; beyond, in one line.
_LIST_EACH = 4


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """A header reduced to what identifies it: "Realization Start (£)" and
    "realisation_start £" both give "realisationstart"."""
    t = text.casefold().replace("&", " and ").replace("%", " percent ").replace("#", " number ")
    t = re.sub(r"[\W_]+", "", t)
    # Both sides go through this, so a rare over-match ("size" → "sise") is harmless.
    return re.sub(r"iz(?=e|ing|ation)", "is", t)


def _without_brackets(text: str) -> str:
    """ "Baseline (£k)" → "Baseline": units in brackets are common and not part of the name."""
    return re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)


def label(kind: str, field: str) -> str:
    """The canonical column name of a field, as used in messages."""
    return SYNONYMS[kind][field][0]


@cache
def lookup(kind: str) -> dict[str, str]:
    """Exact spellings of `kind`'s fields, normalised → field."""
    if kind not in SYNONYMS:
        raise ValueError(f"unknown sheet kind {kind!r}; known: {', '.join(SYNONYMS)}")
    table: dict[str, str] = {}
    for name, spellings in SYNONYMS[kind].items():
        for spelling in spellings:
            table.setdefault(normalise(spelling), name)
    return table


@cache
def _word_index(kind: str) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Word → the spellings (field, words) that contain it, for `kind`."""
    index: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for name, spellings in SYNONYMS[kind].items():
        for spelling in spellings:
            words = analyse(spelling).words
            for word in words:
                index.setdefault(word, []).append((name, words))
    return index


@lru_cache(maxsize=65536)
def score_header(text: str, kind: str) -> tuple[tuple[float, str], ...]:
    """The fields of `kind` a header may be, best first, with their scores (0 to 1)."""
    table = lookup(kind)
    exact = table.get(normalise(text))
    if exact is not None:
        return ((1.0, exact),)
    exact = table.get(normalise(_without_brackets(text)))
    if exact is not None:
        return ((0.99, exact),)
    words = analyse(text).words
    best: dict[str, float] = {}
    index = _word_index(kind)
    for word in words:
        for name, spelling in index.get(word, ()):
            if spelling == words:
                score = 0.98
            elif spelling < words:
                score = 0.5 + 0.5 * len(spelling) / len(words)
            else:  # some words in common: a hint for suggestions, never read as is
                score = 0.5 * len(spelling & words) / len(spelling | words)
            if score > best.get(name, 0.0):
                best[name] = score
    return tuple(sorted(((s, f) for f, s in best.items()), reverse=True))


def header_text(cell: CellValue) -> str:
    if isinstance(cell, str):
        return " ".join(cell.split())
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    """Which column holds which field. Indexes are positions in the header row's values."""

    kind: str
    fields: dict[str, int]
    unknown: dict[int, str]  # index → header as written, to list to the user
    duplicates: dict[int, str]  # index → field already read from another column
    missing: tuple[str, ...]  # required fields without a column
    missing_recommended: tuple[str, ...]
    scores: dict[str, float] = field(default_factory=dict)  # field → how well it matched
    repeated: dict[int, int] = field(default_factory=dict)  # index → same header's index
    words: dict[int, HeaderWords] = field(default_factory=dict)  # what each header says

    @property
    def ok(self) -> bool:
        return not self.missing

    @property
    def score(self) -> float:
        return sum(self.scores.values())

    def problems(self, header: Row) -> list[Problem]:
        """Located messages: errors for missing required columns and for a required
        field's header written twice; warnings otherwise."""
        found = [
            Problem(header.sheet, None, f'required column "{label(self.kind, f)}" not found')
            for f in self.missing
        ]
        found += [
            Problem(
                header.sheet,
                None,
                f'no "{label(self.kind, f)}" column; that field will be left empty',
                "warning",
            )
            for f in self.missing_recommended
        ]
        found += self._unknown_problems(header)
        for i, name in self.duplicates.items():
            found.append(self._duplicate(header, i, name))
        return found

    def _unknown_problems(self, header: Row) -> list[Problem]:
        """One warning per unrecognised column, or one for them all when there are many
        (a wide register can have dozens)."""
        if len(self.unknown) <= _LIST_EACH:
            return [
                header.problem(
                    i, f'column "{text}" is not recognised and will be ignored', "warning"
                )
                for i, text in self.unknown.items()
            ]
        shown = ", ".join(
            f'"{t}" ({column_letter(header.first_column - 1 + i)})'
            for i, t in list(self.unknown.items())[:_LIST_EACH]
        )
        more = len(self.unknown) - _LIST_EACH
        message = (
            f"{len(self.unknown)} columns are not recognised and will be ignored: {shown} "
            f"and {more} more (map them in a mapping file to import them)"
        )
        return [Problem(header.sheet, None, message, "warning")]

    def _duplicate(self, header: Row, index: int, name: str) -> Problem:
        def letter(i: int) -> str:
            return column_letter(header.first_column - 1 + i)

        first, text = self.fields[name], header_text(header.values[index])
        field_name = label(self.kind, name)
        if index in self.repeated and name in {*REQUIRED[self.kind], *KEYS.get(self.kind, ())}:
            message = (
                f'columns {letter(first)} and {letter(index)} are both headed "{text}": '
                f"say which one to read in a mapping file (by column letter), or rename one"
            )
            return header.problem(index, message)
        if index in self.repeated or score_header(text, self.kind)[0][0] >= 0.98:
            message = (
                f'column "{text}" repeats "{field_name}" (column {letter(first)}); '
                f"only column {letter(first)} is read"
            )
        else:
            message = (
                f'column "{text}" also looks like "{field_name}"; column {letter(first)} '
                "is read (map this one in a mapping file to read it instead)"
            )
        return header.problem(index, message, "warning")


def _candidates(
    header_cells: Sequence[CellValue],
    kind: str,
    chosen: Mapping[str, str | None],
    positions: Mapping[int, str | None],
) -> tuple[list[tuple[float, int, str]], dict[int, str], set[int]]:
    """(score, index, field) for every column that may be a field; the texts of the
    columns that may be none; the columns the user ignored."""
    candidates: list[tuple[float, int, str]] = []
    texts: dict[int, str] = {}
    ignored: set[int] = set()
    for i, cell in enumerate(header_cells):
        blank = cell == "" or (isinstance(cell, str) and cell.isspace())
        if blank and i not in positions:
            continue
        text = texts[i] = header_text(cell)
        if i in positions or (chosen and normalise(text) in chosen):
            name = positions[i] if i in positions else chosen[normalise(text)]
            if name is None:
                ignored.add(i)
            elif name not in SYNONYMS[kind]:
                raise ValueError(f"mapping names unknown field {name!r} for {kind}")
            else:
                candidates.append((2.0, i, name))  # the user's word beats any match
            continue
        if len(text) > _MAX_HEADER or not isinstance(cell, str):
            continue
        candidates += [(s, i, f) for s, f in score_header(text, kind) if s >= ACCEPT]
    return candidates, texts, ignored


def match_columns(
    header_cells: Sequence[CellValue],
    kind: str,
    *,
    mapping: Mapping[str, str | None] | None = None,
    positions: Mapping[int, str | None] | None = None,
) -> ColumnMatch:
    """Match header cells to the fields of `kind`. `mapping` (header → field, or None
    to ignore a column on purpose) and `positions` (the same by column index, for
    columns mapped by letter) override the matching, so a user's confirmed choice
    sticks. Each field goes to its best column (the first one on a tie)."""
    chosen = {normalise(k): v for k, v in (mapping or {}).items()}
    candidates, texts, ignored = _candidates(header_cells, kind, chosen, positions or {})
    fields: dict[str, int] = {}
    scores: dict[str, float] = {}
    taken: dict[int, str] = {}
    losers: dict[int, str] = {}

    # Best score first; on a tie the header of more words ("Benefits Item" over "Name"),
    # then the first column.
    def rank(c: tuple[float, int, str]) -> tuple[float, int, int]:
        return (-c[0], -len(analyse(texts[c[1]]).words), c[1])

    for score, i, name in sorted(candidates, key=rank):
        if i in taken:
            continue
        if name in fields:
            losers.setdefault(i, name)
            continue
        fields[name], scores[name], taken[i] = i, score, name
    by_text: dict[str, int] = {}
    repeated: dict[int, int] = {}
    for i, text in texts.items():
        first = by_text.setdefault(normalise(text), i)
        if first != i:
            repeated[i] = first
    duplicates = {i: f for i, f in losers.items() if i not in taken}
    for i, first in repeated.items():  # "Value" twice: said even when the match is weak
        if first in taken and i not in taken:
            duplicates[i] = taken[first]
    unknown = {i: t for i, t in texts.items() if i not in taken and i not in duplicates}
    unknown = {i: t for i, t in unknown.items() if i not in ignored}
    return ColumnMatch(
        kind=kind,
        fields=fields,
        unknown=unknown,
        duplicates=dict(sorted(duplicates.items())),
        missing=tuple(f for f in REQUIRED[kind] if f not in fields),
        missing_recommended=tuple(f for f in RECOMMENDED.get(kind, ()) if f not in fields),
        scores=scores,
        repeated=repeated,
        words={i: analyse(texts[i]) for i in taken if isinstance(header_cells[i], str)},
    )


@dataclass(frozen=True, slots=True)
class HeaderRow:
    """The header found: its position in the rows scanned, the row (with a group
    header above it combined into its texts), and its columns. Data rows are those
    after `index`."""

    index: int
    row: Row
    columns: ColumnMatch
    group_row: int | None = None  # Excel row of the group header combined, if any


def rows_of(grid: Grid | Sequence[Row]) -> Sequence[Row]:
    return grid.rows if isinstance(grid, Grid) else grid


def _texts(row: Row) -> int:
    return sum(1 for v in row.values if isinstance(v, str) and v.strip() and len(v) <= 120)


@cache
def _known_words() -> frozenset[str]:
    """Every word of every spelling of every kind."""
    return frozenset(w for kind in SYNONYMS for w in _word_index(kind))


@lru_cache(maxsize=1024)
def _header_like(values: tuple[CellValue, ...]) -> int:
    """How many cells of a row share a word with some known spelling; 0 when they are
    fewer than half its filled cells (a data row whose notes mention a "target"). A row
    with fewer than two is data or a title, not a header, for every kind (decided once)."""
    known = _known_words()
    filled = sum(1 for v in values if v != "" and not (type(v) is str and v.isspace()))
    like = sum(
        1
        for v in values
        if type(v) is str and 0 < len(v) <= _MAX_HEADER and not analyse(v).words.isdisjoint(known)
    )
    return like if 2 * like >= filled else 0


def with_group(above: Row, row: Row) -> Row | None:
    """`row`'s headers with the group headers of the row above ("Quantifiable impact"
    over "Impact min", "Impact max"), or None when the row above is no group header.
    A merged group header arrives filled across (see `grid`); a CSV one is carried
    right to the next label."""
    if above.first_column != row.first_column or _texts(above) == 0:
        return None
    labels = [v if isinstance(v, str) else "" for v in above.values]
    filled = [i for i, v in enumerate(labels) if v.strip()]
    if len({labels[i].strip() for i in filled}) < 2 and filled[:1] == [0]:
        return None  # one word over the first column: a title, not a group header
    combined: list[CellValue] = []
    current = ""
    changed = False
    for i, cell in enumerate(row.values):
        text = labels[i].strip() if i < len(labels) else ""
        current = text or current
        if cell == "" or not isinstance(cell, str):
            current = text
            combined.append(cell)
            continue
        if current and normalise(current) not in normalise(cell):
            combined.append(f"{current} {cell}")
            changed = True
        else:
            combined.append(cell)
    return row._replace(values=combined) if changed else None


_LETTERS = re.compile(r"[A-Z]{1,3}")


def letter_index(letters: str) -> int:
    """0-based column index of Excel letters ("A" → 0, "AA" → 26)."""
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n - 1


def letter_positions(
    mapping: Mapping[str, str | None], kind: str, row: Row
) -> dict[int, str | None]:
    """A mapping's keys that are column letters ("D") and name no header of `row`, as
    positions in the row's values: how two columns headed "Value" are told apart."""
    headers = {normalise(header_text(v)) for v in row.values if v != ""}
    found: dict[int, str | None] = {}
    for key, target in mapping.items():
        if _LETTERS.fullmatch(key) and normalise(key) not in headers:
            index = letter_index(key) - (row.first_column - 1)
            if index >= 0 and (target is None or target in SYNONYMS[kind]):
                found[index] = target
    return found


def find_header_row(
    grid: Grid | Sequence[Row],
    kind: str,
    max_scan: int = 30,
    *,
    mapping: Mapping[str, str | None] | None = None,
    min_matches: int = 2,
    keys: Sequence[str] | None = None,
) -> HeaderRow | None:
    """The row among the first `max_scan` that matches `kind` best, provided it has a
    key column (`keys`, default the kind's first required field) and at least
    `min_matches` known headers (fewer when the kind has fewer fields). `mapping` may
    name columns by header or by letter. None when no row qualifies."""
    wanted = tuple(keys or KEYS.get(kind, (REQUIRED[kind][0],)))
    needed = min(min_matches, len(SYNONYMS[kind]))
    best: HeaderRow | None = None
    rows = rows_of(grid)[:max_scan]
    for index, row in enumerate(rows):
        if _header_like(tuple(row.values)) < min(needed, 2) and not mapping:
            continue
        positions = letter_positions(mapping, kind, row) if mapping else {}
        tries: list[tuple[Row, int | None]] = [(row, None)]
        above = rows[index - 1] if index else None
        if above is not None and above.number == row.number - 1:
            grouped = with_group(above, row)
            if grouped is not None:
                tries.append((grouped, above.number))
        plain: ColumnMatch | None = None
        for candidate, group in tries:
            columns = match_columns(candidate.values, kind, mapping=mapping, positions=positions)
            if not any(k in columns.fields for k in wanted) or len(columns.fields) < needed:
                continue
            score = columns.score
            if group is None:
                plain = columns
            elif plain is not None and len(columns.repeated) < len(plain.repeated):
                score = max(score, plain.score + 1e-6)  # the group tells repeated headers apart
            if best is None or score > best.columns.score + 1e-9:
                best = HeaderRow(index, candidate, columns, group)
    return best


def guess_kind(sheet_name: str) -> str | None:
    """The sheet kind its name suggests ("Benefits Register" → "benefits"), if any."""
    key = normalise(sheet_name)
    for kind, names in SHEET_NAMES.items():
        if key in {normalise(n) for n in names}:
            return kind
    return None
