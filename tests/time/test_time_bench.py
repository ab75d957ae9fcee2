"""`sitroom bench time` on a tiny hand-made corpus: figures present, parse timed apart, bad input."""

from __future__ import annotations

import json

import pytest

from sitroom.bench import run_bench
from sitroom.errors import BadInput


def test_bench_time_small_corpus(tmp_path) -> None:
    corpus = tmp_path / "t.jsonl"
    rows = [
        {
            "text": "Rebels shelled the town on Friday. They left two days later.",
            "dct": "2024-12-11",
        },
        {"text": "Talks resume next month, officials said last week.", "dct": "2024-12-11"},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run_bench("time", corpus=corpus, n=10)
    assert result["documents"] == 2
    assert result["sentences"] >= 3
    assert result["timexes"] >= 4
    assert result["sentences_per_s"] > 0 and result["spacy_sentences_per_s"] > 0
    assert "spacy_seconds" in result and "seconds" in result


def test_bench_time_missing_or_empty_corpus(tmp_path) -> None:
    with pytest.raises(BadInput):
        run_bench("time", corpus=tmp_path / "absent.jsonl", n=5)
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps({"text": "  "}) + "\n", encoding="utf-8")
    with pytest.raises(BadInput):
        run_bench("time", corpus=empty, n=5)
