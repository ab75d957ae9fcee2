"""A token trie for matching many multi-word phrases over a spaCy Doc in one left-to-right pass.

Hyphens are ignored ("al-Sham" = "al Sham"), case is folded unless a phrase is marked case-sensitive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

_HYPHENS = {"-", "–", "—", "‐"}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def normalize_token(text: str) -> list[str]:
    """The comparison form(s) of one token: lower case, curly quotes straightened, split on inner hyphens."""
    text = text.translate(_APOSTROPHES).lower()
    if text in _HYPHENS or not text.strip():
        return []
    if "-" in text and len(text) > 1:
        return [p for p in text.split("-") if p]
    return [text]


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """Tokens [start, end) of the doc matched `phrase`; `payloads` are what the phrase was added with."""

    start: int
    end: int
    phrase: str
    payloads: tuple[Any, ...]


class PhraseTrie:
    """Phrases → payloads; `find(tokens)` yields the longest non-overlapping matches, left to right."""

    def __init__(self, tokenize: Callable[[str], Sequence[str]]) -> None:
        self._tokenize = tokenize
        self._root: dict[str, Any] = {}

    def add(self, phrase: str, payload: Any, *, case_sensitive: bool = False) -> None:
        words = [t for t in self._tokenize(phrase) if t.strip()]
        keys: list[str] = []
        exact: list[str] = []
        for word in words:
            parts = normalize_token(word)
            keys.extend(parts)
            if parts:
                exact.append(word.translate(_APOSTROPHES))
        if not keys:
            return
        node = self._root
        for key in keys:
            node = node.setdefault(key, {})
        node.setdefault("\x00", []).append(
            (phrase, payload, tuple(exact) if case_sensitive else None)
        )

    def add_many(
        self, phrases: Iterable[str], payload: Any, *, case_sensitive: bool = False
    ) -> None:
        for phrase in phrases:
            self.add(phrase, payload, case_sensitive=case_sensitive)

    def find(self, tokens: Sequence[str]) -> list[PhraseMatch]:
        """Match over token texts (a Doc's `[t.text for t in doc]`); returns token-index spans."""
        norm: list[tuple[str, int]] = []
        for index, text in enumerate(tokens):
            for part in normalize_token(text):
                norm.append((part, index))
        matches: list[PhraseMatch] = []
        i = 0
        while i < len(norm):
            best: tuple[int, list[Any]] | None = None
            node = self._root
            j = i
            while j < len(norm) and norm[j][0] in node:
                node = node[norm[j][0]]
                j += 1
                if "\x00" in node:
                    hits = [h for h in node["\x00"] if _exact_ok(h[2], tokens, norm, i, j)]
                    if hits:
                        best = (j, hits)
            if best is None:
                i += 1
                continue
            j, hits = best
            start, end = norm[i][1], norm[j - 1][1] + 1
            matches.append(PhraseMatch(start, end, hits[0][0], tuple(h[1] for h in hits)))
            while i < len(norm) and norm[i][1] < end:
                i += 1
        return matches


def _exact_ok(
    exact: tuple[str, ...] | None,
    tokens: Sequence[str],
    norm: list[tuple[str, int]],
    i: int,
    j: int,
) -> bool:
    """A case-sensitive phrase matches only when the doc's token texts equal its words."""
    if exact is None:
        return True
    indices = sorted({norm[k][1] for k in range(i, j)})
    got = [tokens[k].translate(_APOSTROPHES) for k in indices]
    joined = "".join(got)
    return joined == "".join(exact) or got == list(exact)
