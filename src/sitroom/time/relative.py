"""Normalizers for relative and non-calendar expressions: deictic units, "N units ago", quarters,
halves, seasons, durations (P11Y, PT2H) and sets (XXXX-WXX-5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .calendar import quarter_of, shift, value_at
from .context import NormContext, Resolution
from .normalize import Groups, year_of
from .patterns import word_key

_X_VALUES = {
    "D": "XXXX-XX-XX",
    "W": "XXXX-WXX",
    "WE": "XXXX-WXX-WE",
    "M": "XXXX-XX",
    "Q": "XXXX-QX",
    "H": "XXXX-HX",
    "Y": "XXXX",
    "DE": "XXX",
    "CE": "XX",
}
_UNIT_WORDS = {"week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}
_DURATION_UNIT = {
    "Y": "Y",
    "M": "M",
    "W": "W",
    "D": "D",
    "Q": "Q",
    "DE": "E",
    "CE": "C",
    "WE": "WE",
    "TH": "H",
    "TM": "M",
    "TS": "S",
}
# A half of one unit, written in the next smaller one (2 1/2 years → P2Y6M).
_HALF = {
    "Y": (6, "M"),
    "M": (15, "D"),
    "W": (84, "TH"),
    "D": (12, "TH"),
    "TH": (30, "TM"),
    "TM": (30, "TS"),
    "DE": (5, "Y"),
}
_BACK_WORDS = ("ago", "earlier", "before")
_SET_WORDS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "biweekly": "P2W",
    "semiannually": "P6M",
}


def _unit(groups: Groups, params: dict[str, Any], ctx: NormContext) -> str | None:
    if params.get("unit"):
        return str(params["unit"])
    word = groups.get("unitword") or groups.get("unitword2") or groups.get("unitword3")
    if word and word_key(word) == "morning":
        word = "day"
    if word and word_key(word) in _UNIT_WORDS:
        return _UNIT_WORDS[word_key(word)]
    return ctx.unit(word)


def deictic(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "today", "last week", "this month", "next year", "the weekend", "earlier this year"."""
    unit = _unit(groups, params, ctx)
    if unit is None or unit in ("TH", "TM", "TS", "F"):
        return None
    if "offset" in params:
        offset = int(params["offset"])
        if params.get("flip_word") and params["flip_word"] in ctx.matched.lower():
            offset = int(params["flip_offset"])
    else:
        rel = groups.get("rel") or ("past" if "past" in ctx.matched.lower() else "")
        offset = ctx.lexicon.relative.get(word_key(rel), 0) if rel else 0
    trim = int(params.get("trim", 0))
    dct = ctx.dct
    if dct is None:
        return Resolution(_X_VALUES.get(unit, "XXXX"), trim_end=trim)
    if unit == "WE":
        return Resolution(_weekend(dct, offset, params, ctx), trim_end=trim)
    return Resolution(value_at(shift(dct, unit, offset), unit), trim_end=trim)


def _weekend(dct: dt.date, offset: int, params: dict[str, Any], ctx: NormContext) -> str:
    """ "the weekend" said on a weekday in the past tense is the one just gone."""
    saturday = dct + dt.timedelta(days=6 - dct.isoweekday())
    if offset == 0 and dct.isoweekday() < 6 and ctx.tense != "future":
        offset = int(params.get("tense_past_offset", 0))
    return value_at(saturday + dt.timedelta(weeks=offset), "WE")


def shift_units(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "three years ago" → 1995 (DCT 1998), "a week earlier", "two months from now"."""
    unit = _unit(groups, params, ctx)
    if unit is None or unit in ("TH", "TM", "TS"):
        return None
    shift_word = groups.get("shift") or params.get("shift") or "ago"
    back = word_key(shift_word) in _BACK_WORDS
    amount = ctx.number(groups.get("num") or params.get("num"))
    if amount is None or amount != int(amount):
        return Resolution("PAST_REF" if back else "FUTURE_REF")
    if unit == "F":
        unit, amount = "W", amount * 2
    sign = -1 if back else 1
    base = ctx.dct
    if word_key(shift_word) in ("earlier", "later") and ctx.anchor is not None:
        base = ctx.anchor if unit in ("D", "W") else base
    if base is None:
        return Resolution(_X_VALUES.get(unit, "XXXX"))
    if (
        unit == "Y"
        and ctx.last_quarter is not None
        and ctx.start - ctx.last_quarter[2] < int(params.get("quarter_context", 0))
    ):
        year, q, _ = ctx.last_quarter  # "up from $10 million a year ago": the same quarter
        return Resolution(f"{year + sign * int(amount):04d}-Q{q}")
    target = shift(base, unit, sign * int(amount))
    return Resolution(value_at(target, unit))


_UNIT_RANK = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4}


def anaphoric(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "that year", "the following month", "the next day", "earlier that day": counted from the
    last date the text mentioned, at least as precise as the unit; unresolved without one."""
    unit = _unit(groups, params, ctx)
    if unit is None or unit not in _UNIT_RANK:
        return None
    offset = int(params.get("offset", 0))
    text = ctx.matched.lower()
    for word, step in (
        ("following", 1),
        ("next", 1),
        ("previous", -1),
        ("before", -1),
        ("after", 1),
    ):
        if word in text:
            offset = step
    last = ctx.last_date
    if last is None or _UNIT_RANK.get(last[1], 9) > _UNIT_RANK[unit]:
        return None  # "that day" with no day before it: a generic phrase, not a time
    return Resolution(value_at(shift(last[0], unit, offset), unit))


def _quarter_number(groups: Groups, ctx: NormContext) -> int | None:
    word = groups.get("ord") or groups.get("ord2")
    if not word:
        return None
    number = ctx.ordinal(word)
    if number == -1:
        return 4
    return number if number is not None and 1 <= number <= 4 else 0


def quarter(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "the third quarter", "the 1988 second quarter", "the latest quarter", "the year-ago quarter"."""
    number = _quarter_number(groups, ctx)
    if number == 0:
        return None  # "the fifth quarter"
    dct = ctx.dct
    year = year_of(groups)
    rel_word = groups.get("rel") or groups.get("rel2")
    text = ctx.matched.lower()
    if number is None and year is not None:  # "the 1988 quarter": the quarter under discussion
        if ctx.last_quarter is None:
            return Resolution(f"{year:04d}-QX")
        number = ctx.last_quarter[1]
    if number is None:  # deictic: latest / this / last / the quarter
        rel = ctx.lexicon.relative.get(word_key(rel_word)) if rel_word else None
        if rel is None and ctx.last_quarter is not None:
            year, number = ctx.last_quarter[0], ctx.last_quarter[1]
        elif dct is None:
            return Resolution("XXXX-QX")
        else:
            if rel is None:  # "the latest quarter": the last one completed
                rel = -1
            if "period" in text and rel_word is None:
                rel = -1
            day = shift(dct, "Q", rel)
            year, number = day.year, quarter_of(day)
    if year is None and rel_word and dct is not None:
        year = dct.year + ctx.lexicon.relative.get(word_key(rel_word), 0)
    if year is None and dct is not None:
        year = dct.year
        if number > quarter_of(dct) and ctx.tense == "past":
            year -= 1
    if year is None:
        return Resolution(f"XXXX-Q{number}")
    year += int(params.get("year_offset", 0))
    return Resolution(f"{year:04d}-Q{number}")


def half(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    number = 1 if word_key(groups["half"]) in ("first", "1st") else 2
    year = year_of(groups)
    if year is None and ctx.dct is not None:
        rel = ctx.lexicon.relative.get(word_key(groups.get("rel") or ""), 0)
        year = ctx.dct.year + rel
    if year is None:
        return Resolution(f"XXXX-H{number}")
    return Resolution(f"{year:04d}-H{number}")


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "this summer", "last fall", "the winter of 1994" (a winter is dated by its December)."""
    code = ctx.lexicon.seasons[word_key(groups["season"])]
    year = year_of(groups)
    if year is None and not _season_word_ok(groups, ctx):
        return None
    if year is not None:
        return Resolution(f"{year:04d}-{code}")
    dct = ctx.dct
    if dct is None:
        return Resolution(f"XXXX-{code}")
    text = ctx.matched.lower()
    rel = ctx.lexicon.relative.get(word_key(groups.get("rel") or ""))
    if "this past" in text:
        rel = -1
    start_month = _SEASON_START[code]
    # the season instance that holds the DCT, or the nearest one starting in the DCT's year
    year = dct.year - 1 if code == "WI" and dct.month <= 2 else dct.year
    started = (dct.year, dct.month) >= (year, start_month)
    ended = started and dct.month not in _months_of(code)
    if rel is not None and rel < 0:
        year = year if ended else year - 1
    elif rel is not None and rel > 0:
        year = year + 1 if started else year
    elif ctx.tense == "past" and not started:
        year -= 1
    elif ctx.tense == "future" and ended:
        year += 1
    return Resolution(f"{year:04d}-{code}")


def _season_word_ok(groups: Groups, ctx: NormContext) -> bool:
    """ "fall" needs a season context: "last fall", "in the fall" (but not "the fall of Aleppo")."""
    guard = ctx.lexicon.ambiguous_seasons
    if word_key(groups["season"]) not in guard.get("words", ()):
        return True
    head = ctx.matched[: ctx.match.start("season") - ctx.start].split() if ctx.match else []
    previous = head[-1] if head else (ctx.before(20).split() or [""])[-1]
    if word_key(previous) in ctx.lexicon.relative:
        return True  # "last fall in his home": a deictic word settles it
    if word_key(previous) not in guard.get("before", ()):
        return False
    following = ctx.after(24).split()
    if following and word_key(following[0]) in guard.get("not_after", ()):
        return word_key(following[0]) == "of" and len(following) > 1 and following[1][:1].isdigit()
    return True


def _months_of(code: str) -> tuple[int, ...]:
    start = _SEASON_START[code]
    return tuple((start + i - 1) % 12 + 1 for i in range(3))


def duration(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "11 years" → P11Y, "more than two hours" → PT2H, "several days" → PXD, "2 1/2 years"."""
    if params.get("value"):
        return Resolution(str(params["value"]))
    words = groups.get("unitword") or groups.get("unitword2") or ""
    parts = word_key(words).split()
    number_words = groups.get("num")
    if len(parts) == 2:  # "nine months" as one group
        number_words, words = parts[0], parts[1]
    unit = ctx.unit(words) if words else None
    text = ctx.matched.lower()
    if unit is None:
        unit = ctx.unit(text.split()[-1]) if params.get("half") else None
        if unit is None:
            return None
    if unit == "Q" and ctx.after(4).lstrip().startswith("of"):
        return None  # "a quarter of the vote"
    if unit == "F":
        unit = "W"
        factor = 2.0
    elif unit == "Q":  # "the next three quarters" → P9M
        unit = "M"
        factor = 3.0
    else:
        factor = 1.0
    amount: float | None
    vague = params.get("vague") or (groups.get("vague") is not None)
    if vague or (number_words and word_key(number_words) in ctx.lexicon.vague):
        amount = None
    elif number_words:
        amount = ctx.number(number_words)
        if amount is None or amount >= 1000:
            return None  # "the 1988 quarter" is no duration
    else:
        amount = 1.0
    if params.get("half") and amount is not None:
        if "1/2" in text or "½" in text:
            amount += 0.5
        elif (
            "half" in text
            and "1/2" not in text
            and "½" not in text
            and amount >= 1
            and (" and a half" in text or " and half" in text)
        ):
            amount += 0.5
        elif text.startswith(("half", "about half", "nearly half")) or " half a" in f" {text}":
            amount = 0.5
    return Resolution(_period(amount * factor if amount is not None else None, unit))


def _period(amount: float | None, unit: str) -> str:
    clock = unit in ("TH", "TM", "TS")
    prefix = "PT" if clock else "P"
    letter = _DURATION_UNIT.get(unit, unit)
    if amount is None:
        return f"{prefix}X{letter}"
    whole = int(amount)
    rest = amount - whole
    if rest and unit in _HALF:
        small, small_unit = _HALF[unit]
        small_letter = _DURATION_UNIT[small_unit]
        head = f"{whole}{letter}" if whole else ""
        if small_unit.startswith("T") and not clock:
            return f"P{head}T{small}{small_letter}"
        return f"{prefix}{head}{small}{small_letter}"
    if rest:
        return f"{prefix}{amount:g}{letter}"
    return f"{prefix}{whole}{letter}"


def set_value(groups: Groups, params: dict[str, Any], ctx: NormContext) -> Resolution | None:
    """ "daily" → P1D, "every Friday" → XXXX-WXX-5, "each July" → XXXX-07, "every three months"."""
    lex = ctx.lexicon
    if groups.get("setword"):
        return Resolution(_SET_WORDS[word_key(groups["setword"])])
    day_word = groups.get("weekday") or groups.get("weekday2") or groups.get("weekday3")
    if day_word:
        number = lex.weekdays.get(word_key(day_word))
        part_word = groups.get("part") or groups.get("part2")
        part = "T" + lex.parts.get(word_key(part_word).rstrip("s"), "") if part_word else ""
        return Resolution(f"XXXX-WXX-{number}{part}")
    if groups.get("month"):
        return Resolution(f"XXXX-{ctx.month(groups):02d}")
    if groups.get("season"):
        return Resolution(f"XXXX-{lex.seasons[word_key(groups['season'])]}")
    word = groups.get("unitword") or groups.get("unitword2") or groups.get("unitword3")
    key = word_key(word or "")
    if key in ("morning", "evening", "night"):
        return Resolution(f"XXXX-XX-XXT{lex.parts[key]}")
    if key == "weekend":
        return Resolution("XXXX-WXX-WE")
    unit = ctx.unit(word)
    if unit is None:
        return None
    num = word_key(groups.get("num") or "")
    amount = 2.0 if num == "other" else (ctx.number(num) if num else 1.0)
    if amount is None:
        return None
    return Resolution(_period(amount, unit))
