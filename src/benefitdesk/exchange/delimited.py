"""CSV and TSV files as rows, with the text encoding, delimiter and line endings worked out.

Excel's "Save as CSV" writes Windows-1252 on UK and US machines and uses ";" where the
decimal separator is a comma; UTF-8 with a BOM, and UTF-16 for "Unicode text"; old Mac
exports end lines with CR alone. The reader takes all of these without asking the user:

- a byte order mark decides (UTF-8, UTF-16, UTF-32), and so does text that is valid
  UTF-8: these are certain;
- a file that is UTF-8 but for a few lines (one pasted from a Windows-1252 source) is
  read as UTF-8, those lines as Windows-1252, and the lines are named;
- anything else is detected with charset-normalizer (Shift-JIS, GB18030, Windows-1251,
  …); a western European guess is read as Windows-1252, the commonest of the Latin code
  pages. Every guess is said (`describe_text(...).notes`), with words to check.

Values stay text; the parsers in `numbers`, `dates` and `values` read them.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benefitdesk.exchange.errors import ExchangeError, Problem
from benefitdesk.exchange.limits import FileRefused
from benefitdesk.exchange.rows import Row, is_blank_row, new_row

_DELIMITERS = ",;\t|"
_SNIFF_CHARS = 64 * 1024
_SAMPLE_BYTES = 64 * 1024  # of non-ASCII lines, for charset detection
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_LINES = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n|$)")
_LATIN_ALPHABETS = frozenset(
    {"Basic Latin", "Latin-1 Supplement", "Latin Extended-A", "Latin Extended-B"}
    | {"Latin Extended Additional", "General Punctuation", "Currency Symbols"}
    | {"Control character", "Letterlike Symbols", "Spacing Modifier Letters"}
)
_JAPANESE = frozenset({"cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp"})
_HIRAGANA = re.compile("[\u3041-\u3096]")
_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf_16_le": "UTF-16",
    "utf_16_be": "UTF-16",
    "utf-32": "UTF-32",
    "cp1252": "Windows-1252 (western European)",
    "latin-1": "Latin-1 (western European)",
    "cp932": "Shift-JIS (Japanese)",
}


@dataclass(frozen=True, slots=True)
class Decoding:
    """How a text file's bytes become text."""

    encoding: str  # a Python codec name
    certain: bool  # a BOM, or valid UTF-8: nothing to check
    fallback_lines: tuple[int, ...] = ()  # lines read as Windows-1252 in a UTF-8 file

    @property
    def name(self) -> str:
        return _NAMES.get(self.encoding, self.encoding.replace("_", "-").upper())


@dataclass(frozen=True, slots=True)
class TextSource:
    """What was found out about a CSV or TSV file, for the import to report."""

    decoding: Decoding
    delimiter: str
    notes: tuple[str, ...]  # warnings for the user: guesses to check


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM shows as a NUL in every other byte of ASCII text."""
    head = data[:4096]
    if len(head) < 4 or head.count(0) < len(head) // 4:
        return None
    if head[1::2].count(0) > len(head) // 4:
        return "utf_16_le"
    if head[0::2].count(0) > len(head) // 4:
        return "utf_16_be"
    return None


def _mostly_utf8(data: bytes) -> tuple[int, ...] | None:
    """The lines that are not UTF-8, when the others with non-ASCII text are (a file
    written as UTF-8 with a line pasted from a Windows-1252 source); else None."""
    good, bad = 0, []
    for number, line in enumerate(_LINES.findall(data), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad.append(number)
    return tuple(bad) if good > len(bad) else None


def _western(text: str) -> bool:
    """Whether text decoded as a Latin code page looks like western writing: its
    non-ASCII characters mostly stand alone ("Café", "£1,200", "Señor"). Multi-byte
    text (Shift-JIS, GB18030) and other alphabets read that way come out as runs of
    them ("”„ã‚", "Ïîêàçàòåëü")."""
    odd = [i for i, c in enumerate(text) if ord(c) > 127]
    if not odd:
        return True
    paired = sum(1 for a, b in itertools.pairwise(odd) if b == a + 1)
    return paired * 3 < len(odd)


def _detected(data: bytes) -> str:
    """The encoding of text that is not UTF-8: Windows-1252 when the text reads as
    western writing in it (what Excel writes in most of the world), else what
    charset-normalizer finds (it cannot tell the Latin code pages apart on a few
    words, so a Latin-script finding is Windows-1252 too)."""
    from charset_normalizer import from_bytes  # imported when a file needs it

    sample = b"".join(line for line in _LINES.findall(data) if not line.isascii())
    sample = sample[:_SAMPLE_BYTES]
    latin = "latin-1"
    try:
        data.decode("cp1252")
        latin = "cp1252"
    except UnicodeDecodeError:
        pass
    if _western(sample.decode(latin)):
        return latin
    found = list(from_bytes(sample))
    best = found[0] if found else None
    if best is None or set(best.alphabets) <= _LATIN_ALPHABETS:
        return latin
    for match in found:  # hiragana is Japanese: Shift-JIS read as Korean is the mistake
        close = match.chaos <= best.chaos + 0.1
        if close and match.encoding in _JAPANESE and _HIRAGANA.search(str(match)):
            return str(match.encoding)
    return str(best.encoding)


def _decide(data: bytes) -> Decoding:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoding(encoding, True)
    if (utf16 := _utf16_without_bom(data)) is not None:
        return Decoding(utf16, False)
    try:
        data.decode("utf-8")
        return Decoding("utf-8", True)
    except UnicodeDecodeError:
        pass
    if (lines := _mostly_utf8(data)) is not None:
        return Decoding("utf-8", False, lines)
    return Decoding(_detected(data), False)


_DECIDED: dict[tuple[str, int, int], Decoding] = {}  # by path, size and time: decided once


def _decode(p: Path, data: bytes) -> tuple[str, Decoding]:
    stat = p.stat()
    key = (str(p), stat.st_size, stat.st_mtime_ns)
    decoding = _DECIDED.get(key)
    if decoding is None:
        if len(_DECIDED) > 64:
            _DECIDED.clear()
        decoding = _DECIDED[key] = _decide(data)
    try:
        if not decoding.fallback_lines:
            return data.decode(decoding.encoding), decoding
        fallback = set(decoding.fallback_lines)
        parts = [
            line.decode("cp1252" if n in fallback else "utf-8", errors="replace")
            for n, line in enumerate(_LINES.findall(data), 1)
        ]
        return "".join(parts), decoding
    except UnicodeDecodeError:
        raise FileRefused(p, f"is damaged: invalid {decoding.name} text") from None


def _words_to_check(text: str, limit: int = 3) -> list[str]:
    """Words with letters beyond ASCII: where a wrong guess would show."""
    words = (w for w in re.findall(r"[^\W\d_]+", text[: 4 * _SNIFF_CHARS]) if not w.isascii())
    return list(dict.fromkeys(words))[:limit]


def _notes(decoding: Decoding, text: str) -> tuple[str, ...]:
    if decoding.fallback_lines:
        lines = decoding.fallback_lines
        shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
        return (
            f"the file is UTF-8 but for {len(lines)} line{'s' if len(lines) > 1 else ''} "
            f"({shown}), read as Windows-1252: check their accented letters",
        )
    words = [] if decoding.certain else _words_to_check(text)
    if not words:  # certain, or only spaces and dashes beyond ASCII: nothing to check
        return ()
    shown = ", ".join(f'"{w}"' for w in words)
    return (
        f"the file does not say its text encoding; it was read as {decoding.name} (a "
        f"guess): check that words such as {shown} look right, or save it as UTF-8",
    )


def describe_text(p: Path) -> TextSource:
    """The encoding and delimiter of a CSV file, and what the user should check."""
    text, decoding = _decode(p, p.read_bytes())
    return TextSource(decoding, sniff_delimiter(text), _notes(decoding, text))


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
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=d)
            records = [r for r in reader if r][:50]
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
    text, _decoding = _decode(p, p.read_bytes())
    delimiter = sniff_delimiter(text)
    return _csv_iter(p, text, delimiter, skip_blank)


def _csv_iter(p: Path, text: str, delimiter: str, skip_blank: bool) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    name = p.name
    number = 0
    while True:
        try:
            values = next(reader)
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
