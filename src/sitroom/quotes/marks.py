"""Direct quotes by their marks: “ ” " « » ‘ ’ '' pairs, including quotes that run over paragraphs.

One linear scan per paragraph; a quote left open at a paragraph end continues when the next one reopens it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .lexicon import TitleRule

_PARAGRAPH = re.compile(r"[^\n]+")
# `''` and ```` are typewriter double quotes (NYT style); a lone `'` is an apostrophe, never a mark.
_MARK = re.compile(r"''|``|[“”«»„\"‘’‹›]")
_WORD = re.compile(r"\w+")
_NEXT_WORD = re.compile(r"[\s,]*(\w+)\s")
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’.-]*")

_OPEN = {
    "“": "double",
    "„": "double",
    "«": "guillemet",
    "‹": "guillemet_single",
    "‘": "single",
    "``": "double",
}
_CLOSE = {"”": "double", "»": "guillemet", "›": "guillemet_single", "’": "single"}
_TOGGLE = {'"': "double", "''": "double"}


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted passage: `start` is at the opening mark, `end` just after the closing mark."""

    start: int
    end: int
    words: int
    paragraphs: int = 1  # how many paragraphs it spans
    closed: bool = True  # False when the text ends the quote without a closing mark


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line: paragraphs are separated by one or more newlines."""
    spans = []
    for m in _PARAGRAPH.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _opens_single(text: str, at: int) -> bool:
    """‘ opens a quote at a word start; elsewhere it is a misplaced apostrophe."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return (before.isspace() or before in '([{—–-"“') and not after.isspace()


def _closes_single(text: str, at: int) -> bool:
    """’ closes a quote only at a word end (followed by space or punctuation), not inside "don’t"."""
    after = text[at + 1] if at + 1 < len(text) else " "
    return not after.isalnum()


def find_quotes(text: str) -> list[Quote]:
    """Every direct quote in `text`, in order; nested quotes are part of their outer quote."""
    quotes: list[Quote] = []
    open_at: int | None = None
    family = ""
    spanned = 1
    paragraphs = paragraph_spans(text)
    for index, (p_start, p_end) in enumerate(paragraphs):
        for m in _MARK.finditer(text, p_start, p_end):
            mark, at = m.group(), m.start()
            if open_at is None:
                fam = _OPEN.get(mark) or _TOGGLE.get(mark)
                if fam is None or (mark == "‘" and not _opens_single(text, at)):
                    continue
                open_at, family, spanned = at, fam, 1
                continue
            if at == open_at:
                continue
            if _CLOSE.get(mark) == family or (_TOGGLE.get(mark) == family and mark in _TOGGLE):
                if mark == "’" and not _closes_single(text, at):
                    continue
                quotes.append(_quote(text, open_at, m.end(), spanned, closed=True))
                open_at = None
            elif family == "double" and mark == "”":
                # A curly close after a typewriter open: authors mix the two.
                quotes.append(_quote(text, open_at, m.end(), spanned, closed=True))
                open_at = None
        if open_at is not None:
            nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            if nxt is not None and _reopens(text, nxt[0], family):
                spanned += 1  # the convention for a quote that runs on over paragraphs
                continue
            quotes.append(_quote(text, open_at, p_end, spanned, closed=False))
            open_at = None
    return quotes


def _reopens(text: str, at: int, family: str) -> bool:
    m = _MARK.match(text, at)
    return m is not None and (_OPEN.get(m.group()) == family or _TOGGLE.get(m.group()) == family)


def _quote(text: str, start: int, end: int, spanned: int, *, closed: bool) -> Quote:
    return Quote(start, end, len(_WORD.findall(text, start, end)), spanned, closed)


class QuoteIndex:
    """Quotes sorted by start, for fast "which quote holds this offset" look-ups."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self._starts = [q.start for q in quotes]

    def containing(self, offset: int) -> Quote | None:
        """The quote whose marks enclose `offset` (start inclusive, end exclusive)."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.quotes[i].start <= offset < self.quotes[i].end:
            return self.quotes[i]
        return None

    def starting_in(self, start: int, end: int) -> list[Quote]:
        """Quotes whose opening mark lies in [start, end)."""
        i = bisect_right(self._starts, start - 1)
        out = []
        while i < len(self.quotes) and self.quotes[i].start < end:
            out.append(self.quotes[i])
            i += 1
        return out

    def next_after(self, offset: int) -> Quote | None:
        i = bisect_right(self._starts, offset - 1)
        return self.quotes[i] if i < len(self.quotes) else None

    def last_before(self, offset: int) -> Quote | None:
        """The last quote that ends at or before `offset`."""
        i = bisect_right(self._starts, offset) - 1
        while i >= 0 and self.quotes[i].end > offset:
            i -= 1
        return self.quotes[i] if i >= 0 else None


def looks_like_title(text: str, quote: Quote, rule: TitleRule) -> bool:
    """Whether a quoted passage names a work or a headline rather than reporting speech: a byline
    word follows it (`“...,” by`), or its words are capitalised the way titles are."""
    after = _NEXT_WORD.match(text, quote.end)
    if after is not None and after.group(1).lower() in rule.bylines:
        return True
    if rule.min_words <= 0:
        return False
    words = _TITLE_WORD.findall(text, quote.start, quote.end)
    content = [w for w in words if w.lower().rstrip(".") not in rule.lowercase_words]
    capitals = sum(w[0].isupper() for w in content)
    return len(content) >= rule.min_words and capitals >= rule.share * len(content)
