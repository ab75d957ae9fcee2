"""Candidate lists of one name: match kinds, spelling variants that count as the same name, the
key under which a document's variants of one name group, official forms ("Republic of X")."""

from __future__ import annotations

from functools import lru_cache

from ..records import Candidate
from .lexicon import lexicon
from .names import norm, soft_key

MATCH_RANK = {"match_name": 0, "match_alias": 1, "match_fuzzy": 2, "": 3}


def match_kind(c: Candidate) -> str:
    return next((k for k in ("match_name", "match_alias", "match_fuzzy") if k in c.features), "")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The group under which mentions count as one name for document evidence: "Dublin City"
    and "S.E. Paris" do not vouch for the region of "Dublin" and "Paris" as other names would
    (they may still take different readings: "Mexico City", "Mexico")."""
    lex = lexicon()
    words = norm(name).split()
    kept = [w for w in words if w not in lex.key_generic_words and w not in lex.directions]
    return " ".join(kept) or " ".join(words)


def transliteration_aliases(name: str, candidates: list[Candidate]) -> list[Candidate]:
    """Fuzzy matches that differ from the written name only by articles or a final h count as
    another spelling (an alias); the looser fuzzy matches are dropped when the name is some
    place's own name (fuzzy matching is the last resort: "Samarra" is not "Samara")."""
    soft = soft_key(name)
    for c in candidates:
        if "match_fuzzy" in c.features and soft_key(c.name) == soft:
            del c.features["match_fuzzy"]
            c.features["match_alias"] = 1.0
    if any("match_name" in c.features for c in candidates):
        return [c for c in candidates if "match_fuzzy" not in c.features]
    return candidates


def official_name(name: str, words: frozenset[str]) -> str | None:
    """ "Republic of Armenia" → "Armenia"; None unless every word before "of" is an official one."""
    head, sep, rest = name.partition(" of ")
    if not sep or not rest.strip():
        return None
    lead = [w for w in norm(head).split() if w != "the"]
    if not lead or any(w not in words for w in lead):
        return None
    rest = rest.strip()
    return rest[4:] if rest.lower().startswith("the ") else rest
