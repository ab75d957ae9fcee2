"""Fitting the text part of the fusion score on ECB+ dev: `python -m sitroom.fusion.fit [FILE]`.

Pairs: event mentions of one topic in different documents, positive when gold puts them in one cluster.
"""

# Procedure: each mention's sentence (cut as fusion cuts it) becomes a hashed character n-gram tf-idf
# vector, idf over the sentences of its topic; the cosine threshold with the best pair F1 over all topics
# is printed. data/fusion.yaml then sets `score.bias` so that two reports agreeing only on type and dates
# (no place, sub-type, actors or figures) link exactly when their sentence cosine reaches that threshold:
# text + type + date + bias = score.threshold.

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

from .config import FusionConfig
from .records import sentence_around
from .scoring import NgramStats, cosine, grams, vector

DEFAULT = Path(__file__).resolve().parents[3].parent / "shared/eval/coref/ecbplus.dev.jsonl"


def pairs(path: Path, *, config: FusionConfig) -> list[tuple[float, bool]]:
    """(sentence cosine, same gold cluster) of every cross-document event-mention pair."""
    found: list[tuple[float, bool]] = []
    for line in path.open(encoding="utf-8"):
        topic = json.loads(line)
        mentions = []
        for doc in topic["docs"]:
            for m in doc["mentions"]:
                if m.get("kind") == "event":
                    text = sentence_around(
                        doc["text"], m["start"], m["end"], limit=config.text.sentence_chars
                    )
                    mentions.append((doc["id"], m["cluster"], grams(text, config=config.text)))
        stats = NgramStats()
        for _, _, counts in mentions:
            stats.add(set(counts))
        vectors = [vector(counts, stats) for _, _, counts in mentions]
        for (i, a), (j, b) in itertools.combinations(enumerate(mentions), 2):
            if a[0] != b[0]:
                found.append((cosine(vectors[i], vectors[j]), a[1] == b[1]))
    return found


def best_threshold(scored: list[tuple[float, bool]]) -> tuple[float, float, float, float]:
    """(threshold, precision, recall, F1) of the best cosine cut."""
    positives = sum(same for _, same in scored)
    best = (0.0, 0.0, 0.0, 0.0)
    for step in range(5, 96):
        cut = step / 100
        kept = [same for cos, same in scored if cos >= cut]
        tp = sum(kept)
        p = tp / len(kept) if kept else 0.0
        r = tp / positives if positives else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best[3]:
            best = (cut, p, r, f)
    return best


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    if not path.is_file():
        print(f"no ECB+ dev file at {path}", file=sys.stderr)
        return 2
    config = FusionConfig.load()
    scored = pairs(path, config=config)
    cut, p, r, f = best_threshold(scored)
    w = config.score
    bias = w.threshold - cut - w.type - w.date
    print(
        json.dumps(
            {
                "pairs": len(scored),
                "threshold": cut,
                "precision": round(p, 3),
                "recall": round(r, 3),
                "f1": round(f, 3),
                "bias": round(bias, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
