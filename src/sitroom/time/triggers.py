"""Trigger strings of a rule: literal prefixes of which every match must contain one (or a digit).

They let the tagger skip a rule on sentences that cannot match it, which is most of them.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

DIGIT = "\\d"
_MAX_STRINGS = 300
_MAX_PREFIX = 5
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))


def rule_triggers(pattern: str, flags: int = re.IGNORECASE) -> tuple[str, ...] | None:
    """The most selective set of mandatory literal prefixes of `pattern`; None when there is none
    (the rule then runs everywhere)."""
    best: tuple[str, ...] | None = None
    for candidate in _candidates(list(P.parse(pattern, flags).data)):
        if best is None or _cost(candidate) < _cost(best):
            best = candidate
    return best


def _cost(strings: tuple[str, ...]) -> float:
    # short prefixes and digits occur in most sentences; many strings cost many lookups
    shortest = min((len(s) if s != DIGIT else 1) for s in strings)
    return 10.0 / shortest + 0.01 * len(strings)


def _candidates(seq: list[tuple[Any, Any]]) -> list[tuple[str, ...]]:
    """Prefix sets of nodes that every match goes through."""
    found: list[tuple[str, ...]] = []
    for i, (op, av) in enumerate(seq):
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        starts = _prefixes(seq[i:])
        if starts is not None:
            found.append(tuple(sorted(starts)))
        if op is C.SUBPATTERN:
            found.extend(_candidates(list(av[-1].data)))
        elif op in _REPEATS and av[0] >= 1:
            found.extend(_candidates(list(av[2].data)))
        elif op is C.BRANCH:  # every alternative has its own mandatory node: take the union
            union: set[str] = set()
            for branch in av[1]:
                options = _candidates(list(branch.data))
                if not options:
                    break
                union.update(min(options, key=lambda o: _cost(tuple(o))))
            else:
                found.append(tuple(sorted(union)))
    return found


def _prefixes(seq: list[tuple[Any, Any]]) -> set[str] | None:
    """Literal prefixes (lower case, 2 to 5 characters, or DIGIT) that every match of `seq` starts
    with; None when some path starts with something else."""
    expanded = _expand(seq, {""})
    if expanded is None:
        return None
    paths = expanded[0]
    if any(p != DIGIT and len(p) < 2 for p in paths):
        return None
    return paths


def _done(heads: set[str]) -> bool:
    return all(h == DIGIT or len(h) >= _MAX_PREFIX for h in heads)


def _expand(seq: list[tuple[Any, Any]], heads: set[str]) -> tuple[set[str], bool] | None:
    """Extend every string of `heads` through `seq` while the items are literal. Returns the
    strings and whether `seq` was consumed to its end (so that a caller may go on extending)."""
    for op, av in seq:
        if _done(heads):
            return heads, False
        if op is C.LITERAL and "" in heads and chr(av).isdigit():
            heads = {h or DIGIT for h in heads}
        elif op is C.LITERAL:
            heads = {
                h if (h == DIGIT or len(h) >= _MAX_PREFIX) else h + chr(av).lower() for h in heads
            }
        elif op is C.IN and _is_digit_class(av):
            return {h if h else DIGIT for h in heads}, False
        elif op is C.SUBPATTERN or op is C.BRANCH:
            branches = [av[-1]] if op is C.SUBPATTERN else av[1]
            joined: set[str] = set()
            whole = True
            for branch in branches:
                out = _expand(list(branch.data), set(heads))
                if out is None:
                    return None
                joined |= out[0]
                whole = whole and out[1]
            heads = joined
            if not whole:
                return _checked(heads)
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        else:
            return _checked(heads)
        if len(heads) > _MAX_STRINGS:
            return None
    return _checked(heads, whole=True)


def _checked(heads: set[str], *, whole: bool = False) -> tuple[set[str], bool] | None:
    if any(h == "" for h in heads) and not whole:
        return None
    return heads, whole


def _is_digit_class(items: list[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            continue
        if op is C.RANGE and 48 <= av[0] and av[1] <= 57:
            continue
        if op is C.LITERAL and 48 <= av <= 57:
            continue
        return False
    return bool(items)


def present(strings: tuple[str, ...], lowered: str, has_digit: bool) -> bool:
    """Whether any trigger occurs in the (lower-cased) text."""
    for s in strings:
        if s == DIGIT:
            if has_digit:
                return True
        elif s in lowered:
            return True
    return False
