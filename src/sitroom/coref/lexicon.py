"""Event head normalisation: lemma repair, noun-to-verb derivation and synonym groups (from data).

Uses the rule/exception/index tables of the spaCy model's own lemmatizer; no extra resources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .config import CorefConfig

_CONTENT_POS = ("VERB", "NOUN", "ADJ", "AUX")


@dataclass(frozen=True, slots=True)
class Morphology:
    """Base-form lookups taken from a spaCy rule lemmatizer (empty when the model has none)."""

    verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    exceptions: dict[str, dict[str, str]] = field(default_factory=dict)  # pos -> form -> lemma
    rules: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # pos -> rules

    @classmethod
    def from_nlp(cls, nlp: Any) -> Morphology:
        try:
            lookups = nlp.get_pipe("lemmatizer").lookups
            index = lookups.get_table("lemma_index")
            exc = lookups.get_table("lemma_exc")
            rules = lookups.get_table("lemma_rules")
        except (KeyError, AttributeError, ValueError):
            return cls()
        return cls(
            verbs=frozenset(index.get("verb", ())),
            nouns=frozenset(index.get("noun", ())),
            exceptions={
                p: {k: v[0] for k, v in exc.get(p, {}).items() if v} for p in ("verb", "noun")
            },
            rules={p: tuple((a, b) for a, b in rules.get(p, ())) for p in ("verb", "noun")},
        )

    def base(self, word: str, pos: str) -> str | None:
        """The verb or noun lemma of an inflected form (`pos` "verb" or "noun"), if the index knows it."""
        index = self.verbs if pos == "verb" else self.nouns
        if word in index:
            return word
        exc = self.exceptions.get(pos, {}).get(word)
        if exc:
            return exc
        for old, new in self.rules.get(pos, ()):
            if word.endswith(old):
                candidate = word[: len(word) - len(old)] + new
                if candidate in index:
                    return candidate
        return None


_MORPHOLOGY: dict[int, Morphology] = {}


def morphology_of(nlp: Any) -> Morphology:
    """The Morphology of a loaded spaCy pipeline, built once per pipeline object."""
    key = id(nlp)
    if key not in _MORPHOLOGY:
        _MORPHOLOGY[key] = Morphology.from_nlp(nlp)
    return _MORPHOLOGY[key]


def repaired_lemma(word: str, lemma: str, pos: str, morphology: Morphology) -> str:
    """spaCy's lemma, re-derived when the tagger gave an event head a non-content tag.

    Headline casing makes the small model tag verbs and nouns as PROPN ("Checks", "Dies"); their
    lemma is then the inflected form. Such heads are lemmatised again as a verb, else as a noun.
    """
    if pos in _CONTENT_POS:
        return lemma
    word = word.lower()
    return morphology.base(word, "verb") or morphology.base(word, "noun") or lemma


def lemma_class(lemma: str, pos: str, *, config: CorefConfig, morphology: Morphology) -> str:
    """The class of a head lemma: its synonym group, else its verb base (for nominalisations such
    as shooting → shoot, arrival → arrive, only when the derived verb exists), else the lemma."""
    group = config.lemma_groups.get(lemma)
    if group is not None:
        return group
    if pos != "VERB" and morphology.verbs and lemma not in morphology.verbs:
        for suffix, replacement in config.derivation_suffixes:
            if lemma.endswith(suffix) and len(lemma) - len(suffix) >= 2:
                stem = lemma[: len(lemma) - len(suffix)] + replacement
                if stem not in morphology.verbs and stem[-2:-1] == stem[-1:] and replacement == "":
                    stem = stem[:-1]  # robbery -> robb -> rob, bidding -> bidd -> bid
                if stem in morphology.verbs:
                    return config.lemma_groups.get(stem, stem)
    return lemma
