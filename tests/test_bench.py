"""`sitroom bench pipeline` on a tiny corpus: both processes run, the JSON has the DESIGN keys."""

from __future__ import annotations

import json

import pytest

from sitroom.bench import run_bench
from sitroom.errors import BadInput


def test_bench_pipeline_small_corpus(tmp_path):
    corpus = tmp_path / "c.jsonl"
    texts = [
        "Gunmen attacked a police post in Mopti on Monday, killing two officers.",
        "Hundreds marched peacefully in Tunis on Saturday against rising bread prices.",
        "Gunmen attacked a police post in Mopti on Monday, killing two officers.",  # duplicate
    ]
    corpus.write_text("".join(json.dumps({"text": t, "date": "2025-01-08"}) + "\n" for t in texts))
    result = run_bench("pipeline", corpus=corpus, n=10)
    for key in (
        "articles",
        "words",
        "seconds",
        "articles_per_s",
        "words_per_s",
        "spacy_words_per_s",
        "ratio_vs_spacy",
        "peak_rss_mb",
    ):
        assert key in result
    assert (
        result["articles"] == 2
    )  # duplicate texts are dropped so ingest and spaCy see the same work
    assert result["seconds"] > 0 and result["peak_rss_mb"] > 10


def test_bench_unknown_and_missing_corpus(tmp_path):
    with pytest.raises(BadInput):
        run_bench("warp", corpus=None, n=1)
    with pytest.raises(BadInput):
        run_bench("pipeline", corpus=tmp_path / "none.jsonl", n=1)
