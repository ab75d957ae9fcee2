"""The fusion settings as a typed record, read once from `data/fusion.yaml`.

Thresholds and weights are data; `FusionConfig.load()` validates and caches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..data import load_table
from ..errors import ConfigError


@dataclass(frozen=True, slots=True)
class DedupConfig:
    shingle_words: int
    num_perm: int
    threshold: float
    seed: int


@dataclass(frozen=True, slots=True)
class BlockingConfig:
    bucket_days: int
    max_buckets: int
    max_gap_days: int
    max_km: float
    max_candidates: int


@dataclass(frozen=True, slots=True)
class TextConfig:
    method: str  # "embeddings" (falls back to n-grams when no embedder loads) or "ngrams"
    embedding_cut: float  # fitted text-only cosine cut of each method (fit.py)
    ngram_cut: float
    ngram_min: int
    ngram_max: int
    dimensions: int
    sentence_chars: int

    def cut(self, method: str) -> float:
        return self.embedding_cut if method == "embeddings" else self.ngram_cut


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    link: str  # "average": mean pair score over the fused event's members; "single": best member
    veto_incompatible: bool  # a member failing the hard gates keeps the report out
    incompatible_score: float  # else: what such a member adds to the average
    unplaced_text: float  # text (above the cut) a pair needs when one report has no admin1
    max_members: int  # members of one fused event scored at most (largest date overlap first)


@dataclass(frozen=True, slots=True)
class ScoreWeights:
    text: float
    type: float
    sub_type: float
    date: float
    place: float
    actors: float
    fatalities: float
    bias: float
    threshold: float
    same_article_margin: float


@dataclass(frozen=True, slots=True)
class FusionConfig:
    """Everything fusion reads from data."""

    dedup: DedupConfig
    blocking: BlockingConfig
    compatible_types: frozenset[frozenset[str]]
    partial_type: float
    text: TextConfig
    score: ScoreWeights
    cluster: ClusterConfig
    anaphora: tuple[str, ...]

    @staticmethod
    def load() -> FusionConfig:
        return _load()

    def types_compatible(self, a: str, b: str) -> bool:
        return a == b or frozenset((a, b)) in self.compatible_types


def _section(raw: dict[str, Any], name: str, cls: type) -> Any:
    try:
        return cls(**raw[name])
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"data/fusion.yaml: bad section {name!r}: {exc}") from None


@lru_cache(maxsize=1)
def _load() -> FusionConfig:
    raw = load_table("fusion")
    try:
        pairs = frozenset(frozenset(p) for p in raw["types"]["compatible"])
        return FusionConfig(
            dedup=_section(raw, "dedup", DedupConfig),
            blocking=_section(raw, "blocking", BlockingConfig),
            compatible_types=pairs,
            partial_type=float(raw["types"]["partial"]),
            text=_section(raw, "text", TextConfig),
            score=_section(raw, "score", ScoreWeights),
            cluster=_section(raw, "cluster", ClusterConfig),
            anaphora=tuple(sorted(raw["same_article"]["anaphora"], key=len, reverse=True)),
        )
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"data/fusion.yaml: {exc}") from None
