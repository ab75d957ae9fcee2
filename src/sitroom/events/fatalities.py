"""Fatality counts: numbers tied to words of killing ("killing 3 militants and 1-2 policemen" → 4),
stated totals ("Fatalities coded as 4") and statements that nobody died (→ 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..data import load_table
from ..records import Fatalities
from .context import EventContext

_SKIP_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
_VICTIM_DEPS = {"dobj", "obj", "nsubjpass"}


@dataclass(frozen=True, slots=True)
class FatalityCues:
    kill_words: frozenset[str]
    number_words: dict[str, int]
    vague_words: dict[str, int]
    zero: re.Pattern[str]
    total: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Count:
    """A fatality count found in a sentence: value, range, and the character span that says it."""

    value: int
    low: int
    high: int
    start: int
    end: int
    sent: int
    kind: str  # "total" (a stated total, overrides all), "zero" (nobody died), "count" (victims counted)

    @property
    def explicit(self) -> bool:
        return self.kind != "count"


@lru_cache(maxsize=1)
def load_fatality_cues() -> FatalityCues:
    raw = load_table("event_cues")["fatalities"]
    return FatalityCues(
        kill_words=frozenset(raw["kill_words"]),
        number_words={k.lower(): int(v) for k, v in raw["number_words"].items()},
        vague_words={k.lower(): int(v) for k, v in raw["vague_words"].items()},
        zero=re.compile(raw["zero_regex"], re.IGNORECASE),
        total=re.compile(raw["total_regex"], re.IGNORECASE),
    )


_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _near_month(token: Any) -> bool:
    doc = token.doc
    window = [doc[i] for i in (token.i - 2, token.i - 1) if 0 <= i < len(doc)]
    return any(t.lower_.rstrip(".,") in _MONTH_WORDS for t in window)


def number_value(token: Any, cues: FatalityCues, *, allow_article: bool = False) -> int | None:
    """The integer a token writes (12, 1,200, twelve, dozens), or None."""
    if token.ent_type_ in _SKIP_ENTS:
        return None
    text = token.lower_.replace(",", "")
    if text.isdigit():
        digits = int(text)
        if 1900 <= digits <= 2100 and len(text) == 4 and _near_month(token):
            return None  # "16 Apr 2017": a year, whatever the NER says
        return digits if digits < 100000 else None
    if text in cues.vague_words:
        return cues.vague_words[text]
    if text in ("a", "an", "single") and not allow_article:
        return None
    value: int | None = cues.number_words.get(text)
    doc = token.doc
    if value is not None and value < 10 and token.i >= 2 and doc[token.i - 1].text == "-":
        tens = cues.number_words.get(doc[token.i - 2].lower_)
        if tens is not None and 20 <= tens <= 90:
            return tens + value  # "twenty-five", read from its tail
    if value is not None and 20 <= value <= 90 and token.i + 2 < len(doc):
        if doc[token.i + 1].text == "-":
            tail = cues.number_words.get(doc[token.i + 2].lower_)
            if tail is not None and tail < 10:
                value += tail
    return value


def _count_of(noun: Any, cues: FatalityCues) -> tuple[int, int, int] | None:
    """How many a victim noun counts: its own number ("5"), its numeric modifier, "a man" → 1."""
    own = number_value(noun, cues)
    if own is not None and noun.pos_ in ("NUM", "NOUN"):
        return own, own, own
    if noun.lower_ in ("him", "her"):  # "..., killing him"
        return 1, 1, 1
    for child in noun.children:
        numeric = child.dep_ in ("nummod", "quantmod", "compound") and child.pos_ == "NUM"
        if numeric or (child.dep_ == "amod" and child.pos_ == "NUM"):
            first = number_value(child, cues)
            if first is None:
                continue
            low = high = first
            for grand in child.children:  # "1-2 policemen": the other end of the range
                other = number_value(grand, cues)
                if other is not None and grand.dep_ in ("quantmod", "prep", "nummod", "compound"):
                    low, high = min(low, other), max(high, other)
            return low, low, high  # a range is coded at its lower end
        if child.dep_ in ("det", "amod", "nummod") and child.lower_ in cues.vague_words:
            value = cues.vague_words[child.lower_]
            return value, value, value
    for child in noun.children:
        if child.dep_ == "det" and child.lower_ in ("a", "an") and noun.tag_ == "NN":
            return 1, 1, 1
    return None


def _victims(kill: Any) -> list[Any]:
    """The nouns a kill word counts: objects and passive subjects of a verb, "killing of X",
    the noun a participle modifies ("22 people killed"), subjects of "die"."""
    found: list[Any] = []
    if kill.pos_ in ("VERB", "AUX"):
        found = [c for c in kill.children if c.dep_ in _VICTIM_DEPS]
        if not found and kill.dep_ == "acl" and kill.head.pos_ in ("NOUN", "PROPN", "NUM"):
            found = [kill.head]
        if not found and kill.lemma_.lower() in ("die", "perish"):
            found = [c for c in kill.children if c.dep_ == "nsubj"]
    elif kill.pos_ in ("NOUN", "PROPN"):
        for child in kill.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                found.extend(g for g in child.children if g.dep_ == "pobj")
        if not found:
            found = [kill]
    elif kill.pos_ == "ADJ" and kill.head is not kill:
        head = kill.head
        found = [c for c in head.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")] or [head]
    expanded: list[Any] = []
    for noun in found:
        expanded.append(noun)
        expanded.extend(c for c in noun.children if c.dep_ == "conj")
    return expanded


def _toll(kill: Any, cues: FatalityCues) -> int | None:
    """ "the death toll rose to 112", "a toll of 40" """
    if kill.lemma_.lower() != "toll":
        return None
    for holder in (kill, kill.head):
        for child in holder.children:
            if child.dep_ in ("prep",) and child.lower_ in ("to", "of", "at"):
                for grand in child.children:
                    value = number_value(grand, cues)
                    if value is not None:
                        return value
            if child.dep_ in ("dobj", "attr"):
                value = number_value(child, cues)
                if value is not None:
                    return value
    return None


def _window(kill: Any, cues: FatalityCues) -> int | None:
    """A number right before ("22 dead", "six killed") or after ("killing at least 6") the kill word."""
    doc = kill.doc
    for j in range(kill.i - 1, max(kill.sent.start, kill.i - 4) - 1, -1):
        value = number_value(doc[j], cues)
        if value is not None:
            return value
        if doc[j].pos_ not in ("NOUN", "ADJ", "ADV", "AUX", "PART", "DET"):
            break
    for j in range(kill.i + 1, min(kill.sent.end, kill.i + 4)):
        value = number_value(doc[j], cues)
        if value is not None:
            return value
        if doc[j].pos_ not in ("ADV", "ADP", "ADJ", "DET"):
            break
    return None


def sentence_counts(ctx: EventContext, sent: int) -> list[Count]:
    """Fatality counts in one sentence: an explicit total or zero, else the largest victim count
    tied to a single kill word (victims joined by "and" are added)."""
    key = ("counts", sent)
    if key not in ctx.cache:
        ctx.cache[key] = _sentence_counts(ctx, sent)
    return ctx.cache[key]


def _sentence_counts(ctx: EventContext, sent: int) -> list[Count]:
    cues = load_fatality_cues()
    span = ctx.sents[sent]
    text = span.text
    total = cues.total.search(text)
    if total:
        value = int(total.group(1) or total.group(2))
        start = span.start_char + total.start()
        return [Count(value, value, value, start, span.start_char + total.end(), sent, "total")]
    zero = cues.zero.search(text)
    found: list[Count] = []
    for token in span:
        if token.lemma_.lower() not in cues.kill_words:
            continue
        toll = _toll(token, cues)
        if toll is not None:
            found.append(Count(toll, toll, toll, token.idx, token.idx + len(token), sent, "count"))
            continue
        low = high = 0
        first, last = token.idx, token.idx + len(token)
        for noun in _victims(token):
            got = _count_of(noun, cues)
            if got is None:
                continue
            low, high = low + got[1], high + got[2]
            first, last = min(first, noun.idx), max(last, noun.idx + len(noun))
        if low == 0:
            near = _window(token, cues)
            if near is not None:
                low = high = near
        if low > 0:
            found.append(Count(low, low, high, first, last, sent, "count"))
    if found:
        return [max(found, key=lambda c: c.value)]
    if zero:
        start = span.start_char + zero.start()
        return [Count(0, 0, 0, start, span.start_char + zero.end(), sent, "zero")]
    return []


def event_fatalities(
    ctx: EventContext, sent: int, *, next_event_sent: int | None
) -> Fatalities | None:
    """Deaths of the event in sentence `sent`: counted there, or stated in the sentences after it up
    to the next event's sentence (reports often give the toll in a sentence of its own)."""
    own = sentence_counts(ctx, sent)
    stop = next_event_sent if next_event_sent is not None else min(len(ctx.sents), sent + 4)
    later: list[Count] = []
    for index in range(sent + 1, min(stop, len(ctx.sents))):
        if not ctx.same_paragraph(index, sent) and index > sent + 1:
            break
        later.extend(sentence_counts(ctx, index))
    totals = [c for c in own + later if c.kind == "total"]
    pool = totals or own or later
    if not pool:
        return None
    best = pool[0]
    evidence = ctx.analysis.evidence(best.start, best.end)
    return Fatalities(best.value, best.low, best.high, [evidence], 0.8 if best.explicit else 0.65)
