"""Exports of stored events: JSON, JSONL, ACLED-style CSV, GeoJSON and PLOVER-style JSON."""

from .formats import FORMATS, render_events

__all__ = ["FORMATS", "render_events"]
