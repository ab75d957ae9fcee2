"""Fusion: one real-world event from many reports, near-duplicate copies found and not counted twice.

`fuse(store)` is incremental; `merge` and `split` record user decisions that survive re-fusion.
"""

from __future__ import annotations

from .config import FusionConfig
from .records import EventReport, FusedEvent
from .service import FuseSummary, fuse, fused_event, fused_events, merge, split

__all__ = [
    "EventReport",
    "FuseSummary",
    "FusedEvent",
    "FusionConfig",
    "fuse",
    "fused_event",
    "fused_events",
    "merge",
    "split",
]
