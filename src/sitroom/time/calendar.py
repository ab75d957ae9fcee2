"""Calendar arithmetic for TIMEX3 values: shifting by units, ISO weeks, and value → date interval.

`value_interval("2024-W49")` gives Monday..Sunday; ACLED precision follows from the interval length.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re

Interval = tuple[dt.date, dt.date]

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_PART = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when it does not exist (31 February)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _cal.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def week_value(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def day_value(day: dt.date) -> str:
    return day.isoformat()


def month_value(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def value_at(day: dt.date, unit: str) -> str:
    """The TIMEX3 value of the `unit` (D W M Q H Y DE CE WE) that holds `day`."""
    if unit == "D":
        return day_value(day)
    if unit == "W":
        return week_value(day)
    if unit == "WE":
        return week_value(day) + "-WE"
    if unit == "M":
        return month_value(day)
    if unit == "Q":
        return f"{day.year:04d}-Q{quarter_of(day)}"
    if unit == "H":
        return f"{day.year:04d}-H{1 if day.month <= 6 else 2}"
    if unit == "DE":
        return f"{day.year // 10:03d}"
    if unit == "CE":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


def shift(day: dt.date, unit: str, amount: int) -> dt.date:
    """Move `day` by `amount` units (negative = back in time)."""
    if unit == "D":
        return day + dt.timedelta(days=amount)
    if unit in ("W", "WE"):
        return day + dt.timedelta(weeks=amount)
    if unit == "F":
        return day + dt.timedelta(weeks=2 * amount)
    if unit == "M":
        return add_months(day, amount)
    if unit == "Q":
        return add_months(day, 3 * amount)
    if unit == "H":
        return add_months(day, 6 * amount)
    if unit == "DE":
        return add_years(day, 10 * amount)
    if unit == "CE":
        return add_years(day, 100 * amount)
    return add_years(day, amount)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def value_interval(value: str) -> Interval | None:
    """The first and last day a TIMEX3 DATE/TIME value covers; None for X-values, refs, durations."""
    if "X" in value or not value[:1].isdigit():
        return None
    try:
        return _interval(value)
    except ValueError:
        return None


def _interval(value: str) -> Interval | None:
    if m := _DAY.match(value):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if m := _WEEK.match(value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
        return monday, monday + dt.timedelta(days=6)
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        return dt.date(year, month, 1), month_end(year, month)
    if m := _PART.match(value):
        year, part = int(m[1]), m[2]
        if part[0] == "Q":
            first = 3 * (int(part[1]) - 1) + 1
            return dt.date(year, first, 1), month_end(year, first + 2)
        if part[0] == "H":
            first = 1 if part == "H1" else 7
            return dt.date(year, first, 1), month_end(year, first + 5)
        start, end = SEASON_MONTHS[part]
        end_year = year + 1 if end < start else year
        return dt.date(year, start, 1), month_end(end_year, end)
    if m := _YEAR.match(value):
        year = int(m[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if m := _DECADE.match(value):
        year = int(m[1]) * 10
        return dt.date(max(year, 1), 1, 1), dt.date(year + 9, 12, 31)
    if m := _CENTURY.match(value):
        year = int(m[1]) * 100
        return dt.date(max(year, 1), 1, 1), dt.date(year + 99, 12, 31)
    return None


def precision_of(interval: Interval | None) -> int | None:
    """ACLED time_precision: 1 a day, 2 up to about a week, 3 anything wider."""
    if interval is None:
        return None
    days = (interval[1] - interval[0]).days + 1
    if days <= 1:
        return 1
    if days <= 10:
        return 2
    return 3
