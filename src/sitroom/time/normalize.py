"""Normalizers for calendar expressions: dates, months, years, weekdays, holidays, clock times.

Each takes the match groups, the rule params and a `NormContext`; it returns a `Resolution` or None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .calendar import make_date, shift
from .context import NormContext, Resolution
from .patterns import word_key
from .tense import Tense

Groups = dict[str, Any]
Normalizer = Callable[[Groups, dict[str, Any], NormContext], Resolution | None]

_WORD_UNITS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}


def year_of(groups: Groups) -> int | None:
    if groups.get("year"):
        return int(groups["year"])
    words = groups.get("yearwords") or groups.get("yearwords2")
    if words:
        return words_year(words)
    return None


def words_year(words: str) -> int | None:
    """ "nineteen ninety-four" → 1994, "two thousand one" → 2001."""
    parts = word_key(words.replace("-", " ")).replace(" and", "").split()
    if parts[:2] == ["two", "thousand"]:
        return 2000 + sum(_WORD_UNITS.get(p, 0) for p in parts[2:])
    if parts and parts[0] == "nineteen":
        return 1900 + sum(_WORD_UNITS.get(p, 0) for p in parts[1:])
    return None


def pick_year(month: int, day: int, ctx: NormContext) -> int | None:
    """The year of a month (and day) written without one: the DCT's year, unless the clause's
    tense points the other way and the date would lie more than a few weeks on the wrong side."""
    dct = ctx.dct
    if dct is None:
        return None
    slack = dt.timedelta(days=ctx.slack_days)
    same = make_date(dct.year, month, day or 15) or make_date(dct.year, month, 28)
    assert same is not None
    tense = ctx.tense
    if tense == "past" and same > dct + slack:
        return dct.year - 1
    if tense == "future" and same < dct - slack:
        return dct.year + 1
    if tense is None or tense == "present":
        half_year = dt.timedelta(days=183)
        if same > dct + half_year:
            return dct.year - 1
        if same < dct - half_year:
            return dct.year + 1
    return dct.year


def two_digit_year(short: int, params: dict[str, Any], ctx: NormContext) -> int | None:
    """ "'98" → 1998: the DCT's century, or the one before when that lands more than
    `future_years` after the DCT. Without a DCT the century is unknown: rejected with a reason."""
    if ctx.dct is None:
        ctx.reject(f"{ctx.matched!r} has a two-digit year and there is no publication date")
        return None
    century = ctx.dct.year - ctx.dct.year % 100
    year = century + short
    if year > ctx.dct.year + int(params.get("future_years", 10)):
        year -= 100
    return year


def calendar(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """Absolute and partial dates: year-month-day, month-day, month-year, month, year."""
    month = ctx.month(groups)
    year = year_of(groups)
    if groups.get("year2"):
        year = two_digit_year(int(groups["year2"]), params, ctx)
        if year is None:
            return None
    day = int(groups["day"]) if groups.get("day") else 0
    if month is None and (groups.get("month") or groups.get("monthnum")):
        return None
    if day and month and make_date(year or 2000, month, day) is None:
        ctx.reject(f"{ctx.matched!r} is not a calendar date")  # 31 February, 30 February ...
        return None
    if day and month is None:
        return None
    if year is None and month is not None:
        year = pick_year(month, day, ctx)
        if year is None:
            return Resolution(f"XXXX-{month:02d}" + (f"-{day:02d}" if day else ""))
    if year is None:
        return None
    if month is None:
        return Resolution(f"{year:04d}")
    if not day:
        return Resolution(f"{year:04d}-{month:02d}")
    return Resolution(f"{year:04d}-{month:02d}-{day:02d}")


def day_range(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "3-5 March 2024", "between March 3 and 5": the month as value, the days as interval."""
    month = ctx.month(groups)
    first, last = int(groups["day"]), int(groups["day2"])
    if month is None or not 1 <= first < last <= 31:
        return None
    year = year_of(groups) or pick_year(month, first, ctx)
    if year is None:
        return Resolution(f"XXXX-{month:02d}", has_interval=True)
    start, end = make_date(year, month, first), make_date(year, month, last)
    if start is None or end is None:
        return None
    return Resolution(f"{year:04d}-{month:02d}", interval=(start, end), has_interval=True)


def month_relative(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "last April", "this September", "June last year"."""
    month = ctx.month(groups)
    rel = ctx.lexicon.relative.get(word_key(groups.get("rel") or ""), 0)
    if month is None:
        return None
    dct = ctx.dct
    if dct is None:
        return Resolution(f"XXXX-{month:02d}")
    if ctx.matched.lower().rstrip().endswith("year"):  # "June last year": the year is explicit
        return Resolution(f"{dct.year + rel:04d}-{month:02d}")
    if rel < 0:
        year = dct.year if month < dct.month else dct.year - 1
    elif rel > 0:
        year = dct.year if month > dct.month else dct.year + 1
    else:
        year = dct.year
    return Resolution(f"{year:04d}-{month:02d}")


def holiday(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    key = word_key(groups["holiday"])
    lex = ctx.lexicon
    year = year_of(groups)
    rel = lex.relative.get(word_key(groups.get("rel") or ""))
    if key in lex.holidays:
        month, day = (int(p) for p in lex.holidays[key].split("-"))
    else:
        month, weekday, nth = lex.floating_holidays[key]
        day = 0
    if year is None and ctx.dct is not None:
        before = (month, day or 25) < (ctx.dct.month, ctx.dct.day)
        if rel is not None and rel < 0:
            year = ctx.dct.year if before else ctx.dct.year - 1
        elif rel is not None and rel > 0:
            year = ctx.dct.year + 1 if before else ctx.dct.year
        else:
            year = pick_year(month, day or 25, ctx)
    if year is None:
        return Resolution(f"XXXX-{month:02d}-{day:02d}" if day else f"XXXX-{month:02d}")
    if not day:
        day = _nth_weekday(year, month, weekday, nth)
    return Resolution(f"{year:04d}-{month:02d}-{day:02d}")


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> int:
    first = dt.date(year, month, 1)
    offset = (weekday - first.isoweekday()) % 7
    if nth > 0:
        return 1 + offset + 7 * (nth - 1)
    last = shift(first, "M", 1) - dt.timedelta(days=1)
    return last.day - (last.isoweekday() - weekday) % 7


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def decade(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    if groups.get("decade"):
        return Resolution(groups["decade"][:3])
    if groups.get("decadeword"):
        return Resolution(f"19{_DECADE_WORDS[word_key(groups['decadeword'])]}")
    text = ctx.matched.lower()
    if params.get("need_the") and not (text.startswith("the") or "'" in text or "’" in text):
        return None  # "in their 90s" is an age
    short = int(groups["decade2"])
    century = 19 if short >= 30 or ctx.dct is None or ctx.dct.year < 2000 + short else 20
    return Resolution(f"{century}{short // 10}")


def century(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    number = ctx.ordinal(groups["ord"])
    if not number or number < 1:
        return None
    return Resolution(f"{number - 1:02d}")


def weekday_date(weekday: int, ctx: NormContext, rel: int | None) -> dt.date | None:
    """The date of a weekday name: "last"/"next" step over the DCT; else the tense decides."""
    dct = ctx.dct
    if dct is None:
        return None
    back = (dct.isoweekday() - weekday) % 7
    ahead = (weekday - dct.isoweekday()) % 7
    if rel is not None and rel < 0:
        return dct - dt.timedelta(days=back or 7)
    if rel is not None and rel > 0:
        return dct + dt.timedelta(days=ahead or 7)
    tense: Tense | None = ctx.tense
    if tense == "future" or (rel == 0 and tense != "past"):
        return dct + dt.timedelta(days=ahead)
    return dct - dt.timedelta(days=back)


def _part_code(groups: Groups, ctx: NormContext, key: str = "part") -> str:
    word = groups.get(key)
    if not word:
        return ""
    return "T" + ctx.lexicon.parts.get(word_key(word), "")


def weekday(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "Friday", "last Friday", "Friday night", "early Tuesday"."""
    number = ctx.lexicon.weekdays.get(word_key(groups["weekday"]))
    if number is None:
        return None
    rel_word = groups.get("rel")
    rel = ctx.lexicon.relative.get(word_key(rel_word)) if rel_word else None
    part = _part_code(groups, ctx)
    date = weekday_date(number, ctx, rel)
    if date is None:
        return Resolution(f"XXXX-WXX-{number}{part}")
    return Resolution(date.isoformat() + part)


_DAYWORD_OFFSET = {"today": 0, "this": 0, "tonight": 0, "yesterday": -1, "last": -1, "tomorrow": 1}


def day_part(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "this morning", "last night", "tonight", "overnight", "at dawn", "the morning"."""
    dayword = word_key(groups.get("dayword") or params.get("dayword") or "")
    part_word = (
        groups.get("part") or params.get("part") or ("night" if dayword == "tonight" else "")
    )
    code = ctx.lexicon.parts.get(word_key(part_word), "")
    if dayword == "last" and code not in ("NI", "EV"):
        return None  # "last morning" is not a deictic expression
    if dayword in _DAYWORD_OFFSET:
        base = ctx.dct
        day = None if base is None else base + dt.timedelta(days=_DAYWORD_OFFSET[dayword])
    else:  # "the morning", "at dawn": the day of the narrative (or of the report)
        day = ctx.reference()
    if day is None:
        return Resolution(f"XXXX-XX-XXT{code}")
    return Resolution(f"{day.isoformat()}T{code}")


def clock(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "10 p.m.", "7:15 a.m. Wednesday", "noon Thursday", "midnight", "0735 GMT"."""
    named = word_key(groups.get("named") or "")
    if named:
        hour, minute = (24, 0) if named == "midnight" else (12, 0)
    else:
        hour_text = groups.get("hour") or groups.get("hour24")
        if hour_text is None:
            return None
        hour = int(hour_text)
        minute = int(groups.get("minute") or groups.get("minute24") or 0)
        ampm = word_key(groups.get("ampm") or "")
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm.startswith("p") else 0)
        elif hour > 24 or (hour == 24 and minute):
            return None
    stamp = f"T{hour:02d}:{minute:02d}"
    return _on_day(groups, ctx, stamp)


def part_day(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "the night of Dec. 7", "the early hours of Sunday", "overnight Monday", "dawn on Friday"."""
    word = groups.get("part") or params.get("part") or ""
    code = ctx.lexicon.parts.get(word_key(word))
    if code is None:
        return None
    return _on_day(groups, ctx, f"T{code}")


def _on_day(groups: Groups, ctx: NormContext, stamp: str) -> Resolution | None:
    """`stamp` (T22:00, TNI) on the day the groups name: a weekday, a month and day, "today"...,
    or else the day of the narrative."""
    day: dt.date | None
    if groups.get("weekday"):
        number = ctx.lexicon.weekdays.get(word_key(groups["weekday"]))
        day = weekday_date(number, ctx, None) if number else None
    elif groups.get("month"):
        month = ctx.month(groups)
        if month is None or make_date(2000, month, int(groups["day"])) is None:
            return None
        year = pick_year(month, int(groups["day"]), ctx)
        day = make_date(year, month, int(groups["day"])) if year else None
    elif groups.get("dayword"):
        offset = _DAYWORD_OFFSET.get(word_key(groups["dayword"]), 0)
        day = None if ctx.dct is None else ctx.dct + dt.timedelta(days=offset)
    else:
        day = ctx.reference()
    if day is None:
        return Resolution(f"XXXX-XX-XX{stamp}")
    return Resolution(day.isoformat() + stamp)


def ref(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    return Resolution(params["value"])


def _registry() -> dict[str, Normalizer]:
    from . import relative

    return {
        "calendar": calendar,
        "day_range": day_range,
        "month_relative": month_relative,
        "holiday": holiday,
        "decade": decade,
        "century": century,
        "weekday": weekday,
        "day_part": day_part,
        "clock": clock,
        "part_day": part_day,
        "ref": ref,
        "deictic": relative.deictic,
        "anaphoric": relative.anaphoric,
        "shift": relative.shift_units,
        "quarter": relative.quarter,
        "half": relative.half,
        "season": relative.season,
        "duration": relative.duration,
        "set": relative.set_value,
    }


NORMALIZERS: dict[str, Normalizer] = {}


def normalizer(name: str) -> Normalizer:
    if not NORMALIZERS:
        NORMALIZERS.update(_registry())
    try:
        return NORMALIZERS[name]
    except KeyError:
        raise ValueError(f"time rule names unknown normalizer {name!r}") from None
