"""Reliability: hostile-text generators, the invariants every ingest must keep, and a time budget.

Used by the property-based tests, by `sitroom fuzz` and (the budget) by the pipeline.
"""

from __future__ import annotations

from typing import Any

from .budget import OverBudget, run_stages, time_budget
from .texts import hostile_text

__all__ = [
    "OverBudget",
    "check_text",
    "evidence_problems",
    "hostile_text",
    "run_stages",
    "snapshot",
    "time_budget",
]
_LAZY = {"check_text", "evidence_problems", "snapshot"}  # they import ingestion and the store


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import invariants

        return getattr(invariants, name)
    raise AttributeError(name)
