"""The `time` evaluation task (TempEval-3 style): TIMEX3 spans, types and normalized values.

strict = exact span, relaxed = overlap (one-to-one), value = overlap and equal value, type over matches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ..records import Article
from .common import by_id, offset_map, prf


def _dct(record: dict[str, Any]) -> dt.date | None:
    raw = str(record.get("dct") or "")[:10]
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def predict(records: list[dict[str, Any]], *, pipeline: Any) -> Iterator[dict[str, Any]]:
    """One prediction per record, reading only `id`, `text` and `dct`; offsets refer to the raw text."""
    articles = [Article.from_text(str(r.get("text") or ""), published=_dct(r)) for r in records]
    for record, analysis in zip(records, pipeline.analyze_many(articles), strict=True):
        raw = str(record.get("text") or "")
        to_raw = offset_map(raw, analysis.article.text)
        timexes = []
        for t in analysis.times:
            start, end = to_raw(t.start), to_raw(t.end - 1) + 1
            timexes.append(
                {
                    "start": start,
                    "end": end,
                    "text": raw[start:end],
                    "type": t.type,
                    "value": t.value,
                }
            )
        yield {"id": record["id"], "timexes": timexes}


def _pairs(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[dict, dict]]:
    """One-to-one overlap matching: each gold timex takes the free prediction overlapping it most."""
    used: set[int] = set()
    pairs = []
    for g in sorted(gold, key=lambda t: (t["start"], t["end"])):
        best, best_size = -1, 0
        for i, p in enumerate(pred):
            if i in used:
                continue
            size = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if size > best_size:
                best, best_size = i, size
        if best >= 0:
            used.add(best)
            pairs.append((g, pred[best]))
    return pairs


def score(gold: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> dict[str, float]:
    """strict_p/r/f1, relaxed_p/r/f1, value_p/r/f1 and type_accuracy, summed over documents."""
    preds = by_id(predictions)
    n_gold = n_pred = strict = relaxed = value = typed = 0
    for doc in gold:
        gold_t = list(doc.get("timexes") or [])
        pred_t = list((preds.get(str(doc["id"])) or {}).get("timexes") or [])
        n_gold += len(gold_t)
        n_pred += len(pred_t)
        spans = {(p["start"], p["end"]) for p in pred_t}
        strict += sum(1 for g in gold_t if (g["start"], g["end"]) in spans)
        pairs = _pairs(gold_t, pred_t)
        relaxed += len(pairs)
        value += sum(1 for g, p in pairs if _same_value(g.get("value"), p.get("value")))
        typed += sum(1 for g, p in pairs if g.get("type") == p.get("type"))
    metrics: dict[str, float] = {}
    for name, tp in (("strict", strict), ("relaxed", relaxed), ("value", value)):
        p, r, f = prf(tp, n_pred, n_gold)
        metrics.update({f"{name}_p": p, f"{name}_r": r, f"{name}_f1": f})
    metrics["type_accuracy"] = typed / relaxed if relaxed else 0.0
    metrics["gold_timexes"] = n_gold
    metrics["predicted_timexes"] = n_pred
    return metrics


def _same_value(gold: Any, pred: Any) -> bool:
    if gold is None or pred is None:
        return False
    return str(gold).strip().upper() == str(pred).strip().upper()


def baseline(gold: list[dict[str, Any]]) -> dict[str, float]:
    """dateparser's `search_dates` on the same documents, relative to each DCT, scored by `score`:
    every find is typed DATE and valued by its ISO calendar day."""
    return score(gold, [_dateparser_doc(r) for r in gold])


def _dateparser_doc(record: dict[str, Any]) -> dict[str, Any]:
    from dateparser.search import search_dates

    text = str(record.get("text") or "")
    dct = _dct(record)
    settings: dict[str, Any] = {"RETURN_AS_TIMEZONE_AWARE": False}
    if dct is not None:
        settings["RELATIVE_BASE"] = dt.datetime(dct.year, dct.month, dct.day)
    try:
        found = search_dates(text, languages=["en"], settings=settings) or []
    except Exception:  # noqa: BLE001 - the reference system's own failures count as no output
        found = []
    timexes, cursor = [], 0
    for phrase, when in found:
        start = text.find(phrase, cursor)
        if start < 0:
            start = text.find(phrase)
            if start < 0:
                continue
        end = start + len(phrase)
        cursor = end
        timexes.append(
            {
                "start": start,
                "end": end,
                "text": phrase,
                "type": "DATE",
                "value": when.date().isoformat(),
            }
        )
    return {"id": record["id"], "timexes": timexes}
