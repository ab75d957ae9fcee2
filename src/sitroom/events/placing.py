"""Event location: the resolved place attached to the trigger (its clause, then its sentence, the
paragraph, the lead); without the geo stage, a named location entity with no coordinates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..records import EventLocation, Place
from .context import EventContext, Located
from .cues import load_cue_table, object_token
from .place_chains import COUNTRY, after_place, containers, links, pairs, sentence_places, sub_town
from .place_slots import bare_name, in_name
from .place_slots import place_rules as _place_rules

_LOCATIVE = {
    "in",
    "at",
    "near",
    "on",
    "around",
    "outside",
    "inside",
    "of",
    "across",
    "throughout",
    "within",
    "over",
    "north",
    "south",
    "east",
    "west",
    "between",
    "along",
    "through",
}
_DIRECTIONAL = {"to", "towards", "toward", "into"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}


def _prep_of(ctx: EventContext, start: int) -> str | None:
    token = ctx.doc[start]
    for _ in range(3):
        if token.dep_ == "pobj" and token.head.dep_ in ("prep", "agent"):
            return token.head.lower_
        if token.head is token:
            return None
        token = token.head
    return None


def _in_subtree(ctx: EventContext, start: int, anchor: Any) -> bool:
    token = ctx.doc[start]
    targets = {anchor.i, anchor.head.i}
    for _ in range(5):
        if token.i in targets:
            return True
        if token.head is token:
            return False
        token = token.head
    return False


def _theme_tokens(anchor: Any) -> set[int]:
    """What the trigger acts on, with "the town of X" opened up: a place there is where it happened."""
    theme = object_token(anchor)
    if theme is None:
        return set()
    out = {theme.i}
    for child in theme.children:
        if child.dep_ in ("compound", "appos", "conj"):
            out.add(child.i)
        if child.dep_ == "prep" and child.lower_ == "of":
            out.update(g.i for g in child.children if g.dep_ == "pobj")
    return out


def _country_named_with(
    place: Located[Place], same: list[Located[Place]], finer: Callable[[Located[Place], Any], bool]
) -> bool:
    """A whole country named in a sentence with another place that `finer` accepts."""
    chosen = place.item.chosen
    if chosen is None or chosen.feature_code not in COUNTRY:
        return False
    return any(finer(p, chosen) for p in same)


def _country_over_town(place: Located[Place], same: list[Located[Place]]) -> bool:
    """A whole country named beside a town of that country in the same sentence."""
    return _country_named_with(
        place,
        same,
        lambda p, c: (
            p.item.chosen is not None
            and p.item.geo_precision < 3
            and p.item.chosen.country == c.country
        ),
    )


def _modifier(ctx: EventContext, place: Located[Place]) -> bool:
    """A name used to qualify a thing ("US dollar", "Syrian pound"), not a place of the event."""
    token = ctx.doc[place.end - 1]
    head = token.head
    return (
        token.dep_ in ("compound", "amod", "nmod")
        and head.i >= place.end
        and head.i not in ctx.place_tokens
        and head.pos_ == "NOUN"
        and head.lower_ not in _place_rules()["sub_town_nouns"]
        and head.lower_ not in _place_rules()["part_nouns"]
        and head.lemma_.lower() not in load_cue_table().object_classes["territory"]
    )


def _opening(ctx: EventContext, place: Located[Place], sent: int) -> bool:
    """The first place of the report's first sentence, right after "in" ("On 3 May, in X, ...")."""
    if sent != 0 or place.start < 1 or ctx.doc[place.start - 1].lower_ not in ("in", "near"):
        return False
    first = next((p for p in ctx.places if p.sent == 0), None)
    return first is not None and first.start == place.start


def _frame(ctx: EventContext, place: Located[Place]) -> bool:
    """The place of a report's opening frame, "On 3 May, in X, Y, ...": set off by commas before
    anything happens in the sentence, it scopes the whole report (ACLED's own way of writing)."""
    if place.sent != 0:
        return False
    doc = ctx.doc
    j = place.start - 1
    if j > 0 and doc[j].lower_ == "the":
        j -= 1
    if j < 1 or doc[j].lower_ not in _place_rules()["frame_prepositions"] or doc[j - 1].text != ",":
        return False
    after = doc[place.end].text if place.end < len(doc) else ""
    if after not in (",", "("):
        return False
    start = ctx.sents[0].start
    return not any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in doc[start : j - 1])


def _frame_place(ctx: EventContext) -> Any:
    """The report's opening-frame place, if it has one (with the names the geo stage missed)."""
    if "frame_place" not in ctx.cache:
        first = sentence_places(ctx, ctx.places, 0) if ctx.sents else []
        ctx.cache["frame_place"] = next((p for p in first if _frame(ctx, p)), None)
    return ctx.cache["frame_place"]


def _score(
    ctx: EventContext,
    place: Located[Place],
    anchor: Any,
    actor_tokens: set[int],
    theme: set[int],
    same: list[Located[Place]],
) -> float:
    weights = _place_rules()["weights"]
    score = 0.0
    if place.start in containers(ctx, same):
        score += weights["container"]
    if sub_town(ctx, place, same) and _other_town(ctx, place, same):
        score += weights["sub_town"]
    if _opening(ctx, place, place.sent):
        score += weights["opening_in"]
    if _frame(ctx, place):
        score += weights["opening_frame"]
    if _modifier(ctx, place):
        score += weights["modifier"]
    if in_name(ctx, place):
        score += weights["embedded"]
    if place.start in _led(ctx, same):
        score += weights["region_after"]
    if _country_over_town(place, ctx.in_sentence(ctx.places, place.sent)):
        score += weights["country_over_town"]
    if _country_beside_place(place, same):
        score += weights["country_beside_place"]
    if theme.intersection(range(place.start, place.end)):
        score += 2.0
    if _in_subtree(ctx, place.start, anchor):
        score += 2.0
    prep = _prep_of(ctx, place.start)
    if prep in _LOCATIVE:
        score += 1.0
    elif prep in _DIRECTIONAL:
        score -= 0.5
    if place.start in actor_tokens:
        score -= 3.0  # part of an actor's name ("Homs Brigade"), not where it happened
    chosen = place.item.chosen
    if chosen is None:
        score += weights["unresolved"]  # yet usually a village too small for the gazetteer
    else:
        score += (3 - place.item.geo_precision) / 2  # a town beats its province or country
        if ctx.home_country and chosen.country != ctx.home_country:
            score -= 1.0  # the story's own country over a namesake abroad
    score -= min(abs(place.start - anchor.i), 30) / 30.0
    return score


def _other_town(ctx: EventContext, place: Located[Place], same: list[Located[Place]]) -> bool:
    """Another place than `place` that could be the town it is a part of: of the sentence, or the
    report's opening frame ("the Zahle roundabout" alone is in Zahle)."""
    if _frame_place(ctx) is not None:
        return True
    return any(
        p.start != place.start
        and (p.item.chosen is None or p.item.chosen.feature_code not in COUNTRY)
        and not sub_town(ctx, p, same)
        for p in same
    )


def _led(ctx: EventContext, same: list[Located[Place]]) -> set[int]:
    """Starts of the places written with their region after them ("X, Y", "X (Y, Z)", "X area of Y
    district"): the coder's own way of naming the event's town or village."""
    out = {b.start for _, b in pairs(after_place(ctx, same), same)}
    out.update(link.inner.start for link in links(ctx, same) if not link.part_of_town)
    return out


def _country_beside_place(place: Located[Place], same: list[Located[Place]]) -> bool:
    """A whole country named in a sentence that also names a finer place (any country's)."""
    return _country_named_with(
        place,
        same,
        lambda p, _: (
            p.start != place.start
            and (p.item.chosen is None or p.item.chosen.feature_code not in COUNTRY)
        ),
    )


def _fallback_score(ctx: EventContext, place: Located[Place], same: list[Located[Place]]) -> float:
    """Ranking of the places of an earlier sentence: the most specific, not a container, and the
    later one when all else is equal (it is nearer the event told next)."""
    weights = _place_rules()["weights"]
    score = place.start / 10_000
    if place.start in containers(ctx, same):
        score += weights["container"]
    if sub_town(ctx, place, same):
        score += weights["sub_town"]
    if _opening(ctx, place, place.sent):
        score += weights["opening_in"]
    if place.item.chosen is None:
        return score - 0.5  # a village written with its region after it ("in X, Y")
    return score - place.item.geo_precision / 2


def _location(
    ctx: EventContext,
    place: Located[Place],
    confidence: float,
    *,
    region: Located[Place] | None = None,
) -> EventLocation:
    """The event location of `place`; an unresolved one keeps its name and, given the resolved
    `region` it lies in, takes that region's coordinates with an honest precision (2 near a town or
    in a district, 3 a province's centroid)."""
    p = place.item
    c = p.chosen
    evidence = ctx.analysis.evidence(p.toponym.start, p.toponym.end)
    name = p.toponym.text
    if c is None:
        start, end = bare_name(p.toponym.text)
        if end > start:
            name = p.toponym.text[start:end]
            evidence = ctx.analysis.evidence(p.toponym.start + start, p.toponym.start + end)
    if c is None and region is not None and region.item.chosen is not None:
        r = region.item.chosen
        return EventLocation(
            name=name,
            geonameid=None,
            lat=r.lat,
            lon=r.lon,
            admin1=_admin1(r),
            country=r.country,
            geo_precision=2 if region.item.geo_precision <= 2 else 3,
            confidence=round(confidence * 0.3, 3),
            evidence=[evidence],
        )
    country = c.country if c is not None else ctx.home_country
    return EventLocation(
        name=c.name if c is not None else name,
        geonameid=c.geonameid if c is not None else None,
        lat=c.lat if c is not None else None,
        lon=c.lon if c is not None else None,
        admin1=_admin1(c),
        country=country,
        geo_precision=p.geo_precision,
        confidence=round(confidence * (p.confidence if c is not None else 0.3), 3),
        evidence=[evidence],
    )


def _admin1(chosen: Any) -> str | None:
    """The first-level division of the place; a governorate/province is its own."""
    if chosen is None:
        return None
    if chosen.admin1:
        return chosen.admin1
    return chosen.name if chosen.feature_code == "ADM1" else None


def _finest(ctx: EventContext, best: Located[Place], same: list[Located[Place]]) -> Any:
    """Down a written chain of regions ("X (Y, Z)"): when the choice is the region written after
    another place, that place lies inside it and is the more precise answer."""
    led = {r.start: b for r, b in pairs(after_place(ctx, same), same)}
    for link in links(ctx, same):
        if not link.part_of_town:
            led.setdefault(link.outer.start, link.inner)
    seen = {best.start}
    while best.start in led and led[best.start].start not in seen:
        best = led[best.start]
        seen.add(best.start)
    return best


def _region_of(ctx: EventContext, best: Located[Place], same: list[Located[Place]]) -> Any:
    """The resolved place an unresolved one lies in: the region written after it, else the most
    specific resolved place of the sentence in the story's country."""
    for region, before in pairs(after_place(ctx, same), same):
        if before.start == best.start and region.item.chosen is not None:
            return region
    for pool in (same, ctx.places):
        home = [
            p
            for p in pool
            if p.item.chosen is not None
            and (ctx.home_country is None or p.item.chosen.country == ctx.home_country)
        ]
        if home:
            return min(home, key=lambda p: (p.item.geo_precision, abs(p.sent - best.sent)))
    return None


def event_location(ctx: EventContext, anchor: Any, sent: int) -> EventLocation | None:
    places = ctx.places
    if not places:
        if "entity_places" not in ctx.cache:
            ctx.cache["entity_places"] = _entity_places(ctx)
        places = ctx.cache["entity_places"]
    actor_tokens: set[int] = set()
    for mention in ctx.in_sentence(ctx.actors, sent):
        actor_tokens.update(range(mention.start, mention.end))
    same = [
        p
        for p in sentence_places(ctx, places, sent)
        if not actor_tokens.issuperset(range(p.start, p.end))
    ]
    resolved = [p for p in same if p.item.chosen is not None]
    if same:
        theme = _theme_tokens(anchor)
        best = max(same, key=lambda p: _score(ctx, p, anchor, actor_tokens, theme, same))
        best = _finest(ctx, best, same)
        best = next(
            (k.outer for k in links(ctx, same) if k.part_of_town and k.inner.start == best.start),
            best,
        )  # "X area of Y city": the town is coded, not its part
        frame = _frame_place(ctx)
        if frame is not None and frame.sent != sent and sub_town(ctx, best, same):
            best, same = frame, sentence_places(ctx, places, frame.sent)
            resolved = [p for p in same if p.item.chosen is not None]
        if best.item.chosen is not None or not resolved:
            return _location(ctx, best, 0.9)
        # a village the gazetteer lacks: keep its name, take the region from a resolved neighbour
        return _location(ctx, best, 0.8, region=_region_of(ctx, best, same))
    for back in (1, 2):
        index = sent - back
        if index < 0 or not ctx.same_paragraph(index, sent):
            break
        earlier = sentence_places(ctx, places, index)
        regions = {b.start: r for r, b in pairs(after_place(ctx, earlier), earlier)}
        earlier = [p for p in earlier if p.item.chosen is not None or p.start in regions]
        if earlier:
            best = max(earlier, key=lambda p: _fallback_score(ctx, p, earlier))
            return _location(ctx, best, 0.6, region=regions.get(best.start))
    lead = [p for p in places if p.sent <= 1 and p.item.chosen is not None]
    if lead:
        return _location(ctx, min(lead, key=lambda p: p.item.geo_precision), 0.45)
    if same:
        return _location(ctx, same[0], 0.4)
    return None


def report_location(analysis: Any) -> EventLocation | None:
    """Where a report is set, for a text with no event to place: its opening-frame place, else the
    place an event of its first sentence would get (the lead's finest consistent place)."""
    from .context import build_context

    ctx = build_context(analysis)
    if not ctx.sents:
        return None
    frame = _frame_place(ctx)
    if frame is not None:
        return event_location(ctx, ctx.doc[frame.start], 0)
    return event_location(ctx, ctx.sents[0].root, 0)


def _entity_places(ctx: EventContext) -> list[Located[Place]]:
    """Without the geo stage: GPE/LOC/FAC entities as unresolved places (name only, no coordinates)."""
    from ..records import Toponym

    out: list[Located[Place]] = []
    for ent in ctx.doc.ents:
        if ent.label_ not in _PLACE_ENTS:
            continue
        toponym = Toponym(ent.start_char, ent.end_char, ent.text, source="ner")
        out.append(
            Located(Place(toponym, None, 0.3), ent.start, ent.end, ctx.sent_of_token[ent.start])
        )
    return out
