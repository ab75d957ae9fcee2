"""Fixtures for the quotes tests: one nlp+quotes pipeline per session and a helper to run it."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def quote_pipeline():
    """nlp → quotes only (the stage must work without the time and events stages)."""
    from sitroom import Pipeline, load_settings

    return Pipeline(load_settings(config_file=None), stages=["nlp", "quotes"])


@pytest.fixture(scope="session")
def attribute(quote_pipeline):
    """Run the pipeline on a text and return the Analysis."""

    def run(text: str, **meta):
        return quote_pipeline.analyze_text(text, **meta)

    return run
