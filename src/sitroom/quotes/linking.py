"""What an attribution is tied to: the outlet it was told to, the date it was made, the events it backs.

Each piece degrades to None / no link when the time or events stage left nothing to use.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..records import Article, Attribution, Event, EventDate, Evidence, TimeExpr
from .lexicon import CueTable
from .speakers import core_span

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_OWN_OUTLET_DETS = {"the", "this", "our"}


def _norm(text: str) -> str:
    text = text.lower()
    text = text.removeprefix("the ")
    return _NON_ALNUM.sub("", text)


def outlet_told(addressee: Any, article: Article, table: CueTable) -> str | None:
    """`told Asharq Al-Awsat` → the outlet; `told the newspaper` → this article's outlet; people → None."""
    if addressee is None or addressee.pos_ == "PRON":
        return None
    start, end = core_span(addressee)
    text = article.text[start:end]
    outlet = article.outlet
    if outlet and _norm(outlet) and (_norm(outlet) in _norm(text) or _norm(text) == _norm(outlet)):
        return outlet
    lemma = addressee.lemma_.lower()
    if lemma in table.own_outlet_words and any(
        c.lower_ in _OWN_OUTLET_DETS for c in addressee.lefts
    ):
        return outlet or text.removeprefix("the ").removeprefix("The ")
    if addressee.ent_type_ == "ORG" or any(
        t.lower_ in table.media_words for t in addressee.subtree
    ):
        return text.removeprefix("the ").removeprefix("The ")
    return None


def _as_date(value: str) -> dt.date | None:
    try:
        return (
            dt.date.fromisoformat(value[:10])
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10])
            else None
        )
    except ValueError:
        return None


def statement_date(
    verb: Any,
    times: list[TimeExpr],
    *,
    article: Article,
    content: tuple[int, int],
    subject: tuple[int, int] | None,
) -> EventDate | None:
    """The time expression that dates the speaking itself ("had declared on Friday"), if any."""
    if verb is None or not times:
        return None
    doc = verb.doc
    for timex in times:
        if timex.type not in ("DATE", "TIME"):
            continue
        if content[0] <= timex.start < content[1]:
            continue
        if subject is not None and subject[0] <= timex.start < subject[1]:
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or not verb.is_ancestor(span.root):
            continue
        value = _as_date(timex.value)
        earliest = timex.earliest or value
        latest = timex.latest or earliest
        if earliest is None or latest is None:
            continue
        precision = timex.precision or (
            1 if earliest == latest else 2 if (latest - earliest).days <= 7 else 3
        )
        return EventDate(
            value=value or earliest,
            earliest=earliest,
            latest=latest,
            time_precision=precision,
            evidence=[Evidence.of(article, timex.start, timex.end)],
            confidence=timex.confidence,
        )
    return None


def _overlap(a: tuple[int, int], start: int, end: int) -> bool:
    return a[0] < end and start < a[1]


def _covers_half(span: tuple[int, int], start: int, end: int) -> bool:
    """The content covers at least half of the event's sentence."""
    inside = min(span[1], end) - max(span[0], start)
    return end > start and inside * 2 >= end - start


def _mentions(text: str, name: str | None) -> bool:
    if not name or len(name) <= 2:
        return False
    return re.search(r"\b" + re.escape(name.lower()) + r"\b", text) is not None


def _shares_scene(content: str, event: Event, min_actor_names: int) -> bool:
    """The content names the event's (town- or district-level) place and enough of its actors."""
    place = event.location
    if place is None or place.geo_precision >= 3 or not _mentions(content, place.name):
        return False
    actors = {a.name for a in event.actors}
    return sum(_mentions(content, name) for name in actors) >= min_actor_names


def link_events(
    attributions: list[Attribution], events: list[Event], *, min_actor_names: int
) -> None:
    """Tie each attribution to the events its content speaks of, both ways (`events` / `claims`)."""
    for attribution in attributions:
        span = (attribution.content.start, attribution.content.end)
        for event in events:
            linked = _overlap(span, event.trigger.start, event.trigger.end) or (
                event.sentence is not None
                and _covers_half(span, event.sentence.start, event.sentence.end)
            )
            if not linked and min_actor_names >= 0:
                linked = _shares_scene(attribution.content.text.lower(), event, min_actor_names)
            if linked:
                if event.id not in attribution.events:
                    attribution.events.append(event.id)
                if attribution.id not in event.claims:
                    event.claims.append(attribution.id)
