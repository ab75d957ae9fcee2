"""Shared fixtures: paths to ../shared (optional) and a lazily loaded spaCy pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "article.txt"
EVAL = SHARED / "eval"

needs_shared = pytest.mark.skipif(not SEED.is_file(), reason="../shared is not present")


@pytest.fixture(scope="session")
def full_pipeline():
    """The default pipeline with all stages, built once per test session."""
    from sitroom import Pipeline, load_settings

    return Pipeline(load_settings(config_file=None))
