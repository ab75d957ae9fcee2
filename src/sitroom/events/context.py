"""What the events stage knows about one article, indexed by token: sentences, paragraphs, and the
times, places and actor mentions of the earlier stages mapped onto the parse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ..records import ActorMention, Analysis, Place, TimeExpr, Toponym

T = TypeVar("T")


@dataclass(slots=True)
class Located(Generic[T]):
    """A record from an earlier stage with the doc tokens [start, end) it covers and its sentence."""

    item: T
    start: int
    end: int
    sent: int


@dataclass(slots=True)
class EventContext:
    analysis: Analysis
    doc: Any
    sents: list[Any]
    sent_of_token: list[int]
    paragraph_of_sent: list[int]
    times: list[Located[TimeExpr]] = field(default_factory=list)
    places: list[Located[Place]] = field(default_factory=list)
    actors: list[Located[ActorMention]] = field(default_factory=list)
    actor_at: dict[int, Located[ActorMention]] = field(default_factory=dict)
    place_tokens: frozenset[int] = frozenset()
    actor_tokens: frozenset[int] = frozenset()
    home_country: str | None = None
    cache: dict[Any, Any] = field(default_factory=dict)  # per-article memo of derived facts

    @property
    def published(self) -> dt.date | None:
        return self.analysis.article.published

    def in_sentence(self, items: list[Located[T]], sent: int) -> list[Located[T]]:
        return [x for x in items if x.sent == sent]

    def same_paragraph(self, a: int, b: int) -> bool:
        return self.paragraph_of_sent[a] == self.paragraph_of_sent[b]


def build_context(analysis: Analysis) -> EventContext:
    """Index the analysis for the events stage (linear in the number of tokens and records)."""
    doc = analysis.doc
    sents = list(doc.sents)
    sent_of_token = [0] * len(doc)
    paragraph_of_sent: list[int] = []
    text = analysis.article.text
    paragraph = 0
    prev_end = 0
    for index, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            sent_of_token[i] = index
        if index and "\n" in text[prev_end : sent.start_char + 1]:
            paragraph += 1
        paragraph_of_sent.append(paragraph)
        prev_end = sent.end_char
    ctx = EventContext(analysis, doc, sents, sent_of_token, paragraph_of_sent)
    ctx.times = _locate(doc, sent_of_token, [(t, t.start, t.end) for t in analysis.times])
    ctx.places = _locate(
        doc,
        sent_of_token,
        # demonyms ("Syrian troops") are country evidence, never the place an event happened at
        [
            (p, p.toponym.start, p.toponym.end)
            for p in analysis.places
            if p.toponym.source != "demonym"
        ],
    )
    ctx.places.extend(_repeated_places(doc, sent_of_token, ctx.places))
    ctx.places.sort(key=lambda x: x.start)
    ctx.actors = _locate(doc, sent_of_token, [(m, m.start, m.end) for m in analysis.actors])
    for located in ctx.actors:
        for i in range(located.start, located.end):
            ctx.actor_at.setdefault(i, located)
    tokens: set[int] = set()
    for place in ctx.places:
        tokens.update(range(place.start, place.end))
    ctx.place_tokens = frozenset(tokens)
    ctx.actor_tokens = frozenset(ctx.actor_at)
    if analysis.country_context:
        ctx.home_country = analysis.country_context[0]
    else:
        ctx.home_country = _home_from_actors(analysis)
    return ctx


def _locate(
    doc: Any, sent_of_token: list[int], items: list[tuple[T, int, int]]
) -> list[Located[T]]:
    out: list[Located[T]] = []
    for item, start, end in items:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        out.append(Located(item, span.start, span.end, sent_of_token[span.start]))
    out.sort(key=lambda x: x.start)
    return out


def _repeated_places(
    doc: Any, sent_of_token: list[int], places: list[Located[Place]]
) -> list[Located[Place]]:
    """Other mentions of a resolved place name that the geo stage left unrecognised (one sense per
    article): "Qusayr was seized" after "the Qusayr region" was resolved."""
    by_word: dict[str, Place] = {}
    covered: set[int] = set()
    for located in places:
        covered.update(range(located.start, located.end))
        place = located.item
        if place.chosen is not None and located.end - located.start == 1:
            by_word.setdefault(place.toponym.text, place)
    extra: list[Located[Place]] = []
    if not by_word:
        return extra
    for token in doc:
        same = by_word.get(token.text)
        if same is None or token.i in covered or token.pos_ != "PROPN":
            continue
        toponym = Toponym(token.idx, token.idx + len(token), token.text, source="repeat")
        copy = Place(toponym, same.chosen, same.confidence * 0.9, list(same.alternatives))
        extra.append(Located(copy, token.i, token.i + 1, sent_of_token[token.i]))
    return extra


def _home_from_actors(analysis: Analysis) -> str | None:
    """Without the geo stage: the country most actor mentions and resolved places belong to."""
    votes: dict[str, float] = {}
    for mention in analysis.actors:
        if mention.actor.country:
            votes[mention.actor.country] = votes.get(mention.actor.country, 0.0) + 1.0
    for place in analysis.places:
        if place.chosen is not None and place.chosen.country:
            votes[place.chosen.country] = votes.get(place.chosen.country, 0.0) + 1.5
    return max(votes, key=lambda k: votes[k]) if votes else None
