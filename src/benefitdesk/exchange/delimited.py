"""CSV and TSV files as rows, with the encoding and delimiter worked out.

Excel's "Save as CSV" writes Windows-1252 on UK and US machines and uses ";" where the
decimal separator is a comma; UTF-8 with a BOM, and UTF-16 for "Unicode text". The
reader takes all of these without asking the user. Values stay text; the parsers in
`values` and `dates` read numbers and dates from text as well as from typed cells.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from benefitdesk.exchange.errors import ExchangeError, Problem
from benefitdesk.exchange.limits import FileRefused
from benefitdesk.exchange.rows import CellValue, Row, is_blank_row, new_row

_DELIMITERS = ",;\t|"
_SNIFF_CHARS = 64 * 1024


def _decode(p: Path, data: bytes) -> str:
    """Text from bytes: a BOM decides; else UTF-8, else Windows-1252 (what Excel writes
    on a UK/US Windows "CSV" save), else Latin-1, which accepts any byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileRefused(p, "is damaged: invalid UTF-16 text") from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """The delimiter among `, ; tab |` that splits the first lines most consistently.

    csv.Sniffer guesses wrong on "£1,234.50" in a semicolon file; counting how many rows
    share the commonest field count, then fields in the header line, does not.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (0, 0, 0)
    for d in _DELIMITERS:
        try:
            records = [r for r in csv.reader(io.StringIO(sample), delimiter=d) if r][:50]
        except csv.Error:
            continue
        if not records:
            continue
        counts = [len(r) for r in records]
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        score = (counts.count(mode), len(records[0]), mode)
        if score > best_score:
            best, best_score = d, score
    return best


def csv_rows(p: Path, skip_blank: bool) -> Iterator[Row]:
    text = _decode(p, p.read_bytes())
    delimiter = sniff_delimiter(text)
    return _csv_iter(p, text, delimiter, skip_blank)


def _csv_iter(p: Path, text: str, delimiter: str, skip_blank: bool) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    name = p.name
    number = 0
    while True:
        try:
            values: list[CellValue] = next(reader)  # type: ignore[assignment]
        except StopIteration:
            return
        except csv.Error as exc:
            raise ExchangeError(
                Problem(name, None, f"line {reader.line_num}: cannot be read ({exc})")
            ) from None
        number += 1  # the record number is the row Excel shows when it opens the file
        if skip_blank and is_blank_row(values):
            continue
        yield new_row(Row, (name, number, 1, values))
