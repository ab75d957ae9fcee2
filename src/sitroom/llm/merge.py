"""Merge grounded LLM records with the rule-based ones: the same event (type and sentence) or the same
quote (content overlap) becomes `method="both"`, fields the rules missed are filled in; the rest is
kept as `"rules"` or `"llm"`, each with a confidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from ..data import load_table
from ..records import (
    Analysis,
    Attribution,
    Event,
    EventActor,
    EventDate,
    EventFlags,
    EventLocation,
    Evidence,
    Fatalities,
    Report,
    Sentence,
    Speaker,
    stable_id,
)
from .grounding import GroundedAttribution, GroundedEvent


@dataclass(frozen=True, slots=True)
class MergeWeights:
    llm_only_weight: float
    llm_only_cap: float
    llm_default_confidence: float
    content_overlap: float


@cache
def merge_weights() -> MergeWeights:
    raw = load_table("llm_prompt")["merge"]
    return MergeWeights(**{k: float(v) for k, v in raw.items()})


@cache
def _sub_event_types() -> dict[str, tuple[str, str | None]]:
    return {k: (v[0], v[1]) for k, v in load_table("event_cues")["sub_event_types"].items()}


def _overlaps(a: Evidence, start: int, end: int) -> bool:
    return a.start < end and start < a.end


def _sentence_of(analysis: Analysis, offset: int) -> Sentence | None:
    return next((s for s in analysis.sentences if s.start <= offset < s.end), None)


def _llm_confidence(value: float | None, weights: MergeWeights) -> float:
    if value is None or not 0.0 <= value <= 1.0:
        value = weights.llm_default_confidence
    return value


def to_event(analysis: Analysis, grounded: GroundedEvent, weights: MergeWeights) -> Event:
    """An LLM-only Event: actors, place and date take the canonical names, coordinates and
    normalized values the rule stages found at those spans, when they found any."""
    article = analysis.article
    event_type, plover = _sub_event_types()[grounded.sub_event_type]
    actors = [
        _actor(analysis, evidence, role)
        for evidence, role in ((grounded.actor1, "actor1"), (grounded.actor2, "actor2"))
        if evidence is not None
    ]
    fatalities = None
    if grounded.fatalities is not None:
        value, evidence = grounded.fatalities
        fatalities = Fatalities(value, value, value, [evidence], confidence=0.5)
    confidence = _llm_confidence(grounded.confidence, weights) * weights.llm_only_weight
    return Event(
        id=stable_id(article.id, grounded.sub_event_type, grounded.trigger.start),
        article_id=article.id,
        event_type=event_type,
        sub_event_type=grounded.sub_event_type,
        plover=plover,
        confidence=round(min(weights.llm_only_cap, confidence), 3),
        trigger=grounded.trigger,
        flags=EventFlags(negated=grounded.negated, hypothetical=grounded.hypothetical),
        actors=actors,
        location=_location(analysis, grounded.location),
        date=_date(analysis, grounded.date),
        fatalities=fatalities,
        reports=[Report(article.id, article.url, article.outlet, article.published)],
        sentence=_sentence_of(analysis, grounded.trigger.start),
        method="llm",
    )


def _actor(analysis: Analysis, evidence: Evidence, role: str) -> EventActor:
    mention = next(
        (m for m in analysis.actors if _overlaps(evidence, m.start, m.end)),
        None,
    )
    if mention is not None:
        return EventActor(mention.actor.name, role, mention.actor.inter, [evidence], 0.6)  # type: ignore[arg-type]
    name = evidence.text.strip()
    if name.lower().startswith("the "):
        name = name[4:]
    return EventActor(name, role, None, [evidence], 0.4)  # type: ignore[arg-type]


def _location(analysis: Analysis, evidence: Evidence | None) -> EventLocation | None:
    if evidence is None:
        return None
    place = next(
        (p for p in analysis.places if _overlaps(evidence, p.toponym.start, p.toponym.end)), None
    )
    chosen = place.chosen if place is not None else None
    if place is None or chosen is None:
        return EventLocation(evidence.text, None, None, None, None, None, 3, 0.3, [evidence])
    return EventLocation(
        name=chosen.name,
        geonameid=chosen.geonameid,
        lat=chosen.lat,
        lon=chosen.lon,
        admin1=chosen.admin1,
        country=chosen.country,
        geo_precision=place.geo_precision,
        confidence=round(0.8 * place.confidence, 3),
        evidence=[evidence],
    )


def _date(analysis: Analysis, evidence: Evidence | None) -> EventDate | None:
    """The normalized time expression at the span; a span the time stage could not date is left out
    (a date field needs a value, and the model's own reading of a date is not trusted)."""
    if evidence is None:
        return None
    timex = next(
        (
            t
            for t in analysis.times
            if _overlaps(evidence, t.start, t.end) and t.earliest is not None
        ),
        None,
    )
    if timex is None or timex.earliest is None:
        return None
    latest: dt.date = timex.latest or timex.earliest
    return EventDate(
        value=timex.earliest,
        earliest=timex.earliest,
        latest=latest,
        time_precision=timex.precision or (1 if latest == timex.earliest else 3),
        evidence=[evidence],
        confidence=0.5,
    )


def _same_event(rule: Event, llm: Event) -> bool:
    if rule.event_type != llm.event_type:
        return False
    if _overlaps(rule.trigger, llm.trigger.start, llm.trigger.end):
        return True
    return (
        rule.sentence is not None and rule.sentence.start <= llm.trigger.start < rule.sentence.end
    )


def _combined(a: float, b: float) -> float:
    """Two independent sources agreeing: 1 - (1-a)(1-b), kept below 1."""
    return round(min(0.99, 1 - (1 - a) * (1 - b)), 3)


def merge_events(rules: list[Event], llm: list[Event]) -> list[Event]:
    """Rule events in their order; LLM events join the rule event they agree with (filling its empty
    fields) or are added after the events of their sentence."""
    merged = list(rules)
    for candidate in llm:
        match = next((e for e in merged if _same_event(e, candidate)), None)
        if match is None:
            merged.append(candidate)
            continue
        if match.method != "rules":  # another window's reading of an event already merged
            continue
        match.method = "both"
        match.confidence = _combined(match.confidence, candidate.confidence)
        roles = {a.role for a in match.actors}
        match.actors.extend(a for a in candidate.actors if a.role not in roles)
        match.location = match.location or candidate.location
        match.date = match.date or candidate.date
        match.fatalities = match.fatalities or candidate.fatalities
    order = {id(e): i for i, e in enumerate(merged)}
    return sorted(
        merged,
        key=lambda e: (e.sentence.start if e.sentence else e.trigger.start, order[id(e)]),
    )


def to_attribution(
    analysis: Analysis, grounded: GroundedAttribution, weights: MergeWeights
) -> Attribution:
    speaker = None
    if grounded.speaker is not None:
        text = grounded.speaker.text.strip()
        # "officials", "a source close to ..." name nobody: lower case opens an anonymous source
        kind = "anonymous" if text[:1].islower() else "person"
        speaker = Speaker(text, kind, None, None, [grounded.speaker])  # type: ignore[arg-type]
    return Attribution(
        id=stable_id(analysis.article.id, "quote", grounded.content.start, grounded.content.end),
        article_id=analysis.article.id,
        direct=grounded.direct,
        speaker=speaker,
        cue=grounded.cue,
        content=grounded.content,
        confidence=round(min(weights.llm_only_cap, weights.llm_default_confidence), 3),
        method="llm",
    )


def _content_overlap(a: Evidence, b: Evidence) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    union = max(a.end, b.end) - min(a.start, b.start)
    return inter / union if inter > 0 and union > 0 else 0.0


def merge_attributions(
    rules: list[Attribution], llm: list[Attribution], weights: MergeWeights
) -> list[Attribution]:
    merged = list(rules)
    for candidate in llm:
        match = max(
            rules,
            key=lambda r: _content_overlap(r.content, candidate.content),
            default=None,
        )
        if (
            match is None
            or _content_overlap(match.content, candidate.content) < weights.content_overlap
        ):
            if all(
                _content_overlap(m.content, candidate.content) < weights.content_overlap
                for m in merged
            ):
                merged.append(candidate)
            continue
        if match.method == "both":
            continue
        match.method = "both"
        match.confidence = _combined(match.confidence, candidate.confidence)
        match.speaker = match.speaker or candidate.speaker
        match.cue = match.cue or candidate.cue
    return sorted(merged, key=lambda a: (a.content.start, a.content.end))
