"""The event-coreference settings as a typed record, read once from `data/coref.yaml`.

Thresholds, weights and lexicons are data; `CorefConfig.load()` validates and caches them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..data import load_table
from ..errors import ConfigError


@dataclass(frozen=True, slots=True)
class LinkWeights:
    """Pair score of two event mentions = sum of these terms; pairs at or above `threshold` link."""

    same_lemma: float
    same_class: float  # same synonym/derivation group, different head lemma
    shared_argument: float  # per shared "role:word" argument item, up to `max_shared_arguments`
    max_shared_arguments: int
    same_sentence: float  # two mentions of one sentence rarely corefer (added, usually negative)
    light_lemma: float  # added when the head is a light/reporting verb (say, be, have ...)
    threshold: float


@dataclass(frozen=True, slots=True)
class CorefConfig:
    """Everything the event clusterer reads from data."""

    term_pos_weights: dict[str, float]
    term_stoplist: frozenset[str]
    doc_threshold: float  # average-linkage cosine at which two document groups merge
    idf_floor: float  # added to every idf (terms shared by all documents keep some weight)
    argument_hops: (
        int  # 0: arguments of a mention = its sentence's; n: those n dependency hops below
    )
    link: LinkWeights
    lemma_groups: dict[str, str] = field(default_factory=dict)  # lemma -> group name
    derivation_suffixes: tuple[tuple[str, str], ...] = ()
    light_lemmas: frozenset[str] = frozenset()
    ner_roles: dict[str, str] = field(default_factory=dict)
    entity_type_roles: dict[str, str] = field(default_factory=dict)  # type prefix -> role

    @classmethod
    def from_table(cls, table: dict[str, Any]) -> CorefConfig:
        try:
            groups: dict[str, str] = {}
            for name, lemmas in (table.get("lemma_groups") or {}).items():
                for lemma in lemmas:
                    groups[str(lemma).lower()] = f"={name}"
            return cls(
                term_pos_weights={
                    k: float(v) for k, v in table["document_terms"]["pos_weights"].items()
                },
                term_stoplist=frozenset(table["document_terms"].get("stoplist") or ()),
                doc_threshold=float(table["document_clustering"]["threshold"]),
                idf_floor=float(table["document_clustering"].get("idf_floor", 0.0)),
                argument_hops=int(table.get("argument_hops", 0)),
                link=LinkWeights(**table["mention_link"]),
                lemma_groups=groups,
                derivation_suffixes=tuple(
                    (str(s), str(r or "")) for s, r in table.get("derivation_suffixes") or ()
                ),
                light_lemmas=frozenset(table.get("light_lemmas") or ()),
                ner_roles=dict(table.get("ner_roles") or {}),
                entity_type_roles=dict(table.get("entity_type_roles") or {}),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"data/coref.yaml: bad or missing entry ({exc})") from exc

    @staticmethod
    def load() -> CorefConfig:
        return _load()


@lru_cache(maxsize=1)
def _load() -> CorefConfig:
    return CorefConfig.from_table(load_table("coref"))
