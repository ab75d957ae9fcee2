"""Turn phrase matches into ActorMentions: country qualifiers, the article's country, coreference.

"Afghan police" → Police Forces of Afghanistan; "the regime" → the state forces of the article's country.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..records import Actor, ActorMention, Analysis
from .phrases import PhraseMatch
from .table import NON_STATE_ARMED, AliasEntry, CompiledTable, GenericEntry, NamedEntry

_POSSESSIVE = {"'s", "’s", "'"}
_AFTER_PREPS = {"of", "in", "from"}


@dataclass(slots=True)
class _Hit:
    """One phrase match with its chosen reading."""

    start: int
    end: int
    kind: str  # country | generic | alias | named
    value: Any


def document_country(analysis: Analysis, hits: Sequence[_Hit]) -> str | None:
    """The article's main country: the geo stage's context if any, else a vote of country words,
    named actors' home countries and resolved places."""
    if analysis.country_context:
        return analysis.country_context[0]
    votes: dict[str, float] = {}
    named_seen: set[str] = set()
    for hit in hits:
        if hit.kind in ("country", "capital"):
            weight = 1.0 if hit.kind == "country" else 0.8
            bonus = weight * (2 if hit.start < 60 else 1)  # the lead sets the scene
            votes[hit.value] = votes.get(hit.value, 0.0) + bonus
        elif hit.kind == "named" and hit.value.actor.country:
            if (
                hit.value.actor.name not in named_seen
            ):  # a group's home counts once, not per mention
                named_seen.add(hit.value.actor.name)
                votes[hit.value.actor.country] = votes.get(hit.value.actor.country, 0.0) + 1
    for place in analysis.places:
        if place.chosen is not None and place.chosen.country:
            votes[place.chosen.country] = votes.get(place.chosen.country, 0.0) + 1
    return max(votes, key=lambda k: votes[k]) if votes else None


def _choose(match: PhraseMatch, hint: str | None) -> _Hit:
    """Several table rows can share a phrase (e.g. an acronym); prefer one tied to the hint country."""
    payloads = match.payloads
    if len(payloads) > 1 and hint:
        for kind, value in payloads:
            if kind == "named" and value.actor.country == hint:
                return _Hit(match.start, match.end, kind, value)
    kind, value = payloads[0]
    return _Hit(match.start, match.end, kind, value)


def resolve_mentions(analysis: Analysis, compiled: CompiledTable) -> list[ActorMention]:
    """All actor mentions of an analysed article, in text order."""
    doc = analysis.doc
    table = compiled.table
    tokens = [t.text for t in doc]
    raw = compiled.trie.find(tokens)
    hits = [_choose(m, None) for m in raw]
    home = document_country(analysis, hits)
    hits = [_choose(m, home) for m in raw]
    named_present = {h.value.actor.name for h in hits if h.kind == "named"}
    by_end = {h.end: h for h in hits}
    by_start = {h.start: h for h in hits}
    consumed: set[int] = set()
    mentions: list[ActorMention] = []

    def add(start_tok: int, end_tok: int, actor: Actor, confidence: float) -> None:
        span = doc[start_tok:end_tok]
        mentions.append(ActorMention(span.start_char, span.end_char, span.text, actor, confidence))

    for index, hit in enumerate(hits):
        if id(hit) in consumed:
            continue
        if hit.kind == "named" and hit.value.local and hit.value.actor.country != home:
            fallback = table.by_key.get(hit.value.local)  # a country's own corps named abroad
            if fallback is not None:
                add(hit.start, hit.end, fallback.actor(home, table.country_name(home)), 0.6)
            continue
        if hit.kind == "named":
            entry: NamedEntry = hit.value
            end = hit.end
            follow = by_start.get(hit.end)
            crowd = ("civilians", "protesters")
            if follow is not None and follow.kind == "generic" and follow.value.kind not in crowd:
                end = follow.end  # "Hezbollah militiamen", "HTS security forces": one mention
                consumed.add(id(follow))
            elif end < len(doc) and doc[end].lower_ in table.member_nouns and end not in by_start:
                end += 1  # "Al Shabaab fighters"
            add(hit.start, end, entry.actor, 0.9)
        elif hit.kind == "generic":
            resolved = _generic(hit, hits, index, by_end, by_start, doc, table, home)
            if resolved is not None:
                start, end, actor, used = resolved
                consumed.update(used)
                add(start, end, actor, 0.7)
        elif hit.kind == "alias":
            referent = _alias(hit.value, mentions, table, home, named_present)
            if referent is not None:
                add(hit.start, hit.end, referent, 0.6)
        elif hit.kind == "country" and _acts_as_state(doc, hit):
            name = table.country_name(hit.value)
            generic = table.by_key.get("military")
            if generic is not None and name:
                add(hit.start, hit.end, generic.actor(hit.value, name), 0.5)
    mentions.extend(_unknown_groups(doc, mentions, table.armed_group_words))
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions


def _generic(
    hit: _Hit,
    hits: Sequence[_Hit],
    index: int,
    by_end: dict[int, _Hit],
    by_start: dict[int, _Hit],
    doc: Any,
    table: Any,
    home: str | None,
) -> tuple[int, int, Actor, set[int]] | None:
    """A generic noun with its country: a country word before it ("Afghan police", "Syria's army"),
    a state word before it ("regime forces"), or "of/in <country>" after it; else the article's."""
    entry: GenericEntry = hit.value
    start, end = hit.start, hit.end
    used: set[int] = set()
    iso: str | None = None
    before = by_end.get(start)
    if before is None and start >= 1 and doc[start - 1].text in _POSSESSIVE:
        before = by_end.get(start - 1)
    if before is not None and before.kind == "country":
        iso, start = before.value, before.start
        used.add(id(before))
    elif start >= 1 and doc[start - 1].lower_ in table.state_qualifiers:
        iso, start = home, start - 1
    elif end < len(doc) and doc[end].lower_ in _AFTER_PREPS:
        after = by_start.get(end + 1) or (
            by_start.get(end + 2) if end + 1 < len(doc) and doc[end + 1].lower_ == "the" else None
        )
        if after is not None and after.kind == "country" and entry.kind != "civilians":
            iso, end = after.value, after.end
            used.add(id(after))
    if iso is None:
        if entry.needs_qualifier:
            return None
        iso = home
    if start >= 2 and doc[start - 1].text in {"-", "–"} and doc[start - 2].lower_ == "pro":
        return None  # "pro-Turkish forces" are not Turkey's own forces; the named table covers them
    return start, end, entry.actor(iso, table.country_name(iso)), used


def _alias(
    alias: AliasEntry,
    mentions: Sequence[ActorMention],
    table: Any,
    home: str | None,
    named_present: set[str],
) -> Actor | None:
    ref = alias.refers_to
    if ref in ("state_military", "state_government"):
        generic = table.by_key.get("military" if ref == "state_military" else "government")
        return generic.actor(home, table.country_name(home)) if generic else None
    if ref == "previous_armed":
        for mention in reversed(mentions):
            if mention.actor.kind in NON_STATE_ARMED:
                return mention.actor
        fallback = table.by_key.get(alias.fallback or "")
        return fallback.actor(home, table.country_name(home)) if fallback else None
    named = table.by_name.get(ref)
    if named is None or (alias.requires_mention and ref not in named_present):
        return None
    return named.actor


def _acts_as_state(doc: Any, hit: _Hit) -> bool:
    """A bare country name acting as an agent ("Israel struck ...", "... shelled by Turkey")."""
    if hit.end - hit.start != 1:
        return False
    token = doc[hit.start]
    if token.pos_ != "PROPN":
        return False
    if token.dep_ == "nsubj" and token.head.pos_ == "VERB":
        return True
    return token.dep_ == "pobj" and token.head.dep_ == "agent"


def _unknown_groups(
    doc: Any, mentions: Sequence[ActorMention], words: frozenset[str]
) -> list[ActorMention]:
    """Organisations the NER found whose names mark them as armed groups ("Al Shamal Brigade")."""
    taken = [(m.start, m.end) for m in mentions]
    found: list[ActorMention] = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or not any(t.lower_ in words for t in ent):
            continue
        span = ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent
        if any(s < span.end_char and span.start_char < e for s, e in taken):
            continue
        actor = Actor(name=span.text, kind="armed_group", inter=None, country=None)
        found.append(ActorMention(span.start_char, span.end_char, span.text, actor, 0.5))
    return found
