"""The quotes stage's data tables (reporting verbs, speaker patterns) as typed, load-once records.

The YAML lives in `sitroom/data/`; this module only turns it into sets and maps for fast look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..data import load_table


@dataclass(frozen=True, slots=True)
class VerbFrames:
    """How one reporting verb takes its content."""

    clause: bool = False
    object: bool = False
    infinitive: bool = False
    addressee: bool = False
    raising: bool = False
    passive: bool = False  # "X is considered / viewed as / suspected of Y": subject + complement
    holder: bool = False  # nouns: a prepositional content needs a holder ("X's attack on Y")
    preps: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TitleRule:
    """When a cue-less quote is a title rather than a statement (see reporting_verbs.yaml)."""

    bylines: frozenset[str] = frozenset()
    min_words: int = 0  # 0: capitalisation is not looked at
    share: float = 1.0
    lowercase_words: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CueTable:
    verbs: dict[str, VerbFrames]
    nouns: dict[str, VerbFrames]
    adjectives: dict[str, VerbFrames]
    source_preps: frozenset[str]
    source_documents: frozenset[str]
    according: frozenset[str]
    cue_extensions: frozenset[str]
    own_outlet_words: frozenset[str]
    media_words: frozenset[str]
    min_orphan_quote_words: int
    min_cued_quote_words: int
    event_link_min_actor_names: int = 1
    label_exclusions: frozenset[str] = frozenset()
    not_cues: frozenset[str] = frozenset()
    title_quotes: TitleRule = field(default_factory=TitleRule)


@dataclass(frozen=True, slots=True)
class SpeakerTable:
    honorifics: frozenset[str]
    role_titles: dict[str, str]
    role_nouns: frozenset[str]
    anonymous_heads: frozenset[str]
    relations: tuple[tuple[tuple[str, ...], str], ...]  # (words, kind), longest first
    document_heads: frozenset[str]
    group_heads: frozenset[str]
    organization_heads: frozenset[str]
    pronouns: dict[str, tuple[str, ...]]
    anaphoric_determiners: frozenset[str]
    entity_kinds: dict[str, str] = field(default_factory=dict)


def _word(value: object) -> str:
    return str(value).lower()  # `load_table` keeps `on` / `off` as words (YAML 1.2 booleans)


def _frames(entries: list[object]) -> VerbFrames:
    flags: dict[str, bool] = {}
    preps: set[str] = set()
    for entry in entries:
        if isinstance(entry, dict):
            preps.update(_word(p) for p in entry.get("prep", []))
        else:
            flags[str(entry)] = True
    return VerbFrames(
        clause=flags.get("clause", False),
        object=flags.get("object", False),
        infinitive=flags.get("infinitive", False),
        addressee=flags.get("addressee", False),
        raising=flags.get("raising", False),
        holder=flags.get("holder", False),
        passive=flags.get("passive", False),
        preps=frozenset(preps),
    )


def _words(values: list[object]) -> frozenset[str]:
    return frozenset(_word(v) for v in values)


@lru_cache(maxsize=1)
def cue_table() -> CueTable:
    raw = load_table("reporting_verbs")
    return CueTable(
        verbs={str(k).lower(): _frames(v or []) for k, v in raw["verbs"].items()},
        nouns={str(k).lower(): _frames(v or []) for k, v in raw.get("nouns", {}).items()},
        adjectives={str(k).lower(): _frames(v or []) for k, v in raw.get("adjectives", {}).items()},
        according=_words(raw["according_to"]),
        source_preps=_words(raw.get("source_phrases", {}).get("preps", [])),
        source_documents=_words(raw.get("source_phrases", {}).get("documents", [])),
        cue_extensions=_words(raw["cue_extensions"]),
        own_outlet_words=_words(raw["own_outlet_words"]),
        media_words=_words(raw["media_words"]),
        min_orphan_quote_words=int(raw["min_orphan_quote_words"]),
        min_cued_quote_words=int(raw["min_cued_quote_words"]),
        event_link_min_actor_names=int(raw.get("event_link_min_actor_names", 1)),
        label_exclusions=_words(raw.get("label_exclusions", [])),
        not_cues=_words(raw.get("not_cues", [])),
        title_quotes=_title_rule(raw.get("title_quotes") or {}),
    )


def _title_rule(raw: dict[str, Any]) -> TitleRule:
    return TitleRule(
        bylines=_words(raw.get("bylines", [])),
        min_words=int(raw.get("min_words", 0)),
        share=float(raw.get("share", 1.0)),
        lowercase_words=_words(raw.get("lowercase_words", [])),
    )


@dataclass(frozen=True, slots=True)
class Boundaries:
    """Which tails of a reported clause's parse subtree are cut off its content."""

    nonrestrictive_relatives: bool
    adverbial_marks: frozenset[str]
    coordinated_cues: bool = False
    participle_cues: bool = False
    tail_deps: frozenset[str] = frozenset()  # what a cue verb governs after its object, kept
    tail_preps: frozenset[str] = frozenset()  # the prepositions among them that are kept


@lru_cache(maxsize=1)
def boundaries() -> Boundaries:
    raw = load_table("quotes_boundaries")
    tails = raw.get("object_tails", {}) or {}
    return Boundaries(
        nonrestrictive_relatives=bool(raw.get("nonrestrictive_relatives", False)),
        adverbial_marks=_words(raw.get("adverbial_marks", [])),
        coordinated_cues=bool(raw.get("coordinated_cues", False)),
        participle_cues=bool(raw.get("participle_cues", False)),
        tail_deps=_words(tails.get("deps", [])),
        tail_preps=_words(tails.get("preps", [])),
    )


@lru_cache(maxsize=1)
def speaker_table() -> SpeakerTable:
    raw = load_table("speaker_patterns")
    relations = sorted(
        ((tuple(str(k).lower().split()), str(v)) for k, v in raw["relations"].items()),
        key=lambda item: -len(item[0]),
    )
    return SpeakerTable(
        honorifics=_words(raw["honorifics"]),
        role_titles={str(k).lower(): str(v) for k, v in raw["role_titles"].items()},
        role_nouns=_words(raw["role_nouns"]),
        anonymous_heads=_words(raw["anonymous_heads"]),
        relations=tuple(relations),
        document_heads=_words(raw["document_heads"]),
        group_heads=_words(raw["group_heads"]),
        organization_heads=_words(raw["organization_heads"]),
        pronouns={str(k).lower(): tuple(v or []) for k, v in raw["pronouns"].items()},
        anaphoric_determiners=_words(raw["anaphoric_determiners"]),
        entity_kinds={str(k): str(v) for k, v in raw["entity_kinds"].items()},
    )
