"""FA-KES pairing benchmark: do articles about the same incident end up in one fused event?

Gold pair: same governorate, dates within 2 days, same cause of death. Predicted: a shared fused event.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..records import Article

FAKES_DEV = Path("/work/shared/eval/articles/fakes.dev.jsonl")
GOLD_DAYS = 2  # the "dates within 2 days"


def _day(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def gold_pairs(rows: list[dict[str, Any]]) -> set[tuple[int, int]]:
    """Row index pairs (i < j) reporting the same incident by FA-KES's own labels."""
    pairs: set[tuple[int, int]] = set()
    for i, j in itertools.combinations(range(len(rows)), 2):
        a, b = rows[i], rows[j]
        da, db = _day(a.get("date")), _day(b.get("date"))
        cause_a = (a.get("event") or {}).get("cause_of_death")
        cause_b = (b.get("event") or {}).get("cause_of_death")
        if (
            da is not None
            and db is not None
            and abs((da - db).days) <= GOLD_DAYS
            and a.get("location")
            and str(a.get("location")).lower() == str(b.get("location")).lower()
            and cause_a
            and cause_a == cause_b
        ):
            pairs.add((i, j))
    return pairs


def predicted_pairs(store: Any, article_ids: list[str]) -> set[tuple[int, int]]:
    """Row pairs whose articles share a fused event (or one is a near-duplicate copy of the other)."""
    from .service import _read

    groups: dict[str, set[str]] = {}
    for fused_id, article_id in _read(store, "SELECT fused_id, article_id FROM fusion_members"):
        groups.setdefault(article_id, set()).add(fused_id)
    for article_id, original in _read(
        store, "SELECT article_id, original_id FROM fusion_articles WHERE original_id IS NOT NULL"
    ):
        groups.setdefault(article_id, set()).add("copy:" + original)
        groups.setdefault(original, set()).add("copy:" + original)
    pairs: set[tuple[int, int]] = set()
    for i, j in itertools.combinations(range(len(article_ids)), 2):
        a, b = article_ids[i], article_ids[j]
        if a == b or groups.get(a, set()) & groups.get(b, set()):
            pairs.add((i, j))
    return pairs


def fakes_pairing(
    corpus: Path = FAKES_DEV, *, limit: int | None = None, quiet: bool = False
) -> dict[str, Any]:
    """Ingest the corpus with the full pipeline into a temporary store, fuse, score the pairing."""
    from ..pipeline import Pipeline, pipeline_version
    from ..store import open_store
    from .service import fuse

    with open(corpus, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    rows = rows[:limit] if limit is not None else rows
    articles = [
        Article.from_text(
            r["text"], title=r.get("title"), outlet=r.get("outlet"), published=_day(r.get("date"))
        )
        for r in rows
    ]
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "fakes.db")) as store:
        version = pipeline_version()
        for analysis in Pipeline().analyze_many(articles):
            store.save(analysis, pipeline_version=version)
        summary = fuse(store)
        predicted = predicted_pairs(store, [a.id for a in articles])
    gold = gold_pairs(rows)
    hit = len(gold & predicted)
    precision = hit / len(predicted) if predicted else 0.0
    recall = hit / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {
        "articles": len(rows),
        "fused_events": summary.fused_events,
        "gold_pairs": len(gold),
        "predicted_pairs": len(predicted),
        "correct_pairs": hit,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }
    if not quiet:
        print(
            f"FA-KES pairing: P={precision:.3f} R={recall:.3f} F1={f1:.3f} "
            f"({hit}/{len(predicted)} predicted, {len(gold)} gold pairs)",
            file=sys.stderr,
        )
    return result


if __name__ == "__main__":  # python -m sitroom.fusion.fakes [limit]
    print(json.dumps(fakes_pairing(limit=int(sys.argv[1]) if len(sys.argv) > 1 else None)))
