"""Token-span helpers of toponym recognition: comma-separated parts of an entity, the dateline
of a wire report, and runs of proper nouns outside any entity."""

from __future__ import annotations

from typing import Any

# Words and marks that join the names of a list ("Idlib, Hama and Latakia").
LIST_JOINERS = frozenset({",", "and", "or", "&"})


def comma_parts(doc: Any, start: int, end: int) -> list[tuple[int, int]]:
    """An entity split at its commas ("Athens, Ga." → "Athens", "Ga.")."""
    parts, begin = [], start
    for i in range(start, end):
        if doc[i].text == ",":
            if i > begin:
                parts.append((begin, i))
            begin = i + 1
    if begin < end:
        parts.append((begin, end))
    return parts or [(start, end)]


def dateline(doc: Any, covered: set[int]) -> list[tuple[int, int]]:
    """The all-capital place name that opens a wire report ("BEIRUT (AP) —", "COLUMBUS, Ohio")."""
    end = 0
    while end < min(len(doc), 4) and doc[end].text.isupper() and doc[end].is_alpha:
        end += 1
    if end == 0 or any(i in covered for i in range(end)):
        return []
    return [(0, end)]


def propn_runs(doc: Any, covered: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of capitalized proper nouns outside any entity."""
    runs: list[tuple[int, int]] = []
    start = None
    for token in doc:
        inside = token.i not in covered and token.pos_ == "PROPN" and token.text[:1].isupper()
        if inside and start is None:
            start = token.i
        elif not inside and start is not None:
            runs.append((start, token.i))
            start = None
    if start is not None:
        runs.append((start, len(doc)))
    return runs
