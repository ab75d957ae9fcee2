"""The places of one sentence and how they nest: a region written after a place ("X, Y", "X (Y, Z)"),
a place "of" or "in" another ("X area of Y district"), the parts of a town, namesakes abroad.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..records import Place
from .context import EventContext, Located
from .place_slots import name_run, place_rules, slot_names

COARSE = {"ADM1", "PCLI", "PCLD", "PCLF", "PCLS", "CONT", "RGN"}
COUNTRY = {"PCLI", "PCLD", "PCLF", "PCLS"}


@dataclass(frozen=True, slots=True)
class Link:
    """A place written as lying in another one ("X area of Y district"): `inner` is the finer place
    unless it is only a part of the town `outer` ("X area of Y city")."""

    inner: Located[Place]
    outer: Located[Place]
    part_of_town: bool


@lru_cache(maxsize=65536)
def fold(name: str | None) -> str:
    """Accent-, case- and punctuation-free form of a name, for comparing names."""
    text = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in text if c.isalnum()).lower()


def names(place: Located[Place]) -> set[str]:
    """The folded names a place goes by: its words in the text and its gazetteer name."""
    out = {fold(place.item.toponym.text)}
    if place.item.chosen is not None:
        out.add(fold(place.item.chosen.name))
    return out - {""}


def _regions(place: Located[Place]) -> set[str]:
    """The folded names of the divisions the place's chosen entry lies in."""
    c = place.item.chosen
    if c is None:
        return set()
    return {fold(c.admin1), fold(c.admin2)} - {""}


def containers(ctx: EventContext, same: list[Located[Place]]) -> set[int]:
    """Starts of the places that name a division of another place of the sentence ("Bahia" in
    "in Santaluz, Bahia", "Y" in "X village of Y district"), whatever the gazetteer made of them."""
    out: set[int] = set(after_place(ctx, same))
    out.update(link.outer.start for link in links(ctx, same) if not link.part_of_town)
    for place in same:
        own = names(place)
        for other in same:
            if other.start == place.start or own & names(other):
                continue
            if own & _regions(other):
                out.add(place.start)
                break
    return out


def after_place(ctx: EventContext, same: list[Located[Place]]) -> dict[int, Located[Place]]:
    """Places written as the region right after another one ("X, Y", "X (Y", "X district, Y"), by
    start, each with the place it follows; one followed by "and"/"or" is an item of a list."""
    key = ("after_place", tuple((p.start, p.item.chosen is None) for p in same))
    if key in ctx.cache:
        return ctx.cache[key]
    rules = place_rules()
    nouns = set(rules["settlement_nouns"]) | set(rules["part_nouns"])
    doc = ctx.doc
    out: dict[int, Located[Place]] = {}
    by_end = {p.end: p for p in same}
    for place in same:
        i = place.start - 1
        if i < 1 or doc[i].text not in (",", "("):
            continue
        before = by_end.get(i)
        j = i - 1
        while before is None and j > 0 and i - j <= 2 and doc[j].lower_ in nouns:
            before = by_end.get(j)  # "X district, Y", "X district center, Y"
            j -= 1
        after = doc[place.end].lower_ if place.end < len(doc) else ""
        if before is None or before.start == place.start or after in ("and", "or", "&"):
            continue
        if before.item.chosen is not None and before.item.geo_precision > place.item.geo_precision:
            continue  # "Sindh, Karachi": the second is no region of the first
        out[place.start] = before
    ctx.cache[key] = out
    return out


def _kind_after(ctx: EventContext, end: int) -> tuple[list[str], int]:
    """The settlement or part nouns right after a name ("area", "district center"), and the index
    after them."""
    rules = place_rules()
    nouns = set(rules["settlement_nouns"]) | set(rules["part_nouns"])
    words: list[str] = []
    i = end
    while i < len(ctx.doc) and len(words) < 2 and ctx.doc[i].lower_ in nouns:
        words.append(ctx.doc[i].lower_)
        i += 1
    return words, i


def _is_town(ctx: EventContext, place: Located[Place]) -> bool:
    """A town or city by the noun written after it, else by its gazetteer entry."""
    rules = place_rules()
    words, _ = _kind_after(ctx, place.end)
    if words:
        return words[0] in rules["town_nouns"]
    c = place.item.chosen
    return c is not None and c.feature_class == "P"


def links(ctx: EventContext, same: list[Located[Place]]) -> list[Link]:
    """Places written as lying in a later place of the sentence: "X [noun] of [the] Y", and
    "X [noun] in Y <noun>" where the noun says what Y is ("X village in Y district")."""
    key = ("links", tuple((p.start, p.item.chosen is None) for p in same))
    if key in ctx.cache:
        return ctx.cache[key]
    rules = place_rules()
    doc = ctx.doc
    at = {p.start: p for p in same}
    out: list[Link] = []
    for place in same:
        words, i = _kind_after(ctx, place.end)
        if i >= len(doc) or doc[i].lower_ not in ("of", "in"):
            continue
        link_word = doc[i].lower_
        i += 1
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        outer = at.get(i)
        if outer is None:
            continue
        outer_words, _ = _kind_after(ctx, outer.end)
        coarse = outer.item.chosen is not None and outer.item.chosen.feature_code in COARSE
        if link_word == "in" and not outer_words and not coarse:
            continue  # "X in Y" names no nesting unless Y is a region ("Y district", a province)
        town = _is_town(ctx, outer)
        part = bool(words and words[0] in rules["sub_town_nouns"]) or (
            town and (not words or words[0] in rules["town_part_nouns"])
        )  # "X neighbourhood of Y district": a part of a town all the same
        out.append(Link(place, outer, part))
    ctx.cache[key] = out
    return out


def sub_town(ctx: EventContext, place: Located[Place], same: list[Located[Place]]) -> bool:
    """A part of a town: "X neighbourhood", "Colonia X", or "X area of Y city" (Y is coded)."""
    rules = place_rules()
    doc = ctx.doc
    if doc[place.start].lower_ in rules["sub_town_prefixes"]:
        return True  # "Colonia Jardines", "Barrio X": a neighbourhood of the town
    if place.end < len(doc) and doc[place.end].lower_ in rules["sub_town_nouns"]:
        return True
    if place.end - place.start > 1 and doc[place.end - 1].lower_ in rules["sub_town_nouns"]:
        return True  # the noun inside the name: "Al Mawz Street", "Hamza Camp"
    return any(link.inner.start == place.start and link.part_of_town for link in links(ctx, same))


def sentence_places(ctx: EventContext, places: list[Located[Place]], sent: int) -> list[Any]:
    """The places of a sentence, with the names the geo stage missed in a place slot ("near X,
    Luhansk") added unresolved, and a resolved name whose country is not that of the region
    written after it ("X (Tripoli)" put in Japan) demoted to unresolved."""
    same = _whole_names(ctx, ctx.in_sentence(places, sent))
    same = sorted(same + slot_names(ctx, sent, same), key=lambda p: p.start)
    regions = after_place(ctx, same)
    out: list[Located[Place]] = []
    follows = {before.start: ctx_region for ctx_region, before in pairs(regions, same)}
    for place in same:
        region = follows.get(place.start)
        c = place.item.chosen
        if c is not None and (
            (
                region is not None
                and region.item.chosen is not None
                and (region.item.chosen.country != c.country or _outside(c, region.item.chosen))
            )
            or _namesake_abroad(ctx, place, same)
        ):
            blank = Place(place.item.toponym, None, 0.3)
            place = Located(blank, place.start, place.end, place.sent)
        out.append(place)
    return out


def _outside(chosen: Any, region: Any) -> bool:
    """A town whose gazetteer entry lies in another province than the one written after it
    ("Kohistan district, Badakhshan" put in Herat): the entry is a namesake."""
    if region.feature_code != "ADM1" or not chosen.admin1 or chosen.feature_code == "ADM1":
        return False
    own = {fold(chosen.admin1)}
    return not own & {fold(region.name), fold(region.admin1)}


def _support(ctx: EventContext) -> dict[str, int]:
    """How many resolved places (demonyms included) and actor mentions of the article belong to each
    country."""
    if "country_support" not in ctx.cache:
        votes: dict[str, int] = {}
        for place in ctx.analysis.places:
            if place.chosen is not None and place.chosen.country:
                votes[place.chosen.country] = votes.get(place.chosen.country, 0) + 1
        for mention in ctx.analysis.actors:
            if mention.actor.country:
                votes[mention.actor.country] = votes.get(mention.actor.country, 0) + 1
        ctx.cache["country_support"] = votes
    return ctx.cache["country_support"]


def _namesake_abroad(ctx: EventContext, place: Located[Place], same: list[Located[Place]]) -> bool:
    """A town put in a country nothing else of the article points to, beside a place of the same
    sentence in a country the article is about ("in Auno (Konduga LGA, Borno)" with Auno put in
    France): a village the gazetteer lacks, taken for a namesake abroad."""
    c = place.item.chosen
    if c is None or c.feature_code in COUNTRY:
        return False
    support = _support(ctx)
    if support.get(c.country or "", 0) > 1:
        return False
    return any(
        p.item.chosen is not None
        and p.item.chosen.country != c.country
        and p.item.chosen.feature_code not in COUNTRY
        and (
            support.get(p.item.chosen.country or "", 0) > 1
            or p.item.confidence > place.item.confidence
        )
        for p in same
    )


def pairs(regions: dict[int, Located[Place]], same: list[Located[Place]]) -> list[tuple[Any, Any]]:
    at = {p.start: p for p in same}
    return [(at[start], before) for start, before in regions.items()]


def _whole_names(ctx: EventContext, same: list[Located[Place]]) -> list[Located[Place]]:
    """A resolved toponym that is only part of a longer proper name ("Al" of "Al Hishah", "Rocha" of
    "Catole do Rocha") is no answer for that name: the whole name is kept, unresolved."""
    from ..records import Toponym

    taken = set(ctx.actor_tokens)
    for place in same:
        taken.update(range(place.start, place.end))
    out: list[Located[Place]] = []
    for place in same:
        if place.item.chosen is None or place.item.toponym.source in ("demonym", "repeat"):
            out.append(place)
            continue
        own = set(range(place.start, place.end))
        start, end = name_run(ctx, place.start, place.end, taken - own)
        if (start, end) == (place.start, place.end):
            out.append(place)
            continue
        words = ctx.doc[start:end]
        toponym = Toponym(words.start_char, words.end_char, words.text, source="slot")
        out.append(Located(Place(toponym, None, 0.3), start, end, place.sent))
    return out
