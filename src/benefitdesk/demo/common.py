"""What both demos share: the calendar around *today* and people's login names."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from benefitdesk.analysis.periods import period_ends_between
from benefitdesk.demo import cast

ONE_DAY = timedelta(days=1)
DAYS_PER_MONTH = 30.4375


def user_name(person: str) -> str:
    """A plausible login name: ``Alice Chen`` → ``achen``."""
    first, *rest = person.lower().split()
    return first[0] + "".join(rest).replace("'", "")


def email(person: str) -> str:
    return ".".join(person.lower().split()) + "@" + cast.EMAIL_DOMAIN


@dataclass(frozen=True, slots=True)
class Calendar:
    """Turns the cast's month and day offsets into dates around *today*."""

    today: date

    @property
    def last(self) -> date:
        """The last month end before today: the newest closed reporting month."""
        return self.today.replace(day=1) - ONE_DAY

    def month_end(self, offset: int) -> date:
        year, month = divmod(self.last.year * 12 + self.last.month - 1 + offset, 12)
        return date(year, month + 1, calendar.monthrange(year, month + 1)[1])

    def month_start(self, offset: int) -> date:
        return self.month_end(offset).replace(day=1)

    def start_or_none(self, offset: int | None, days: int = 0) -> date | None:
        """The first of month ``offset`` plus ``days``; None stays None."""
        return None if offset is None else self.month_start(offset) + timedelta(days=days)

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def months_from_last(self, d: date) -> float:
        return (d - self.last).days / DAYS_PER_MONTH

    def periods(self, frequency: str, span: tuple[int, int]) -> list[date]:
        """Period ends from the start of month ``span[0]`` to month ``span[1]``.

        A span ending at 0 runs to yesterday, so every closed period has a figure.
        """
        first, last = span
        end = self.today - ONE_DAY if last >= 0 else self.month_end(last)
        return period_ends_between(self.month_start(first), end, frequency)

    def stamp(self, d: date, hour: int, minute: int = 0) -> datetime:
        """A UTC timestamp on ``d`` (never after today)."""
        return datetime.combine(min(d, self.today), time(hour, minute), tzinfo=UTC)
