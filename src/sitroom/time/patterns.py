"""The time grammar: word lists and rule patterns from the YAML tables, compiled once to regexes.

Macros ({MONTH}, {NUM:num2}, ...) expand to named groups; spaces in patterns match whitespace runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..data import load_table
from ..records import TimexType
from .triggers import rule_triggers

_MACRO = re.compile(r"\{([A-Z]+)(?::([a-z0-9_]*))?\}")
_GROUP_SLOT = "(?P<@>"


@dataclass(frozen=True, slots=True)
class Rule:
    """One recognition rule: a compiled pattern, the TIMEX3 type and the normalizer to apply."""

    name: str
    regex: re.Pattern[str]
    type: TimexType
    norm: str
    params: dict[str, Any]
    priority: int  # position in the table: lower wins ties between equally long matches
    triggers: tuple[str, ...] | None = None  # a match holds one of these (None: unknown)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Lookups from (lower-cased, dot-free) words to numbers and codes."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    vague: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, str]
    relative: dict[str, int]
    seasons: dict[str, str]
    parts: dict[str, str]
    holidays: dict[str, str]
    floating_holidays: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    ambiguous_seasons: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Grammar:
    rules: tuple[Rule, ...]
    lexicon: Lexicon
    slack_days: int = 60  # time_tense.yaml: year_guess_slack_days
    checks: dict[str, re.Pattern[str]] = field(default_factory=dict)  # name → "text before" test
    # the rules grouped by trigger strings, so that each test is made once per sentence
    by_trigger: tuple[tuple[tuple[str, ...] | None, tuple[Rule, ...]], ...] = ()


def word_key(word: str) -> str:
    """The lookup form of a matched word: lower case, single spaces, no dots, straight quotes."""
    return " ".join(word.lower().replace(".", "").replace("’", "'").split())


def _alternation(
    words: list[str],
    *,
    case_sensitive: frozenset[str] | set[str] = frozenset(),
    dot: bool = False,
    full: frozenset[str] | set[str] = frozenset(),
) -> str:
    """Regex alternation of words, longest first; abbreviations may end in a dot."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        body = re.escape(word)
        if dot and word not in full:
            body += r"\.?"
        if word in case_sensitive:
            cap = re.escape(word.capitalize()) + (r"\.?" if dot and word not in full else "")
            body = f"(?-i:{cap}|{re.escape(word.upper())})"
        parts.append(body)
    return "|".join(parts)


_FULL_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
_FULL_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _lexicon_macros(lex: dict[str, Any]) -> dict[str, str]:
    months_cs = set(lex.get("months_case_sensitive", []))
    days_cs = set(lex.get("weekdays_case_sensitive", []))
    numbers = [w for w in lex["numbers"] if " " not in w and w not in ("a", "an")]
    num_words = _alternation(numbers)
    phrase_numbers = _alternation([w for w in lex["numbers"] if " " in w])
    num = (
        r"[0-9]+(?:\.[0-9]+)?(?![0-9,])"
        rf"|(?:{phrase_numbers})|(?:{num_words})(?:[ -](?:{num_words}))*|an?"
    )
    return {
        "MONTH": f"(?P<@>{_alternation(list(lex['months']), case_sensitive=months_cs, dot=True, full=_FULL_MONTHS)})",
        "WEEKDAY": f"(?P<@>{_alternation(sorted(_FULL_WEEKDAYS))})",
        "WEEKDAYABBR": f"(?P<@>{_alternation(list(lex['weekdays']), case_sensitive=days_cs, dot=True, full=_FULL_WEEKDAYS)})",
        "NUM": f"(?P<@>{num})",
        "VAGUE": f"(?P<@>{_alternation(list(lex['vague_numbers']))})",
        "UNIT": f"(?P<@>{_alternation(list(lex['units']))})",
        "ORD": f"(?P<@>[0-9]{{1,2}}(?:st|nd|rd|th)|{_alternation(list(lex['ordinals']))})",
        "REL": f"(?P<@>{_alternation(list(lex['relative_words']))})",
        "SEASON": f"(?P<@>{_alternation(list(lex['seasons']))})",
        "PART": f"(?P<@>{_alternation(list(lex['parts_of_day']))})",
        "HOLIDAY": f"(?P<@>{_alternation(list(lex['holidays']) + list(lex.get('floating_holidays', {})))})",
    }


def expand(pattern: str, macros: dict[str, str], *, depth: int = 0) -> str:
    """Replace {MACRO[:group]} by its regex; the group name defaults to the macro name in lower case."""
    if depth > 5:
        raise ValueError(f"time grammar: macros nest too deep in {pattern!r}")

    def sub(m: re.Match[str]) -> str:
        name, group = m.group(1), m.group(2)
        if name not in macros:
            raise ValueError(f"time grammar: unknown macro {{{name}}} in {pattern!r}")
        body = expand(macros[name], macros, depth=depth + 1)
        if _GROUP_SLOT in body:
            group = name.lower() if group is None else group
            return body.replace(_GROUP_SLOT, f"(?P<{group}>" if group else "(?:", 1)
        return f"(?:{body})"

    return _MACRO.sub(sub, pattern)


def whitespace(pattern: str) -> str:
    """Spaces → runs of whitespace (one space inside lookbehinds, which need a fixed width);
    straight apostrophes also match typographic ones."""
    out: list[str] = []
    parens: list[bool] = []  # True for a lookbehind group
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            out.append(r"\s" if ch == " " else ("'’" if ch == "'" else ch))
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "(":
            parens.append(pattern.startswith(("(?<=", "(?<!"), i))
            out.append(ch)
        elif ch == ")":
            if parens:
                parens.pop()
            out.append(ch)
        elif ch == " " and pattern[i + 1 : i + 2] == "?":
            out.append(" ?" if any(parens) else r"\s*")
            i += 1
        elif ch == " ":
            out.append(" " if any(parens) else r"\s+")
        elif ch == "'":
            out.append("'" if any(parens) else "['’]")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def compile_pattern(pattern: str, macros: dict[str, str]) -> re.Pattern[str]:
    body = whitespace(expand(pattern, macros))
    # no match may start or end inside a word, nor end just before a hyphenated word ("a year-ago")
    return re.compile(rf"(?<![\w]){body}(?![\w]|-[^\W\d])", re.IGNORECASE)


def _build_lexicon(lex: dict[str, Any]) -> Lexicon:
    def keyed(table: dict[str, Any]) -> dict[str, Any]:
        return {word_key(k): v for k, v in table.items()}

    floating = {word_key(k): tuple(v) for k, v in lex.get("floating_holidays", {}).items()}
    return Lexicon(
        months=keyed(lex["months"]),
        weekdays=keyed(lex["weekdays"]),
        numbers=keyed(lex["numbers"]),
        vague=frozenset(word_key(w) for w in lex["vague_numbers"]),
        ordinals=keyed(lex["ordinals"]),
        units=keyed(lex["units"]),
        relative=keyed(lex["relative_words"]),
        seasons=keyed(lex["seasons"]),
        parts=keyed(lex["parts_of_day"]),
        holidays=keyed(lex["holidays"]),
        floating_holidays=floating,  # type: ignore[arg-type]
        ambiguous_seasons={
            k: frozenset(v) for k, v in (lex.get("ambiguous_seasons") or {}).items()
        },
    )


@lru_cache(maxsize=4)
def load_grammar(rules_table: str = "time_rules", lexicon_table: str = "time_lexicon") -> Grammar:
    """Compile the rule table once per process (about 50 ms)."""
    lex = load_table(lexicon_table)
    table = load_table(rules_table)
    macros = _lexicon_macros(lex)
    macros.update(table.get("macros", {}))
    rules = []
    for priority, spec in enumerate(table["rules"]):
        try:
            regex = compile_pattern(spec["pattern"], macros)
        except re.error as exc:
            raise ValueError(f"time rule {spec['name']!r}: bad pattern ({exc})") from exc
        rules.append(
            Rule(
                name=spec["name"],
                regex=regex,
                type=spec["type"],
                norm=spec["norm"],
                params=dict(spec.get("params") or {}),
                priority=priority,
                triggers=rule_triggers(regex.pattern),
            )
        )
    slack = int(load_table("time_tense").get("year_guess_slack_days", 60))
    checks = {name: re.compile(p, re.IGNORECASE) for name, p in (table.get("checks") or {}).items()}
    for rule in rules:
        name = rule.params.get("check")
        if name is not None and name != "noun" and name not in checks:
            raise ValueError(f"time rule {rule.name!r}: unknown check {name!r}")
    grouped: dict[tuple[str, ...] | None, list[Rule]] = {}
    for rule in rules:
        grouped.setdefault(rule.triggers, []).append(rule)
    return Grammar(
        rules=tuple(rules),
        lexicon=_build_lexicon(lex),
        slack_days=slack,
        checks=checks,
        by_trigger=tuple((key, tuple(group)) for key, group in grouped.items()),
    )
