"""The text-cut fit: best cosine cut on scored pairs, and pairs read from an ECB+-shaped topic file."""

from __future__ import annotations

import json

import pytest

from sitroom.embed import FakeEmbedder
from sitroom.fusion.config import FusionConfig
from sitroom.fusion.fit import best_threshold, pairs


def test_best_threshold_separates_the_scored_pairs():
    scored = [(0.9, True), (0.8, True), (0.7, True), (0.4, False), (0.3, False), (0.65, False)]
    cut, p, r, f = best_threshold(scored)
    assert 0.65 < cut <= 0.7
    assert (p, r, f) == (1.0, 1.0, 1.0)


def _topic() -> dict:
    docs = []
    for n, text in enumerate(
        [
            "Rebels shelled the northern village on Sunday. Markets stayed closed.",
            "The northern village was shelled by rebels on Sunday, officials said.",
            "A storm flooded the southern port overnight.",
        ]
    ):
        trigger = "shelled" if "shelled" in text else "flooded"
        start = text.index(trigger)
        mention = {"kind": "event", "start": start, "end": start + len(trigger)}
        docs.append({"id": f"d{n}", "text": text, "mentions": [{**mention, "cluster": trigger}]})
    return {"topic": "t1", "docs": docs}


@pytest.mark.parametrize("embedder", [None, FakeEmbedder(dim=512)])
def test_pairs_are_cross_document_and_rank_coreferent_sentences_higher(tmp_path, embedder):
    path = tmp_path / "topics.jsonl"
    path.write_text(json.dumps(_topic()) + "\n", encoding="utf-8")
    scored = pairs(path, config=FusionConfig.load(), embedder=embedder)
    assert len(scored) == 3  # three documents, one mention each
    same = [s for s, gold in scored if gold]
    other = [s for s, gold in scored if not gold]
    assert len(same) == 1 and max(other) < same[0]
