"""The words the geo stage reads around and inside place names (data/geo_lexicon.yaml) and the
recognition thresholds (data/geo_weights.yaml), loaded once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..data import load_table
from .names import norm


@dataclass(frozen=True, slots=True)
class Lexicon:
    admin_suffixes: dict[str, str]
    area_suffixes: frozenset[str]
    cues_before: frozenset[str]
    stop_words: frozenset[str]
    demonyms: dict[str, str]
    context_words: dict[str, str]
    directions: frozenset[str]
    rules: dict[str, Any]
    compass: dict[str, str]
    person_cues: frozenset[str]
    norp_cues: frozenset[str]
    norp_min_pop: int
    official_words: frozenset[str] = frozenset()
    facility_heads: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    admin_suffix_forms: dict[str, str] = field(default_factory=dict)
    plural_admin_words: frozenset[str] = frozenset()
    name_abbreviations: frozenset[str] = frozenset()
    party_letters: frozenset[str] = frozenset()
    key_generic_words: frozenset[str] = frozenset()
    abbreviations: dict[str, str] = field(default_factory=dict)
    municipal_phrases: frozenset[str] = frozenset()
    street_words: frozenset[str] = frozenset()

    def translated(self, name: str) -> str | None:
        """ "Nord-Ouest" → "north west" when every word is a foreign compass word, else None."""
        words = norm(name).replace("-", " ").split()
        if not words or any(w not in self.compass for w in words):
            return None
        return " ".join(self.compass[w] for w in words)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    table = load_table("geo_lexicon")
    weights = load_table("geo_weights")
    return Lexicon(
        admin_suffixes={k.lower(): v for k, v in table["admin_suffixes"].items()},
        area_suffixes=frozenset(w.lower() for w in table["area_suffixes"]),
        cues_before=frozenset(w.lower() for w in table["place_cues_before"]),
        stop_words=frozenset(norm(w) for w in table["stop_words"]),
        demonyms={norm(k): str(v) for k, v in table["demonyms"].items()},
        context_words={norm(k): str(v) for k, v in table["context_words"].items()},
        directions=frozenset(w.lower() for w in table["direction_words"]),
        rules=weights["recognition"],
        compass={norm(k): str(v) for k, v in (table.get("compass_translations") or {}).items()},
        person_cues=frozenset(w.lower() for w in table.get("person_cues_before") or ()),
        norp_cues=frozenset(w.lower() for w in table.get("norp_place_cues_before") or ()),
        norp_min_pop=int(table.get("norp_min_population", 100000)),
        official_words=frozenset(norm(w) for w in table.get("official_form_words") or ()),
        facility_heads=frozenset(w.lower() for w in table.get("facility_heads") or ()),
        name_particles=frozenset(w.lower() for w in table.get("name_particles") or ()),
        admin_suffix_forms={
            k.lower(): str(v) for k, v in (table.get("admin_suffix_forms") or {}).items()
        },
        plural_admin_words=frozenset(w.lower() for w in table.get("plural_admin_words") or ()),
        name_abbreviations=frozenset(k.lower() for k in table.get("name_abbreviations") or ()),
        party_letters=frozenset(str(w) for w in table.get("party_letters") or ()),
        key_generic_words=frozenset(norm(w) for w in table.get("key_generic_words") or ()),
        municipal_phrases=frozenset(
            " ".join(w.lower().split()) for w in table.get("municipal_phrases") or ()
        ),
        street_words=frozenset(w.lower() for w in table.get("street_words") or ()),
        abbreviations={
            k.lower(): str(v) for k, v in (table.get("name_abbreviations") or {}).items()
        },
    )
