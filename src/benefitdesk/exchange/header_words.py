"""The words of a column header, as evidence of what the column holds.

People write headers as they speak: "Target Realisation Date", "Date benefit expected",
"Reporting freq.", "Annual_Benefit_USD", "TOTAL Baseline Benefits (£m)". `analyse`
reduces a header to stemmed words (so "benefits", "Benefit" and "BENEFIT" are one word,
"freq." is "frequency", "realization" is "realisation") and takes out what the header
says about the values rather than the field: a currency (`£`, `USD`) and a multiplier
(`£m`, `$M`, `'000`, `(000s)`, "in thousands"), which the import applies to the numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: Abbreviations people use in headers, by their full word.
ABBREVIATIONS = {
    "freq": "frequency",
    "desc": "description",
    "descr": "description",
    "no": "number",
    "num": "number",
    "nbr": "number",
    "ref": "reference",
    "mgr": "manager",
    "pct": "percent",
    "perc": "percent",
    "amt": "amount",
    "val": "value",
    "yr": "year",
    "yrs": "year",
    "qtr": "quarter",
    "tgt": "target",
    "dept": "department",
    "resp": "responsible",
    "est": "estimated",
    "fin": "financial",
    "proj": "project",
    "org": "organisation",
    "mth": "month",
    "wk": "week",
    "dt": "date",
    "cat": "category",
    "exp": "expected",
    "realization": "realisation",
    "realized": "realised",
    "organization": "organisation",
}
#: Words that carry no meaning in a header.
STOP_WORDS = frozenset({"the", "of", "a", "an", "in", "for", "to", "and", "or", "is"})
CURRENCY_SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW"}
CURRENCY_CODES = frozenset(
    {"gbp", "usd", "eur", "jpy", "chf", "cad", "aud", "nzd", "sek", "nok", "dkk", "inr"}
    | {"cny", "hkd", "sgd", "zar", "pln", "czk", "huf", "ron", "brl", "mxn", "aed", "krw"}
    | {"tzs", "kes", "ugx", "ngn", "ghs", "egp", "mad", "php", "idr", "myr"}
)
_MULTIPLIER_WORDS = {
    "k": 10**3,
    "000": 10**3,
    "000s": 10**3,
    "thousand": 10**3,
    "thousands": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "mil": 10**6,
    "million": 10**6,
    "millions": 10**6,
    "bn": 10**9,
    "billion": 10**9,
    "billions": 10**9,
}
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_BRACKETS = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")
_SYMBOL_MULTIPLIER = re.compile(r"([£$€¥₹₩])\s*(k|m|mn|bn|000s?)\b", re.I)
_THOUSANDS_MARK = re.compile(r"'000s?|’000s?|\b000s\b|\bin thousands\b", re.I)
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class HeaderWords:
    """What a header says: its field words, and what it says about the values."""

    words: frozenset[str]  # stemmed, abbreviations expanded, stop words out
    currency: str | None = None  # ISO code, e.g. "GBP"
    multiplier: int = 1  # 1000 for "(£k)", "'000"; 1,000,000 for "(£m)", "$M"
    percent: bool = False  # "(%)", "% Complete"


_SUFFIXES = (
    ("isation", "is"),
    ("ization", "is"),
    ("ies", "y"),
    ("ing", ""),
    ("ed", ""),
    ("ly", ""),
    ("es", "e"),
    ("s", ""),
)


def _strip_suffix(word: str) -> str:
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) + len(replacement) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            word = word[: len(word) - len(suffix)] + replacement
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # "plann" → "plan"
            return word
    return word


def stem(word: str) -> str:
    """A crude English stem, applied to headers and synonyms alike: plurals and verb
    endings off ("benefits" → "benefit", "expected" → "expect", "planned" → "plan",
    "savings" and "saving" → "sav")."""
    word = _strip_suffix(_strip_suffix(word))
    return word.rstrip("e") if len(word) > 4 else word  # "value", "values": one stem


def _qualifiers(text: str) -> tuple[str | None, int, bool]:
    currency, multiplier = None, 1
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in text:
            currency = code
    if found := _SYMBOL_MULTIPLIER.search(text):
        multiplier = _MULTIPLIER_WORDS[found[2].casefold()]
    if _THOUSANDS_MARK.search(text):
        multiplier = 10**3
    for group in _BRACKETS.findall(text):
        inner = (group[0] or group[1]).strip().casefold()
        for word in _WORDS.findall(inner):
            if word in CURRENCY_CODES:
                currency = word.upper()
            elif word in _MULTIPLIER_WORDS and multiplier == 1:
                multiplier = _MULTIPLIER_WORDS[word]
    return currency, multiplier, "%" in text


@lru_cache(maxsize=16384)
def analyse(text: str) -> HeaderWords:
    """The words and qualifiers of one header (cached: the same headers recur)."""
    currency, multiplier, percent = _qualifiers(text)
    plain = _CAMEL.sub(" ", _BRACKETS.sub(" ", text)).replace("&", " and ")
    plain = plain.replace("%", " percent ").replace("#", " number ")
    words = set()
    plain = plain.casefold()
    if " per " in f" {plain} ":  # "Cost per Unit" is a cost: what follows "per" qualifies
        plain = re.split(r"\bper\b", plain, maxsplit=1)[0] or plain
    for raw in _WORDS.findall(plain):
        if raw in CURRENCY_CODES:
            currency = currency or raw.upper()
            continue
        if raw in STOP_WORDS or raw in _MULTIPLIER_WORDS or (len(raw) == 1 and raw.isalpha()):
            continue
        words.add(stem(ABBREVIATIONS.get(raw, raw)))
    return HeaderWords(frozenset(words), currency, multiplier, percent)
