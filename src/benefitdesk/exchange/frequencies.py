"""Reporting frequencies as registers write them, in free text.

"Quarterly", "Semi-Annual", "Bi-annual", "Every 6 months", "Twice a year", "Weekly
(from Day 1)", "Daily (immediate and ongoing)", "Quarterly and Annual": each names one
of BenefitDesk's frequencies (daily, weekly, monthly, quarterly, half-yearly, yearly).
Notes in brackets are not read; when a text names two ("Quarterly and Annual"), the
first, most frequent, is the one figures are due by. Texts that name none ("After every
two years", "End of migration") are left to the caller to report.
"""

from __future__ import annotations

import re

_EVERY = re.compile(
    r"\b(?:every|each|once (?:a|per|every))\s+(?:(\d+|one|two|three|six|twelve)\s+)?"
    r"(day|week|fortnight|month|quarter|year)s?\b"
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "six": 6, "twelve": 12}
#: Words and phrases, tried in the order they appear in the text.
_WORDS: dict[str, str] = {
    "daily": "daily",
    "day": "daily",
    "weekly": "weekly",
    "week": "weekly",
    "biweekly": "weekly",
    "bi-weekly": "weekly",
    "fortnightly": "weekly",
    "monthly": "monthly",
    "month": "monthly",
    "bimonthly": "monthly",
    "bi-monthly": "monthly",
    "quarterly": "quarterly",
    "quarter": "quarterly",
    "half-yearly": "half-yearly",
    "half yearly": "half-yearly",
    "halfyearly": "half-yearly",
    "half-year": "half-yearly",
    "half year": "half-yearly",
    "semi-annual": "half-yearly",
    "semi annual": "half-yearly",
    "semiannual": "half-yearly",
    "semi-annually": "half-yearly",
    "semiannually": "half-yearly",
    "semi annually": "half-yearly",
    "bi-annual": "half-yearly",
    "biannual": "half-yearly",
    "bi-annually": "half-yearly",
    "biannually": "half-yearly",
    "six-monthly": "half-yearly",
    "six monthly": "half-yearly",
    "6-monthly": "half-yearly",
    "6 monthly": "half-yearly",
    "twice a year": "half-yearly",
    "yearly": "yearly",
    "annual": "yearly",
    "annually": "yearly",
    "year": "yearly",
    "once a year": "yearly",
}
_PATTERN = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True))
    + r")s?(?![\w-])"
)
#: "every N units" → the frequency; other counts name none of ours.
_EVERY_N = {
    ("day", 1): "daily",
    ("day", 7): "weekly",
    ("week", 1): "weekly",
    ("week", 2): "weekly",
    ("fortnight", 1): "weekly",
    ("month", 1): "monthly",
    ("month", 2): "monthly",
    ("month", 3): "quarterly",
    ("month", 6): "half-yearly",
    ("month", 12): "yearly",
    ("quarter", 1): "quarterly",
    ("quarter", 2): "half-yearly",
    ("quarter", 4): "yearly",
    ("year", 1): "yearly",
}


def frequency_from_text(text: str) -> str | None:
    """The frequency a text names, or None."""
    key = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text).casefold()
    key = " ".join(key.replace("_", " ").split())
    if match := _EVERY.search(key):  # "every 6 months" decides, whatever else is said
        count = match[1] or "one"
        number = int(count) if count.isdigit() else _NUMBERS[count]
        return _EVERY_N.get((match[2], number))
    if match := _PATTERN.search(key):
        return _WORDS[match[1]]
    return None
