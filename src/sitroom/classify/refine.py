"""Second opinion on a rule-coded sub-event type: where the rules' choice belongs to a group they
often confuse (data/classify_groups.yaml), the classifier may replace it when it is confident.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..data import load_table
from .model import shipped_model


@dataclass(frozen=True, slots=True)
class Groups:
    switch_at: float
    groups: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Opinion:
    sub_event_type: str
    probability: float  # the classifier's probability of that type within its group


@lru_cache(maxsize=1)
def load_groups() -> Groups:
    data = load_table("classify_groups")
    return Groups(float(data["switch_at"]), tuple(tuple(g) for g in data["groups"]))


def second_opinion(sub_event_type: str, text: str) -> Opinion | None:
    """None when the model is off/absent or the type is in no group; else the type to use and its
    probability (the rules' own type unless the model prefers another at ≥ switch_at)."""
    model = shipped_model()
    if model is None:
        return None
    groups = load_groups()
    among = tuple(dict.fromkeys(t for g in groups.groups if sub_event_type in g for t in g))
    if len(among) < 2:
        return None
    proba = model.proba(text, among=among)
    if not proba:
        return None
    best = max(proba, key=lambda k: proba[k])
    if best != sub_event_type and proba[best] >= groups.switch_at:
        return Opinion(best, proba[best])
    return Opinion(sub_event_type, proba.get(sub_event_type, 0.0))
