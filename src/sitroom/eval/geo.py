"""The `geo` evaluation task: toponym recognition (exact spans) and resolution (distance of the
chosen point to the gold point, accuracy within 161 km = 100 miles)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from ..records import Article
from .common import by_id, offset_map, overlaps, prf

ACC_KM = 161.0


def predict(records: list[dict[str, Any]], *, pipeline: Any) -> Iterator[dict[str, Any]]:
    """One prediction per record, reading only `id` and `text`; offsets refer to the raw text."""
    articles = [Article.from_text(str(r.get("text") or "")) for r in records]
    for record, analysis in zip(records, pipeline.analyze_many(articles), strict=True):
        raw = str(record.get("text") or "")
        to_raw = offset_map(raw, analysis.article.text)
        toponyms = []
        for place in analysis.places:
            t = place.toponym
            start, end = to_raw(t.start), to_raw(t.end - 1) + 1
            c = place.chosen
            toponyms.append(
                {
                    "start": start,
                    "end": end,
                    "text": raw[start:end],
                    "lat": c.lat if c is not None else None,
                    "lon": c.lon if c is not None else None,
                    "geonameid": c.geonameid if c is not None and (c.geonameid or 0) > 0 else None,
                }
            )
        yield {"id": record["id"], "toponyms": toponyms}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _best_overlap(gold: dict[str, Any], predicted: list[dict[str, Any]]) -> dict[str, Any] | None:
    best, best_len = None, 0
    for p in predicted:
        if overlaps(gold["start"], gold["end"], p["start"], p["end"]):
            size = min(gold["end"], p["end"]) - max(gold["start"], p["start"])
            if size > best_len:
                best, best_len = p, size
    return best


def score(gold: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> dict[str, float]:
    """recognition_p/r/f1 (exact span), acc161 over all gold toponyms with coordinates,
    acc161_matched over those with an overlapping prediction, mean_error_km over matched pairs."""
    preds = by_id(predictions)
    tp = n_pred = n_gold = 0
    with_coords = matched = correct = 0
    errors: list[float] = []
    for doc in gold:
        predicted = list((preds.get(str(doc["id"])) or {}).get("toponyms") or [])
        gold_spans = {(t["start"], t["end"]) for t in doc.get("toponyms") or []}
        pred_spans = {(p["start"], p["end"]) for p in predicted}
        tp += len(gold_spans & pred_spans)
        n_pred += len(pred_spans)
        n_gold += len(gold_spans)
        for t in doc.get("toponyms") or []:
            if t.get("lat") is None or t.get("lon") is None:
                continue
            with_coords += 1
            p = _best_overlap(t, predicted)
            if p is None:
                continue
            matched += 1
            if p.get("lat") is None or p.get("lon") is None:
                continue
            km = haversine_km(t["lat"], t["lon"], p["lat"], p["lon"])
            errors.append(km)
            correct += km <= ACC_KM
    p_, r_, f_ = prf(tp, n_pred, n_gold)
    return {
        "recognition_p": p_,
        "recognition_r": r_,
        "recognition_f1": f_,
        "acc161": correct / with_coords if with_coords else 0.0,
        "acc161_matched": correct / matched if matched else 0.0,
        "mean_error_km": sum(errors) / len(errors) if errors else 0.0,
    }
