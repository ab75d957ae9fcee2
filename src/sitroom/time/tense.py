"""Tense of the clause a time expression sits in, read from the spaCy parse (tags and dependencies).

"said Friday" → past (the last Friday); "will meet Friday" → future (the next one).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, Literal

from ..data import load_table

Tense = Literal["past", "present", "future"]

_VERBISH = {"VERB", "AUX"}


class TenseReader:
    """Looks up tokens by character offset once per document and answers tense questions."""

    def __init__(self, doc: Any, text: str | None = None) -> None:
        self.doc = doc
        self._text = text  # the doc's text (Doc.text rebuilds it from the tokens on every call)
        self._starts_cache: list[int] | None = None
        table = load_table("time_tense")
        self._future_aux = frozenset(table["future_auxiliaries"])
        self._future_heads = frozenset(table["future_oriented_lemmas"])
        self._perfect_aux = frozenset(table["perfect_auxiliaries"])
        self._future_cues = tuple(table.get("future_cues", ()))

    @property
    def _starts(self) -> list[int]:
        # built on first use: most documents need a tense or a tag only a few times, if at all
        if self._starts_cache is None:
            self._starts_cache = (
                self.doc.to_array("IDX").tolist() if self.doc is not None and len(self.doc) else []
            )
        return self._starts_cache

    def token_at(self, char: int) -> Any | None:
        starts = self._starts
        if not starts:
            return None
        i = bisect_right(starts, char) - 1
        return self.doc[max(i, 0)]

    def tag_at(self, char: int) -> str | None:
        token = self.token_at(char)
        return None if token is None else token.tag_

    def tense(self, start: int, end: int) -> Tense | None:
        """Tense of the verb governing the span [start, end), or of its sentence; None if unknown."""
        token = self.token_at(start)
        if token is None:
            return None
        if self._text is None:
            self._text = self.doc.text
        before = self._text[max(0, start - 16) : start].lower().rstrip()
        if before.endswith(self._future_cues):
            return "future"
        last = self.token_at(max(start, end - 1))
        span = self.doc[token.i : (last.i if last is not None else token.i) + 1]
        node = span.root
        for _ in range(6):
            if node.pos_ in _VERBISH and node.dep_ not in ("amod", "compound"):
                found = self._verb_tense(node)
                if found is not None:
                    return found
            if node.head.i == node.i:
                break
            node = node.head
        root = token
        for _ in range(64):  # the sentence root is its own head (token.sent would scan the doc)
            if root.head.i == root.i:
                break
            root = root.head
        return self._verb_tense(root)

    def _verb_tense(self, verb: Any, depth: int = 0) -> Tense | None:
        if depth > 4:
            return None
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        lowers = {c.lower_ for c in aux}
        tag = verb.tag_
        if tag == "VBN" and lowers & self._perfect_aux:
            return "past"  # "has declared", "may have fled", "will have left" (rare) too
        if lowers & self._future_aux or verb.lower_ in self._future_aux:
            return "future"
        if tag == "MD":
            return "future" if verb.lower_ in self._future_aux else None
        if any(c.tag_ == "VBD" for c in aux):
            return "past"
        if tag == "VBD":
            return "past"
        if tag == "VBN":
            if aux and not (lowers & self._perfect_aux):
                return "present"  # "is expected", "are scheduled"
            return "past"  # "has declared", "announced Friday" (participle)
        if tag == "VB" or tag == "VBG":
            if "to" in lowers:
                return self._infinitive(verb, depth)
            if any(c.tag_ in ("VBZ", "VBP") for c in aux):
                # "is meeting Friday": the present progressive plans the future
                return "future" if tag == "VBG" else "present"
            return self._from_head(verb, depth)
        if tag in ("VBZ", "VBP"):
            return "present"
        return None

    def _infinitive(self, verb: Any, depth: int) -> Tense | None:
        head = verb.head
        if head.i == verb.i or head.lemma_.lower() in self._future_heads:
            return "future"
        return self._verb_tense(head, depth + 1) if head.pos_ in _VERBISH else "future"

    def _from_head(self, verb: Any, depth: int) -> Tense | None:
        head = verb.head
        if head.i == verb.i or head.pos_ not in _VERBISH:
            return None
        return self._verb_tense(head, depth + 1)
