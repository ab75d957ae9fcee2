"""Names coordinated before a plural admin word share it: "Jackson and Barrow counties",
"Idlib, Hama and Latakia provinces" are each a county or province, not a town."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .spans import LIST_JOINERS

if TYPE_CHECKING:
    from .recognize import Mention

_MAX_NAME_TOKENS = 4

# make(start_token, end_token, suffix_word, label) → a Mention the gazetteer backs, or None
MakeMention = Callable[[int, int, str, str], "Mention | None"]


def coordinated(
    doc: Any, mentions: list[Mention], make: MakeMention, *, plural_words: frozenset[str]
) -> list[Mention]:
    """`mentions` with every name of a coordination closed by a plural admin word re-read with
    that word as its suffix (found anew when no mention covered it)."""
    out = list(mentions)
    for token in doc:
        if token.text not in plural_words or token.i == 0:  # lowercase: not "United States"
            continue
        suffix = token.lower_
        end = token.i
        while True:
            start = end
            while (
                start > 0
                and end - start < _MAX_NAME_TOKENS
                and doc[start - 1].text[:1].isupper()
                and doc[start - 1].is_alpha
            ):
                start -= 1
            if start == end:
                break
            lo, hi = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
            old = [m for m in out if m.toponym.start < hi and lo < m.toponym.end]
            found = make(start, end, suffix, "LISTED")  # the gazetteer must back it
            if found is None:
                break
            if len(old) == 1 and old[0].label not in ("DEMONYM", "LISTED"):
                found = replace(found, label=old[0].label)
            out = [m for m in out if m not in old] + [found]
            joiner = start
            while joiner > 0 and start - joiner < 2 and doc[joiner - 1].lower_ in LIST_JOINERS:
                joiner -= 1
            if joiner == start:
                break
            end = joiner
    return out
