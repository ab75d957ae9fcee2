"""Fitting fusion thresholds: `python -m sitroom.fusion.fit [ECB+ FILE] [--ngrams]` or `... --fakes`.

Pairs: event mentions of one topic in different documents, positive when gold puts them in one cluster.
"""

# Procedure: each mention's sentence (cut as fusion cuts it) becomes a vector: a sentence embedding
# (the default embedder, `text.method: embeddings`) or, with --ngrams, a hashed character n-gram
# tf-idf vector with idf over the sentences of its topic. The cosine cut with the best pair F1 over
# all topics is printed and goes to data/fusion.yaml as `text.embedding_cut` / `text.ngram_cut`. The
# score uses (cosine - cut) and `score.bias = threshold - type - date`, so two reports agreeing only
# on type and dates (no place, sub-type, actors or figures) link exactly when their sentence reaches
# the cut. Two clustering thresholds are then fitted on FA-KES dev with --fakes (see GRID below).

from __future__ import annotations

import dataclasses
import itertools
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from ..embed import Embedder
from .config import FusionConfig
from .records import sentence_around
from .scoring import NgramStats, cosine, grams, vector

DEFAULT = Path(__file__).resolve().parents[3].parent / "shared/eval/coref/ecbplus.dev.jsonl"


def pairs(
    path: Path, *, config: FusionConfig, embedder: Embedder | None = None
) -> list[tuple[float, bool]]:
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
                    mentions.append((doc["id"], m["cluster"], text))
        if embedder is not None:
            matrix = embedder.encode([text for _, _, text in mentions])
            sims = (matrix @ matrix.T).tolist()
        else:
            counts = [grams(text, config=config.text) for _, _, text in mentions]
            stats = NgramStats()
            for c in counts:
                stats.add(set(c))
            vectors = [vector(c, stats) for c in counts]
        for (i, a), (j, b) in itertools.combinations(enumerate(mentions), 2):
            if a[0] != b[0]:
                sim = sims[i][j] if embedder is not None else cosine(vectors[i], vectors[j])
                found.append((sim, a[1] == b[1]))
    return found


def best_threshold(scored: list[tuple[float, bool]]) -> tuple[float, float, float, float]:
    """(threshold, precision, recall, F1) of the best cosine cut (steps of 0.01)."""
    sims = np.array([c for c, _ in scored], dtype=np.float64)
    same = np.array([s for _, s in scored], dtype=bool)
    positives = int(same.sum())
    best = (0.0, 0.0, 0.0, 0.0)
    for step in range(5, 96):
        cut = step / 100
        kept = sims >= cut - 1e-9
        tp = int((kept & same).sum())
        p = tp / int(kept.sum()) if kept.any() else 0.0
        r = tp / positives if positives else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best[3]:
            best = (cut, p, r, f)
    return best


# FA-KES dev (`--fakes`): the dev rows go through the full pipeline once into a temporary store, then
# fusion is rebuilt for each point of GRID (score.threshold x score.text x cluster.unplaced_text) and
# the table is printed best same-incident pair F1 first (sitroom.fusion.fakes); those three values go
# to data/fusion.yaml. Nothing else is fitted on FA-KES.
GRID = {
    "threshold": (0.15, 0.25, 0.35, 0.45),
    "text": (1.0, 1.5, 2.0),
    "unplaced_text": (-1.0, 0.0),
}


def fit_fakes(*, limit: int | None = None) -> list[dict[str, Any]]:
    """Pairing precision/recall/F1 of every GRID point on FA-KES dev, best F1 first."""
    from ..pipeline import Pipeline, pipeline_version
    from ..records import Article
    from ..store import open_store
    from .fakes import FAKES_DEV, _day, gold_pairs, predicted_pairs
    from .service import fuse

    rows = [json.loads(line) for line in FAKES_DEV.open(encoding="utf-8") if line.strip()]
    rows = rows[:limit] if limit is not None else rows
    articles = [
        Article.from_text(
            r["text"], title=r.get("title"), outlet=r.get("outlet"), published=_day(r.get("date"))
        )
        for r in rows
    ]
    gold = gold_pairs(rows)
    base = FusionConfig.load()
    table: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "f.db")) as store:
        version = pipeline_version()
        for analysis in Pipeline().analyze_many(articles):
            store.save(analysis, pipeline_version=version)
        for threshold, text, unplaced in itertools.product(*GRID.values()):
            config = dataclasses.replace(
                base,
                score=dataclasses.replace(base.score, threshold=threshold, text=text),
                cluster=dataclasses.replace(base.cluster, unplaced_text=unplaced),
            )
            fuse(store, rebuild=True, config=config)
            predicted = predicted_pairs(store, [a.id for a in articles])
            hit = len(gold & predicted)
            p = hit / len(predicted) if predicted else 0.0
            r = hit / len(gold) if gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            table.append(
                {
                    "threshold": threshold,
                    "text": text,
                    "unplaced_text": unplaced,
                    "precision": round(p, 3),
                    "recall": round(r, 3),
                    "f1": round(f, 3),
                }
            )
    return sorted(table, key=lambda row: -row["f1"])


def main(argv: list[str]) -> int:
    if "--fakes" in argv:
        for row in fit_fakes():
            print(json.dumps(row))
        return 0
    files = [a for a in argv if not a.startswith("--")]
    path = Path(files[0]) if files else DEFAULT
    if not path.is_file():
        print(f"no ECB+ dev file at {path}", file=sys.stderr)
        return 2
    config = FusionConfig.load()
    embedder = None
    if "--ngrams" not in argv:
        from ..embed import default_embedder

        embedder = default_embedder()
        if embedder is None:
            print("no sentence embedder: fitting the n-gram cut", file=sys.stderr)
    scored = pairs(path, config=config, embedder=embedder)
    cut, p, r, f = best_threshold(scored)
    w = config.score
    result = {
        "method": "ngrams" if embedder is None else "embeddings",
        "pairs": len(scored),
        "cut": cut,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
        "bias": round(w.threshold - w.type - w.date, 3),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
