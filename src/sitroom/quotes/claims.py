"""The working record of the quotes stage (`Claim`), the article context cue finders share, and the
span helpers they use to turn parse subtrees into clean character spans.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from .lexicon import CueTable
from .marks import QuoteIndex

_TRIM_LEFT = " \t\n\xa0,;:—–-"
_TRIM_RIGHT = " \t\n\xa0,;:—–-."
QUOTE_CHARS = "“”\"'‘’«»"


@dataclass(slots=True)
class Claim:
    """One attribution found in the text before its speaker is resolved (offsets are characters)."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    # clause | quote | colon | object | prep | infinitive | raising | inverted | according | noun |
    # label | orphan (a quote with no cue of its own)
    frame: str
    direct: bool = False
    verb: Any = None  # the cue's head token
    subject: Any = None  # the token heading the local source mention
    addressee: Any = None  # the token heading "told <X>" / "in an interview with <X>"
    confidence: float = 0.7
    continues: list[tuple[int, int]] = field(default_factory=list)  # quotes merged into content


@dataclass(slots=True)
class Context:
    """What cue finding needs about one article: its text, parse, quotes and paragraphs."""

    text: str
    doc: Any
    quotes: QuoteIndex
    paragraphs: list[tuple[int, int]]
    table: CueTable
    article_id: str = ""
    _para_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._para_starts = [s for s, _ in self.paragraphs]

    def paragraph_of(self, offset: int) -> int:
        return max(bisect_right(self._para_starts, offset) - 1, 0)


def end_of(tok: Any) -> int:
    return tok.idx + len(tok.text)


def subtree_span(tok: Any) -> tuple[int, int]:
    return tok.left_edge.idx, end_of(tok.right_edge)


def trim(ctx: Context, start: int, end: int) -> tuple[int, int]:
    """Strip outer punctuation, and widen to the quote marks the span sits in (`“...,”`) or opens."""
    text = ctx.text
    start, end = max(start, 0), min(end, len(text))
    while start < end and text[start] in _TRIM_LEFT:
        start += 1
    while end > start and text[end - 1] in _TRIM_RIGHT:
        end -= 1
    if start >= end:
        return start, end
    q = ctx.quotes.containing(start) or ctx.quotes.containing(max(start - 1, 0))
    if (
        q is not None
        and q.start >= start - 2
        and q.end > end
        and not text[end : q.end].strip(_TRIM_RIGHT + QUOTE_CHARS)
    ):
        start, end = min(start, q.start), q.end
    for q in ctx.quotes.starting_in(start, end):
        if q.end > end:
            end = q.end  # a quote opened inside the content runs to its closing mark
    return start, end


def paragraph_clip(ctx: Context, anchor: int, start: int, end: int) -> tuple[int, int]:
    """Keep a parse-derived span inside the anchor's paragraph (the parser joins paragraphs)."""
    p_start, p_end = ctx.paragraphs[ctx.paragraph_of(anchor)] if ctx.paragraphs else (start, end)
    return max(start, p_start), min(end, p_end)
