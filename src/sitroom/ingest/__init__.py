"""Ingestion: reading sources into `Article` records and running them through pipeline and store.

`read_sources` validates paths up front and yields `SourceItem`s; `ingest` does the whole job.
"""

from __future__ import annotations

from .readers import SourceItem, count_sources, parse_published, plan_sources, read_sources
from .run import IngestReport, ingest

__all__ = [
    "IngestReport",
    "SourceItem",
    "count_sources",
    "ingest",
    "parse_published",
    "plan_sources",
    "read_sources",
]
