"""The time stage: TIMEX3 recognition and normalization against the publication date.

Rules live in data/time_rules.yaml and data/time_lexicon.yaml; `TimeStage` (stage.py) runs them.
"""

from __future__ import annotations

__all__ = ["TimeStage", "tag_times"]


def __getattr__(name: str) -> object:
    # Deferred so that importing the package does not compile the grammar.
    if name == "TimeStage":
        from .stage import TimeStage

        return TimeStage
    if name == "tag_times":
        from .stage import tag_times

        return tag_times
    raise AttributeError(name)
