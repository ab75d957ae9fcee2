"""Unresolved village names that stand where a place stands ("near X, Luhansk", "in X village"),
and the name inside such a toponym: small places the gazetteer does not know.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..data import load_table
from ..records import Place
from .context import EventContext, Located


@cache
def place_rules() -> dict[str, Any]:
    """The event_places table (cues, weights, settlement nouns), loaded once."""
    return load_table("event_places")


def bare_name(text: str) -> tuple[int, int]:
    """The name inside an unresolved toponym, without a settlement noun around it ("X village",
    "the town of X"), as character offsets into `text`."""
    nouns = place_rules()["settlement_nouns"]
    cut = text.find(" (")  # "X (Y": the region in brackets is no part of the name
    body = text[:cut] if cut > 0 else text
    words = [(m.start(), m.end(), m.group().lower()) for m in re.finditer(r"\S+", body)]
    while len(words) > 1 and words[-1][2] in nouns:
        words.pop()
    while len(words) > 1 and (words[0][2] in nouns or words[0][2] in ("the", "of")):
        words.pop(0)
    return words[0][0], words[-1][1]


def headline(span: Any) -> bool:
    """A sentence in title case (a headline), where every word looks like a name."""
    words = [t for t in span if t.is_alpha and not t.is_stop]
    return len(words) >= 4 and sum(t.is_lower for t in words) <= 1


def in_name(ctx: EventContext, place: Located[Place]) -> bool:
    """A place the geo stage found inside a longer name ("Donbass People's Militia") in running text:
    who acted, not where."""
    if place.item.toponym.source != "embedded" or place.end >= len(ctx.doc):
        return False
    if ctx.doc[place.end - 1].is_punct:
        return False  # "in Iquitos, Loreto": a name that ends at a comma is inside no longer name
    after = ctx.doc[place.end]
    return (
        (after.pos_ == "PROPN" or after.is_title)
        and after.i not in ctx.place_tokens
        and not headline(ctx.sents[place.sent])
    )


def slot_names(ctx: EventContext, sent: int, same: list[Located[Place]]) -> list[Any]:
    """Proper names the geo stage left out that stand where a place stands: after a locative
    preposition and before a known place ("near X, Luhansk", "in X (Y"), or before a settlement
    noun ("in X village"). They name the event's village, usually too small for the gazetteer."""
    from ..records import Toponym

    rules = place_rules()
    doc = ctx.doc
    span = ctx.sents[sent]
    starts = {p.start for p in same}
    taken = set(ctx.place_tokens) | set(ctx.actor_tokens)
    for place in same:
        taken.update(range(place.start, place.end))
    out: list[Located[Place]] = []
    if headline(span):
        return out  # a headline in title case: every word looks like a name
    i = span.start
    while i < span.end:
        if doc[i].pos_ != "PROPN" or i in taken or doc[i].ent_type_ in rules["not_place_ents"]:
            i += 1
            continue
        j = i
        while j + 1 < span.end and j + 1 not in taken:
            word = doc[j + 1]
            if word.pos_ == "PROPN" and (word.is_title or word.is_upper or word.text[:1].isupper()):
                j += 1
            elif (
                (
                    (word.text == "-" and not word.whitespace_ and not doc[j].whitespace_)
                    or word.lower_ in rules["name_particles"]
                )
                and j + 2 < span.end
                and doc[j + 2].pos_ == "PROPN"
                and j + 2 not in taken
            ):
                j += 2  # "Bir Al-Abd", "Vertente do Lerio"
            else:
                break
        k = i - 1
        if k > span.start and doc[k].lower_ == "the":
            k -= 1  # "on the X axis", "in the X (Y, Z)"
        prev = doc[k].lower_ if k >= span.start else ""
        nxt = doc[j + 1] if j + 1 < span.end else None
        after = nxt.lower_ if nxt is not None else ""
        slot = (
            after in rules["settlement_kinds"]
            or prev in rules["slot_prepositions"]
            and (
                after in rules["settlement_nouns"]
                or (after in (",", "(", "in") and j + 2 in starts)
                # "X (Y, Z)": the coder's village-and-district form, whatever the parser made of Y
                or (after == "(" and j + 2 < span.end and doc[j + 2].pos_ == "PROPN")
                # "near X." at the end of the clause: a village spaCy did not know
                or (after in (".", ";", ")") and (prev == "near" or doc[i].ent_type_ != "PERSON"))
            )
        )
        if slot and doc[j].lower_ not in rules["organisation_nouns"]:
            text = doc[i : j + 1]
            toponym = Toponym(text.start_char, text.end_char, text.text, source="slot")
            out.append(Located(Place(toponym, None, 0.3), i, j + 1, sent))
        i = j + 1
    return out


def name_run(ctx: EventContext, start: int, end: int, taken: set[int]) -> tuple[int, int]:
    """The whole proper name around tokens [start, end) of one sentence when they are only its head
    word ("Al" of "Al Hishah") or a part joined by a particle or hyphen ("Rocha" of "Catole do
    Rocha"), stopping at other places and actors, settlement or part nouns and organisation words."""
    rules = place_rules()
    doc = ctx.doc
    span = ctx.sents[ctx.sent_of_token[start]]
    stop = set(rules["settlement_nouns"]) | set(rules["part_nouns"]) | set(rules["sub_town_nouns"])
    stop |= set(rules["organisation_nouns"])

    def name(i: int) -> bool:
        t = doc[i]
        return (
            span.start <= i < span.end
            and i not in taken
            and t.pos_ == "PROPN"
            and t.text[:1].isupper()
            and t.lower_ not in stop
            and t.ent_type_ not in rules["not_place_ents"]
        )

    def link(i: int) -> bool:
        t = doc[i]
        hyphen = t.text == "-" and not t.whitespace_ and not doc[i - 1].whitespace_
        return span.start <= i < span.end and (hyphen or t.lower_ in rules["name_particles"])

    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1  # "Iquitos," as the geo stage wrote it
    head = end - start == 1 and doc[start].lower_ in set(rules["name_heads"]) | set(
        rules["name_particles"]
    )
    linked = False
    new_start, new_end = start, end
    while True:
        if new_end < span.end and name(new_end):
            new_end += 1
        elif new_end + 1 < span.end and link(new_end) and name(new_end + 1):
            new_end, linked = new_end + 2, True
        else:
            break
    while True:
        if new_start - 1 >= span.start and name(new_start - 1):
            new_start -= 1
        elif new_start - 2 >= span.start and link(new_start - 1) and name(new_start - 2):
            new_start, linked = new_start - 2, True
        else:
            break
    if head or linked:  # only a name's head word, or a name joined by "do"/"al"/a hyphen
        return new_start, new_end
    return start, end
