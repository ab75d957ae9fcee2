"""Offline maintainer tool: fit the ranking weights of `geo_weights.yaml` on geo dev files
(a conditional logit over each mention's candidates plus NULL) and the confidence temperature."""

# Procedure (`python -m sitroom.geo.fit ../shared/eval/geo/geowebnews.dev.jsonl
# ../shared/eval/geo/lgl.dev.jsonl [--write]`):
# 1. parse every document once and recognize its toponyms as the pipeline does;
# 2. keep the recognized mentions that overlap a gold toponym with a point and have at least one
#    candidate within 161 km of it (the right candidates);
# 3. rank with the current weights (both passes, so the context features are set), then fit the
#    candidate weights by maximum likelihood of the right candidates (softmax over candidates + NULL,
#    the NULL weights held fixed), with an L2 pull of strength `--l2` towards the current values;
#    repeat `--rounds` times, because the context features depend on the first-pass picks;
# 4. fit the softmax temperature of the final confidence (chosen candidate after one-sense-per-
#    discourse, NULL = 0) by grid search for the lowest log-loss of "the pick is within 161 km".
# `--holdout` fits on each file alone and scores on the others (the figure to trust).

from __future__ import annotations

import argparse
import json
import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..data import load_table
from .ranking import Ranker, RankerConfig

NULL_FEATURES = ("null_base", "null_weak_label")
ACC_KM = 161.0


@dataclass(slots=True)
class Doc:
    """One parsed gold document: its recognized mentions and the gold point each one overlaps."""

    mentions: list[Any]
    demonyms: list[str]
    text: str
    gold: list[tuple[float, float] | None]


@dataclass(slots=True)
class Example:
    """One mention: feature rows (candidates, then NULL last) and which rows are right."""

    rows: np.ndarray
    right: np.ndarray


def load_docs(paths: list[Path], *, limit: int | None = None) -> list[Doc]:
    """Parse and recognize (spaCy is the slow part: about 25 s for both dev files)."""
    from ..eval.common import offset_map, read_jsonl
    from ..pipeline import Pipeline
    from ..records import Article
    from .recognize import Recognizer

    pipe = Pipeline(stages=["nlp"])
    recognizer = Recognizer(pipe.resources.gazetteer)
    docs: list[Doc] = []
    for path in paths:
        records = read_jsonl(path, limit=limit)
        articles = [Article.from_text(str(r.get("text") or "")) for r in records]
        for record, analysis in zip(records, pipe.analyze_many(articles), strict=True):
            mentions, demonyms = recognizer(analysis.doc)
            to_raw = offset_map(str(record["text"]), analysis.article.text)
            golds = [t for t in record.get("toponyms") or [] if t.get("lat") is not None]
            points = []
            for m in mentions:
                start, end = to_raw(m.toponym.start), to_raw(m.toponym.end - 1) + 1
                hit = max(
                    (g for g in golds if g["start"] < end and start < g["end"]),
                    key=lambda g: min(end, g["end"]) - max(start, g["start"]),
                    default=None,
                )
                points.append(None if hit is None else (float(hit["lat"]), float(hit["lon"])))
            docs.append(Doc(mentions, demonyms, analysis.article.text, points))
    return docs


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from ..eval.geo import haversine_km

    return haversine_km(lat1, lon1, lat2, lon2)


def _right(c: Any, point: tuple[float, float]) -> bool:
    return c.lat is not None and _km(point[0], point[1], c.lat, c.lon) <= ACC_KM


def examples(ranker: Ranker, docs: list[Doc], names: list[str]) -> list[Example]:
    """Feature rows of every gold-matched mention under the ranker's current weights."""
    col = {n: i for i, n in enumerate(names)}
    out = []
    for doc in docs:
        slots = ranker.rank_slots(doc.mentions, doc.demonyms, doc.text)
        for slot, point in zip(slots, doc.gold, strict=True):
            if point is None:
                continue
            rows = np.zeros((len(slot.candidates) + 1, len(names)))
            right = np.zeros(len(slot.candidates) + 1, dtype=bool)
            for i, c in enumerate(slot.candidates):
                for name, value in c.features.items():
                    if name in col:
                        rows[i, col[name]] = value
                right[i] = _right(c, point)
            rows[-1, col["null_base"]] = 1.0
            rows[-1, col["null_weak_label"]] = 1.0 if slot.weak else 0.0
            if right[:-1].any():  # no right candidate: nothing to learn about the ranking
                out.append(Example(rows, right))
    return out


def fit_weights(
    data: list[Example], start: np.ndarray, *, l2: float, free: np.ndarray, steps: int = 600
) -> np.ndarray:
    """Maximum likelihood of the right rows (Adam on padded arrays), pulled towards `start`;
    only the weights where `free` is true move."""
    width = max(len(e.right) for e in data)
    x = np.zeros((len(data), width, len(start)))
    mask = np.zeros((len(data), width), dtype=bool)
    right = np.zeros((len(data), width), dtype=bool)
    for i, e in enumerate(data):
        x[i, : len(e.right)] = e.rows
        mask[i, : len(e.right)] = True
        right[i, : len(e.right)] = e.right
    w, m, v = start.copy(), np.zeros_like(start), np.zeros_like(start)
    for t in range(1, steps + 1):
        z = np.where(mask, x @ w, -np.inf)
        p_all = _softmax(z)
        p_right = _softmax(np.where(right, z, -np.inf))
        grad = np.einsum("nk,nkf->f", p_all - p_right, x) / len(data)
        grad = (grad + 2 * l2 * (w - start)) * free
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def _softmax(z: np.ndarray) -> np.ndarray:
    top = np.max(z, axis=1, keepdims=True)
    e = np.exp(z - np.where(np.isfinite(top), top, 0.0))
    return e / np.maximum(e.sum(axis=1, keepdims=True), 1e-300)


def log_loss(data: list[Example], w: np.ndarray) -> float:
    total = 0.0
    for e in data:
        z = e.rows @ w
        top = z.max()
        total += math.log(np.exp(z - top).sum()) - math.log(np.exp(z[e.right] - top).sum())
    return total / max(len(data), 1)


def outcomes(ranker: Ranker, docs: list[Doc]) -> list[tuple[float, bool]]:
    """(confidence, right) of every gold-matched mention as the pipeline resolves it."""
    pairs = []
    for doc in docs:
        places, _ = ranker.resolve(doc.mentions, doc.demonyms, doc.text)
        for place, point in zip(places, doc.gold, strict=True):
            if point is None:
                continue
            c = place.chosen
            pairs.append((place.confidence if c else 0.0, bool(c and _right(c, point))))
    return pairs


def fit_temperature(make: Any, docs: list[Doc]) -> tuple[float, list[tuple[float, bool]]]:
    """The temperature with the lowest log-loss of (confidence, right), and its pairs."""
    best: tuple[float, float, list[tuple[float, bool]]] | None = None
    for t in [round(0.3 + 0.1 * i, 2) for i in range(28)]:
        pairs = outcomes(make(t), docs)
        loss = -sum(math.log(min(max(p if ok else 1 - p, 1e-6), 1.0)) for p, ok in pairs) / max(
            len(pairs), 1
        )
        if best is None or loss < best[0]:
            best = (loss, t, pairs)
    assert best is not None
    return best[1], best[2]


def _ranker(table: dict[str, Any], weights: dict[str, float], temperature: float) -> Ranker:
    from .build import load_countries
    from .gazetteer import open_gazetteer

    ranking = dict(table["ranking"])
    ranking["weights"] = {k: v for k, v in weights.items() if k not in NULL_FEATURES}
    ranking["null_base"] = weights["null_base"]
    ranking["null_weak_label"] = weights["null_weak_label"]
    ranking["temperature"] = temperature
    config = RankerConfig.from_table({"ranking": ranking})
    neighbours = {iso: row["neighbours"] for iso, row in load_countries().items()}
    return Ranker(open_gazetteer(None), config=config, neighbours=neighbours)


def fit(docs: list[Doc], *, l2: float, rounds: int) -> tuple[dict[str, float], float, Any]:
    """Fitted weights (null_base/null_weak_label included), temperature, and the final pairs."""
    table = load_table("geo_weights")
    names = [*table["ranking"]["weights"], *NULL_FEATURES]
    current = {k: float(v) for k, v in table["ranking"]["weights"].items()}
    current["null_base"] = float(table["ranking"]["null_base"])
    current["null_weak_label"] = float(table["ranking"]["null_weak_label"])
    prior = np.array([current[n] for n in names])
    # The NULL weights stay as set by hand: the fit only sees mentions with a right candidate.
    free = np.array([n not in NULL_FEATURES for n in names])
    w = prior
    for _ in range(rounds):
        data = examples(_ranker(table, dict(zip(names, w, strict=True)), 1.0), docs, names)
        w = fit_weights(data, prior, l2=l2, free=free)
    weights = {n: round(float(x), 2) for n, x in zip(names, w, strict=True)}
    temperature, pairs = fit_temperature(lambda t: _ranker(table, weights, t), docs)
    return weights, temperature, pairs


def write_weights(weights: dict[str, float], temperature: float) -> Path:
    """Rewrite the numbers in geo_weights.yaml in place (comments and order are kept)."""
    path = Path(str(resources.files("sitroom.data").joinpath("geo_weights.yaml")))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    values = {**weights, "temperature": temperature}
    for i, line in enumerate(lines):
        hit = re.match(r"^(\s+)([a-z_0-9]+):(\s*)(-?[0-9.]+)(.*)$", line, flags=re.S)
        if hit and hit.group(2) in values:
            ind, name, sp, _, rest = hit.groups()
            lines[i] = f"{ind}{name}:{sp}{values[name]:g}{rest}"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    from .calibration import reliability_table

    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--l2", type=float, default=0.02)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--holdout", action="store_true")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    docs = {p: load_docs([p], limit=args.limit) for p in args.files}
    report: dict[str, Any] = {}
    if args.holdout and len(docs) > 1:
        table = load_table("geo_weights")
        for train in args.files:
            weights, t, _ = fit(docs[train], l2=args.l2, rounds=args.rounds)
            for test in (p for p in args.files if p != train):
                pairs = outcomes(_ranker(table, weights, t), docs[test])
                report[f"fit {train.name} → {test.name} acc161_matched"] = round(
                    sum(ok for _, ok in pairs) / max(len(pairs), 1), 4
                )
    every = [d for p in args.files for d in docs[p]]
    weights, temperature, pairs = fit(every, l2=args.l2, rounds=args.rounds)
    report["acc161_matched (all files, fitted)"] = round(
        sum(ok for _, ok in pairs) / max(len(pairs), 1), 4
    )
    report["weights"] = weights
    report["temperature"] = temperature
    report["reliability"] = reliability_table(pairs)
    if args.write:
        report["written"] = str(write_weights(weights, temperature))
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
